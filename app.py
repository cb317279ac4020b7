"""cabling viewer: floor plans you can click, and the trace of any outlet, port, phone or label.

    streamlit run app.py                         # the bundled examples in sites/
    streamlit run app.py -- path/to/site.yaml    # your own site file(s) or folder

Thin on purpose: every figure and answer comes from the library (cabling.geometry.figure,
cabling.analysis.outletstate, cabling.telephony.find (over cabling.analysis.locate), cabling.analysis.trace, cabling.renderers.text). The URL carries site, floor
and traced port, so a link shows the same view.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import shlex
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from cabling.analysis.capacity import BY, capacity_report
from cabling.analysis.capacity import DARK as DARK_JACK
from cabling.analysis.locate import first_port
from cabling.analysis.outletstate import MEANING, STATES, jacks, outlet_states
from cabling.analysis.trace import trace
from cabling.diagnostics import InputError
from cabling.geometry import network
from cabling.geometry.figure import floor_figure
from cabling.geometry.layout import floors_with_geometry
from cabling.geometry.planmap import PlanMap, plan_map
from cabling.geometry.tracemap import trace_map
from cabling.model import Inventory
from cabling.planning import sheets, workorders
from cabling.planning.allocate import PlanResult, plan
from cabling.planning.plan import read_plan
from cabling.readers.loader import is_site_file, load, resolve_ref, site_files
from cabling.renderers.charts import jacks_chart, poe_chart, ports_chart
from cabling.renderers.text import trace_text
from cabling.telephony.find import find

FAULTS = importlib.util.find_spec("cabling.faults") is not None  # the faults catalogue, where installed
HERE = Path(__file__).resolve().parent
EXAMPLES = HERE / "sites"
PLANS = EXAMPLES / "plans"
MAX_UPLOAD_MB = 10
UPLOAD = "Upload a site file\u2026"
UPLOAD_PLAN = "Upload a plan file\u2026"


@dataclass(frozen=True)
class Loaded:
    inv: Inventory | None
    errors: tuple[str, ...]  # the loader's messages, file:line:col first
    summary: str = ""


def command_line_paths() -> list[str]:
    """Paths given after ``--`` to ``streamlit run app.py`` (none when run any other way, e.g. by AppTest)."""
    try:
        is_us = Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    except (IndexError, OSError):
        return []
    return sys.argv[1:] if is_us else []


def examples() -> dict[str, Path]:
    """Bundled example name (file stem) -> path, the three-floor branch first."""
    found = {p.stem: p for p in sorted(EXAMPLES.glob("*.yaml")) if is_site_file(p)}
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != "branch", kv[0])))


def digest_of(paths: list[str]) -> str:
    h = hashlib.sha256()
    for f in site_files(paths):
        h.update(str(f).encode())
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
    return h.hexdigest()


def _load(paths: list[str], shown_as: dict[str, str] | None = None) -> Loaded:
    try:
        return _ready(Loaded(load(paths), ()))
    except InputError as exc:
        lines = [str(d) for d in exc.diagnostics]
        for real, name in (shown_as or {}).items():
            lines = [line.replace(real, name) for line in lines]
        return Loaded(None, tuple(lines), exc.summary())


@st.cache_resource(max_entries=16, show_spinner="Loading the site\u2026")
def load_paths(digest: str, paths: tuple[str, ...]) -> Loaded:
    """The site at ``paths``, cached by the content of its files (``digest``)."""
    return _load(list(paths))


def _ready(loaded: Loaded) -> Loaded:
    """Build each site's pathway network now, so that the first click does not wait for it."""
    if loaded.inv is not None:
        for site in loaded.inv.sites.values():
            network(loaded.inv, site)
    return loaded


@contextlib.contextmanager
def uploaded(name: str, data: bytes):
    """(path, name shown) of an uploaded file, written only into a fresh temporary folder that is removed after."""
    with tempfile.TemporaryDirectory(prefix="cabling-upload-") as tmp:
        safe = Path(name.replace("\\", "/")).name.strip() or "upload.yaml"
        if safe in (".", ".."):
            safe = "upload.yaml"
        path = Path(tmp) / safe
        path.write_bytes(data)
        yield path, safe


@st.cache_resource(max_entries=8, show_spinner="Loading the uploaded file\u2026")
def load_upload(digest: str, name: str, _data: bytes) -> Loaded:
    """An uploaded site file, cached by its content (``digest``); errors name the file as uploaded."""
    with uploaded(name, _data) as (path, safe):
        return _load([str(path)], {str(path): safe})


def too_big(up, instead: str) -> bool:
    """An uploaded file over the limit is refused in the page, saying what to do ``instead``."""
    size = len(up.getvalue())
    if size <= MAX_UPLOAD_MB * 1024 * 1024:
        return False
    st.error(f"{up.name} is {size / 1024 / 1024:.1f} MB; the viewer takes files of at most {MAX_UPLOAD_MB} MB "
             f"({instead})")
    return True


@st.cache_resource(max_entries=64)
def floor_states(digest: str, site_id: str, floor_id: str, _inv: Inventory) -> dict:
    """Outlet id -> state for one floor (cached per site content and floor)."""
    site = _inv.sites[site_id]
    return outlet_states(_inv, [d for d in site.devices.values()
                                if d.room is not None and d.room.floor is not None and d.room.floor.id == floor_id])


# ---------------------------------------------------------------- state kept in the session and the URL
def restore_from_url() -> None:
    """On a session's first run, take site, floor, port and plan from the URL."""
    ss = st.session_state
    if ss.get("_restored"):
        return
    ss["_restored"] = True
    qp = st.query_params
    for key, state_key in (("site", "site_choice"), ("floor", "floor"), ("port", "port"), ("in", "site_id")):
        if qp.get(key):
            ss[state_key] = qp[key]
    if qp.get("plan"):  # a bundled plan: the planning view opens on it
        ss["plan_choice"] = qp["plan"]
        ss["tab"] = "Planning"


def write_url(values: dict[str, str | None]) -> None:
    want = {k: v for k, v in values.items() if v}
    if dict(st.query_params) != want:
        st.query_params.from_dict(want)


def select_port(inv: Inventory, ref: str, floors: list[str]) -> None:
    """Trace ``ref`` and show the floor its route starts on."""
    st.session_state["port"] = ref
    port, _ = resolve_ref(inv, ref)
    if port is not None:
        floor = trace_map(inv, port, trace(port)).floor
        if floor in floors:
            st.session_state["floor"] = floor


def on_pick() -> None:
    """A click on the plan: trace the jack the outlet marker names."""
    event = st.session_state.get("plan")
    points = (event or {}).get("selection", {}).get("points", [])
    for p in points:
        data = p.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) >= 2 and data[1]:
            st.session_state["port"] = data[1]
            return


# ---------------------------------------------------------------- the page
def choose_site(box) -> tuple[Loaded | None, str, str | None, str]:
    """(loaded site, name shown, URL value or None for an upload, content digest)."""
    given = command_line_paths()
    options = [*given, *examples(), UPLOAD]
    labels = {**{g: f"{g} (command line)" for g in given}, **{e: f"{e} (bundled example)" for e in examples()}}
    if st.session_state.get("site_choice") not in options:
        st.session_state["site_choice"] = options[0]
    choice = box.selectbox("Site", options, key="site_choice", format_func=lambda o: labels.get(o, o))
    if choice == UPLOAD:
        up = box.file_uploader(f"Site file (YAML, at most {MAX_UPLOAD_MB} MB)", type=["yaml", "yml"],
                                      key="upload")
        if up is None:
            return None, "", None, ""
        data = up.getvalue()
        if too_big(up, "load larger sites from the command line: streamlit run app.py -- FILE"):
            return None, up.name, None, ""
        digest = hashlib.sha256(data).hexdigest()
        st.session_state["_site_source"] = (up.name, data)
        return load_upload(digest, up.name, data), up.name, None, digest
    path = str(examples()[choice]) if choice in examples() else choice
    st.session_state["_site_source"] = (path, None)
    digest = digest_of([path])
    return load_paths(digest, (path,)), choice, choice, digest


def show_errors(name: str, loaded: Loaded) -> None:
    st.error(f"{name} cannot be loaded: {loaded.summary}. Fix these lines and load it again.")
    st.code("\n".join(loaded.errors), language=None)


def _shown_path(path: str) -> str:
    """``path`` as a user in the folder the viewer was started from would type it."""
    with contextlib.suppress(ValueError):
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    return path


def trace_panel(inv: Inventory, ref: str | None, floor: str | None, tm) -> None:
    if not ref:
        st.info("Click an outlet on the plan, or search for an outlet, port, phone, device or label, "
                "to see where its cable goes.")
        # the same answer from a terminal; also, a code block on the page from the start means the browser has
        # streamlit's code renderer before the first click (fetching it at the click made that click take ~1 s)
        source = st.session_state.get("_site_source")
        st.code(f"cabling trace {shlex.quote(_shown_path(source[0])) if source else 'SITE.yaml'} DEVICE:PORT",
                language=None)
        return
    port, problem = resolve_ref(inv, ref)
    if port is None:
        st.warning(f"{ref}: {problem}")
        return
    dev = getattr(port, "device", None)
    if dev is not None and dev.role in ("outlet", "consolidation-point") and len(jacks(dev)) > 1:
        refs = [inv.ref(j) for j in jacks(dev)]
        pick = st.radio("Jack", refs, index=refs.index(inv.ref(port)) if inv.ref(port) in refs else 0,
                        horizontal=True, key=f"jack-{inv.ref(port)}")
        if pick != inv.ref(port):
            st.session_state["port"] = pick
            st.rerun()
    st.subheader(f"Trace of {inv.ref(port)}")
    for r in tm.routes:
        how = f"estimated ({r.note})" if r.estimated else "along " + " \u2192 ".join(r.pathways)
        st.markdown(f"**Route of {r.cable}**: {r.length_m:.1f} m of cable ({r.run_m:.1f} m run + {r.slack_m:g} m "
                    f"service loops), outlet {r.outlet} to rack {r.rack}, {how}")
    for end in tm.far_ends:
        where = end.place.words() if end.place is not None else "a circuit"
        other = " \u2014 **on another floor**" if end.place is not None and end.place.floor != floor else ""
        st.markdown(f"Far end ({'along its cable' if end.direction == 'cable' else 'through the device'}): "
                    f"`{end.ref}`, {where}{other}")
    st.code(trace_text(inv, port, trace(port)), language=None)


def plan_tab(inv: Inventory, site, floor: str | None, digest: str, ref: str | None, tm) -> None:
    plan_col, side = st.columns([11, 9], gap="medium")
    # the trace first: the browser shows each element as it arrives, and drawing the plan (plotly, a
    # few tenths of a second on a floor of hundreds of outlets) would hold back a trace sent after it
    with side:
        trace_panel(inv, ref, floor, tm)
    with plan_col:
        if floor is None:
            st.info(f"{site.name or site.id} has no floor with an outline, rooms or placed devices to draw.")
        else:
            states = floor_states(digest, site.id, floor, inv)
            fig = floor_figure(inv, site, floor, states=states, focus=tm,
                               selected=tm.outlets[0] if tm is not None and tm.outlets else None)
            st.plotly_chart(fig, key="plan", on_select=on_pick, selection_mode="points",
                            config={"scrollZoom": True, "displaylogo": False})
            st.caption(" \u00b7 ".join(f"**{s}**: {MEANING[s]}" for s in STATES))


@st.cache_resource(max_entries=8, show_spinner="Counting free ports\u2026")
def capacity_of(digest: str, _inv: Inventory):
    return capacity_report(_inv)


def on_locate(key: str) -> None:
    """A row clicked in a table of ports: trace it on the plan (or, with no port, show its floor)."""
    ss = st.session_state
    event = ss.get(key)
    rows = (event or {}).get("selection", {}).get("rows", [])
    refs = ss.get(f"_refs-{key}") or []
    floors = ss.get(f"_floors-{key}") or []
    if not rows or rows[0] >= len(refs):
        return
    if refs[rows[0]]:
        ss["_locate"] = refs[rows[0]]
    elif rows[0] < len(floors) and floors[rows[0]]:
        ss["floor"] = floors[rows[0]]
    else:
        return
    ss["tab"] = "Plan"


def port_table(rows: list[dict], refs: list[str | None], key: str, floors: list[str | None] | None = None) -> None:
    """A table whose rows each name a port (or a floor); a click on a row traces that port on the plan."""
    st.session_state[f"_refs-{key}"] = refs
    st.session_state[f"_floors-{key}"] = floors or []
    st.dataframe(rows, key=key, on_select=lambda: on_locate(key), selection_mode="single-row", hide_index=True)


def capacity_tab(inv: Inventory, site, digest: str) -> None:
    report = capacity_of(digest, inv)
    by = st.segmented_control("Totals by", list(BY), default="space", key="cap_by") or "space"
    rows = [r for r in report.rows(by)]
    st.dataframe([{by: r.key, "name": r.name, "switch ports": r.switch_ports, "free": r.switch_free,
                   "free PoE": r.poe_free, "PoE left (W)": r.poe_remaining_w, "panel ports": r.panel_ports,
                   "panel free": r.panel_free, "panel dark": r.panel_dark, "jacks": r.jacks,
                   "in use": r.jacks_in_use, "live": r.jacks_live, "dark": r.jacks_dark, "empty": r.jacks_empty,
                   "jacks used %": r.jacks_used_pct} for r in rows], hide_index=True)
    left, right = st.columns(2)
    left.plotly_chart(jacks_chart(report, by), key="cap_jacks")
    right.plotly_chart(ports_chart(report, by), key="cap_ports")
    st.plotly_chart(poe_chart(report), key="cap_poe")
    st.markdown("**Switches**: free ports and PoE headroom")
    st.dataframe([{"switch": inv.device_ref(s.device), "space": s.device.space.id if s.device.space else None,
                   "ports": s.ports, "free": len(s.free), "free PoE": len(s.free_poe), "PoE budget (W)": s.budget_w,
                   "PoE left (W)": s.remaining_w} for s in report.switches if s.device.site is site], hide_index=True)
    dark = [j for j in report.jacks if j.state == DARK_JACK and j.port.device.site is site]
    st.markdown(f"**Dark jacks** ({len(dark)}): cabled to a panel, not patched, ready with one patch cord. "
                "Click one to find it on the plan.")
    port_table([{"jack": inv.ref(j.port), "room": j.port.device.room.id if j.port.device.room else None,
                 "space": j.space.id if j.space else None, "why": j.why} for j in dark],
               [inv.ref(j.port) for j in dark], "dark_jacks")


@st.cache_resource(max_entries=8, show_spinner="Checking the rules\u2026")
def faults_of(digest: str, _inv: Inventory) -> list:
    from cabling.faults import scan

    return scan(_inv)


def faults_tab(inv: Inventory, site, digest: str) -> None:
    from cabling.faults.catalogue import get as rule_of

    findings = [f for f in faults_of(digest, inv) if f.site in (None, site.id)]
    family = {f.rule: (r.family if (r := rule_of(f.rule)) is not None else "other") for f in findings}
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")}
    cols = st.columns(3)
    for col, (sev, n) in zip(cols, counts.items()):
        col.metric("info" if sev == "info" else f"{sev}s", n)
    left, right = st.columns([1, 2])
    with left:
        shown = st.segmented_control("Severity", list(counts), default=list(counts), selection_mode="multi",
                                     key="fault_sev") or []
    families = sorted(set(family.values()))
    with right:
        picked = st.multiselect("Family", families, key="fault_family", placeholder="every family")
    findings = [f for f in findings if f.severity in shown and (not picked or family[f.rule] in picked)]
    ports = [first_port(inv, f.ports, f.cables, f.devices, site) for f in findings]
    st.markdown(f"**{len(findings)} findings** (`cabling faults`). Click one to find it on the plan.")
    port_table([{"severity": f.severity, "rule": f.rule, "family": family[f.rule], "message": shown_path(f.message),
                 "where": shown_path(f.where) or None, "floor": f.floor} for f in findings],
               [inv.ref(p) if p is not None else None for p in ports], "faults", [f.floor for f in findings])


def shown_path(text: str) -> str:
    """Paths of the bundled examples as the repository names them (``sites/faulty.yaml:62:10``)."""
    return text.replace(f"{HERE}/", "")


# ---------------------------------------------------------------- the planning view
@dataclass(frozen=True)
class Planned:
    result: PlanResult | None
    pmap: PlanMap | None
    errors: tuple[str, ...]  # file:line:col first
    summary: str = ""
    digest: str = ""  # of the plan file's content


def bundled_plans(site_id: str) -> dict[str, Path]:
    """Bundled plan name (file stem) -> path, of the plans in sites/plans/ made for site ``site_id``."""
    out = {}
    for p in sorted(PLANS.glob("*.yaml")):
        try:
            if read_plan(p).site in (None, site_id):
                out[p.stem] = p
        except InputError:
            continue  # a broken bundled plan is not offered; the tests keep them whole
    return out


@st.cache_resource(max_entries=8, show_spinner="Allocating the plan\u2026")
def planned(site_digest: str, plan_digest: str, plan_name: str, _inv: Inventory, _path: str, _shown: str) -> Planned:
    """The plan in file ``_path`` (named ``_shown`` in messages) allocated on the site, cached by both contents."""
    try:
        result = plan(_inv, read_plan(_path))
    except InputError as exc:
        lines = tuple(shown_path(str(d).replace(_path, _shown)) for d in exc.diagnostics)
        return Planned(None, None, lines, exc.summary(), plan_digest)
    # the unmet items name the file as the user knows it (an upload's temporary folder is gone)
    result.unmet = [replace(u, mark=shown_path(u.mark.replace(_path, _shown))) if u.mark else u for u in result.unmet]
    return Planned(result, plan_map(_inv, result), (), "", plan_digest)


@st.cache_resource(max_entries=8, show_spinner="Writing the work orders\u2026")
def work_order_files(site_digest: str, plan_digest: str, _inv: Inventory, _result: PlanResult) -> dict[str, bytes]:
    """File name -> bytes of the work orders: the XLSX workbook and the CSV files zipped."""
    wo = workorders.work_orders(_inv, _result)
    stem = workorders.file_stem(wo)
    return {f"{stem}-workorders.xlsx": workorders.to_xlsx(wo), f"{stem}-workorders-csv.zip": workorders.to_csv_zip(wo)}


@contextlib.contextmanager
def site_paths(source: tuple[str, bytes | None]):
    """The site's file paths: as given, or an uploaded file's copy in a temporary folder."""
    name, data = source
    if data is None:
        yield [name]
    else:
        with uploaded(name, data) as (path, _shown):
            yield [str(path)]


@st.cache_resource(max_entries=8, show_spinner="Drawing the floor-plan sheets\u2026")
def printable(site_digest: str, plan_digest: str, paper: str, _inv: Inventory, _result: PlanResult,
              _source: tuple) -> dict[str, str]:
    """The printable work orders and label sheets as HTML (``cabling.planning.sheets``), floor-plan sheets included."""
    with site_paths(_source) as paths:
        return sheets.printed(_inv, paths, _result, workorders.work_orders(_inv, _result), paper).html


@st.cache_resource(max_entries=8, show_spinner="Rendering the PDF\u2026")
def as_pdf(digest: str, _html: str) -> bytes:
    return sheets.pdf(_html)


def printed_downloads(inv: Inventory, r: PlanResult, site_digest: str, plan_digest: str) -> None:
    """HTML at once; the PDFs (several seconds to render) when asked for, then kept."""
    ss = st.session_state
    paper = st.segmented_control("Paper", ["a4", "letter"], default="a4", key="plan_paper",
                                 format_func=lambda x: "A4" if x == "a4" else "Letter") or "a4"
    docs = printable(site_digest, plan_digest, paper, inv, r, ss.get("_site_source"))
    want = (site_digest, plan_digest, paper)
    if ss.get("_want_pdf") != want:
        st.button("Make the PDFs (work orders and label sheets)", key="make_pdf",
                  on_click=lambda: ss.update(_want_pdf=want))
    for name, html in docs.items():
        if ss.get("_want_pdf") == want:
            try:
                data = as_pdf(hashlib.sha256(html.encode()).hexdigest(), html)
            except (ImportError, OSError) as exc:  # weasyprint or its system libraries (pango) missing
                st.warning(f"No PDF here: it needs weasyprint and pango ({exc}); the HTML prints the same.")
                ss.pop("_want_pdf", None)
            else:
                pdf_name = name.removesuffix(".html") + ".pdf"
                st.download_button(f"Download {pdf_name}", data, file_name=pdf_name, key=f"dl-pdf-{name}",
                                   on_click="ignore", mime="application/pdf")
        st.download_button(f"Download {name}", html.encode("utf-8"), file_name=name, key=f"dl-html-{name}",
                           on_click="ignore", mime="text/html")


def choose_plan(inv: Inventory, site, site_digest: str) -> Planned | None:
    ss = st.session_state
    plans = bundled_plans(site.id)
    options = [None, *plans, UPLOAD_PLAN]
    if ss.get("plan_choice") not in options:
        ss["plan_choice"] = None
    choice = st.columns([2, 3])[0].selectbox("Plan", options, key="plan_choice",
                          format_func=lambda o: "choose a plan\u2026" if o is None
                          else o if o == UPLOAD_PLAN else f"{o} (bundled plan)")
    if choice is None:
        st.info("Choose a plan to see its new outlets and routes on the plan, the jacks it allocates, what it "
                f"proposes, and its work orders. Bundled plans for {site.id}: {', '.join(plans) or 'none'}.")
        return None
    if choice == UPLOAD_PLAN:
        up = st.file_uploader(f"Plan file (YAML, at most {MAX_UPLOAD_MB} MB)", type=["yaml", "yml"], key="plan_upload")
        if up is None or too_big(up, "plan it from the command line: cabling plan SITE PLAN"):
            return None
        data = up.getvalue()
        with uploaded(up.name, data) as (path, shown):
            return planned(site_digest, hashlib.sha256(data).hexdigest(), shown, inv, str(path), shown)
    path = plans[choice]
    return planned(site_digest, hashlib.sha256(path.read_bytes()).hexdigest(), choice, inv, str(path), str(path))


def on_plan_pick() -> None:
    """A click on the planning figure: the outlet whose jacks the table shows."""
    points = (st.session_state.get("plan_view") or {}).get("selection", {}).get("points", [])
    for p in points:
        data = p.get("customdata")
        if isinstance(data, (list, tuple)) and data and data[0]:
            st.session_state["plan_pick"] = data[0]
            return


def as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value) + "]"
    return "" if value is None else str(value)


def planning_tab(inv: Inventory, site, floor: str | None, digest: str) -> None:
    done = choose_plan(inv, site, digest)
    if done is None:
        return
    if done.result is None:
        st.error(f"The plan cannot be used: {done.summary}. Fix these lines and load it again.")
        st.code("\n".join(done.errors), language=None)
        return
    r, pm = done.result, done.pmap
    p, t = r.plan, r.totals()
    metres = ", ".join(f"{m:,.1f} m of {k}" for k, m in t["horizontal_m"].items()) or "no cable"
    st.markdown(f"**Plan {p.id}**" + (f": {p.title}" if p.title else "") + f" (site {r.site})"
                + "".join(f" \u00b7 {w}" for w in (p.requester and f"requested by {p.requester}",
                                                    p.contractor and f"installed by {p.contractor}",
                                                    p.due and f"due {p.due}") if w))
    st.markdown(f"{t['outlets']} outlets, **{t['jacks']} jacks**: {t['horizontal_cables']} horizontal cables "
                f"({metres}), {t['patch_cords']} patch cords; {t['proposed']} addition(s) proposed; "
                f"{t['changes']} change(s); {t['unmet']} request item(s) unmet. Labels: {r.label_scheme}.")
    plan_col, side = st.columns([11, 9], gap="medium")
    with plan_col:
        if pm.floors:
            buttons = st.columns(len(pm.floors))
            for col, f in zip(buttons, pm.floors):
                label = f"floor {f} \u00b7 {len(pm.points_on(f))} marked \u00b7 {len(pm.routes_on(f))} cables"
                col.button(label, key=f"pf-{f}", type="primary" if f == floor else "secondary",
                           on_click=lambda f=f: st.session_state.update(floor=f))
        if floor is None:
            st.info(f"{site.name or site.id} has no floor to draw.")
        else:
            fig = floor_figure(inv, site, floor, states=floor_states(digest, site.id, floor, inv), plan=pm)
            st.plotly_chart(fig, key="plan_view", on_select=on_plan_pick, selection_mode="points",
                            config={"scrollZoom": True, "displaylogo": False})
            st.caption("Teal: what the plan adds (diamonds are new outlets, hexagons new end devices, a star a "
                       "dark jack brought live, a triangle a moved outlet); the teal lines are the routes of the new "
                       "cables. Click a planned outlet to see its jacks.")
    with side:
        st.markdown("**Work orders**: tasks per telecom space and floor, the network team's note, bill of materials, "
                    "labels and acceptance checklist")
        files = work_order_files(digest, done.digest, inv, r)
        for name, data in files.items():
            kind = name.rsplit(".", 1)[-1]
            st.download_button(f"Download {name}", data, file_name=name, key=f"dl-{kind}", on_click="ignore",
                               mime={"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     "zip": "application/zip"}.get(kind))
        printed_downloads(inv, r, digest, done.digest)
        plain = r.to_json()
        if r.unmet:
            st.error(f"**{len(r.unmet)} unmet**: not in the work orders")
            st.dataframe(plain["unmet"], hide_index=True, key="plan_unmet")
        else:
            st.success("Every request is met.")
        if r.proposals:
            st.warning(f"**{len(r.proposals)} proposed additions**: capacity ran out")
            st.dataframe(plain["proposals"], hide_index=True, key="plan_proposals")
        if r.changes:
            st.markdown(f"**Changes to the site** ({len(r.changes)})")
            st.dataframe([{**c, "old": as_text(c["old"]), "new": as_text(c["new"])} for c in plain["changes"]],
                         hide_index=True, key="plan_changes")
    picked = st.session_state.get("plan_pick")
    rows = [j for j in plain["jacks"] if j["outlet"] == picked] if picked else []
    if rows:
        head, reset = st.columns([4, 1])
        head.markdown(f"**Allocated jacks of {picked}** ({len(rows)} of {len(r.jacks)}; clicked on the plan)")
        reset.button("Show every jack", key="plan_all", on_click=lambda: st.session_state.pop("plan_pick", None))
    else:
        rows = plain["jacks"]
        st.markdown(f"**Allocated jacks** ({len(r.jacks)}); click a planned outlet to see its own")
    st.dataframe(rows, hide_index=True, key="plan_jacks",
                 column_order=["outlet", "jack", "room", "floor", "space", "panel_port", "switch_port", "label",
                               "services", "poe_class", "vlan", "voice_vlan", "run_m", "length_m", "cord_m", "cable",
                               "cord", "pathways", "estimated"])
    if plain.get("voice"):
        st.markdown(f"**Analog extensions** ({len(plain['voice'])}): station pair, PBX port, riser pairs and jumpers")
        st.dataframe(plain["voice"], hide_index=True, key="plan_voice")
    with st.expander(f"New devices ({len(r.devices)}) and cables ({len(r.cables)})"):
        st.dataframe(plain["devices"], hide_index=True, key="plan_devices")
        st.dataframe(plain["cables"], hide_index=True, key="plan_cables")


def search(inv: Inventory, site, floors: list[str], box) -> None:
    """The search box: one match is traced at once, several are offered in a pick list."""
    ss = st.session_state
    query = box.text_input("Find an outlet, port, phone, device, label, extension or phone number", key="query",
                                  placeholder="2A-017, SW-1A-1:Gi1/0/7, PH-1A-005, 1A-A07, 214, 0113 496 0101")
    if query and ss.get("_query_done") != query:
        ss["_query_done"] = query
        matches = [m for m in find(inv, query) if m.port is not None]
        ss["_matches"] = [(m.note, inv.ref(m.port)) for m in matches]
        if matches and all(m.kind == "outlet" for m in matches) and len({m.name for m in matches}) == 1:
            ss["_matches"] = ss["_matches"][:1]  # one outlet: its first jack, the others a click away
        if len(ss["_matches"]) == 1:
            select_port(inv, inv.ref(matches[0].port), floors)
    elif not query:
        ss["_matches"] = []
        ss.pop("_query_done", None)
    matches = ss.get("_matches") or []
    if query and not matches:
        box.warning(f"nothing called '{query}' in {site.name or site.id}")
    elif len(matches) > 1:
        notes = [n for n, _ in matches]
        pick = box.selectbox(f"{len(matches)} matches", [None, *notes], key=f"pick-{query}",
                                    format_func=lambda n: "choose one\u2026" if n is None else n)
        if pick is not None and ss.get(f"_picked-{query}") != pick:
            ss[f"_picked-{query}"] = pick
            select_port(inv, dict(matches)[pick], floors)



def main() -> None:
    st.set_page_config(page_title="cabling viewer", layout="wide", initial_sidebar_state="collapsed")
    # the trace is the CLI's fixed-column text: a smaller font keeps its lines whole beside the plan
    st.html("<style>[data-testid='stCode'] pre code {font-size: 0.74rem; line-height: 1.35}</style>")
    restore_from_url()
    site_box, floor_box, find_box = st.columns([3, 2, 4])
    loaded, name, url_site, digest = choose_site(site_box)
    if loaded is None:
        st.info("Choose a site file to upload.")
        return
    if loaded.inv is None:
        show_errors(name, loaded)
        write_url({"site": url_site})
        return
    inv = loaded.inv
    ss = st.session_state
    site_ids = list(inv.sites)
    if ss.get("site_id") not in site_ids:
        ss["site_id"] = site_ids[0]
    if len(site_ids) > 1:
        site_box.selectbox("Site in the files", site_ids, key="site_id")
    site = inv.sites[ss["site_id"]]
    if ss.get("_shown") not in (None, (name, site.id)):
        ss.pop("port", None)  # another site: nothing is traced yet
    ss["_shown"] = (name, site.id)
    floors = floors_with_geometry(site)

    search(inv, site, floors, find_box)
    pending = ss.pop("_locate", None)  # a row clicked in the capacity or faults tab
    if pending:
        select_port(inv, pending, floors)

    floor = None
    if floors:
        if ss.get("floor") not in floors:
            ss["floor"] = floors[0]
        names = {fid: f"{fid} \u2013 {site.floors[fid].name}" if site.floors[fid].name else fid for fid in floors}
        floor = floor_box.selectbox("Floor", floors, key="floor", format_func=names.get)

    ref = ss.get("port")
    port = resolve_ref(inv, ref)[0] if ref else None
    tm = trace_map(inv, port, trace(port)) if port is not None else None
    names = ["Plan", "Capacity"] + (["Faults"] if FAULTS else []) + ["Planning"]
    if ss.get("tab") not in names:
        ss["tab"] = "Plan"
    tabs = st.tabs(names, key="tab", on_change="rerun")
    with tabs[0]:
        if tabs[0].open is not False:
            plan_tab(inv, site, floor, digest, ref, tm)
    with tabs[1]:
        if tabs[1].open:
            capacity_tab(inv, site, digest)
    if FAULTS:
        with tabs[2]:
            if tabs[2].open:
                faults_tab(inv, site, digest)
    with tabs[-1]:
        if tabs[-1].open:
            planning_tab(inv, site, floor, digest)
    shown_plan = ss.get("plan_choice") if ss.get("tab") == "Planning" and ss.get("plan_choice") != UPLOAD_PLAN else None
    write_url({"site": url_site, "in": ss["site_id"] if len(site_ids) > 1 else None, "floor": floor, "port": ref,
               "plan": shown_plan})

main()
