"""Helpers for driving app.py with streamlit's AppTest (shared by the viewer tests and its benchmark)."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def app(timeout: float = 60) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=timeout)


def plan_spec(at: AppTest) -> dict:
    """The plotly figure the page shows, as the browser receives it."""
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def outlet_points(at: AppTest) -> list[tuple[int, int, dict]]:
    """(curve number, point number, trace) of every outlet marker on the plan."""
    out = []
    for n, t in enumerate(plan_spec(at)["data"]):
        if (t.get("meta") or {}).get("state"):
            out += [(n, i, t) for i in range(len(t.get("x") or ()))]
    return out


def click(at: AppTest, outlet: str) -> AppTest:
    """Click outlet ``outlet``'s marker: the selection event the browser sends for one point, then a rerun."""
    chart = at.get("plotly_chart")[0]
    for curve, i, t in outlet_points(at):
        if t["customdata"][i][0] == outlet:
            point = {"curve_number": curve, "point_number": i, "point_index": i, "x": t["x"][i], "y": t["y"][i],
                     "customdata": t["customdata"][i], "legendgroup": t.get("legendgroup")}
            break
    else:
        raise AssertionError(f"outlet {outlet} is not on the plan")
    states = at._tree.get_widget_states()  # every other widget keeps its value, as in the browser
    w = states.widgets.add()
    w.id = chart.proto.id
    w.string_value = json.dumps({"selection": {"points": [point], "point_indices": [i], "box": [], "lasso": []}})
    return at._run(states)


def trace_texts(at: AppTest) -> list[str]:
    return [c.value for c in at.code]
