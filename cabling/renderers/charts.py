"""Plotly charts of the capacity report (:mod:`cabling.analysis.capacity`), as the viewer's Capacity tab shows them.

* :func:`jacks_chart`: outlet jacks per group (telecom space, floor, room or device) by state;
* :func:`ports_chart`: switch and panel ports per group, used, free and (panels) dark;
* :func:`poe_chart`: each switch's PoE budget, drawn and left, in watts.

Pure: each returns a figure built from the report alone.
"""
from __future__ import annotations

import plotly.graph_objects as go

from ..analysis.capacity import CapacityReport, CapacityRow
from ..geometry.figure import STATE_STYLE

JACK_BARS = (  # (row field, legend, colour): the plan's colours for the same states
    ("jacks_in_use", "in use", STATE_STYLE["active"][0]),
    ("jacks_live", "live, free", STATE_STYLE["free"][0]),
    ("jacks_dark", "dark (one patch cord away)", STATE_STYLE["dark"][0]),
    ("jacks_empty", "empty (no cable)", "#bdbdbd"),
    ("jacks_other", "planned or faulty", STATE_STYLE["faulty"][0]),
)


def _label(r: CapacityRow) -> str:
    if r.key is None:
        return "(not placed)"
    return f"{r.key} ({r.name})" if r.name and r.by != "device" else r.key


def _layout(title: str, yaxis: str, stacked: bool = True) -> dict:
    return dict(title=dict(text=title, x=0.01, font=dict(size=14)), barmode="stack" if stacked else "group",
                yaxis=dict(title=yaxis), height=340, margin=dict(l=50, r=10, t=40, b=40),
                legend=dict(orientation="h", y=-0.2), plot_bgcolor="white")


def jacks_chart(report: CapacityReport, by: str = "space") -> go.Figure:
    rows = [r for r in report.rows(by) if r.key != "(total)" and r.jacks]
    x = [_label(r) for r in rows]
    bars = [go.Bar(name=name, x=x, y=[getattr(r, f) for r in rows], marker_color=colour)
            for f, name, colour in JACK_BARS]
    return go.Figure(bars, _layout(f"Outlet jacks per {by}", "jacks"))


def ports_chart(report: CapacityReport, by: str = "space") -> go.Figure:
    rows = [r for r in report.rows(by) if r.key != "(total)" and (r.switch_ports or r.panel_ports)]
    x = [_label(r) for r in rows]
    series = [
        ("switch ports used", [r.switch_ports - r.switch_free for r in rows], "#455a64", "switch"),
        ("switch ports free", [r.switch_free for r in rows], "#90caf9", "switch"),
        ("panel ports used", [r.panel_ports - r.panel_free - r.panel_dark for r in rows], "#6d4c41", "panel"),
        ("panel ports dark", [r.panel_dark for r in rows], "#bcaaa4", "panel"),
        ("panel ports free", [r.panel_free for r in rows], "#ffe0b2", "panel"),
    ]
    bars = [go.Bar(name=name, x=x, y=y, marker_color=colour, offsetgroup=group) for name, y, colour, group in series]
    return go.Figure(bars, _layout(f"Switch and panel ports per {by}", "ports"))


def poe_chart(report: CapacityReport) -> go.Figure:
    inv = report.inventory
    sw = [s for s in report.switches if s.budget_w is not None]
    x = [inv.device_ref(s.device) for s in sw]
    drawn = [round(min(s.budget_w, s.budget_w - s.remaining_w), 1) for s in sw]  # within the budget
    left = [max(s.remaining_w, 0) for s in sw]
    over = [max(-s.remaining_w, 0) for s in sw]
    bars = [go.Bar(name="drawn (W)", x=x, y=drawn, marker_color="#ef6c00"),
            go.Bar(name="left (W)", x=x, y=left, marker_color="#a5d6a7")]
    if any(over):
        bars.append(go.Bar(name="over budget (W)", x=x, y=over, marker_color="#c62828"))
    return go.Figure(bars, _layout("PoE budget per switch", "watts"))
