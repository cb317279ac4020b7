"""PoE: powered devices on ports that give no or too little power; switches over their PoE budget.

The figures (IEEE 802.3af/at/bt class power) and the tracing are :mod:`cabling.analysis.poe`'s.
"""
from __future__ import annotations

from .. import standards
from .catalogue import rule

FAMILY = "poe"

_CAMERA = """
      devices:
        - {id: CAM1, model: cabling-camera, room: OFFICE}
        - {id: RTR1, model: cabling-router, rack: R1, u: 30}"""


@rule("P101", "powered device on a port that gives no PoE", severity="error", source=standards.POE_SOURCE,
      explanation="""
      A device powered over Ethernet (its model's interface is `poe_mode: pd`, or it gives a
      `poe_class`) is cabled to a switch or router port that gives no PoE: it has no power.
      """,
      fails=_CAMERA + """
      cables:
        - {id: X-1, a: 'CAM1:ETH0', b: 'RTR1:Gi0/0/2', type: cat6, length: 20}
      """,
      passes=_CAMERA + """
      cables:
        - {id: X-1, a: 'CAM1:ETH0', b: 'SW1:Gi1/0/9', type: cat6, length: 20}
      """)
def no_poe(ctx):
    for pd in ctx.poe.devices:
        if pd.supply is None and pd.switch_port is not None:
            dev = pd.device
            yield ctx.finding("P101", f"{dev.role} {dev.id} draws PoE class {pd.poe_class} ({pd.draw_w:g} W) through "
                                      f"{ctx.ref(pd.port)}, but its path ends on {ctx.ref(pd.switch_port)}, which gives "
                                      "no PoE", dev.mark, site=dev.site, ports=[pd.port, pd.switch_port],
                              cables=pd.path.cables, devices=[dev, pd.switch_port.device],
                              hint="patch it to a PoE port, or power it from an injector", **ctx.place(dev))


@rule("P102", "powered device on a port that gives too little power for its class", severity="error",
      source=standards.POE_SOURCE,
      explanation="""
      The device's PoE class draws more at the switch port than the port's PoE type gives
      (802.3af 15.4 W, 802.3at 30 W, 802.3bt type 3 60 W, type 4 90 W; class 5 draws 45 W).
      """,
      fails=_CAMERA.replace("room: OFFICE}", "room: OFFICE, poe_class: 5}") + """
      cables:
        - {id: X-1, a: 'CAM1:ETH0', b: 'SW1:Gi1/0/9', type: cat6, length: 20}
      """,
      passes=_CAMERA + """
      cables:
        - {id: X-1, a: 'CAM1:ETH0', b: 'SW1:Gi1/0/9', type: cat6, length: 20}
      """)
def too_little(ctx):
    for pd in ctx.poe.devices:
        if pd.supply is not None and pd.enough is False:
            dev, s = pd.device, pd.supply
            yield ctx.finding("P102", f"{dev.role} {dev.id} draws PoE class {pd.poe_class} ({pd.draw_w:g} W at the switch), "
                                      f"but {ctx.ref(s.port)} gives {s.standard} (at most {s.max_w:g} W, class "
                                      f"{s.max_class})", dev.mark, site=dev.site, ports=[pd.port, s.port],
                              cables=pd.path.cables, devices=[dev, s.port.device],
                              hint="patch it to a port of a higher PoE type, or lower its class", **ctx.place(dev))


@rule("P103", "switch whose powered devices exceed its PoE budget", severity="error", source=standards.POE_SOURCE,
      explanation="""
      The powered devices cabled to one switch's PoE ports draw, by their classes, more than the
      switch's `poe_budget_w` (from its model, or set on the device in the site file). Every device
      whose path ends on the switch counts, whatever the status of its cables (the design load).
      """,
      fails="""
      devices:
        - {id: SW2, model: cabling-switch-24-poe, rack: R1, u: 30, poe_budget_w: 20}
        - {id: 'CAM[1-2]', model: cabling-camera, room: OFFICE}
      cables:
        - {id: 'X-[1-2]', a: 'CAM[1-2]:ETH0', b: 'SW2:Gi1/0/[1-2]', type: cat6, length: 20}
      """,
      passes="""
      devices:
        - {id: SW2, model: cabling-switch-24-poe, rack: R1, u: 30, poe_budget_w: 40}
        - {id: 'CAM[1-2]', model: cabling-camera, room: OFFICE}
      cables:
        - {id: 'X-[1-2]', a: 'CAM[1-2]:ETH0', b: 'SW2:Gi1/0/[1-2]', type: cat6, length: 20}
      """)
def over_budget(ctx):
    for sw in ctx.poe.switches:
        if sw.over_budget:
            dev = sw.device
            drawing = [pd for pd in sw.powered if pd.supply is not None]
            yield ctx.finding("P103", f"switch {dev.id} gives {sw.drawn_w:g} W of PoE to {len(drawing)} powered devices, "
                                      f"over its {sw.budget_w:g} W budget by {-sw.remaining_w:g} W",
                              dev.mark, site=dev.site, devices=[dev] + [pd.device for pd in drawing],
                              ports=[pd.supply.port for pd in drawing],
                              hint="move powered devices to another switch, or give the switch a larger supply")
