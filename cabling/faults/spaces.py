"""Racks and telecom spaces: outlets served from the wrong space, cords run between spaces."""
from __future__ import annotations

from .. import standards
from .catalogue import rule
from ..model import Port
from .context import is_cord

FAMILY = "spaces"


def space_of(device):
    """The telecom space of a device: its own, or its rack's."""
    if device.space is not None:
        return device.space
    return device.rack.space if device.rack is not None else None


@rule("S101", "outlet cabled to a panel in a space that does not serve its floor", severity="warning",
      source="TIA-568/TIA-569 star topology: each floor's outlets are served from the telecom space assigned to it; "
             + standards.TIA606_SOURCE,
      explanation="""
      Where the site says which telecom space serves which floors (`serves: ['2', '3']` on a
      telecom space), every horizontal cable must run from an outlet to a panel in a space that
      serves the outlet's floor. A panel in another space means a long, unexpected run (or a panel
      recorded in the wrong rack).
      """,
      fails="""
      floors:
        - {id: '2'}
      rooms:
        - {id: TR2, floor: '2'}
        - {id: OFFICE2, floor: '2'}
      telecom_spaces:
        - {id: 2A, room: TR2, serves: ['2']}
      devices:
        - {id: 2A-001, model: cabling-outlet-1, room: OFFICE2}
      cables:
        - {id: H-2A-001, a: '2A-001:R1', b: 'PP-1A-A:R2', type: cat6, length: 40, label: 1A-A02}
      """,
      passes="""
      floors:
        - {id: '2'}
      rooms:
        - {id: TR2, floor: '2'}
        - {id: OFFICE2, floor: '2'}
      telecom_spaces:
        - {id: 2A, room: TR2, serves: ['2']}
      racks:
        - {id: R2, space: 2A}
      devices:
        - {id: PP-2A-A, model: cabling-cat6-panel-24, rack: R2, u: 40}
        - {id: 2A-001, model: cabling-outlet-1, room: OFFICE2}
      cables:
        - {id: H-2A-001, a: '2A-001:R1', b: 'PP-2A-A:R1', type: cat6, length: 40, label: 2A-A01}
      """)
def wrong_space(ctx):
    served: dict[int, list] = {}
    for site in ctx.inventory.sites.values():
        for sp in site.spaces.values():
            for fl in sp.serves:
                served.setdefault(id(fl), []).append(sp)
    if not served:
        return
    for h in ctx.horizontals:
        outlet, panel = h.outlet_port.device, h.panel_port.device
        floor = outlet.room.floor if outlet.room is not None else None
        spaces = served.get(id(floor)) if floor is not None else None
        here = space_of(panel)
        if not spaces or here is None or any(sp is here for sp in spaces):
            continue
        names = " or ".join(sp.id for sp in spaces)
        rack = f" (rack {panel.rack.id})" if panel.rack is not None else ""
        yield ctx.finding("S101", f"outlet {outlet.id} on floor {floor.id} is cabled by {h.cable.id} to panel {panel.id} "
                                  f"in space {here.id}{rack}; floor {floor.id} is served by {names}",
                          h.cable.mark, site=h.cable.site, ports=[h.outlet_port, h.panel_port], cables=[h.cable],
                          devices=[outlet, panel], hint=f"terminate {h.cable.id} on a panel in {names}, or correct the "
                                                        "panel's rack or the space's 'serves'", **ctx.place(outlet))


@rule("S102", "patch cord joining racks of two telecom spaces", severity="warning",
      source="TIA-568 cabling structure: spaces are joined by backbone cabling, a patch cord stays within one space",
      explanation="""
      A cord (a cable plugged in at both ends: patch cord, equipment cord) joins devices in racks of
      two different telecom spaces. Between spaces the structure is backbone cable terminated on a
      panel at each end; a cord run between rooms is unrecorded backbone, or a device recorded in the
      wrong rack.
      """,
      fails="""
      floors:
        - {id: '2'}
      rooms:
        - {id: TR2, floor: '2'}
      telecom_spaces:
        - {id: 2A, room: TR2}
      racks:
        - {id: R2, space: 2A}
      devices:
        - {id: SW2, model: cabling-switch-24-poe, rack: R2, u: 40}
      cables:
        - {id: X-1, a: 'SW2:Gi1/0/1', b: 'SW1:Gi1/0/24', type: cat6, length: 8}
      """,
      passes="""
      devices:
        - {id: SW2, model: cabling-switch-24-poe, rack: R1, u: 30}
      cables:
        - {id: X-1, a: 'SW2:Gi1/0/1', b: 'SW1:Gi1/0/24', type: cat6, length: 1}
      """)
def cord_between_spaces(ctx):
    for c in ctx.inventory.cables():
        a, b = c.a, c.b
        if not a or not b:
            continue
        pa, pb = a[0], b[0]
        if pa.__class__ is not Port or pb.__class__ is not Port:
            continue  # a carrier's circuit: no device, no rack
        da, db = pa.device, pb.device
        ra, rb = da.rack, db.rack
        if ra is None or rb is None or ra is rb or not is_cord(c):
            continue
        sa, sb = da.rack.space, db.rack.space
        if sa is None or sb is None or sa is sb:
            continue
        yield ctx.finding("S102", f"cord {c.id} joins {ctx.ref(c.a[0])} in space {sa.id} (rack {da.rack.id}) to "
                                  f"{ctx.ref(c.b[0])} in space {sb.id} (rack {db.rack.id})", c.mark, site=c.site,
                          ports=[c.a[0], c.b[0]], cables=[c], devices=[da, db],
                          hint="run backbone cable between panels of the two spaces, or correct the devices' racks")
