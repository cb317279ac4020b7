"""The standards module: figures a user can check against the public sources named beside them."""
import pytest

from cabling import standards as s


def test_horizontal_limits_are_the_tia568_figures():
    assert (s.PERMANENT_LINK_MAX_M.value, s.CHANNEL_MAX_M.value, s.CORDS_MAX_M.value) == (90, 100, 10)
    assert s.CHANNEL_MAX_CONNECTIONS.value == 4
    assert "TIA-568" in s.PERMANENT_LINK_MAX_M.source


@pytest.mark.parametrize("pair, colours", [
    (1, ("white", "blue")), (2, ("white", "orange")), (5, ("white", "slate")), (6, ("red", "blue")),
    (7, ("red", "orange")), (13, ("black", "green")), (24, ("violet", "brown")), (25, ("violet", "slate")),
    (26, ("white", "blue")), (50, ("violet", "slate")), (51, ("white", "blue")),
])
def test_25_pair_colour_code_into_the_next_binder(pair, colours):
    assert s.pair_colours(pair) == colours


def test_binders_of_a_100_pair_cable():
    assert [s.binder_of(p) for p in (1, 25, 26, 50, 51, 100)] == [1, 1, 2, 2, 3, 4]
    with pytest.raises(ValueError):
        s.pair_colours(0)


def test_poe_class_power_at_the_switch_port():
    assert s.POE_CLASS_PSE_W[4] == 30.0 and s.POE_CLASS_PSE_W[8] == 90.0
    assert all(s.POE_CLASS_PSE_W[c] <= s.POE_STANDARDS["802.3af"][1] for c in range(0, 4))


# The whole 25-pair code as the colour charts print it (STANDARDS.md: tip white, red, black, yellow, violet;
# ring blue, orange, green, brown, slate).
TWENTY_FIVE = """white/blue white/orange white/green white/brown white/slate red/blue red/orange red/green red/brown
red/slate black/blue black/orange black/green black/brown black/slate yellow/blue yellow/orange yellow/green
yellow/brown yellow/slate violet/blue violet/orange violet/green violet/brown violet/slate""".split()


def test_every_pair_of_a_binder_and_of_the_second_binder():
    assert ["/".join(s.pair_colours(p)) for p in range(1, 26)] == TWENTY_FIVE
    assert ["/".join(s.pair_colours(p)) for p in range(26, 51)] == TWENTY_FIVE
    # binder ribbons follow the same code: pairs 26..50 lie in binder 2, white/orange
    assert {s.binder_colours(p) for p in range(26, 51)} == {("white", "orange")}
    assert s.binder_colours(100) == ("white", "brown") and s.binder_colours(1) == ("white", "blue")
