"""The documentation site: the format reference covers every key of every schema, the command pages every
command, the committed pages are what ``scripts/build_docs.py`` writes, and ``mkdocs build --strict`` passes.

The key walker here is written apart from the generator's, so that a key the generator skips is caught.
Paths are written as on the pages: ``devices[].poe_budget_w`` (``[]``: an item of a list, ``*``: any key).
"""
from __future__ import annotations

import copy
import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMAS = sorted((ROOT / "schemas").glob("*.json"))


def _generator():
    spec = importlib.util.spec_from_file_location("build_docs", ROOT / "scripts" / "build_docs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_docs"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build_docs = _generator()


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return build_docs.pages()


def schema_keys(schema: dict) -> dict[str, dict]:
    """Every key path of ``schema`` -> the schema written at that key, through $ref, items and alternatives."""
    defs = schema.get("$defs", {}) | schema.get("definitions", {})
    found: dict[str, dict] = {}
    todo = [(schema, "", ())]
    while todo:
        node, where, refs = todo.pop()
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in refs:  # a definition that contains itself is walked once
                todo.append((defs[name], where, refs + (name,)))
        for key, sub in node.get("properties", {}).items():
            path = f"{where}.{key}" if where else key
            found.setdefault(path, sub)
            todo.append((sub, path, refs))
        # keys named by a plain prefix pattern ('^x-') are headed by the prefix and a star ('x-*'), others '*'
        open_keys = [(p[1:] + "*" if re.fullmatch(r"\^[A-Za-z0-9_-]+", p) else "*", sub)
                     for p, sub in node.get("patternProperties", {}).items()]
        if isinstance(node.get("additionalProperties"), dict):
            open_keys.append(("*", node["additionalProperties"]))
        for name, sub in open_keys:
            path = f"{where}.{name}" if where else name
            found.setdefault(path, sub)
            todo.append((sub, path, refs))
        if isinstance(node.get("items"), dict):
            todo.append((node["items"], where + "[]", refs))
        for word in ("oneOf", "anyOf", "allOf"):
            for alt in node.get(word, ()):
                todo.append((alt, where, refs))
    return found


def sections(page: str) -> dict[str, str]:
    """Heading path -> the text under that heading (up to the next heading), of a reference page."""
    out = {}
    parts = re.split(r"^(#{1,6} .*)$", page, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2]):
        m = re.match(r"#+ `([^`]+)`", heading)
        if m:
            out[m.group(1)] = body
    return out


def _at(data, path: str):
    """The value at ``path`` in parsed YAML (the first item of each list on the way), or KeyError."""
    for seg in re.findall(r"\[\]|[^.\[\]]+", path):
        if seg == "[]":
            if not isinstance(data, list) or not data:
                raise KeyError(path)
            data = data[0]
        elif seg.endswith("*"):
            values = [v for k, v in data.items() if str(k).startswith(seg[:-1])] if isinstance(data, dict) else []
            if not values:
                raise KeyError(path)
            data = values[0]
        else:
            if not isinstance(data, dict) or seg not in data:
                raise KeyError(path)
            data = data[seg]
    return data


def _plain(markdown: str) -> str:
    return " ".join(html.unescape(re.sub(r"\\(.)", r"\1", markdown)).split())


def undocumented(schema: dict, page: str) -> list[str]:
    """What the reference page lacks for ``schema``: one line per key (no section, no type, no example
    showing the key, a default or description not given)."""
    problems = []
    found = sections(page)
    for path, sub in sorted(schema_keys(schema).items()):
        body = found.get(path)
        if body is None:
            problems.append(f"{path}: no section")
            continue
        if "**Type:**" not in body:
            problems.append(f"{path}: no type")
        if "default" in sub and f"**Default:** `{sub['default']}`".lower() not in body.lower():
            problems.append(f"{path}: default {sub['default']!r} not given")
        if sub.get("description") and " ".join(sub["description"].split()) not in _plain(body):
            problems.append(f"{path}: description not given")
        blocks = re.findall(r"```yaml\n(.*?)```", body, flags=re.S)
        try:
            _at(yaml.safe_load(blocks[0]), path)
        except (IndexError, KeyError, yaml.YAMLError):
            problems.append(f"{path}: no YAML example showing the key")
    return problems


@pytest.mark.parametrize("schema_file", SCHEMAS, ids=lambda p: p.name)
def test_every_schema_key_is_in_the_committed_reference(schema_file):
    schema = json.loads(schema_file.read_text("utf-8"))
    page = DOCS / "reference" / f"{schema_file.name.removesuffix('.schema.json')}.md"
    assert page.is_file(), f"{page} missing: run python scripts/build_docs.py"
    keys = schema_keys(schema)
    assert len(keys) > 10
    assert undocumented(schema, page.read_text("utf-8")) == []


def test_a_key_added_to_a_schema_is_reported_missing_until_the_pages_are_written_again(tmp_path):
    site = json.loads((ROOT / "schemas" / "site.schema.json").read_text("utf-8"))
    changed = copy.deepcopy(site)
    changed["$defs"]["device"]["properties"]["warranty_until"] = {
        "type": "string", "description": "Last day of the maker's warranty."}
    changed["properties"]["contacts"] = {"type": "array", "items": {"type": "object", "properties": {
        "phone": {"type": "string", "default": "none"}}}}
    committed = (DOCS / "reference" / "site.md").read_text("utf-8")
    assert undocumented(changed, committed) == ["contacts: no section", "contacts[].phone: no section",
                                                "devices[].warranty_until: no section"]

    # The generator documents the new keys as soon as it runs on the changed schema.
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "site.schema.json").write_text(json.dumps(changed), "utf-8")
    shutil.copytree(ROOT / "sites", tmp_path / "sites")
    page = build_docs.pages(tmp_path)["reference/site.md"]
    assert undocumented(changed, page) == []
    assert "**Default:** `none`" in sections(page)["contacts[].phone"]


def test_a_key_whose_section_loses_its_example_or_description_is_reported():
    plan = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))
    page = (DOCS / "reference" / "plan.md").read_text("utf-8")
    no_example = re.sub(r"(### `requests\[\]\.outlets\.count`.*?)```yaml\n.*?```", r"\1", page, count=1, flags=re.S)
    assert undocumented(plan, no_example) == ["requests[].outlets.count: no YAML example showing the key"]
    no_text = page.replace("How many (with 'along'); with 'at', one per point.", "")
    assert undocumented(plan, no_text) == ["requests[].outlets.count: description not given"]


def test_committed_pages_are_what_the_generator_writes(generated):
    assert build_docs.stale(DOCS, generated) == [], "docs out of date: run python scripts/build_docs.py"


def test_writing_twice_changes_nothing_and_removes_pages_of_commands_that_went_away(tmp_path, generated):
    docs = tmp_path / "docs"
    (docs / "commands").mkdir(parents=True)
    (docs / "commands" / "gone.md").write_text("# cabling gone\n", "utf-8")
    first = build_docs.write(docs, generated)
    assert "commands/gone.md" in first and not (docs / "commands" / "gone.md").exists()
    assert set(generated) <= set(first)
    assert build_docs.write(docs, generated) == []
    assert build_docs.pages() == generated  # nothing in it depends on the run


def test_every_command_has_a_page_with_its_options_and_examples(generated):
    from cabling.cli import _leaves, build_parser
    from cabling.cli.examples import EXAMPLES

    leaves = list(_leaves(build_parser()))
    assert len(leaves) > 15
    index = generated["commands/index.md"]
    for name, parser in leaves:
        page = generated[f"commands/{name.replace(' ', '-')}.md"]
        assert page.count(f"# cabling {name}\n") == 1
        assert f"({name.replace(' ', '-')}.md)" in index
        for action in parser._actions:
            for option in action.option_strings:
                assert f"`{option}" in page or f" {option}" in page, (name, option)
        for line in EXAMPLES.get(name, ()):
            assert f"$ {line}\n" in page, (name, line)
        assert _plain(page).count(" ".join(parser.description.split())) == 1, name


def test_mkdocs_builds_the_site_strictly_without_warnings(tmp_path):
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log
    assert "WARNING" not in log, log
    site = (out / "reference" / "site" / "index.html").read_text("utf-8")
    assert 'id="devices-poe-budget-w"' in site and "poe_budget_w: 370" in site
    plan = (out / "reference" / "plan" / "index.html").read_text("utf-8")
    assert "default PH-&lt;outlet&gt;" in plan  # prose shows as written, not eaten as an HTML tag
    trace = (out / "commands" / "trace" / "index.html").read_text("utf-8")
    assert "--position N" in trace and "cabling trace sites/branch.yaml 2A-017" in trace
    assert (out / "viewer.png").is_file()  # the README's images stay where they were
