"""The ``cabling`` command line, run as a user runs it, on a generated site.

Layout of ``cabling generate --layout building --outlets 100`` (cabling/writers/synthetic.py): one floor,
telecom space 1A; outlets 1A-001..1A-100 in groups of 48, group k (0-based)
on panel PP-1A-<A+k> and switch SW-1A-<k+1>; outlet n of its group is wired
(cable H-1A-nnn, random length) to panel rear R<n>, whose front <n> is patched
(PC-1A-nnn, 1.5 m) to Gi1/0/<n>; the first half of each group has an IP phone
PH-1A-nnn on jack 1 (WA-1A-nnn, 3 m).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

OUTLETS, SEED = 100, 3
PER_PANEL = 48
KINDS = {"interface", "front", "rear", "console", "console-server", "power", "power-outlet"}
SECTIONS = {
    "interfaces": "interface", "front-ports": "front", "rear-ports": "rear", "console-ports": "console",
    "console-server-ports": "console-server", "power-ports": "power", "power-outlets": "power-outlet",
}
ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "cabling" / "catalogue"


def cabling(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cabling.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr, r.stderr
    assert "Traceback" not in r.stdout, r.stdout


def layout(n: int, outlets: int = OUTLETS) -> dict:
    """Where outlet n (floor 1) is wired, from the generator's layout."""
    k, pos = divmod(n - 1, PER_PANEL)
    pos += 1
    group = min(PER_PANEL, outlets - k * PER_PANEL)
    return {
        "outlet": f"1A-{n:03d}", "panel": f"PP-1A-{'ABCDEFGHIJ'[k]}", "rear": f"R{pos}", "front": str(pos),
        "switch": f"SW-1A-{k + 1}", "switch_port": f"Gi1/0/{pos}",
        "phone": f"PH-1A-{n:03d}" if pos <= group // 2 else None,
    }


_RANGE = re.compile(r"^(.*)\[(\d+)-(\d+)\](.*)$")


def _expand(name: str) -> list[str]:
    """The generator's one-group range notation: 'H-1A-[001-048]' -> H-1A-001 .. H-1A-048."""
    m = _RANGE.match(name)
    if not m:
        return [name]
    head, lo, hi, tail = m.groups()
    width = len(lo) if lo.startswith("0") else 0
    return [f"{head}{str(i).zfill(width)}{tail}" for i in range(int(lo), int(hi) + 1)]


def cable_lengths(site: Path) -> dict[str, float]:
    """Cable id -> length, read straight from the file."""
    out = {}
    for c in yaml.safe_load(site.read_text(encoding="utf-8"))["cables"]:
        ids = _expand(c["id"])
        lengths = c["length"] if isinstance(c["length"], list) else [c["length"]] * len(ids)
        assert len(lengths) == len(ids)
        out.update(zip(ids, lengths))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("site") / "synthetic.yaml"
    r = cabling("generate", "--layout", "building", "--outlets", OUTLETS, "--seed", SEED, "-o", path)
    assert r.returncode == 0, r.stderr
    return path


def trace_json(*args) -> tuple[int, dict]:
    r = cabling("trace", *args, "--json")
    no_traceback(r)
    return r.returncode, json.loads(r.stdout)


def ports_of(path: dict) -> list[str]:
    return [p for s in path["steps"] if "ports" in s for p in s["ports"]]


def cables_of(path: dict) -> list[str]:
    return [c for s in path["steps"] if "cables" in s for c in s["cables"]]


def far_end(path: dict) -> list[str]:
    return [s for s in path["steps"] if "ports" in s][-1]["ports"]


# ------------------------------------------------------------------ generate
def test_generate_is_deterministic_for_a_seed(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    assert cabling("generate", "--outlets", OUTLETS, "--seed", SEED, "-o", a).returncode == 0
    assert cabling("generate", "--outlets", OUTLETS, "--seed", SEED, "-o", b).returncode == 0
    assert cabling("generate", "--outlets", OUTLETS, "--seed", SEED + 1, "-o", c).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    stdout = cabling("generate", "--outlets", OUTLETS, "--seed", SEED, "-o", "-")
    assert stdout.returncode == 0
    assert stdout.stdout.encode() == a.read_bytes()


def test_generate_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "site.yaml"
    target.write_text("keep me\n")
    r = cabling("generate", "--outlets", 10, "-o", target)
    assert r.returncode == 2
    assert "--force" in r.stderr
    no_traceback(r)
    assert target.read_text() == "keep me\n"
    r = cabling("generate", "--outlets", 10, "-o", target, "--force")
    assert r.returncode == 0, r.stderr
    assert target.read_text().startswith("# yaml-language-server")
    assert cabling("validate", target).returncode == 0


# ------------------------------------------------------------------ validate
def test_validate_prints_ok_and_exits_0(site):
    r = cabling("validate", site)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("ok: ")
    assert str(site) in r.stdout
    assert "1 site" in r.stdout and "250 cables" in r.stdout


# ------------------------------------------------------------------ trace
def test_trace_json_from_an_outlet_jack(site):
    lay = layout(17)
    code, out = trace_json(site, f"{lay['outlet']}:1")
    assert code == 0
    assert set(out) == {"origin", "paths"}
    assert out["origin"] == "1A-017:1"
    assert len(out["paths"]) == 2
    for path in out["paths"]:
        assert set(path) == {"complete", "active", "split", "loop", "length_m", "length_definitive", "steps"}
        for key in ("complete", "active", "split", "loop", "length_definitive"):
            assert isinstance(path[key], bool), key
        assert path["length_m"] is None or (isinstance(path["length_m"], (int, float))
                                            and not isinstance(path["length_m"], bool))
        for step in path["steps"]:
            assert len(step) == 1 and set(step) <= {"ports", "cables"}, step
            [items] = step.values()
            assert isinstance(items, list) and items and all(isinstance(x, str) for x in items)
        assert path["steps"][0] == {"ports": ["1A-017:1"]}
        assert path["complete"] and path["active"] and not path["split"] and path["length_definitive"]

    along, through = out["paths"]
    assert far_end(along) == [f"{lay['phone']}:LAN"]
    assert cables_of(along) == ["WA-1A-017"]
    assert ports_of(through) == [
        "1A-017:1", "1A-017:R1", f"{lay['panel']}:{lay['rear']}", f"{lay['panel']}:{lay['front']}",
        f"{lay['switch']}:{lay['switch_port']}"]
    assert far_end(through) == ["SW-1A-1:Gi1/0/17"]
    assert cables_of(through) == ["H-1A-017", "PC-1A-017"]

    lengths = cable_lengths(site)
    for path in out["paths"]:
        assert path["length_m"] == pytest.approx(sum(lengths[c] for c in cables_of(path)))
    assert through["length_m"] == pytest.approx(lengths["H-1A-017"] + 1.5)
    assert along["length_m"] == pytest.approx(3)


@pytest.mark.parametrize("n", [1, 24, 25, 48, 49, 72, 73, 96, 97, 98, 99, 100])
def test_trace_follows_the_generated_layout(site, n):
    """First and last outlets of each panel's group: both ends as the layout says, lengths from the file."""
    lay = layout(n)
    code, out = trace_json(site, f"{lay['outlet']}:1")
    along, through = out["paths"]
    if lay["phone"]:
        assert code == 0
        assert far_end(along) == [f"{lay['phone']}:LAN"]
    else:
        assert code == 1
        assert not along["complete"] and along["steps"] == [{"ports": [f"{lay['outlet']}:1"]}]
    assert through["complete"] and through["active"]
    assert far_end(through) == [f"{lay['switch']}:{lay['switch_port']}"]
    assert f"{lay['panel']}:{lay['rear']}" in ports_of(through)
    lengths = cable_lengths(site)
    assert through["length_m"] == pytest.approx(sum(lengths[c] for c in cables_of(through)))


def test_trace_from_an_endpoint_gives_one_path(site):
    code, out = trace_json(site, "SW-1A-1:Gi1/0/17")
    assert code == 0
    assert out["origin"] == "SW-1A-1:Gi1/0/17"
    [path] = out["paths"]
    assert path["complete"] and path["active"]
    assert ports_of(path) == ["SW-1A-1:Gi1/0/17", "PP-1A-A:17", "PP-1A-A:R17", "1A-017:R1", "1A-017:1", "PH-1A-017:LAN"]
    lengths = cable_lengths(site)
    assert path["length_m"] == pytest.approx(sum(lengths[c] for c in cables_of(path)))


def test_trace_text_output_names_both_ends(site):
    r = cabling("trace", site, "1A-017:1")
    assert r.returncode == 0
    assert "PH-1A-017:LAN" in r.stdout and "SW-1A-1:Gi1/0/17" in r.stdout


def test_trace_exits_1_for_an_outlet_without_a_phone(site):
    lay = layout(80)
    assert lay["phone"] is None
    code, out = trace_json(site, f"{lay['outlet']}:1")
    assert code == 1
    along, through = out["paths"]
    assert not along["complete"]
    assert along["steps"] == [{"ports": ["1A-080:1"]}]
    assert along["length_m"] is None
    assert through["complete"] and through["active"]
    assert far_end(through) == [f"{lay['switch']}:{lay['switch_port']}"]


def test_trace_exits_1_when_a_cable_is_only_planned(site, tmp_path):
    text = site.read_text(encoding="utf-8")
    line = "{id: 'PC-1A-[001-048]', a: 'PP-1A-A:[1-48]', b: 'SW-1A-1:Gi1/0/[1-48]', type: cat6, length: 1.5}"
    assert line in text
    planned = tmp_path / "planned.yaml"
    planned.write_text(text.replace(line, line[:-1] + ", status: planned}"), encoding="utf-8")
    assert cabling("validate", planned).returncode == 0
    code, out = trace_json(planned, "1A-017:1")
    assert code == 1
    along, through = out["paths"]
    assert along["active"] and along["complete"]
    assert through["complete"] and not through["active"]
    assert far_end(through) == ["SW-1A-1:Gi1/0/17"]
    code, _ = trace_json(planned, "SW-1A-2:Gi1/0/5")  # a patch cord of another panel, still installed
    assert code == 0
    code, out = trace_json(planned, "SW-1A-1:Gi1/0/5")
    assert code == 1 and not out["paths"][0]["active"]


def test_trace_unknown_port_exits_2_and_suggests_the_closest(site):
    r = cabling("trace", site, "1A-17:1")
    assert r.returncode == 2
    no_traceback(r)
    assert "1A-017:1" in r.stderr
    assert r.stdout == ""
    r = cabling("trace", site, "SW-1A-1:Gi1/0/99")
    assert r.returncode == 2
    no_traceback(r)
    assert "SW-1A-1" in r.stderr and "Gi1/0/9" in r.stderr


def test_trace_missing_file_exits_2(tmp_path):
    missing = tmp_path / "nope.yaml"
    r = cabling("trace", missing, "1A-017:1")
    assert r.returncode == 2
    no_traceback(r)
    assert "nope.yaml" in r.stderr
    assert r.stdout == ""


# ------------------------------------------------------------------ ports
def _expected_ports(site: Path) -> set[tuple[str, str, str]]:
    """(device, kind, port name) for every port of every device, from the file and the catalogue models."""
    models = {}
    for f in CATALOGUE.glob("*.yaml"):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        models[doc["slug"]] = [(kind, str(p["name"])) for sec, kind in SECTIONS.items() for p in doc.get(sec) or []]
    out = set()
    for d in yaml.safe_load(site.read_text(encoding="utf-8"))["devices"]:
        for dev in _expand(d["id"]):
            out.update((dev, kind, name) for kind, name in models[d["model"]])
    return out


def test_ports_json_lists_every_port_of_every_device(site):
    r = cabling("ports", site, "--json")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    assert isinstance(rows, list)
    for row in rows:
        assert {"ref", "device", "role", "kind", "cable"} <= set(row), row
        assert row["kind"] in KINDS, row
        assert row["ref"].startswith(row["device"] + ":"), row
    expected = _expected_ports(site)
    got = [(r["device"], r["kind"], r["name"]) for r in rows]
    assert len(got) == len(set(got)) == len(expected)
    assert set(got) == expected
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref["PP-1A-A:R17"]["cable"] == "H-1A-017"
    assert by_ref["PP-1A-A:17"]["cable"] == "PC-1A-017"
    assert by_ref["SW-1A-1:Gi1/0/17"]["cable"] == "PC-1A-017"
    assert by_ref["1A-017:1"]["cable"] == "WA-1A-017"
    assert by_ref["1A-080:1"]["cable"] is None
    assert {by_ref["SW-1A-1:Gi1/0/17"]["role"], by_ref["PP-1A-A:17"]["role"], by_ref["1A-017:1"]["role"]} == {
        "switch", "patch-panel", "outlet"}
    # Every cable end in the file shows up on exactly its ports: 250 cables, 2 ends each.
    assert sum(r["cable"] is not None for r in rows) == 2 * len(cable_lengths(site))


def test_ports_free_lists_only_ports_without_a_cable(site):
    every = json.loads(cabling("ports", site, "--json").stdout)
    r = cabling("ports", site, "--json", "--free")
    assert r.returncode == 0
    free = json.loads(r.stdout)
    assert free and all(row["cable"] is None for row in free)
    # the same rows, each with what the free port offers (cabling capacity's verdicts)
    assert [{k: v for k, v in row.items() if k != "note"} for row in free] == [row for row in every if row["cable"] is None]
    assert all("note" in row for row in free)
    refs = {row["ref"] for row in free}
    assert "1A-080:1" in refs and "SW-1A-3:Gi1/0/5" in refs
    assert "1A-017:1" not in refs and "SW-1A-1:Gi1/0/17" not in refs


# ------------------------------------------------------------------ help
def test_help_works_for_every_subcommand():
    top = cabling("--help")
    assert top.returncode == 0 and "usage:" in top.stdout
    for sub in ("validate", "trace", "ports", "generate"):
        assert sub in top.stdout
        r = cabling(sub, "--help")
        assert r.returncode == 0, (sub, r.stderr)
        assert r.stdout.startswith(f"usage: cabling {sub}"), sub
        no_traceback(r)


# ------------------------------------------------------------------ bad input
def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    broken = tmp_path / "broken.yaml"
    broken.write_text("site:\n  id: x\ndevices: [\n  - {id: a\n", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    folder = tmp_path / "no-yaml"
    folder.mkdir()
    (folder / "README.txt").write_text("not a site\n")
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("site: {id: caf\xe9}\n".encode("latin-1"))
    return {
        "broken YAML": (broken, "broken.yaml:4"),
        "empty file": (empty, "empty.yaml"),
        "folder without YAML": (folder, "no-yaml"),
        "missing file": (tmp_path / "missing.yaml", "missing.yaml"),
        "not UTF-8": (binary, "latin1.yaml"),
    }


@pytest.mark.parametrize("case", ["broken YAML", "empty file", "folder without YAML", "missing file", "not UTF-8"])
@pytest.mark.parametrize("command", ["validate", "ports", "trace"])
def test_bad_input_gives_a_message_and_exit_2_never_a_traceback(tmp_path, case, command):
    path, mention = _bad_inputs(tmp_path)[case]
    args = [command, path] + (["X:1"] if command == "trace" else [])
    r = cabling(*args)
    no_traceback(r)
    assert r.returncode == 2
    assert mention in r.stdout + r.stderr
    assert r.stderr.strip()


def test_recursive_yaml_alias_gives_a_message_not_a_traceback(tmp_path):
    site = tmp_path / "loop.yaml"
    site.write_text("site: {id: s}\ndevices: &d [*d]\n", encoding="utf-8")
    for command in (["validate", site], ["ports", site], ["trace", site, "X:1"]):
        r = cabling(*command)
        no_traceback(r)
        assert r.returncode == 2
        assert "loop.yaml" in r.stdout + r.stderr


def test_broken_model_file_named_by_a_site_is_reported_with_its_path(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.yaml").write_text("manufacturer: Acme\nmodel: [\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s}\nmodels: [models]\n", encoding="utf-8")
    r = cabling("validate", site)
    no_traceback(r)
    assert r.returncode in (1, 2)
    assert "bad.yaml" in r.stdout and "invalid YAML" in r.stdout


def test_the_readme_tour_is_sites_kazan_and_traces_as_the_readme_says():
    """The format tour in the README is a real, loadable site: the same text as sites/kazan.yaml."""
    import re

    readme = (ROOT / "README.md").read_text()
    tour = re.findall(r"```yaml\n(.*?)```", readme, re.S)[0]
    assert tour == (ROOT / "sites" / "kazan.yaml").read_text()
    r = subprocess.run([sys.executable, "-m", "cabling.cli", "trace", str(ROOT / "sites" / "kazan.yaml"),
                        "2A-017:1", "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    far_ends = {p["steps"][-1]["ports"][0] for p in json.loads(r.stdout)["paths"]}
    assert far_ends == {"PH-2A-017:LAN", "SW-2A-1:Gi1/0/17"}
