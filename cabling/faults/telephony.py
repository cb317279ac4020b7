"""Telephony: extensions and their jacks, phones on the wrong kind of port, block pairs, jumpers, lines.

The checks themselves are :mod:`cabling.telephony.checks` (pure functions of an inventory); this
family gives each a stable code, a severity and its examples, so ``cabling faults`` reports them
with the rest and ``--select telephony`` (or ``V1``) picks them.
"""
from __future__ import annotations

from .. import standards
from ..telephony import checks
from .catalogue import rule

FAMILY = "telephony"

_RECORDS = ("the site's records: in cross-connect practice one extension rings one jack, and every pair of a "
            "block carries one circuit")


def _voice(*, devices: str = "", cables: str = "", blocks: str = "", tcables: str = "", jumpers: str = "",
           lines: str = "", extensions: str = "") -> str:
    """An example fragment: PBX ``PBX1`` in rack R1, its FXS1-4 punched on block 1A-PBX, station block
    1A-V1 with outlet 1A-V01's voice pair on pair 1.1 and analog fax FAX1 plugged in; extension 201 on FXS1,
    jumpered through to the jack (plus what the arguments add to each list)."""
    def items(head: str, base: str, extra: str, indent: str) -> str:
        body = base + extra
        return f"{indent}{head}:\n{body}" if body.strip() else ""

    return ("\ndevices:\n"
            "  - {id: PBX1, model: cabling-pbx-24, rack: R1, u: 30}\n"
            "  - {id: 1A-V01, model: cabling-outlet-1, room: OFFICE, at: [25, 10]}\n"
            "  - {id: FAX1, model: cabling-analog-phone, room: OFFICE, at: [25, 10.5]}\n" + devices +
            "cables:\n"
            "  - {id: W-1A-V01, a: '1A-V01:1', b: 'FAX1:LINE', type: cat5e, length: 2}\n" + cables +
            "telephony:\n" +
            items("blocks", "    - {id: 1A-PBX, kind: '110', rows: 1, space: 1A, side: pbx}\n"
                            "    - {id: 1A-V1, kind: '110', rows: 2, space: 1A, side: station}\n", blocks, "  ") +
            items("cables", "    - {id: 'C-PBX-[1-4]', pairs: 1, a: 'PBX1:FXS[1-4]', b: '1A-PBX:1.[1-4]', "
                            "type: cat3, length: 2}\n"
                            "    - {id: H-1A-V01, pairs: 4, punched: [1], a: '1A-V01:R1', b: '1A-V1:1.1', "
                            "type: cat5e, length: 25}\n", tcables, "  ") +
            items("jumpers", "    - {id: J-1A-01, a: '1A-PBX:1.1', b: '1A-V1:1.1'}\n", jumpers, "  ") +
            items("lines", "", lines, "  ") +
            items("extensions", "    - {number: '201', name: Fax, port: 'PBX1:FXS1'}\n", extensions, "  "))


def _emit(ctx, code: str, found, hint: str | None = None):
    inv = ctx.inventory
    for f in found:
        first = f.devices[0] if f.devices else None
        yield ctx.finding(code, f.message, f.mark, site=inv.sites.get(f.site) if f.site else None,
                          ports=f.ports, cables=f.cables, devices=f.devices, hint=hint, **ctx.place(first))


def _memo(ctx, key: str, make):
    """``make()`` once per scan: V101 and V102 share the extensions' traces, V103 and V104 the phones'."""
    kept = ctx.__dict__.setdefault("_telephony", {})
    if key not in kept:
        kept[key] = make()
    return kept[key]


def _of(ctx, name: str):
    """The findings of check ``name`` over the scan's inventory, each check family made once."""
    inv = ctx.inventory
    if name.startswith("extension-"):
        found = _memo(ctx, "extensions", lambda: checks.extension_jacks(inv))
    else:
        found = _memo(ctx, "phones", lambda: checks.phone_paths(inv, {id(ch.port): ch.path for ch in ctx.channels}))
    return [f for f in found if f.check == name]


def _has_telephony(ctx) -> bool:
    return ctx.inventory.telephony is not None


@rule("V101", "extension reachable from two jacks", severity="error", source=_RECORDS,
      explanation="""
      An extension's path reaches two outlet jacks: a pair bridged onto a second station pair by a
      second jumper, say. Both phones ring, and a fault on one line is heard on the other.
      """,
      fails=_voice(devices="  - {id: 1A-V02, model: cabling-outlet-1, room: OFFICE, at: [30, 10]}\n",
                   tcables="    - {id: H-1A-V02, pairs: 4, punched: [1], a: '1A-V02:R1', b: '1A-V1:1.2', "
                           "type: cat5e, length: 32}\n",
                   jumpers="    - {id: J-1A-02, a: '1A-V1:1.1', b: '1A-V1:1.2'}\n"),
      passes=_voice())
def extension_two_jacks(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V101", _of(ctx, "extension-two-jacks"),
                         "remove the second jumper (or give the second jack its own extension)")


@rule("V102", "extension reachable from no jack", severity="warning", source=_RECORDS,
      explanation="""
      An extension's path from its PBX port (or its phone) passes no outlet jack: it is not jumpered
      through to a station pair, or its phone is not cabled. No phone can ring on it.
      """,
      fails=_voice(extensions="    - {number: '202', name: Store, port: 'PBX1:FXS2'}\n"),
      passes=_voice())
def extension_no_jack(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V102", _of(ctx, "extension-no-jack"),
                         "punch a jumper from its PBX pair to the station pair of its jack")


@rule("V103", "analog phone on an Ethernet switch port", severity="error", source=_RECORDS,
      explanation="""
      An analog phone's path ends at a switch (or router) port: an analog line needs a PBX or gateway
      extension port (FXS), and the switch port gives it no dial tone.
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE, at: [22, 10]}
        - {id: FAX2, model: cabling-analog-phone, room: OFFICE, at: [22, 10.5]}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'FAX2:LINE', type: cat6, length: 2}
      """,
      passes=_voice())
def analog_phone_on_switch(ctx):
    if "analog-phone" in ctx.by_role:  # the check looks at analog phones only
        yield from _emit(ctx, "V103", _of(ctx, "analog-phone-on-switch"),
                         "cross-connect its jack to a PBX extension pair instead of patching it to the switch")


@rule("V104", "IP phone on a voice block pair", severity="error", source=_RECORDS,
      explanation="""
      An IP phone's path runs onto a pair of a cross-connect block: a single voice pair carries no
      Ethernet, so the phone gets neither link nor power.
      """,
      fails=_voice(devices="  - {id: 1A-V02, model: cabling-outlet-1, room: OFFICE, at: [30, 10]}\n"
                           "  - {id: PH2, model: cabling-ip-phone, room: OFFICE, at: [30, 10.5]}\n",
                   cables="  - {id: W-1A-V02, a: '1A-V02:1', b: 'PH2:LAN', type: cat6, length: 2}\n",
                   tcables="    - {id: H-1A-V02, pairs: 4, punched: [1], a: '1A-V02:R1', b: '1A-V1:1.2', "
                           "type: cat5e, length: 32}\n"),
      passes=_voice())
def ip_phone_on_block(ctx):
    if _has_telephony(ctx) and ctx.inventory.telephony.blocks:  # only a phone on a block's pair is one
        yield from _emit(ctx, "V104", _of(ctx, "ip-phone-on-block"),
                         "patch its jack's data cable to a PoE switch port")


@rule("V105", "block pair used twice", severity="error", source=_RECORDS,
      explanation="""
      Two jumpers are punched on one pair of a block, or two cables on its cable side: two circuits
      share one pair. The first keeps the pair (it loads), the second is reported here.
      """,
      fails=_voice(jumpers="    - {id: J-1A-02, a: '1A-PBX:1.2', b: '1A-V1:1.1'}\n"),
      passes=_voice())
def pair_used_twice(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V105", checks.pair_used_twice(ctx.inventory),
                         "move one of them to a free pair (and record it)")


@rule("V106", "jumper to an empty pair", severity="warning", source=_RECORDS,
      explanation="""
      A jumper is punched on a block pair where no cable is punched on the cable side: it leads
      nowhere, or the cable that should be there is missing from the records.
      """,
      fails=_voice(jumpers="    - {id: J-1A-02, a: '1A-PBX:1.2', b: '1A-V1:2.5'}\n"),
      passes=_voice())
def jumper_to_empty_pair(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V106", checks.jumper_to_empty_pair(ctx.inventory),
                         "record the cable punched on that pair, or remove the jumper")


@rule("V107", "carrier line terminated nowhere", severity="warning", source=_RECORDS,
      explanation="""
      A carrier line has no demarcation pair, line port or PBX (a SIP trunk), or its demarc pair leads
      to no PBX line port: calls on it arrive nowhere.
      """,
      fails=_voice(lines="    - {id: L-9, type: analog, carrier: BT, numbers: ['+44 113 496 0999']}\n"),
      passes=_voice(lines="    - {id: SIP-1, type: sip, carrier: Gamma, numbers: ['+44 113 496 0200'], "
                          "pbx: PBX1}\n"))
def line_terminated_nowhere(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V107", checks.line_terminated_nowhere(ctx.inventory),
                         "give the line its demarc pair and jumper it to a PBX line port (FXO, E1, BRI)")


@rule("V108", "pair colour contradicts its position", severity="warning", source=standards.COLOUR_CODE_SOURCE,
      explanation="""
      A block pair's recorded colour is not the colour of its position in the 25-pair code (the
      colour of the cable pair punched on it, or of its place in its row): the record or the
      punch-down is wrong.
      """,
      fails=_voice(blocks="    - {id: 1A-V2, kind: '110', rows: 1, space: 1A, side: station, "
                          "records: [{pair: '1.7', colour: white/blue}]}\n"),
      passes=_voice(blocks="    - {id: 1A-V2, kind: '110', rows: 1, space: 1A, side: station, "
                           "records: [{pair: '1.7', colour: red/orange}]}\n"))
def pair_colour_wrong(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V108", checks.pair_colour_wrong(ctx.inventory),
                         "check the pair at the block and correct the record")


@rule("V109", "extension number given twice", severity="error", source=_RECORDS,
      explanation="""
      One extension number is given to two extensions at a site: a call to it cannot ring both, so one
      of the records is wrong.
      """,
      fails=_voice(extensions="    - {number: '201', name: Store, port: 'PBX1:FXS2'}\n"),
      passes=_voice())
def extension_number_twice(ctx):
    if _has_telephony(ctx):
        yield from _emit(ctx, "V109", checks.extension_number_twice(ctx.inventory),
                         "renumber one of them")
