"""``cabling plan SITE... PLAN``: allocate an expansion plan and show it as a diff against the site."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_cache_option, answer_key, load_or_report, report_input_error


def register(sub, groups) -> None:
    p = sub.add_parser("plan", help="allocate an expansion plan: outlets, panel and switch ports, labels",
                       description="Allocate a plan file (schemas/plan.schema.json) on the site: for each new outlet "
                                   "the telecom space within the permanent link over the pathways, a free panel port, "
                                   "a switch port with the PoE it needs, patch-cord lengths and labels in the site's "
                                   "scheme; what to add where capacity runs out, and why. Prints the change as a diff "
                                   "(+ new, ~ changed) and the findings the planned site would have. Exit 0 when every "
                                   "request is met with what the site has, 1 when something is proposed, unmet or "
                                   "found, 2 for unusable input.")
    p.add_argument("paths", nargs="+", metavar="SITE... PLAN", help="site files or folders, then the plan file")
    p.add_argument("--json", action="store_true", help="print the allocation as JSON")
    add_cache_option(p)
    p.set_defaults(func=run)


def planned(args, command: str):
    """(site paths, inventory, plan result) of ``SITE... PLAN``, or None once the problem is reported."""
    from ..diagnostics import InputError
    from ..planning.allocate import plan
    from ..planning.plan import read_plan

    if len(args.paths) < 2:
        print(f"cabling {command}: give the site file(s) and then the plan file", file=sys.stderr)
        return None
    *sites, plan_path = args.paths
    inv = load_or_report(sites)
    if inv is None:
        return None
    from .progress import phase

    try:
        the_plan = read_plan(plan_path)
        phase(f"planning {plan_path}: {len(the_plan.requests)} request(s)")
        return sites, inv, plan(inv, the_plan)
    except InputError as exc:
        report_input_error(exc)
        return None


def run(args) -> int:
    """Plan and print; the whole answer kept in the cache (:func:`answer`) once the site and the plan load."""
    if len(args.paths) < 2:
        print("cabling plan: give the site file(s) and then the plan file", file=sys.stderr)
        return EXIT_USAGE
    code, out, err = answer(args)
    sys.stderr.write(err)
    sys.stdout.write(out)
    return code


def answer(args) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of ``cabling plan``, kept in the cache
    (:func:`cabling.readers.cache.answer`) under the site files' contents and what they read, cabling's version,
    the plan file's content and what else shapes the text (``--json``, the tables' width, the folders the names are
    relative to): planning the same plan on unchanged files again costs reading it back."""
    from ..readers import cache

    *sites, plan_path = args.paths
    try:
        plan_digest = cache.digest(Path(plan_path).read_bytes())
    except OSError:
        return _answer(args)[0]  # said by the planner, every time
    what = answer_key(f"plan json={args.json} plan={plan_path}\0{plan_digest} tmp={tempfile.gettempdir()}")
    return cache.answer(sites, what, lambda: _answer(args))


def _answer(args):
    """((exit code, standard output, standard error), the site's inventory, or None when the answer must not be
    kept: an input error)."""
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        done = planned(args, "plan")
    if done is None:
        return (EXIT_USAGE, "", err.getvalue()), None
    sites, inv, result = done
    findings = planned_findings(sites, inv, result)
    if args.json:
        from ..analysis.sitediff import site_digest

        out = result.to_json()
        out["findings"] = findings
        out["site_digest"] = site_digest(sites)  # for the plan's site_digest: cabling apply checks it
        text = json.dumps(out, indent=1) + "\n"
    else:
        text = plan_text(result, findings) + "\n"
    return (EXIT_FINDINGS if (result.unmet or result.proposals or findings) else EXIT_OK, text, err.getvalue()), inv


def planned_findings(sites, inv, result) -> list[str]:
    """Findings of the planned site (site plus the plan's new devices and cables) that the site has not now.

    What the site has now is the fault report's (:func:`cabling.cli.faults.findings_of`, kept in the cache beside
    the site's inventory once a ``cabling faults`` or a plan scanned it)."""
    from ..readers.loader import load

    from .faults import findings_of
    from .progress import phase

    phase("checking the planned site for faults")
    before = {str(f) for f in findings_of(inv)}
    with tempfile.TemporaryDirectory(prefix="cabling-plan-") as tmp:
        frag = Path(tmp) / f"plan-{result.plan.id}.yaml"
        frag.write_text(json.dumps(result.site_fragment(), indent=1), encoding="utf-8")
        try:
            planned = load(list(sites) + [str(frag)])
        except Exception as exc:  # the planner made something the loader refuses: say so, do not hide it
            return [f"the planned site does not load: {str(exc).replace(str(frag), f'plan {result.plan.id}')}"]
        after = [str(x).replace(str(frag), f"plan {result.plan.id}") for x in findings_of(planned)]
    return [f for f in after if f not in before]


def plan_text(result, findings) -> str:
    from ..renderers.text import table

    p = result.plan
    t = result.totals()
    head = [f"Plan {p.id}" + (f": {p.title}" if p.title else "") + f" (site {result.site})"]
    who = [x for x in (f"requested by {p.requester}" if p.requester else None,
                       f"installed by {p.contractor}" if p.contractor else None, f"due {p.due}" if p.due else None) if x]
    if who:
        head.append(", ".join(who))
    metres = ", ".join(f"{m:g} m of {k}" for k, m in t["horizontal_m"].items()) or "no cable"
    head.append(f"{t['outlets']} outlets, {t['jacks']} jacks: {t['horizontal_cables']} horizontal cables ({metres}), "
                f"{t['patch_cords']} patch cords; {t['proposed']} addition(s) proposed; {t['changes']} change(s); "
                f"{t['unmet']} request item(s) unmet")
    if result.voice:
        head.append(f"{t['analog_extensions']} analog extension(s): {t['jumpers']} jumper(s) to punch")
    head.append(f"Labels: {result.label_scheme} ({result.label_scheme_from})")
    lines = head + ["", "Devices:"]
    for d in result.devices:
        where = (f"rack {d.rack} u {d.u:g}" if d.rack else f"room {d.room}" + (f" at [{d.at[0]:g}, {d.at[1]:g}]" if d.at else ""))
        extra = "".join([f", PoE budget {d.poe_budget_w:g} W" if d.poe_budget_w else "",
                         f", extension {d.extension}" if d.extension else "", "  (proposed)" if d.proposed else ""])
        lines.append(f"+ {d.id}  {d.role}  {d.model}  {where}{extra}")
    lines += ["", "Cables:"]
    for c in result.cables:
        size = "" if c.kind == "jumper" else f"  {c.type} {c.length:g} m"
        lines.append(f"+ {c.id}  {c.kind}  {c.a} - {c.b}{size}" + (f"  label {c.label}" if c.label else "")
                     + f"  ({c.status})")
    if result.changes:
        lines += ["", "Changes:"]
        for c in result.changes:
            lines.append(f"~ {c.what} {c.id}  {c.field}: {_v(c.old)} -> {_v(c.new)}  ({c.why})")
    if result.voice:
        lines += ["", "Analog extensions:"]
        rows = [{"extension": v.extension, "name": v.name, "jack": f"{v.outlet}:{v.jack}", "space": v.space,
                 "station_pair": v.station_pair, "riser_pairs": " > ".join(v.riser_pairs) or None,
                 "pbx_pair": v.pbx_pair, "pbx_port": v.pbx_port, "cable_m": v.length_m} for v in result.voice]
        lines.append(table(rows, ["extension", "name", "jack", "space", "station_pair", "riser_pairs", "pbx_pair",
                                  "pbx_port", "cable_m"]))
    if result.jacks or not result.voice:
        lines += ["", "Jacks:"]
    rows = [{"jack": f"{j.outlet}:{j.jack}", "space": j.space, "panel_port": j.panel_port, "switch_port": j.switch_port,
             "label": j.label, "route_m": j.run_m, "cable_m": j.length_m, "cord_m": j.cord_m,
             "poe": f"class {j.poe_class}" if j.poe_class is not None else None, "vlan": j.vlan,
             "services": ",".join(j.services) or "dark"} for j in result.jacks]
    if result.jacks or not result.voice:
        lines.append(table(rows, ["jack", "space", "panel_port", "switch_port", "label", "route_m", "cable_m", "cord_m",
                                  "poe", "vlan", "services"]))
    if result.proposals:
        lines += ["", "Proposed additions:"]
        for x in result.proposals:
            lines.append(f"  {x.what}" + (f" {x.device}" if x.device else "") + f" in {x.where}: {x.why}")
    if result.unmet:
        lines += ["", "Unmet:"]
        for u in result.unmet:
            lines.append(f"  {u.mark + ': ' if u.mark else ''}request {u.request}: {u.item}: {u.reason}")
    lines += ["", "Findings on the planned site:" if findings else "Findings on the planned site: none new"]
    lines += [f"  {f}" for f in findings]
    return "\n".join(lines)


def _v(x) -> str:
    return "-" if x is None else (f"[{', '.join(f'{v:g}' for v in x)}]" if isinstance(x, list) else str(x))
