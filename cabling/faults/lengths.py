"""TIA-568 limits: permanent link, channel, cords, connections, fibre loss; and lengths not known.

Every limit is a figure of :mod:`cabling.standards`, overridable per site (``rules: {limits: ...}``,
see :mod:`cabling.faults.settings`).
"""
from __future__ import annotations

from .. import standards
from ..choices import FIBRE_CABLE_TYPES
from .catalogue import rule
from .context import connections, is_cord
from .settings import LIMITS

FAMILY = "lengths"

_OUTLET2 = """
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}"""


def _limit_text(ctx, site, name: str) -> str:
    value = ctx.settings(site).limit(name)
    default, unit, _source = LIMITS[name]
    which = "TIA-568" if value == default else "this site's"
    return f"the {value:g} {unit} {which} limit"


def _len(x: float) -> str:
    return f"{x:g} m"


@rule("T101", "permanent link over 90 m", severity="error", source=standards.PERMANENT_LINK_MAX_M.source,
      explanation="""
      The horizontal cable from the outlet to the patch panel (the permanent link) may be at most
      90 m long (ANSI/TIA-568, ISO/IEC 11801). A site may set its own limit
      (`rules: {limits: {permanent_link_m: 95}}`), or accept one cable with a suppression on its line.
      """,
      fails=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 94, label: 1A-A02}
      """,
      passes=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 88, label: 1A-A02}
      """)
def permanent_link(ctx):
    limit = ctx.limits("permanent_link_m")
    for h in ctx.horizontals:
        c = h.cable
        if c.length is not None and c.length > limit(c.site):
            yield ctx.finding("T101", f"permanent link {c.id} ({ctx.ref(h.outlet_port)} to {ctx.ref(h.panel_port)}) "
                                      f"is {_len(c.length)}, over {_limit_text(ctx, c.site, 'permanent_link_m')}",
                              c.mark, site=c.site, ports=[h.outlet_port, h.panel_port], cables=[c],
                              devices=[h.outlet_port.device, h.panel_port.device],
                              hint="serve the outlet from a nearer telecom space, or re-route the cable",
                              **ctx.place(h.outlet_port.device))


def _network_channels(ctx):
    return ctx.network_channels


def _channel_name(ctx, ch) -> str:
    return f"{ch.device.role} {ch.device.id} ({ctx.ref(ch.port)} to {ctx.ref(ch.end)})"


@rule("T102", "channel over 100 m", severity="error", source=standards.CHANNEL_MAX_M.source,
      explanation="""
      The channel, from the end device to the switch port with every cord included, may be at most
      100 m long. Counted: every cable on the path with a known length (parallel cables of one step
      once). When a length is unknown and the known ones already pass 100 m, it is still an error.
      """,
      fails=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 90, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 5}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 6}
      """,
      passes=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 90, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 3}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 5}
      """)
def channel_length(ctx):
    limit = ctx.limits("channel_m")
    for ch in _network_channels(ctx):
        length = ch.path.length_m
        site = ch.device.site
        if length is not None and length > limit(site):
            parts = ", ".join(f"{c.id} {_len(c.length)}" for c in ch.cables if c.length is not None)
            yield ctx.channel_finding("T102", ch, f"is {_len(length)}, over {_limit_text(ctx, site, 'channel_m')} "
                                                  f"({parts})",
                                      hint="shorten the cords, or serve the outlet from a nearer telecom space")


@rule("T103", "patch and work-area cords over 10 m together", severity="error", source=standards.CORDS_MAX_M.source,
      explanation="""
      In a channel with a permanent link, the cords (the patch cord at the panel, the equipment cord
      and the work-area cord at the desk) may be at most 10 m together: the 100 m channel allows 90 m
      of fixed cable plus 10 m of the more lossy stranded cord.
      """,
      fails=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 40, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 3}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 8}
      """,
      passes=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 40, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 3}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 5}
      """)
def cords_length(ctx):
    limit = ctx.limits("cords_m")
    for ch in _network_channels(ctx):
        cables = ch.cables
        cords = [c for c in cables if is_cord(c)]
        if len(cords) == len(cables):
            continue  # no permanent link: the whole channel is a cord, T102 judges it
        total = sum([c.length for c in cords if c.length is not None])
        site = ch.device.site
        if total > limit(site):
            parts = ", ".join(f"{c.id} {_len(c.length)}" for c in cords if c.length is not None)
            yield ctx.channel_finding("T103", ch, f"has cords of {_len(round(total, 3))} together, over "
                                                  f"{_limit_text(ctx, site, 'cords_m')} ({parts})",
                                      cables=cords, hint="use shorter patch and work-area cords")


@rule("T104", "more than 4 connections in a channel", severity="error",
      source=standards.CHANNEL_MAX_CONNECTIONS.source,
      explanation="""
      A channel may pass at most 4 connections: each pass through a passive device counts one (the
      outlet, a consolidation point, each panel; a cross-connect, two panels joined by a patch cord,
      counts two).
      """,
      fails="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
        - {id: PP-1A-C, model: cabling-cat6-panel-24, rack: R1, u: 37}
        - {id: PP-1A-D, model: cabling-cat6-panel-24, rack: R1, u: 36}
        - {id: PP-1A-E, model: cabling-cat6-panel-24, rack: R1, u: 35}
        - {id: PC2, model: cabling-pc, room: OFFICE}
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:   # outlet, PP-1A-B, then two cross-connects (C-D, E-B): 6 connections
        - {id: W-2, a: 'PC2:NIC', b: '1A-002:1', type: cat6, length: 2}
        - {id: H-2, a: '1A-002:R1', b: 'PP-1A-B:R1', type: cat6, length: 30, label: 1A-B01}
        - {id: X-1, a: 'PP-1A-B:1', b: 'PP-1A-C:1', type: cat6, length: 1}
        - {id: T-1, a: 'PP-1A-C:R1', b: 'PP-1A-D:R1', type: cat6, length: 5}
        - {id: X-2, a: 'PP-1A-D:1', b: 'PP-1A-E:1', type: cat6, length: 1}
        - {id: T-2, a: 'PP-1A-E:R1', b: 'PP-1A-B:R2', type: cat6, length: 5}
        - {id: X-3, a: 'PP-1A-B:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
      """,
      passes="""
      devices:
        - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R1, u: 38}
        - {id: PC2, model: cabling-pc, room: OFFICE}
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:
        - {id: W-2, a: 'PC2:NIC', b: '1A-002:1', type: cat6, length: 2}
        - {id: H-2, a: '1A-002:R1', b: 'PP-1A-B:R1', type: cat6, length: 30, label: 1A-B01}
        - {id: X-2, a: 'PP-1A-B:1', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
      """)
def too_many_connections(ctx):
    limit_of = ctx.limits("connections")
    for ch in _network_channels(ctx):
        n = ch.connections
        site = ch.device.site
        limit = limit_of(site)
        if n > limit:
            passed = []
            prev = None
            for s in ch.path.steps:
                if s.kind == "ports" and prev is not None and prev.kind == "ports":
                    passed.append(s.items[0].device.id)
                prev = s
            yield ctx.channel_finding(
                "T104", ch, f"passes {n} connections ({', '.join(passed)}), over {_limit_text(ctx, site, 'connections')}",
                hint="take out a cross-connect or consolidation point, or patch the switch at the first panel")


def _fibre_paths(ctx):
    """(origin, path) of complete paths that carry fibre, each once."""
    seen = set()
    for origin, path in [(ch.port, ch.path) for ch in ctx.channels] + ctx.network_paths:
        if not path.complete or path.split:
            continue
        cables = path.cables
        if not any(c.type in FIBRE_CABLE_TYPES for c in cables):
            continue
        key = tuple(sorted(id(c) for c in cables))
        if key not in seen:
            seen.add(key)
            yield origin, path


@rule("T105", "fibre link over the site's loss budget", severity="error", source=standards.FIBRE_LOSS_SOURCE,
      explanation="""
      Where a site gives the loss its optics allow (`rules: {limits: {fibre_loss_budget_db: 2.6}}`)
      and every fibre on a path has a length, the path's loss is worked out as fibre attenuation by
      length (3.5 dB/km multimode, 0.4 dB/km single-mode) plus 0.75 dB per mated connector pair (two
      per pass through a panel: its front and its rear) and is compared with the budget. The
      connector and splice figures can be overridden too.
      """,
      fails="""
      rules:
        limits: {fibre_loss_budget_db: 2.0}
      devices:
        - {id: FP-A, model: cabling-fibre-panel-mpo12, rack: R1, u: 30}
        - {id: FP-B, model: cabling-fibre-panel-mpo12, rack: R1, u: 29}
        - {id: SW2, model: cabling-switch-24-poe, rack: R1, u: 28}
      cables:
        - {id: F-1, a: 'SW1:Te1/1/1', b: 'FP-A:1', type: om4, length: 2}
        - {id: F-T, a: 'FP-A:MPO', b: 'FP-B:MPO', type: om4, length: 150}
        - {id: F-2, a: 'FP-B:1', b: 'SW2:Te1/1/1', type: om4, length: 2}
      """,
      passes="""
      rules:
        limits: {fibre_loss_budget_db: 4.0}
      devices:
        - {id: FP-A, model: cabling-fibre-panel-mpo12, rack: R1, u: 30}
        - {id: FP-B, model: cabling-fibre-panel-mpo12, rack: R1, u: 29}
        - {id: SW2, model: cabling-switch-24-poe, rack: R1, u: 28}
      cables:
        - {id: F-1, a: 'SW1:Te1/1/1', b: 'FP-A:1', type: om4, length: 2}
        - {id: F-T, a: 'FP-A:MPO', b: 'FP-B:MPO', type: om4, length: 150}
        - {id: F-2, a: 'FP-B:1', b: 'SW2:Te1/1/1', type: om4, length: 2}
      """)
def fibre_loss(ctx):
    if all(ctx.settings(site).limit("fibre_loss_budget_db") is None for site in ctx.inventory.sites.values()):
        return  # no site gives a loss budget: nothing to judge
    for origin, path in _fibre_paths(ctx):
        site = origin.device.site
        s = ctx.settings(site)
        budget = s.limit("fibre_loss_budget_db")
        if budget is None or not path.length_definitive:
            continue
        fibre_db = 0.0
        for step in path.steps:
            if step.kind == "cables":
                c = max(step.items, key=lambda c: c.length)
                fibre_db += c.length / 1000 * standards.FIBRE_ATTENUATION_DB_PER_KM.get(c.type, 0.0)
        pairs = 2 * connections(path)
        loss = fibre_db + pairs * s.limit("fibre_connector_loss_db")
        if loss > budget:
            end = path.destination[-1]
            yield ctx.finding("T105", f"fibre path {ctx.ref(origin)} to {ctx.ref(end)} loses {loss:.2f} dB "
                                      f"({fibre_db:.2f} dB of fibre over {path.length_m:g} m, {pairs} mated connector "
                                      f"pairs at {s.limit('fibre_connector_loss_db'):g} dB), over the {budget:g} dB "
                                      "budget of this site", path.cables[0].mark, site=site, ports=[origin, end],
                              cables=path.cables, devices=[origin.device, end.device],
                              hint="take out a patch point, or use optics with a larger budget")


@rule("T106", "length unknown: a TIA-568 verdict is not definitive", severity="warning",
      source=standards.PERMANENT_LINK_MAX_M.source,
      explanation="""
      A horizontal cable, or a cable on a channel from an end device to a switch, has no `length`:
      the permanent-link, channel and cord limits cannot be checked there. Never a silent pass:
      record the length the installer's tester measured.
      """,
      fails=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, label: 1A-A02}
      """,
      passes=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 35, label: 1A-A02}
      """)
def unknown_length(ctx):
    seen: set[int] = set()
    for h in ctx.horizontals:
        c = h.cable
        if c.length is None and id(c) not in seen:
            seen.add(id(c))
            yield ctx.finding("T106", f"permanent link {c.id} ({ctx.ref(h.outlet_port)} to {ctx.ref(h.panel_port)}) "
                                      "has no length: the 90 m permanent-link and 100 m channel verdicts are not "
                                      "definitive", c.mark, site=c.site, ports=[h.outlet_port, h.panel_port],
                              cables=[c], hint=f"record the length of {c.id} as measured")
    for ch in _network_channels(ctx):
        for c in ch.cables:
            if c.length is None and id(c) not in seen:
                seen.add(id(c))
                yield ctx.finding("T106", f"cable {c.id} on the channel of {_channel_name(ctx, ch)} has no length: "
                                          "the 100 m channel and 10 m cord verdicts are not definitive",
                                  c.mark, site=c.site, ports=list(c.a + c.b), cables=[c], devices=[ch.device],
                                  hint=f"record the length of {c.id}")


@rule("T107", "link that failed its certification test", severity="warning",
      source="ANSI/TIA-568.2-D field testing: a permanent link or channel is accepted only when the tester "
             "passes it (its test: {result: fail} comes from the tester's export, see cabling apply --results)",
      explanation="""
      The cable's last certification test (`test: {result: fail}`, as `cabling apply --results` records
      it from the tester's CSV export, or as a cable journal gives it) failed: the link may carry no
      signal, or not at its category's speed, until it is re-terminated or replaced and passes a new test.
      A warning, as a journal's record of an old test may be: the cable is reported until a passing test
      is recorded. A cable marked `faulty` (rule B102 when it is on a live path) or decommissioned is not.
      """,
      fails=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 35, label: 1A-A02,
           test: {result: fail, date: '2027-02-20', length: 35.2}}
      """,
      passes=_OUTLET2 + """
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 35, label: 1A-A02,
           test: {result: pass, date: '2027-02-21', length: 35.2}}
      """)
def failed_certification(ctx):
    for c in ctx.inventory.cables():
        test = c.test
        if not test or test.get("result") != "fail" or c.status in ("decommissioned", "faulty"):
            continue
        when = f" on {test['date']}" if test.get("date") else ""
        measured = f" (measured {_len(test['length'])})" if test.get("length") is not None else ""
        ends = [p for p in c.a + c.b]
        yield ctx.finding("T107", f"cable {c.id}" + (f" ({c.label})" if c.label and c.label != c.id else "")
                          + f" failed its certification test{when}{measured}", c.mark, site=c.site, ports=ends,
                          cables=[c], hint=f"re-terminate or replace {c.id}, test it again and record the result")
