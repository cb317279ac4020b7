"""Broken paths: end devices that reach no switch, faulty or unfinished cables on paths in use, splits, loops."""
from __future__ import annotations

from ..analysis.trace import Path
from ..choices import ACTIVE_CABLE_STATUS, OUTLET_ROLES
from ..model import Port
from .catalogue import rule
from .context import CONNECTED_ROLES

FAMILY = "paths"


def _stop(ctx, path: Path) -> str:
    """Where and why a path stops, in words."""
    dest = path.destination
    if not dest:
        return "it goes nowhere"
    last = dest[-1]
    if last.__class__ is not Port:  # a circuit termination
        return f"it ends at circuit termination {ctx.ref(last)}"
    where = f"{ctx.ref(last)} ({last.template.kind} port of {last.device.role} {last.device.id})"
    if path.split:
        return f"it splits at {where}"
    if last.template.kind in ("front", "rear"):
        return f"it stops at {where}, where no cable continues"
    return f"it ends at {where}"


@rule("B101", "end device or patched jack whose path reaches no switch", severity="error",
      source="the site's purpose: an end device works only when its cabling reaches the network",
      explanation="""
      Every phone, PC, printer, access point, camera, ATA or server is traced from each of its cabled
      interfaces. It is connected when a path ends on a network device (switch, router, firewall), or on
      another end device that is (a PC behind an IP phone). An outlet jack with nothing plugged in is
      traced through its outlet: once its link is patched beyond the panel, it must end on a network
      device too (a jack cabled to the panel but not patched is a dark jack, rule O103).
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}   # no horizontal cable behind 1A-002
      """,
      passes="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
      """)
def unreached(ctx):
    channels_of = ctx.channels_of
    for dev in ctx.end_devices:
        chans = channels_of.get(id(dev))
        if not chans:
            if not ctx.kind_index(dev, "interface"):
                continue
            yield ctx.finding("B101", f"{dev.role} {dev.id} has no cable on any interface: nothing connects it",
                              dev.mark, site=dev.site, devices=[dev],
                              hint="cable one of its interfaces to an outlet jack or a switch port", **ctx.place(dev))
            continue
        if ctx.reaches_network(dev):
            continue
        ch = chans[0]
        yield ctx.finding("B101", f"{dev.role} {dev.id} reaches no switch: from {ctx.ref(ch.port)} {_stop(ctx, ch.path)}",
                          dev.mark, site=dev.site, ports=[ch.port] + list(ch.path.destination[-1:]),
                          cables=ch.cables, devices=[dev], hint=_hint(ch.path), **ctx.place(dev))
    for jack, path in ctx.jack_paths:
        if path.split:
            continue  # split (B104)
        dest = path.destination
        end = dest[-1] if dest else None
        if path.complete and end is not None and getattr(end, "device", None) is not None \
                and end.device.role in CONNECTED_ROLES:
            continue  # the usual live jack
        cables = path.cables
        if len(cables) < 2:
            continue  # not patched beyond the panel (a dark jack, O103)
        dev = jack.device
        yield ctx.finding("B101", f"outlet jack {ctx.ref(jack)} is patched through {cables[-1].id} but reaches no "
                                  f"switch: {_stop(ctx, path)}", cables[-1].mark, site=dev.site,
                          ports=[jack] + ([end] if end is not None else []), cables=cables, devices=[dev],
                          hint=_hint(path), **ctx.place(dev))


def _hint(path: Path) -> str:
    dest = path.destination
    last = dest[-1] if dest else None
    if last is not None and last.template.kind == "rear":
        return f"run the cable that belongs on {last.device.id}:{last.name}, or correct the cable that should end there"
    if last is not None and last.template.kind == "front":
        return f"patch {last.device.id}:{last.name} to a switch port"
    return "cable the path through to a switch port"


def _live_paths(ctx):
    """(origin port, path) of every path in use: end-device channels and network links, each once."""
    for ch in ctx.channels:
        yield ch.port, ch.path
    for port, path in ctx.network_paths:
        yield port, path


def _origin_desc(ctx, port, path) -> str:
    end = path.destination[-1] if path.destination else None
    far = f" to {ctx.ref(end)}" if end is not None else ""
    return f"{port.device.role} {port.device.id} ({ctx.ref(port)}{far})"


@rule("B102", "faulty cable on a path in use", severity="error",
      source="the site's records: a cable marked faulty carries no reliable signal",
      explanation="""
      A cable whose status is `faulty` lies on the path of a device that is cabled end to end: the
      device is down or unreliable until the cable is repaired or replaced. Reported once per cable,
      naming the devices it cuts off.
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02, status: faulty}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}
      """,
      passes="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}
      """)
def faulty_on_path(ctx):
    hits: dict[int, list] = {}
    for port, path in _live_paths(ctx):
        if path.active or not path.complete:
            continue
        for c in path.cables:
            if c.status == "faulty":
                hits.setdefault(id(c), [c, []])[1].append((port, path))
    for cable, uses in hits.values():
        who = ", ".join(_origin_desc(ctx, port, path) for port, path in uses[:3])
        more = f" and {len(uses) - 3} more" if len(uses) > 3 else ""
        ends = [p for c in (cable,) for p in c.a + c.b]
        yield ctx.finding("B102", f"cable {cable.id} ({_ends(ctx, cable)}) is faulty and carries the path of {who}{more}",
                          cable.mark, site=cable.site, ports=ends, cables=[cable],
                          devices=[port.device for port, _ in uses],
                          hint=f"repair or replace {cable.id}, test it, then set its status to installed")


def _ends(ctx, cable) -> str:
    return f"{', '.join(ctx.ref(p) for p in cable.a)} to {', '.join(ctx.ref(p) for p in cable.b)}"


@rule("B103", "planned or decommissioned cable on a path whose ends are installed", severity="warning",
      source="the site's records: a path works only when every cable on it is installed",
      explanation="""
      The first and last cables of a complete path are installed (the device and the switch are
      connected), but a cable between them is only `planned`, or `decommissioned`: the path does
      not work yet, or no longer works. Either the records are behind (set the cable to installed) or
      the device is cut off.
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02, status: planned}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}
      """,
      passes="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02, status: planned}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1, status: planned}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2, status: planned}
      """)
def unfinished_on_path(ctx):
    seen: set[int] = set()
    for port, path in _live_paths(ctx):
        if path.active or not path.complete:
            continue
        cables = path.cables
        if cables[0].status != ACTIVE_CABLE_STATUS or cables[-1].status != ACTIVE_CABLE_STATUS:
            continue
        for c in cables:
            if c.status in ("planned", "decommissioned") and id(c) not in seen:
                seen.add(id(c))
                yield ctx.finding("B103", f"cable {c.id} ({_ends(ctx, c)}) is {c.status}, yet the path of "
                                          f"{_origin_desc(ctx, port, path)} is installed at both ends",
                                  c.mark, site=c.site, ports=list(c.a + c.b), cables=[c], devices=[port.device],
                                  hint=(f"if {c.id} is in place, set its status to installed" if c.status == "planned"
                                        else f"re-route the path off {c.id}, or un-patch the device"))


@rule("B104", "path that splits where one end is expected", severity="error",
      source="NetBox cable-path rules: a path from one port must end on one port",
      explanation="""
      A trace from an end device or a network port splits: a rear port reached with no position
      known (an MPO trunk entered from its own side), a cable end holding ports of different
      kinds, or a fan-out whose branches go to different places. A device cannot have two far ends.
      """,
      fails="""
      devices:
        - {id: FP1, model: cabling-fibre-panel-mpo12, rack: R1, u: 30}
        - {id: FP2, model: cabling-fibre-panel-mpo12, rack: R1, u: 31}
      cables:   # SW1's uplink enters a trunk from its rear side: which fibre does it take?
        - {id: X-1, a: 'SW1:Te1/1/1', b: 'FP1:MPO', type: om4, length: 2}
        - {id: X-2, a: 'FP1:1', b: 'FP2:1', type: om4, length: 1}
        - {id: X-3, a: 'FP1:2', b: 'FP2:2', type: om4, length: 1}
      """,
      passes="""
      devices:
        - {id: FP1, model: cabling-fibre-panel-mpo12, rack: R1, u: 30}
        - {id: PC2, model: cabling-pc, room: OFFICE}
      cables:
        - {id: X-1, a: 'PC2:NIC', b: 'SW1:Gi1/0/5', type: cat6, length: 2}
      """)
def split_path(ctx):
    seen: set = set()
    split = [(port, path) for port, path in _live_paths(ctx) if path.split]
    split += [(j, p) for j, p in ctx.jack_paths if p.split and len(p.cables) > 1]
    for port, path in split:
        key = tuple(sorted(id(c) for c in path.cables))
        if key in seen:
            continue
        seen.add(key)
        dev = port.device
        who = f"outlet jack {ctx.ref(port)}" if dev.role in OUTLET_ROLES else f"{dev.role} {dev.id}"
        yield ctx.finding("B104", f"the path of {who} from {ctx.ref(port)} {_stop(ctx, path)}",
                          (path.cables[-1].mark if path.cables else dev.mark), site=dev.site,
                          ports=[port] + list(path.destination), cables=path.cables, devices=[dev],
                          hint="give the path one way on: one cable per port, and trunks entered through their front ports")


def _may_loop(ctx) -> bool:
    """Whether the passive cabling has a cycle at all (union-find over cables and front-rear mappings).

    A trace can only go round through front and rear ports; without a cycle among them no trace
    loops, and the full search of :func:`cabling.analysis.loops.find` is skipped. An edge with an end
    that has no other edge (a jack with nothing or a device plugged in, a rear port whose front ports
    lead on to no front or rear port) lies on no cycle: such edges are left out, so the usual site
    joins next to nothing.
    """
    parent: dict[int, int] = {}  # id(port) -> a port of its part nearer the part's root; absent: a root
    touched: set[int] = set()  # ports joined over a mapping or a cable with several ports on an end

    def join(a, b) -> bool:
        """Put ports ``a`` and ``b`` in one part; True when they were in one already (a cycle)."""
        a, b = id(a), id(b)
        touched.add(a)
        touched.add(b)
        while (up := parent.get(a)) is not None:
            a = up
        while (up := parent.get(b)) is not None:
            b = up
        if a == b:
            return True
        parent[a] = b
        return False

    singles, multi, near = ctx.passive_links
    # models with a front port mapped to more than one rear position: every mapping of their devices, as it is
    several = {key for key, model in ctx.models.items()
               if model.mappings and any(len(m) > 1 for m in (model._tables or model.port_tables())[0] if m)}
    if several:
        passive = {id(p) for pair in singles for p in pair} | {id(p) for p in near}
        for dev in ctx.inventory.devices():
            model = dev.model
            if id(model) not in several:
                continue
            rear_of = (model._tables or model.port_tables())[0]  # per front port index: its mappings
            ports = dev.ports
            for fi, ri in dict.fromkeys((fi, ri) for fi, _fpos, ri, _rpos in model.mapping_index()):
                front = ports[fi]
                if len(rear_of[fi]) == 1 and id(front) not in passive:
                    continue  # a leaf (an outlet jack, a panel port patched to a switch): on no cycle
                if join(front, ports[ri]):
                    return True
    # elsewhere each front port maps to one rear: the mapping is an edge only where the front's cable leads on
    done: set[int] = set()
    for front in [p for pair in singles for p in pair] + near:
        if front.template.kind != "front" or id(front) in done:
            continue
        dev = front.device
        model = dev.model
        if id(model) in several:
            continue
        mapped = (model._tables or model.port_tables())[0][front.index]
        if not mapped:
            continue
        done.add(id(front))
        if join(front, dev.ports[mapped[0][1]]):
            return True
    for pa, pb in multi:
        if join(pa, pb):
            return True
    for pa, pb in singles:  # a cable with an end that has no other edge is on no cycle
        if id(pa) in touched and id(pb) in touched and join(pa, pb):
            return True
    return False


@rule("B105", "cabling loop: a path comes back to where it has been", severity="error",
      source="NetBox cable-path rules: a path is a chain from one end to the other; a loop has no end",
      explanation="""
      Following the cabling from a port comes back to a port it has already passed (two panels tied
      rear to rear and, by mistake, patched front to front; a ring through a trunk's positions). No
      device on such a loop can work, and a trace stops there. Reported once per loop, at the cable the
      trace comes back over.
      """,
      fails="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
      cables:
        - {id: T-1, a: 'PP-1A-A:R5', b: 'PP-1A-B:R5', type: cat6, length: 3}
        - {id: X-1, a: 'PP-1A-A:5', b: 'PP-1A-B:5', type: cat6, length: 1}
      """,
      passes="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
      cables:
        - {id: T-1, a: 'PP-1A-A:R5', b: 'PP-1A-B:R5', type: cat6, length: 3}
        - {id: X-1, a: 'PP-1A-A:5', b: 'SW1:Gi1/0/5', type: cat6, length: 1}
      """)
def loop(ctx):
    from ..analysis.loops import find

    if not _may_loop(ctx):
        return
    for lp in find(ctx.inventory):
        c = lp.closing_cable
        dev = lp.start.device
        yield ctx.finding("B105", lp.describe(ctx.inventory), (c.mark if c is not None else dev.mark), site=dev.site,
                          ports=list(lp.closes_at), cables=list(lp.cables),
                          devices=list({id(p.device): p.device for p in lp.closes_at if p.__class__ is Port}.values()),
                          hint="take out the cable that closes the loop (usually a patch cord between two panels "
                               "already tied at the rear)")
