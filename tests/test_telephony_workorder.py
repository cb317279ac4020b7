"""Jumper tasks in a technician's words: block, row and pair, colours, the far pair."""
from __future__ import annotations

from pathlib import Path

import pytest

from cabling.readers.loader import load, resolve_ref
from cabling.telephony.workorder import jumper_task, tasks_of

SMALL = Path(__file__).resolve().parent / "data" / "telephony" / "small.yaml"


@pytest.fixture(scope="module")
def inv():
    return load([SMALL])


def test_a_jumper_is_described_from_the_pbx_side_to_the_riser_pair(inv):
    tel = inv.telephony
    (task,) = [t for t in tasks_of(tel, tel.jumpers) if t.jumper == "J-1A-1"]
    assert task.text == ("on block 1A-PBX row 1 pair 14 (black/brown) punch a jumper to riser pair "
                         "1A-V1 row 1 pair 7 (red/orange)")


def test_a_planned_jumper_between_any_two_pairs_and_its_removal(inv):
    tel = inv.telephony
    a, _ = resolve_ref(inv, "2A-V1:3.7")
    b, _ = resolve_ref(inv, "1A-V1:1.9")
    # station pairs come last whichever end is given first
    task = jumper_task(tel, a, b)
    assert task.text == ("on block 1A-V1 row 1 pair 9 (red/brown) punch a jumper to station pair "
                         "2A-V1 row 3 pair 7 (red/orange)")
    assert jumper_task(tel, b, a, action="remove").text.startswith(
        "on block 1A-V1 row 1 pair 9 (red/brown) remove the jumper to station pair 2A-V1 row 3 pair 7")
    # on an LSA-PLUS strip the code runs on across strips; a riser pair has its cable pair's colours
    strip, _ = resolve_ref(inv, "1A-DM:1.4")
    riser, _ = resolve_ref(inv, "2A-V1:2.2")
    assert jumper_task(tel, strip, riser).text == ("on block 1A-DM strip 1 pair 4 (white/brown) punch a jumper to "
                                                   "station pair 2A-V1 row 2 pair 2 (white/orange)")


def test_only_block_pairs_take_jumpers(inv):
    a, _ = resolve_ref(inv, "PBX-1:FXS1")
    b, _ = resolve_ref(inv, "2A-V1:3.7")
    with pytest.raises(ValueError):
        jumper_task(inv.telephony, a, b)
