"""Small plane-geometry tests in pure Python, for the loader's checks of a valid file.

Each test answers only when it is certain and otherwise says ``None``, so that the loader asks
shapely (exact, with its reasons) only about doubtful shapes; a site whose rooms, floors and
outlets are plainly in order is checked without importing shapely and numpy at all.
A point or ring "within ``tol``" of a polygon lies in the polygon grown by ``tol``
(shapely's ``buffer(tol)``).
"""
from __future__ import annotations

# Rings with more corners than this are left to shapely (the simplicity test is quadratic).
MAX_CORNERS = 64


def _ring(points) -> list[tuple[float, float]]:
    """The corners without a repeated closing point or repeated consecutive points."""
    out: list[tuple[float, float]] = []
    for p in points:
        q = (float(p[0]), float(p[1]))
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _segments_touch(p1, p2, q1, q2) -> bool:
    """Whether two closed segments share a point (touching or collinear overlap counts)."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True

    def on(a, b, c, d):  # c collinear with a-b and within its box
        return d == 0 and min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    return on(q1, q2, p1, d1) or on(q1, q2, p2, d2) or on(p1, p2, q1, d3) or on(p1, p2, q2, d4)


def is_simple(points) -> bool | None:
    """True for a simple polygon (no edge meets another but its neighbours at their shared corner),
    which shapely calls valid; None when not plainly so (let shapely judge and say why)."""
    ring = _ring(points)
    n = len(ring)
    if n < 3 or n > MAX_CORNERS:
        return None
    area = sum(ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1] for i in range(n))
    if area == 0:
        return None
    edges = [(ring[i], ring[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        a1, a2 = edges[i]
        for j in range(i + 1, n):
            b1, b2 = edges[j]
            if j == i + 1 or (i == 0 and j == n - 1):  # neighbours: they may only share the corner
                shared = a2 if j == i + 1 else a1
                other_a = a1 if j == i + 1 else a2
                other_b = b2 if j == i + 1 else b1
                if _orient(other_a, shared, other_b) == 0 and _dot(other_a, shared, other_b) > 0:
                    return None  # the ring doubles back on itself
                continue
            if _segments_touch(a1, a2, b1, b2):
                return None
    return True


def _dot(a, o, b) -> float:
    """Dot product of (a - o) and (b - o): positive when a and b lie on the same side of o."""
    return (a[0] - o[0]) * (b[0] - o[0]) + (a[1] - o[1]) * (b[1] - o[1])


def _inside(pt, ring) -> bool:
    """Even-odd test: whether ``pt`` lies in the ring's interior (a point on the boundary: either answer)."""
    x, y = pt
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _distance2(pt, a, b) -> float:
    """Squared distance from ``pt`` to the segment a-b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = pt[0] - ax, pt[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length2))
    ex, ey = px - t * dx, py - t * dy
    return ex * ex + ey * ey


def _near_boundary(pt, ring, tol2: float) -> bool:
    n = len(ring)
    return any(_distance2(pt, ring[i], ring[(i + 1) % n]) <= tol2 for i in range(n))


class Polygon:
    """A simple polygon prepared for point tests (build it only when :func:`is_simple` said True)."""

    __slots__ = ("ring", "box", "rectangle")

    def __init__(self, points):
        self.ring = _ring(points)
        xs = [p[0] for p in self.ring]
        ys = [p[1] for p in self.ring]
        self.box = (min(xs), min(ys), max(xs), max(ys))
        # an axis-parallel rectangle (most rooms) is its own box: a point in the box is in the polygon
        self.rectangle = len(self.ring) == 4 and all(
            (a[0] == b[0]) != (a[1] == b[1]) for a, b in zip(self.ring, self.ring[1:] + self.ring[:1]))

    def covers(self, pt, tol: float) -> bool | None:
        """True when ``pt`` lies in the polygon grown by ``tol``; None when it does not plainly do so."""
        x0, y0, x1, y1 = self.box
        if x0 - tol <= pt[0] <= x1 + tol and y0 - tol <= pt[1] <= y1 + tol:
            if (self.rectangle and x0 <= pt[0] <= x1 and y0 <= pt[1] <= y1) or _inside(pt, self.ring) \
                    or _near_boundary(pt, self.ring, tol * tol * 0.999):
                return True
        return None

    def covers_ring(self, points, tol: float) -> bool | None:
        """True when the simple polygon ``points`` lies in this one grown by ``tol``; None when doubtful.

        A region without holes holds a polygon when it holds the polygon's boundary. Each edge is cut
        where it meets this polygon's edges; between cuts a piece is wholly inside or wholly outside,
        so the middle of each piece decides (a piece along an edge of this polygon counts as inside).
        """
        ring = _ring(points)
        own = self.ring
        m = len(own)
        for k in range(len(ring)):
            a, b = ring[k], ring[(k + 1) % len(ring)]
            if self.covers(a, tol) is None:
                return None
            cuts = [0.0, 1.0]
            for i in range(m):
                t = _cut(a, b, own[i], own[(i + 1) % m])
                if t is None:
                    return None
                cuts.extend(t)
            cuts.sort()
            for t0, t1 in zip(cuts, cuts[1:]):
                if t1 - t0 <= 1e-12:
                    continue
                t = (t0 + t1) / 2
                mid = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                if not (_inside(mid, own) or _near_boundary(mid, own, 1e-18)):
                    return None
        return True


def _cut(a, b, c, d) -> list[float] | None:
    """Where along a-b (0..1) it meets the segment c-d: [], [t], the two ends of an overlap; None if unsure."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    denom = rx * sy - ry * sx
    qx, qy = c[0] - a[0], c[1] - a[1]
    if denom == 0:
        if qx * ry - qy * rx != 0:  # parallel, apart
            return []
        length2 = rx * rx + ry * ry
        if length2 == 0:
            return None
        t0 = (qx * rx + qy * ry) / length2
        t1 = ((d[0] - a[0]) * rx + (d[1] - a[1]) * ry) / length2
        return [min(max(t, 0.0), 1.0) for t in (t0, t1)]
    t = (qx * sy - qy * sx) / denom
    u = (qx * ry - qy * rx) / denom
    if -1e-12 <= t <= 1 + 1e-12 and -1e-12 <= u <= 1 + 1e-12:
        return [min(max(t, 0.0), 1.0)]
    return []
