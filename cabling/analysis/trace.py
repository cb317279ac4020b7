"""End-to-end trace of a port, following NetBox's cable-path rules.

:func:`from_origin` is NetBox's ``CablePath.from_origin``: starting at one or
more ports of one device, it records the near port(s), the cable(s), the far
port(s), then through a passive device the port(s) on its other side, and so
on. Multi-position rear ports (MPO trunks, splice trays) are resolved with a
stack of positions pushed when entering a rear port through a front port and
popped when leaving one; a rear port reached with no position known splits the
path. A path is *complete* when it ends on an endpoint (interface, console or
power port), *active* when every cable on it is installed.

:func:`trace` goes beyond NetBox: it starts at any port. From a pass-through
port (a panel port or an outlet jack) it returns two paths, one along the
port's own cable and one through its device, so the whole link is seen.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import polarity
from ..gcpause import gc_paused
from ..choices import ACTIVE_CABLE_STATUS
from ..model import Cable, CircuitTermination, Inventory, Port

PORTS, CABLES, ENDS_AT = "ports", "cables", "ends_at"


@dataclass(slots=True)
class Step:
    kind: str  # "ports" (ports or circuit terminations), "cables" or "ends_at" (a place name)
    items: tuple


class Path:
    """One traced path: its origin, its steps and what the trace found (complete, active, split, a loop).

    A trace records each step as the tuple of its items (ports, circuit terminations, cables, or the
    name of the place a circuit ends at): :attr:`steps` makes the :class:`Step` records the first time
    it is read, so that the many paths an analysis only asks for their cables, destination or length
    never have them made. A step's kind follows from its items (cables; a place name; otherwise ports).
    """

    __slots__ = ("origin", "complete", "active", "split", "direction", "loop", "loop_at", "loop_cable", "position",
                 "_raw", "_steps", "_cables")

    def __init__(self, origin: tuple, steps: list[Step] | None = None, complete: bool = False, active: bool = True,
                 split: bool = False, direction: str = "cable", loop: bool = False, loop_at: tuple = (),
                 loop_cable: Cable | None = None, position: int | None = None):
        self.origin = origin
        if steps is None:
            self._raw = []  # the items of each step, while no one has asked for the steps
            self._steps = None
        else:
            self._raw = None
            self._steps = steps
        self.complete = complete
        self.active = active
        self.split = split
        self.direction = direction  # "cable": along the origin's cable; "device": through its device
        # A cabling loop: the path came back to ports it had left, and would repeat forever.
        # ``loop_at`` are those ports (the last step), ``loop_cable`` the cable it came back over.
        self.loop = loop
        self.loop_at = loop_at
        self.loop_cable = loop_cable
        self.position = position  # a path of one position of a multi-position rear port (one fibre of a trunk)
        # (number of steps, their cables): kept, since the rules of a fault scan ask a path for its cables often
        self._cables = None

    @property
    def steps(self) -> list[Step]:
        steps = self._steps
        if steps is None:
            steps = self._steps = []
            append = steps.append
            for items in self._raw:  # _kind(items), inline: a scan reads the steps of every channel
                if items.__class__ is Cable:
                    append(Step(CABLES, (items,)))
                elif items:
                    cls = items[0].__class__
                    append(Step(CABLES if cls is Cable else ENDS_AT if cls is str else PORTS, items))
                else:
                    append(Step(PORTS, items))
            self._raw = None
        return steps

    @steps.setter
    def steps(self, value: list[Step]) -> None:
        self._steps, self._raw = value, None

    def _items(self) -> list:
        """The steps' items, as the trace records them: a tuple per step, or the cable itself for a step of
        one cable (a path whose steps were read goes back to them)."""
        raw = self._raw
        if raw is None:
            raw = self._raw = [s.items for s in self._steps]
            self._steps = None
        return raw

    def pairs(self) -> list[tuple[str, tuple]]:
        """(kind, items) of each step: what :attr:`steps` says, without making its :class:`Step` records
        (for an analysis that reads the steps of many paths once)."""
        if self._raw is not None:
            return [(CABLES, (items,)) if items.__class__ is Cable else (_kind(items), items) for items in self._raw]
        return [(s.kind, s.items) for s in self._steps]

    def kinds(self) -> list[str]:
        """The kind of each step (``[s.kind for s in path.steps]``), without making the Step records."""
        raw = self._raw
        if raw is None:
            return [s.kind for s in self._steps]
        out = []
        append = out.append
        for items in raw:  # _kind(items), inline: a scan asks every channel
            if items.__class__ is Cable:
                append(CABLES)
            elif items:
                cls = items[0].__class__
                append(CABLES if cls is Cable else ENDS_AT if cls is str else PORTS)
            else:
                append(PORTS)
        return out

    def _cable_steps(self) -> list:
        """The cable steps: each a cable (a step of one) or a tuple of cables."""
        raw = self._raw
        if raw is not None:
            return [items for items in raw if items.__class__ is Cable or (items and items[0].__class__ is Cable)]
        return [s.items[0] if len(s.items) == 1 else s.items for s in self._steps if s.kind == CABLES]

    @property
    def cables(self) -> list[Cable]:
        raw = self._raw
        n = len(raw) if raw is not None else len(self._steps)
        kept = self._cables
        if kept is None or kept[0] != n:
            if raw is not None:
                found = []
                for items in raw:
                    if items.__class__ is Cable:
                        found.append(items)
                    elif items and items[0].__class__ is Cable:
                        found += items
            else:
                found = [c for s in self._steps if s.kind == CABLES for c in s.items]
            kept = self._cables = (n, found)
        return list(kept[1])  # a list of its own: the caller may change it

    @property
    def length_m(self) -> float | None:
        """Sum over the cable steps of the longest known cable in each step.

        Parallel cables in one step (a duplex pair run as two cables) lie side by
        side, so a step counts once, as NetBox does since its PR #19356.
        """
        total, known = 0.0, False
        for items in self._cable_steps():
            if items.__class__ is Cable:  # the usual step: one cable
                length = items.length
                if length is not None:
                    total += length
                    known = True
                continue
            lengths = [c.length for c in items if c.length is not None]
            if lengths:
                total += max(lengths)
                known = True
        return round(total, 3) if known else None

    @property
    def length_definitive(self) -> bool:
        return all(c.length is not None for c in self.cables)

    @property
    def destination(self) -> tuple[Port, ...]:
        """The ports where the path ends (its last port step)."""
        raw = self._raw
        if raw is None:
            for s in reversed(self._steps):
                if s.kind == PORTS:
                    return s.items
            return ()
        for items in reversed(raw):
            if items.__class__ is Cable:
                continue
            if not items:
                return items
            cls = items[0].__class__
            if cls is not Cable and cls is not str:
                return items
        return ()

    def to_json(self, inventory: Inventory) -> dict:
        return {
            **({"position": self.position} if self.position is not None else {}),
            "complete": self.complete,
            "active": self.active,
            "split": self.split,
            "loop": self.loop,
            **({"loop_at": {"ports": [inventory.ref(p) for p in self.loop_at],
                            "cable": self.loop_cable.id if self.loop_cable is not None else None}}
               if self.loop else {}),
            "length_m": self.length_m,
            "length_definitive": self.length_definitive,
            "steps": [_step_json(kind, items, inventory) for kind, items in self.pairs()],
        }

    def _key(self) -> tuple:
        return (self.origin, self.pairs(), self.complete, self.active, self.split, self.direction, self.loop,
                self.loop_at, self.loop_cable, self.position)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # as a dataclass with eq: a path is a value that changes while it is traced

    def __repr__(self) -> str:
        return (f"Path(origin={self.origin!r}, steps={self.steps!r}, complete={self.complete!r}, "
                f"active={self.active!r}, split={self.split!r}, direction={self.direction!r}, loop={self.loop!r}, "
                f"loop_at={self.loop_at!r}, loop_cable={self.loop_cable!r}, position={self.position!r})")


def _kind(items) -> str:
    """The kind of a step from its items: cables, the name of a place (a circuit's end), or ports."""
    if items.__class__ is Cable:  # a step of one cable, recorded as the cable itself
        return CABLES
    if items:
        cls = items[0].__class__
        if cls is Cable:
            return CABLES
        if cls is str:
            return ENDS_AT
    return PORTS


def end_interface(path: Path) -> Port | None:
    """The one interface a complete, unsplit path ends on; None otherwise."""
    if not path.complete or path.split:
        return None
    dest = path.destination
    if len(dest) == 1 and dest[0].__class__ is Port and dest[0].template.kind == "interface":
        return dest[0]
    return None


def _step_json(kind: str, items: tuple, inventory: Inventory) -> dict:
    if kind == CABLES:
        return {CABLES: [c.id for c in items]}
    if kind == ENDS_AT:
        return {ENDS_AT: items[0]}
    if items and items[0].__class__ is CircuitTermination:
        return {"circuit_terminations": [t.name for t in items]}
    return {PORTS: [inventory.ref(p) for p in items]}


def _unique(items):
    seen = set()
    out = []
    for x in items:
        if id(x) not in seen:
            seen.add(id(x))
            out.append(x)
    return out


#: Rounds (cable, then device) a trace makes before it starts guarding against loops. Real paths have
#: a handful (jack, outlet, horizontal, panel, cord, switch: 3); a loop goes round forever. Below this
#: a trace pays nothing for the guard; a path that gets here is traced again from its start with the
#: guard on, so a loop is found and reported exactly as if it had been guarded all along.
UNGUARDED_ROUNDS = 48


def from_origin(terminations, _path: Path | None = None, _stack: list | None = None, _guard: bool = False) -> Path:
    """Trace from ports of one device along their cable(s), as NetBox does."""
    terminations = list(terminations)
    path = Path(tuple(terminations)) if _path is None else _path
    steps = path._raw  # each step's items (Path.steps makes the Step records when asked)
    if steps is None:
        steps = path._items()
    stack = _stack if _stack is not None else []
    append = steps.append
    if _guard:
        seen: dict = {}  # the ports each round started from -> (round, stack) of earlier rounds
        depths: list[int] = []  # stack depth at the start of each round
    else:  # what a guarded trace starts again from (``terminations`` is rebound, never changed)
        start = (terminations, len(steps), [list(x) for x in stack] if stack else [], path.complete, path.active,
                 path.split)
        rounds = 0
        if len(terminations) == 1 and not stack:  # the usual path: a plain chain of ports, as far as it goes
            t, rounds = _plain(terminations[0], path, append)
            if t is None:
                return path
            terminations = [t]  # from here the general rules, from the round the chain stopped before
    while terminations:
        if _guard:
            if _loops(terminations, stack, seen, depths):
                append(tuple(terminations))
                path.loop, path.loop_at = True, _rejoined(steps)
                path.loop_cable = next((items if items.__class__ is Cable else items[0] for items in reversed(steps)
                                        if _kind(items) == CABLES), None)
                break
        else:
            rounds += 1
            if rounds > UNGUARDED_ROUNDS:  # a long path, or a loop: again from the start, guarded
                first, n_steps, old_stack, path.complete, path.active, path.split = start
                del steps[n_steps:]
                path._cables = None
                stack[:] = old_stack
                return from_origin(first, path, stack, _guard=True)
        if len(terminations) == 1:  # fast path: one port, one cable, the usual case
            t = terminations[0]
            append((t,))
            cable = t.cable
            if cable is None:
                break
            append(cable)  # a step of one cable: the cable itself
            if cable.status != ACTIVE_CABLE_STATUS:
                path.active = False
            remote = cable.b if t.end == "A" else cable.a
            if len(remote) > 1 and len({p.template.kind for p in remote}) > 1:
                path.split = True
                break
        else:
            # A rear port fanning out to front ports on different cables, positions unknown
            if stack and len(terminations) != len(stack[-1]) and len({id(t.cable) for t in terminations}) > 1:
                path.split = True
                break
            append(tuple(terminations))
            links = _unique(t.cable for t in terminations if t.cable is not None)
            if not links:
                break
            if any(t.cable is None for t in terminations):
                path.split = True  # asymmetric: some of the ports have no cable
            append(tuple(links))
            for c in links:
                if c.status != ACTIVE_CABLE_STATUS:
                    path.active = False
            remote = _unique(p for t in terminations if t.cable is not None for p in t.cable.far(t.end))
            if len({p.template.kind for p in remote}) > 1:
                path.split = True
                break
        append(tuple(remote))
        if not remote:
            break
        far = remote[0]
        kind = far.template.kind
        if kind == "front":
            if len(remote) == 1:
                # far.rear without building its list: the model's table, by port index
                model = far.device.model
                mapped = (model._tables or model.port_tables())[0][far.index]
                if not mapped:
                    break  # a front port mapped to nothing: the path ends here
                _fpos, ri, rpos = mapped[0]
                rear = far.device.ports[ri]
                if rear.template.positions > 1:
                    stack.append([rpos])
                terminations = [rear]
                continue
            rears = _unique(r for fp in remote for _fpos, r, _rpos in (fp.rear or ()))
            if not rears:
                break
            if any(r.template.positions > 1 for r in rears):
                stack.append([fp.rear[0][2] for fp in remote if fp.rear])
            terminations = rears
        elif kind == "rear":
            if len(remote) == 1 and far.template.positions == 1:  # a plain panel port: _rear_to_fronts' fast path
                model = far.device.model
                mapped = (model._tables or model.port_tables())[1][far.index]
                entry = mapped.get(1) if mapped else None
                terminations = [far.device.ports[entry[0]]] if entry else []
                continue
            if stack and far.template.positions > 1 and terminations[0].template.kind == "rear" \
                    and terminations[0].template.positions > 1:
                _apply_polarity(far, stack)
            fronts = _rear_to_fronts(remote, stack)
            if fronts is None:
                path.split = True
                break
            terminations = fronts
        elif kind == "circuit-termination":
            if len(remote) > 1:
                path.split = True
                break
            peer = remote[0].peer
            if peer is None:
                break
            if peer.ends_at is not None and peer.cable is None:
                # The circuit ends in a provider network (complete) or at a site (incomplete)
                append((peer,))
                append((peer.ends_at[1],))  # a place name: an "ends_at" step
                path.complete = peer.ends_at[0] == "provider-network"
                break
            terminations = [peer]
        else:
            path.complete = True
            break
    return path


def _plain(t, path: Path, append) -> tuple:
    """Follow a path from the one port ``t``, no positions pending, while it is a plain chain: each
    cable with one port at its far end, which is an endpoint, a front port mapped to a rear port of
    one position, or a rear port of one position. These rounds are :func:`from_origin`'s rounds,
    recorded the same way (``append`` adds to the path's steps).

    Returns (None, rounds) when the path ended (``path.complete`` set), or (port, rounds) for the
    port a round of the general rules starts from, before any of that round is recorded: a cable
    that fans out, a multi-position rear port, a circuit, or :data:`UNGUARDED_ROUNDS` rounds made.
    """
    rounds = 0
    while rounds < UNGUARDED_ROUNDS:
        cable = t.cable
        if cable is None:
            append((t,))
            return None, rounds + 1
        remote = cable.b if t.end == "A" else cable.a
        if len(remote) != 1:
            return t, rounds
        far = remote[0]
        template = far.template
        kind = template.kind
        nxt = None
        if kind == "front":
            model = far.device.model
            mapped = (model._tables or model.port_tables())[0][far.index]
            if mapped:
                nxt = far.device.ports[mapped[0][1]]
                if nxt.template.positions > 1:
                    return t, rounds  # a position to push: the general rules
        elif kind == "rear":
            if template.positions != 1:
                return t, rounds
            model = far.device.model
            mapped = (model._tables or model.port_tables())[1][far.index]
            entry = mapped.get(1) if mapped else None
            if entry:
                nxt = far.device.ports[entry[0]]
        elif kind == "circuit-termination":
            return t, rounds
        else:
            path.complete = True
        append((t,))
        append(cable)  # a step of one cable: the cable itself
        if cable.status != ACTIVE_CABLE_STATUS:
            path.active = False
        append(tuple(remote))
        rounds += 1
        if nxt is None:
            return None, rounds
        t = nxt
    return t, rounds


def _rejoined(steps: list) -> tuple:
    """Where a looping path comes back on itself: the first ports after its last cable that it had been at
    before (the steps after them, a repeat, are dropped). A path traced through a panel from its front
    port comes back to that front port over the patch cord, not to the rear port one step later.

    ``steps`` are the items of each step, as :func:`from_origin` records them."""
    kinds = [_kind(items) for items in steps]
    last = max(i for i, k in enumerate(kinds) if k == CABLES) if CABLES in kinds else 0
    before = {frozenset(map(id, items)) for items, k in zip(steps[:last], kinds) if k == PORTS}
    for j in range(last + 1, len(steps)):
        if kinds[j] == PORTS and frozenset(map(id, steps[j])) in before:
            del steps[j + 1:]
            return tuple(steps[j])
    return tuple(steps[-1])


def _loops(terminations, stack, seen: dict, depths: list) -> bool:
    """Record a round of the trace; True when it repeats an earlier round forever.

    A round repeats forever when it starts from the same ports as an earlier
    one with the same positions pending, or with more pending on top of the
    earlier ones and none of those popped in between (the path can only do
    again what it did: a loop through multi-position rear ports that pushes a
    position each time round). The same ports with other positions pending is
    no loop (a fibre looped back on another position of one trunk).
    """
    key = id(terminations[0]) if len(terminations) == 1 else tuple(sorted(map(id, terminations)))
    depth = len(stack)
    snapshot = tuple(map(tuple, stack)) if stack else ()
    earlier = seen.get(key)
    n = len(depths)
    depths.append(depth)
    if earlier is None:
        seen[key] = [(n, snapshot)]
        return False
    for round_, old in earlier:
        if old == snapshot:
            return True
        if len(old) < depth and snapshot[:len(old)] == old and min(depths[round_:]) >= len(old):
            return True
    earlier.append((n, snapshot))
    return False


def _apply_polarity(far_rear: Port, stack: list) -> None:
    """Across a trunk (rear port to rear port, both multi-position): the positions its polarity method gives."""
    cable = far_rear.cable
    method = polarity.method(cable)
    if method in (None, "A"):
        return
    n = far_rear.template.positions
    stack[-1] = [polarity.far_position(method, p, n) for p in stack[-1]]


def _rear_to_fronts(rears: list[Port], stack: list) -> list[Port] | None:
    """The front ports a cable arriving on ``rears`` continues to; None when the path splits."""
    if len(rears) == 1 and rears[0].template.positions == 1:  # fast path: a plain panel port
        entry = (rears[0].fronts or {}).get(1)
        return [entry[0]] if entry else []
    if all(rp.template.positions == 1 for rp in rears):  # NetBox >= 4.1.4 (its PR #17712)
        return [e[0] for rp in rears if (e := (rp.fronts or {}).get(1))]
    if not stack:
        return None
    positions = list(stack.pop())
    if len(rears) > 1:
        out = []
        for rp in rears:  # NetBox pairs the rear ports with the positions taken from the end
            entry = (rp.fronts or {}).get(positions.pop()) if positions else None
            if entry:
                out.append(entry[0])
        return out
    fronts = rears[0].fronts or {}
    return [fronts[pos][0] for pos in sorted(set(positions)) if pos in fronts]


def through_device(port: Port) -> Path:
    """Trace from a pass-through port inward: through its device and on from the other side."""
    origin = (port,)
    path = Path(origin, None, False, True, False, "device")
    path._raw.append(origin)  # the first step: the port itself
    template = port.template
    model = port.device.model
    tables = model._tables or model.port_tables()  # the mappings by port index (Port.rear and .fronts, unbuilt)
    if template.kind == "front":
        mapped = tables[0][port.index]
        if not mapped:
            return path
        ports = port.device.ports
        rears = [ports[mapped[0][1]]] if len(mapped) == 1 else _unique(ports[ri] for _fpos, ri, _rpos in mapped)
        return from_origin(rears, path, [[mapped[0][2]]] if rears[0].template.positions > 1 else [])
    if template.positions == 1:
        entry = (tables[1][port.index] or {}).get(1)
        return from_origin([port.device.ports[entry[0]]], path, []) if entry else path
    # Entering a multi-position rear port from its own side: every position leads elsewhere.
    fronts = port.fronts or {}
    outs = [fronts[pos][0] for pos in sorted(fronts)]
    if outs:
        path._raw.append(tuple(outs))
    path.split = len(outs) > 1
    return path


def by_position(rear: Port, only: int | None = None) -> list[Path]:
    """Two paths per position of a multi-position rear port (a trunk end): along its cable and through its device.

    Each path carries its ``position``; ``only`` keeps one position.
    """
    fronts = rear.fronts or {}
    out = []
    for pos in (sorted(fronts) if only is None else [only]):
        along = Path((rear,), position=pos)
        from_origin([rear], along, [[pos]])
        through = Path((rear,), direction="device", position=pos)
        through._raw.append((rear,))
        if pos in fronts:
            from_origin([fronts[pos][0]], through, [])
        out += [along, through]
    return out


def is_spare(along: Path, through: Path) -> bool:
    """A trunk position with nothing patched at either end: only the trunk itself on its paths."""
    return not through.cables and len(along.cables) <= 1 and not along.loop


def trace(port: Port) -> list[Path]:
    """Every path through ``port``: one from an endpoint, two from a pass-through port, two per position
    from a multi-position rear port."""
    if port.kind == "rear" and port.positions > 1:
        return by_position(port)
    if port.is_pass_through:
        return [from_origin([port]), through_device(port)]
    if port.cable is not None:  # NetBox traces a cable end as a whole: every port on it shares the path
        return [from_origin(port.cable.a if port.end == "A" else port.cable.b)]
    return [from_origin([port])]


def trace_many(ports) -> list[list[Path]]:
    """``[trace(port) for port in ports]``, made faster for many ports: the same paths, step for step.

    Each path that is a plain chain of ports (see :func:`_plain`; nearly every path of a site: outlet
    jacks, panel ports, interfaces) is followed without the set-up of a general trace; any other is
    traced by :func:`trace` from its start. The cyclic garbage collector is paused meanwhile (the
    paths hold no cycles; see :mod:`cabling.gcpause`).
    """
    out: list[list[Path]] = []
    keep = out.append
    with gc_paused():
        for port in ports:
            template = port.template
            kind = template.kind
            if template.positions == 1 and (kind == "front" or kind == "rear"):  # a pass-through port
                origin = (port,)
                along = Path(origin)
                if _plain(port, along, along._raw.append)[0] is not None:
                    along = from_origin(origin)  # not a plain chain: the general rules, from the start
                keep([along, _through_plain(port, origin)])
            elif kind != "front" and kind != "rear" and port.cable is not None \
                    and len(ends := (port.cable.a if port.end == "A" else port.cable.b)) == 1:
                path = Path(tuple(ends))
                if _plain(ends[0], path, path._raw.append)[0] is not None:
                    path = from_origin(ends)
                keep([path])
            else:
                keep(trace(port))
    return out


def _through_plain(port: Port, origin: tuple) -> Path:
    """:func:`through_device` of a pass-through port of one position, the plain chain followed directly."""
    path = Path(origin, None, False, True, False, "device")
    raw = path._raw
    raw.append(origin)
    model = port.device.model
    tables = model._tables or model.port_tables()
    if port.template.kind == "front":
        mapped = tables[0][port.index]
        if not mapped:
            return path
        nxt = port.device.ports[mapped[0][1]] if len(mapped) == 1 else None
        if nxt is None or nxt.template.positions > 1:
            return through_device(port)
    else:
        entry = (tables[1][port.index] or {}).get(1)
        if not entry:
            return path
        nxt = port.device.ports[entry[0]]
    if _plain(nxt, path, raw.append)[0] is not None:
        return through_device(port)
    return path
