"""Labels (TIA-606): duplicate labels, and labels that break the site's scheme."""
from __future__ import annotations

from .. import standards
from ..analysis.labels import format_label, horizontal_values
from .catalogue import rule

FAMILY = "labels"


@rule("L101", "label used by two cables", severity="error", source=standards.TIA606_SOURCE,
      explanation="""
      A TIA-606 identifier names one link: the same label on two cables of a site sends a technician
      to the wrong cable. Reported at each cable after the first that carries it.
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A01}
      """,
      passes="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
      """)
def duplicate(ctx):
    for site in ctx.inventory.sites.values():
        first: dict[str, object] = {}
        for c in site.cables.values():
            if not c.label:
                continue
            other = first.get(c.label)
            if other is None:
                first[c.label] = c
                continue
            yield ctx.finding("L101", f"cable {c.id} has label {c.label}, already on cable {other.id}"
                                      + (f" ({other.mark})" if other.mark else ""), c.mark, site=site,
                              cables=[c, other], hint=f"give {c.id} its own label")


def label_values(ctx, h) -> dict:
    """The fields of a label scheme for horizontal cable ``h`` (see :data:`cabling.analysis.labels.FIELDS`)."""
    panel = h.panel_port.device
    return horizontal_values(h.outlet_port, h.panel_port, panel.space or (panel.rack.space if panel.rack else None))


@rule("L102", "horizontal cable label that breaks the site's TIA-606 scheme", severity="warning",
      source=standards.TIA606_SOURCE,
      explanation="""
      The site declares its label scheme (`rules: {label_scheme: '{space}-{panel}{port:02}'}`, the
      TIA-606 horizontal link identifier fs-an). Each horizontal cable's label must be what the scheme
      gives for its panel port; the message says the label it should have. Fields: {space} (the
      panel's telecom space), {panel} (the last '-' part of the panel id), {panel_id}, {port} (the
      panel port number), {outlet}, {jack}, {floor}, {room}, {rack}.
      """,
      fails="""
      rules:
        label_scheme: '{space}-{panel}{port:02}'
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A2}
      """,
      passes="""
      rules:
        label_scheme: '{space}-{panel}{port:02}'
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
      """)
def scheme(ctx):
    for h in ctx.horizontals:
        c = h.cable
        pattern = ctx.settings(c.site).label_scheme
        if not pattern:
            continue
        want = format_label(pattern, label_values(ctx, h))
        if want is None or c.label == want:
            continue
        said = f"has label {c.label}" if c.label else "has no label"
        yield ctx.finding("L102", f"horizontal cable {c.id} ({ctx.ref(h.outlet_port)} to {ctx.ref(h.panel_port)}) {said}; "
                                  f"the site's scheme {pattern} gives {want}", c.mark, site=c.site,
                          ports=[h.outlet_port, h.panel_port], cables=[c], hint=f"label it {want}")
