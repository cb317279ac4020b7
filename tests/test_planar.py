"""The loader's pure-Python geometry never says yes where shapely says no."""
from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from cabling.readers import planar

TOL = 0.01
coord = st.integers(0, 12).map(float)
point = st.tuples(coord, coord)
ring = st.lists(point, min_size=3, max_size=7)


@settings(max_examples=400, deadline=None)
@given(ring)
def test_simple_only_when_shapely_calls_it_valid(points):
    if planar.is_simple(points):
        assert shapely.Polygon(points).is_valid


@settings(max_examples=400, deadline=None)
@given(ring, st.tuples(st.floats(-1, 13), st.floats(-1, 13)))
def test_a_point_is_held_only_when_shapely_agrees(points, pt):
    if not planar.is_simple(points):
        return
    if planar.Polygon(points).covers(pt, TOL):
        assert shapely.contains_xy(shapely.Polygon(points).buffer(TOL), *pt)


@settings(max_examples=400, deadline=None)
@given(ring, ring)
def test_a_ring_is_held_only_when_shapely_agrees(outer, inner):
    if not (planar.is_simple(outer) and planar.is_simple(inner)):
        return
    if planar.Polygon(outer).covers_ring(inner, TOL):
        assert shapely.Polygon(outer).buffer(TOL).contains(shapely.Polygon(inner))


def test_plain_shapes_are_decided_without_shapely():
    floor = [(0, 0), (60, 0), (60, 30), (0, 30)]
    room = [(5, 0), (60, 0), (60, 30), (5, 30)]  # shares three sides with the floor
    l_shape = [(0, 0), (10, 0), (10, 4), (4, 4), (4, 10), (0, 10)]
    assert planar.is_simple(floor) and planar.is_simple(l_shape)
    assert planar.Polygon(floor).covers_ring(room, TOL)
    assert planar.Polygon(floor).covers((60.005, 10), TOL)  # on the edge, within the tolerance
    assert planar.Polygon(l_shape).covers((2, 8), TOL)
    # doubtful or wrong: left to shapely
    assert planar.Polygon(l_shape).covers((8, 8), TOL) is None
    assert planar.Polygon(l_shape).covers_ring([(1, 1), (9, 9), (1, 9)], TOL) is None
    assert planar.is_simple([(0, 0), (2, 2), (2, 0), (0, 2)]) is None  # a bow tie
