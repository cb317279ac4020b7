"""One-ended and orphan cabling, and joins that make no sense."""
from __future__ import annotations

from ..choices import OUTLET_ROLES, PANEL_ROLES
from ..model import Port
from .catalogue import rule

FAMILY = "orphans"

_BASE = """
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}"""


@rule("O101", "cable whose far side leads nowhere", severity="warning",
      source="the site's records: a cable from a switch port that ends at a port nothing continues from is "
             "either unfinished or recorded wrongly",
      explanation="""
      A network port's cable leads through the cabling and stops at a passive port (a panel or splice
      port) where no cable continues. An outlet jack with nothing plugged in is not reported (it waits
      for a device), nor a patched panel port with no horizontal cable (rule O102).
      """,
      fails="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
      cables:
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: T-1, a: 'PP-1A-A:R2', b: 'PP-1A-B:R1', type: cat6, length: 3}   # tie cable to a port never patched
      """,
      passes="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
        - {id: PC2, model: cabling-pc, rack: R1}
      cables:
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: T-1, a: 'PP-1A-A:R2', b: 'PP-1A-B:R1', type: cat6, length: 3}
        - {id: P-1A-B01, a: 'PP-1A-B:1', b: 'PC2:NIC', type: cat6, length: 1}
      """)
def leads_nowhere(ctx):
    for port, path in ctx.network_paths:
        if path.complete or path.split or not path.destination:
            continue
        last = path.destination[-1]
        if last.__class__ is not Port:
            continue  # ends on a circuit: the carrier's side
        kind, role = last.template.kind, last.device.role
        if kind == "front" and role in OUTLET_ROLES:
            continue  # a live jack waiting for a device
        if kind == "rear" and len(path.cables) == 1 and role in PANEL_ROLES:
            continue  # O102: a patched front with no horizontal cable behind
        if kind == "front" and role == "block":
            continue  # O107: a pair punched down on a block, waiting for its jumper
        first = path.cables[0] if path.cables else None
        yield ctx.finding("O101", f"cable {first.id} from {ctx.ref(port)} leads nowhere: the path stops at "
                                  f"{ctx.ref(last)} ({kind} port of {role} {last.device.id}) after "
                                  + ", ".join(c.id for c in path.cables),
                          (first or port.device).mark, site=port.device.site, ports=[port, last], cables=path.cables,
                          devices=[port.device, last.device],
                          hint=f"cable on from {ctx.ref(last)}, or remove the cables that lead to it")


@rule("O102", "patched panel port with no horizontal cable behind it", severity="warning",
      source="TIA-568 interconnect: a panel front port is live only through the cable terminated on its rear",
      explanation="""
      A panel's front port has a patch cord, but the rear port behind it has no cable: the patch cord
      leads nowhere. Usually the horizontal cable was terminated on another port, or not recorded.
      """,
      fails="""
      cables:
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
      """,
      passes=_BASE + """
      cables:
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
      """)
def patched_without_horizontal(ctx):
    for dev in ctx.devices_of(PANEL_ROLES):
        model, ports = dev.model, dev.ports
        rear_of = (model._tables or model.port_tables())[0]  # p.rear, by port index, without its list
        for i in ctx.kind_index(dev, "front"):
            p = ports[i]
            mapped = rear_of[i] if p.cable is not None else None
            if not mapped:
                continue
            if len(mapped) == 1:  # the usual front port: one rear position
                if ports[mapped[0][1]].cable is not None:
                    continue
            elif any(ports[ri].cable is not None for _f, ri, _rp in mapped):
                continue
            rears = [ports[ri] for _f, ri, _rp in mapped]
            yield ctx.finding("O102", f"panel port {ctx.ref(p)} is patched by {p.cable.id}, but its rear "
                                      f"{ctx.ref(rears[0])} has no cable: the patch leads nowhere",
                              p.cable.mark, site=dev.site, ports=[p, rears[0]], cables=[p.cable], devices=[dev],
                              hint=f"terminate the horizontal cable on {ctx.ref(rears[0])}, or remove {p.cable.id}")


@rule("O103", "dark jack: horizontal cable whose panel port is never patched", severity="info",
      source="capacity: a jack cabled to the panel but not patched is ready with one patch cord",
      explanation="""
      An installed horizontal cable reaches its panel port, but nothing is patched on the panel's
      front, and nothing is plugged into the jack: the outlet jack is dark. Not an error: it is spare
      capacity, listed so that it is known. (A device plugged into such a jack is cut off: rule B101.)
      """,
      fails=_BASE + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
      """,
      passes=_BASE + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
      """)
def dark_jack(ctx):
    for h in ctx.horizontals:
        panel_port = h.panel_port
        if h.cable.status != "installed" or panel_port.template.kind != "rear":
            continue
        model = panel_port.device.model
        mapped = (model._tables or model.port_tables())[1][panel_port.index]  # panel_port.fronts, as indices
        if not mapped:
            continue
        ports = panel_port.device.ports
        if len(mapped) == 1:  # a plain panel port: one front
            for fi, _pos in mapped.values():
                patched = ports[fi].cable is not None
        else:
            patched = any(ports[fi].cable is not None for fi, _pos in mapped.values())
        if patched:
            continue
        fronts = [ports[fi] for fi, _pos in mapped.values()]
        jack = next((f for f, _pos in (h.outlet_port.fronts or {}).values()), h.outlet_port)
        if jack.cable is not None:
            continue  # a device is plugged in: not spare, but cut off (B101)
        yield ctx.finding("O103", f"outlet jack {ctx.ref(jack)} is dark: cable {h.cable.id} reaches "
                                  f"{ctx.ref(h.panel_port)}, and {ctx.ref(fronts[0])} is not patched",
                          h.cable.mark, site=h.cable.site, ports=[jack, fronts[0]], cables=[h.cable],
                          devices=[jack.device, fronts[0].device],
                          hint=f"patch {ctx.ref(fronts[0])} to a switch port to bring {jack.device.id} into service",
                          **ctx.place(jack.device))


@rule("O104", "panel port patched straight to an outlet jack", severity="error",
      source="TIA-568 horizontal cabling: an outlet is reached by a horizontal cable terminated on the panel's rear",
      explanation="""
      A cable joins a patch panel's front port directly to an outlet's front jack: two jacks joined by
      a cord, with no horizontal cable. Either the ends are recorded on the wrong sides (the horizontal
      cable runs rear to rear) or the cord is a mistake.
      """,
      fails=_BASE + """
      cables:
        - {id: X-1, a: 'PP-1A-A:2', b: '1A-002:1', type: cat6, length: 20}
      """,
      passes=_BASE + """
      cables:
        - {id: X-1, a: 'PP-1A-A:R2', b: '1A-002:R1', type: cat6, length: 20, label: 1A-A02}
      """)
def panel_to_jack(ctx):
    for h in ctx.horizontals:
        if h.outlet_port.template.kind == "front" and h.panel_port.template.kind == "front":
            c = h.cable
            rear_o = (h.outlet_port.rear or [(None, None, None)])[0][1]
            rear_p = (h.panel_port.rear or [(None, None, None)])[0][1]
            fix = (f"; run it from {ctx.ref(rear_o)} to {ctx.ref(rear_p)}" if rear_o is not None and rear_p is not None
                   else "")
            yield ctx.finding("O104", f"cable {c.id} joins panel front {ctx.ref(h.panel_port)} straight to outlet jack "
                                      f"{ctx.ref(h.outlet_port)}", c.mark, site=c.site,
                              ports=[h.panel_port, h.outlet_port], cables=[c],
                              devices=[h.panel_port.device, h.outlet_port.device],
                              hint="a horizontal cable lands on the rear ports" + fix)


# Power cabled to data and a cable of the wrong medium for its ports are not findings of a loaded
# site: the loader refuses them (cabling.readers.connectable, with NetBox's compatible termination types).


_PBX = """
      devices:
        - {id: PBX1, model: cabling-pbx-24, rack: R1, u: 37}"""


@rule("O107", "spare pair on a cross-connect block: punched down, no jumper", severity="info",
      source="the site's records: in cross-connect practice every PBX port and carrier pair is punched down on a "
             "block, and a jumper puts one into service",
      explanation="""
      A PBX extension or line port's cord (or a riser pair) ends at a cross-connect block pair with
      no jumper on it. That is how spare extensions wait on the block: one jumper to a station pair
      brings one into service. Listed, as dark jacks are, so the spare pairs can be counted; not a
      fault.
      """,
      fails=_PBX + """
      telephony:
        blocks:
          - {id: 1A-PBX, kind: '110', rows: 1, space: 1A, side: pbx}
        cables:
          - {id: C-PBX-FXS1, pairs: 1, a: 'PBX1:FXS1', b: '1A-PBX:1.1', type: cat3, length: 2}
      """,
      passes=_PBX + """
        - {id: 1A-V01, model: cabling-outlet-1, room: OFFICE, at: [30, 10]}
        - {id: AN1, model: cabling-analog-phone, room: OFFICE, at: [30, 10.5]}
      cables:
        - {id: W-1A-V01, a: '1A-V01:1', b: 'AN1:LINE', type: cat5e, length: 2}
      telephony:
        blocks:
          - {id: 1A-PBX, kind: '110', rows: 1, space: 1A, side: pbx}
          - {id: 1A-V1, kind: '110', rows: 1, space: 1A, side: station}
        cables:
          - {id: C-PBX-FXS1, pairs: 1, a: 'PBX1:FXS1', b: '1A-PBX:1.1', type: cat3, length: 2}
          - {id: H-1A-V01, pairs: 4, punched: [1], a: '1A-V01:R1', b: '1A-V1:1.1', type: cat5e, length: 30}
        jumpers:
          - {id: J-1, a: '1A-PBX:1.1', b: '1A-V1:1.1'}
      """)
def spare_block_pair(ctx):
    tel = ctx.inventory.telephony
    assigned = {id(e.port) for e in tel.extensions if e.port is not None} if tel is not None else set()
    for port, path in ctx.network_paths:
        if id(port) in assigned:
            continue  # an extension's port: V102 says its extension reaches no jack
        if path.complete or path.split or not path.destination:
            continue
        last = path.destination[-1]
        if last.__class__ is not Port or last.template.kind != "front" or last.device.role != "block":
            continue
        first = path.cables[0] if path.cables else None
        yield ctx.finding("O107", f"{ctx.ref(port)} of {port.device.role} {port.device.id} is spare: its pair "
                                  f"{ctx.ref(last)} on block {last.device.id} has no jumper",
                          (first or port.device).mark, site=port.device.site, ports=[port, last], cables=path.cables,
                          devices=[port.device, last.device],
                          hint=f"to bring it into service, jumper {ctx.ref(last)} to a station pair")
