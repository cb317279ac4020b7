"""Write the generated pages of the documentation site: the file formats from ``schemas/`` and one page per command.

    python scripts/build_docs.py              # (re)write docs/reference/ and docs/commands/
    python scripts/build_docs.py --check      # exit 1, naming the pages, when any is out of date
    mkdocs build --strict -d /tmp/site        # then build the site (mkdocs.yml at the top)

``docs/reference/`` and ``docs/commands/`` belong to this script: it writes every page there and removes
pages it no longer makes (a command that went away). Nothing depends on the terminal, the clock or the
machine, so running it twice writes nothing the second time; ``tests/test_docs.py`` holds the committed
pages to be what it writes.

Every key of every schema gets a section headed by its path (``devices[].poe_budget_w``: ``[]`` is an
item of a list) with its type, whether it is required, its default, its description and an example: the
schema's ``examples``, else its first use in a bundled file that declares the schema (the
``# yaml-language-server: $schema=`` line the example sites carry), else a value made from the schema.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ("reference", "commands")  # folders under docs/ that this script owns
# Where bundled files that declare a schema are looked for (in this order; the deliberately faulty demo
# site is the last place an example is taken from).
EXAMPLE_ROOTS = ("sites", "cabling/catalogue")
_DECLARES = re.compile(r"#\s*yaml-language-server:\s*\$schema=\S*?([\w.-]+\.schema\.json)")
CONTEXT_KEYS = ("id", "number", "name")  # what names a list item, shown above the key an example is for
WIDTH = 88  # usage lines are wrapped at this width whatever the terminal


# ---------------------------------------------------------------- schemas: keys

@dataclass
class Key:
    """One key of a file format, at one place: ``path`` is its segments (``["devices", "[]", "u"]``)."""

    path: tuple[str, ...]
    schema: dict  # as written at the key (may be a $ref)
    required: bool
    children: list[Key] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return dotted(self.path)


def dotted(path) -> str:
    return ".".join(path).replace(".[]", "[]")


def anchor(path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", dotted(path).replace("[]", "").lower()).strip("-") or "top"


class Schema:
    def __init__(self, path: Path):
        self.path = path
        self.stem = path.name.removesuffix(".schema.json").removesuffix(".json")
        self.doc = json.loads(path.read_text("utf-8"))
        self.defs = self.doc.get("$defs", {}) | self.doc.get("definitions", {})
        self.linked: dict[str, dict] = {}  # named value types the page explains once, at its end
        self.keys = self._keys(self.doc, (), ())

    def resolve(self, s: dict) -> tuple[dict, str | None]:
        """The schema a ``$ref`` names (and that name), through any chain of them."""
        name = None
        seen = set()
        while isinstance(s, dict) and "$ref" in s and s["$ref"] not in seen:
            seen.add(s["$ref"])
            name = s["$ref"].rsplit("/", 1)[-1]
            s = self.defs.get(name, {})
        return s, name

    def _keys(self, s: dict, path: tuple, stack: tuple) -> list[Key]:
        s, name = self.resolve(s)
        if name in stack:  # a recursive definition: its keys are listed where it first appears
            return []
        stack = stack + (name,) if name else stack
        out: dict[str, Key] = {}

        def add(keys):
            for k in keys:
                out.setdefault(k.name, k)

        required = set(s.get("required", ()))
        for prop, sub in s.get("properties", {}).items():
            key = Key(path + (prop,), sub, prop in required)
            key.children = self._keys(sub, key.path, stack)
            out[prop] = key
        extra = [("*", s["additionalProperties"])] if isinstance(s.get("additionalProperties"), dict) else []
        # a pattern that is a plain prefix ('^x-') is shown as the prefix with a star ('x-*')
        extra += [(pattern[1:] + "*" if re.fullmatch(r"\^[A-Za-z0-9_-]+", pattern) else "*", sub)
                  for pattern, sub in s.get("patternProperties", {}).items()]
        for name, sub in extra:
            key = Key(path + (name,), sub, False)
            key.children = self._keys(sub, key.path, stack)
            add([key])
        if isinstance(s.get("items"), dict):
            add(self._keys(s["items"], path + ("[]",), stack))
        for word in ("oneOf", "anyOf", "allOf"):
            for alt in s.get(word, ()):
                add(self._keys(alt, path, stack))
        return list(out.values())

    def walk(self, keys=None):
        for k in self.keys if keys is None else keys:
            yield k
            yield from self.walk(k.children)

    # ------------------------------------------------------------ types in words

    def description(self, s: dict) -> str:
        if s.get("description"):
            return s["description"]
        target, _ = self.resolve(s)
        return target.get("description", "") if target is not s else ""

    def type_text(self, s: dict, short: bool = False) -> str:
        target, name = self.resolve(s)
        if name and self._compound(target) and not self._object(target):
            self.linked.setdefault(name, target)
            return f"[{name}](#type-{anchor([name])})"
        return self._type(target, short)

    @staticmethod
    def _object(s) -> bool:
        return s.get("type") == "object" or "properties" in s

    @staticmethod
    def _compound(s) -> bool:
        return s.get("type") == "array" or any(w in s for w in ("oneOf", "anyOf"))

    def _type(self, s: dict, short: bool) -> str:
        for word in ("oneOf", "anyOf"):
            if word in s:
                return " or ".join(self.type_text(alt, short) for alt in s[word])
        if "const" in s:
            return f"`{_scalar(s['const'])}`"
        if "enum" in s:
            return "one of " + ", ".join(f"`{_scalar(v)}`" for v in s["enum"])
        kind = s.get("type")
        if isinstance(kind, list):
            return " or ".join(self._type(s | {"type": k}, short) for k in kind)
        if kind == "array" or "items" in s:
            items = s.get("items")
            text = "list" + ("" if short else _count(s))
            return text if not isinstance(items, dict) else f"{text} of {self.type_text(items, short)}"
        if self._object(s):
            return "mapping"
        if kind in ("number", "integer"):
            return kind if short else kind + _range(s)
        if kind == "string":
            if short:
                return "string"
            bits = []
            if s.get("minLength") == 1:
                bits.append("not empty")
            elif s.get("minLength"):
                bits.append(f"at least {s['minLength']} characters")
            if s.get("pattern"):
                bits.append(f"matching `{s['pattern']}`")
            return "string" + (f" ({', '.join(bits)})" if bits else "")
        return kind or "any value"


def _scalar(v) -> str:
    return yaml.safe_dump(v, default_flow_style=True, width=10**6, allow_unicode=True).removesuffix("\n...\n").strip()


def _range(s) -> str:
    lo = s.get("minimum")
    hi = s.get("maximum")
    xlo = s.get("exclusiveMinimum")
    if lo is not None and hi is not None:
        return f" ({lo} to {hi})"
    bits = []
    if lo is not None:
        bits.append(f"at least {lo}")
    if xlo is not None:
        bits.append(f"more than {xlo}")
    if hi is not None:
        bits.append(f"at most {hi}")
    return f" ({', '.join(bits)})" if bits else ""


def _count(s) -> str:
    lo, hi = s.get("minItems"), s.get("maxItems")
    bits = []
    if lo is not None and lo == hi:
        bits.append(f"exactly {lo}")
    elif lo is not None and hi is not None:
        bits.append(f"{lo} to {hi} items")
    elif lo:
        bits.append(f"at least {lo}")
    elif hi is not None:
        bits.append(f"at most {hi}")
    if s.get("uniqueItems"):
        bits.append("no repeats")
    return f" ({', '.join(bits)})" if bits else ""


# ---------------------------------------------------------------- examples

@dataclass
class Example:
    value: object
    ids: dict[int, tuple[str, object]]  # position of a "[]" segment in the path -> that item's (id key, id)
    source: str | None = None  # "sites/branch.yaml, line 40"


class Examples:
    """First uses of key paths in the bundled files that declare a schema."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, list[tuple[str, yaml.Node]]] = {}
        paths = [p for base in EXAMPLE_ROOTS for p in sorted((root / base).rglob("*.y*ml"))]
        paths.sort(key=lambda p: "faulty" in p.name)  # stable: the order above otherwise
        for p in paths:
            head = p.read_text("utf-8")[:400]
            m = _DECLARES.search(head)
            if m:
                with p.open(encoding="utf-8") as f:
                    node = yaml.compose(f, Loader=yaml.SafeLoader)
                if node is not None:
                    self.files.setdefault(m.group(1), []).append((p.relative_to(root).as_posix(), node))

    def first(self, schema_file: str, path: tuple) -> Example | None:
        for rel, node in self.files.get(schema_file, ()):
            for value, ids, line in _find(node, path, 0, {}):
                return Example(_construct(value), ids, f"`{rel}`, line {line}")
        return None

    def borrowed(self, schema: Schema, key: Key) -> Example | None:
        """For a key no file uses: the first value a key of the same name has elsewhere that this key accepts
        (``racks[].room`` shows a room id that ``devices[].room`` names)."""
        import jsonschema

        check = jsonschema.Draft202012Validator(dict(key.schema) | {"$defs": schema.defs})
        for rel, node in self.files.get(schema.path.name, ()):
            for path, value, line in _keys_in(node, ()):
                if path[-1] == key.name and path != key.path:
                    v = _construct(value)
                    if check.is_valid(v) and not (isinstance(v, str) and len(v) > 40):  # no borrowed prose
                        return Example(v, {}, f"the value of `{dotted(path)}` in `{rel}`, line {line}")
        return None


def _construct(node):
    return yaml.SafeLoader("").construct_document(node)


def _keys_in(node, path):
    """(path, value node, line) of every mapping key below ``node``, in the file's order."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                yield path + (k.value,), v, k.start_mark.line + 1
                yield from _keys_in(v, path + (k.value,))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _keys_in(item, path + ("[]",))


def _find(node, path, i, ids):
    """(value node, ids, line) of each place ``path[i:]`` leads to from ``node``, in the file's order."""
    seg = path[i]
    if seg == "[]":
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                item_ids = dict(ids)
                if isinstance(item, yaml.MappingNode):
                    names = {k.value: v for k, v in item.value if isinstance(v, yaml.ScalarNode)}
                    for word in CONTEXT_KEYS:
                        if word in names:
                            item_ids[i] = (word, _construct(names[word]))
                            break
                yield from _find(item, path, i + 1, item_ids)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and (k.value == seg or (seg.endswith("*") and k.value.startswith(seg[:-1]))):
            if i + 1 == len(path):
                yield v, ids, k.start_mark.line + 1
            else:
                yield from _find(v, path, i + 1, ids)


def said_default(schema: Schema, s: dict):
    """The default a key's description names ("default 90 (TIA-568)", "default [0, 0]"), when the key accepts it."""
    import jsonschema

    m = re.search(r"\bdefault:?\s+(\[[^\]]*\]|-?\d+(?:\.\d+)?)", schema.description(s))
    if not m:
        return None
    value = yaml.safe_load(m.group(1))
    ok = jsonschema.Draft202012Validator(dict(s) | {"$defs": schema.defs}).is_valid(value)
    return value if ok and value is not None else None


def made_up(s: dict, schema: Schema, depth: int = 0, name: str = "example"):
    """A small value the schema accepts, for a key no bundled file uses (strings are made of the key's name)."""
    s, _ = schema.resolve(s)
    if "examples" in s and s["examples"]:
        return s["examples"][0]
    if "default" in s:
        return s["default"]
    if "const" in s:
        return s["const"]
    if s.get("enum"):
        return s["enum"][0]
    for word in ("oneOf", "anyOf"):
        if s.get(word):
            return made_up(s[word][0], schema, depth, name)
    kind = s.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "array" or "items" in s:
        n = max(s.get("minItems", 1), 1)
        return [made_up(s.get("items", {}), schema, depth + 1, name) for _ in range(min(n, 3))]
    if kind == "object" or "properties" in s:
        if depth > 3:
            return {}
        props = s.get("properties", {})
        return {k: made_up(props[k], schema, depth + 1, k) for k in s.get("required", ()) if k in props}
    if kind in ("number", "integer"):
        if s.get("minimum") is not None:
            return s["minimum"] if s["minimum"] != 0 or s.get("maximum", 1) < 1 else 1
        if s.get("exclusiveMinimum") is not None:
            return s["exclusiveMinimum"] + 1
        return 1
    if kind == "boolean":
        return True
    if kind == "string":
        for candidate in (f"{name.replace('_', '-')}-1", "2027-01-31", f"{name}.png", "A-1:1"):
            if len(candidate) >= s.get("minLength", 0) and re.search(s.get("pattern", ""), candidate):
                return candidate
        return "example"
    return "example"


def snippet(path: tuple, ex: Example) -> str:
    """YAML showing ``ex.value`` at ``path``, with the ids of the list items on the way."""
    lines: list[str] = []
    indent = ""
    dash = False
    for i, seg in enumerate(path[:-1]):
        if seg == "[]":
            dash = True
            if i in ex.ids and path[i + 1] != ex.ids[i][0]:
                lines.append(f"{indent}- {ex.ids[i][0]}: {_scalar(ex.ids[i][1])}")
                indent += "  "
                dash = False
            continue
        lines.append(f"{indent}{'- ' if dash else ''}{_key(seg)}:")
        indent += "    " if dash else "  "
        dash = False
    lead = indent + ("- " if dash else "")
    sub = indent + ("  " if dash else "")
    lines.extend(_render(_key(path[-1]), ex.value, lead, sub))
    return "\n".join(lines)


def _key(seg):
    return seg[:-1] + "example" if seg.endswith("*") else _scalar(seg)


def _render(key, value, lead, indent, depth=0):
    """Lines for ``key: value``: short values in flow style, long lists cut to their start with a comment."""
    flow = _scalar(value)
    if not isinstance(value, (dict, list)) or (len(flow) + len(lead) + len(key) <= 76 and depth > 0) \
            or (len(flow) <= 60 and not _has_mapping_list(value)):
        return [f"{lead}{key}: {flow}"]
    if isinstance(value, dict):
        out = [f"{lead}{key}:"]
        items = list(value.items())
        for k, v in items[:8]:
            out += _render(_key(k), v, indent + "  ", indent + "  ", depth + 1)
        if len(items) > 8:
            out.append(f"{indent}  # ... and {len(items) - 8} more keys")
        return out
    if value and all(isinstance(v, dict) for v in value):
        out = [f"{lead}{key}:"]
        first = value[0]
        pairs = list(first.items())
        for j, (k, v) in enumerate(pairs[:8]):
            out += _render(_key(k), v, indent + ("  - " if j == 0 else "    "), indent + "    ", depth + 1)
        if len(value) > 1:
            out.append(f"{indent}  # ... and {len(value) - 1} more")
        return out
    shown = list(value)
    while len(shown) > 1 and len(_scalar(shown)) + len(lead) + len(key) > 76:
        shown.pop()
    more = f"  # ... and {len(value) - len(shown)} more" if len(shown) < len(value) else ""
    return [f"{lead}{key}: {_scalar(shown)}{more}"]


def _has_mapping_list(value) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


# ---------------------------------------------------------------- markdown

def md(text: str) -> str:
    """Prose from a schema or a parser as Markdown that shows it as written (``PH-<outlet>``, ``PP-*``)."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([*_`\[\]#|])", r"\\\1", text)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[a-z0-9)'\"])\.(\s+(?=[A-Z])|$)", text)
    return text[: m.start() + 1] if m else text


def header(title: str, source: str) -> str:
    """Front matter (the title the navigation shows), the note that the page is written, and its heading."""
    return (f"---\ntitle: {json.dumps(title)}\n---\n\n"
            f"<!-- Written by scripts/build_docs.py from {source}: edit that, not this page. -->\n\n# {title}\n")


def schema_page(schema: Schema, examples: Examples) -> str:
    doc = schema.doc
    out = [header(schema_title(schema), f"schemas/{schema.path.name}")]
    if doc.get("description"):
        out.append(md(doc["description"]) + "\n")
    out.append(f"The schema: `schemas/{schema.path.name}`. Each key below is headed by its path in the file: "
               "`a.b` is key `b` of the mapping at `a`, `a[]` an item of the list at `a`.\n")
    out.append("## Top-level keys\n")
    out.append("| Key | Type | Required | What it is |\n|---|---|---|---|")
    for k in schema.keys:
        out.append(f"| [`{k.name}`](#{anchor(k.path)}) | {schema.type_text(k.schema, short=True)} | "
                   f"{'yes' if k.required else 'no'} | {md(first_sentence(schema.description(k.schema)))} |")
    out.append("")
    for top in schema.keys:
        for k in schema.walk([top]):
            out.append(key_section(schema, k, examples, level=2 if k is top else 3))
    if schema.linked:
        out.append("## Value types\n")
        out.append("Shapes of value that several keys share.\n")
        done = set()
        while len(done) < len(schema.linked):  # explaining one type may name another
            for name in sorted(set(schema.linked) - done):
                done.add(name)
                s = schema.linked[name]
                out.append(f"### {name} {{ #type-{anchor([name])} }}\n")
                out.append(f"**Type:** {schema._type(s, short=False)}\n")
                if s.get("description"):
                    out.append(md(s["description"]) + "\n")
    return "\n".join(out).rstrip() + "\n"


def schema_title(schema: Schema) -> str:
    """The schema's title without the tool's name: "cabling site description" -> "Site description"."""
    title = re.sub(r"^cabling\s+", "", schema.doc.get("title") or schema.stem, flags=re.I)
    return title[:1].upper() + title[1:]


def key_section(schema: Schema, k: Key, examples: Examples, level: int) -> str:
    s = k.schema
    target, _ = schema.resolve(s)
    out = [f"{'#' * level} `{k.dotted}` {{ #{anchor(k.path)} }}\n"]
    facts = [f"**Type:** {schema.type_text(s)}", "**Required**" if k.required else "optional"]
    default = s.get("default", target.get("default"))
    if default is not None:
        facts.append(f"**Default:** `{_scalar(default)}`")
    out.append(" · ".join(facts) + "\n")
    text = schema.description(s)
    if text:
        out.append(md(text) + "\n")
    if k.children:
        links = ", ".join(f"[`{c.name}`](#{anchor(c.path)})" for c in k.children)
        out.append(f"Keys: {links}\n")
    given = s.get("examples") or target.get("examples")
    ex = Example(given[0], {}) if given else examples.first(schema.path.name, k.path) or examples.borrowed(schema, k)
    if ex is None:
        value = said_default(schema, s)
        ex = Example(made_up(s, schema, name=k.name) if value is None else value, {})
    where = f" from {ex.source}" if ex.source else ""
    out.append(f"Example{where}:\n\n```yaml\n{snippet(k.path, ex)}\n```\n")
    return "\n".join(out)


def reference_index(schemas: list[Schema]) -> str:
    out = [header("File formats", "schemas/"),
           "The files cabling reads are YAML checked against the JSON Schemas in `schemas/`; these pages are "
           "written from them, key by key. A file may name its schema on its first line, as the bundled "
           "examples do, so that an editor with a YAML language server completes and checks it:\n",
           "```yaml\n# yaml-language-server: $schema=../schemas/site.schema.json\n```\n"]
    for s in schemas:
        out.append(f"- [{md(schema_title(s))}]({s.stem}.md) (`schemas/{s.path.name}`): "
                   f"{md(first_sentence(s.doc.get('description', '')))}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- commands

def command_slug(name: str) -> str:
    return name.replace(" ", "-")


def _summaries(parser) -> dict[int, str]:
    """The one-line help each sub-parser was added with, by the parser's id."""
    out = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, child in action.choices.items():
                if helps.get(name):
                    out[id(child)] = helps[name]
                out |= _summaries(child)
    return out


def command_page(name: str, parser) -> str:
    fmt = parser.formatter_class(prog=parser.prog, width=WIDTH)
    fmt.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    usage = fmt.format_help().strip()
    out = [header(f"cabling {name}", "cabling's argument parser (cabling/cli/)")]
    if parser.description:
        out.append(md(parser.description) + "\n")
    out.append(f"## Usage\n\n```text\n{usage}\n```\n")
    for group in parser._action_groups:
        actions = [a for a in group._group_actions if a.help is not argparse.SUPPRESS]
        if not actions:
            continue
        title = (group.title or "options").capitalize()
        out.append(f"## {title}\n")
        if group.description:
            out.append(md(group.description) + "\n")
        out.append("| Argument | Meaning |\n|---|---|")
        for a in actions:
            invocation = parser.formatter_class(prog=parser.prog)._format_action_invocation(a)
            helptext = parser.formatter_class(prog=parser.prog)._expand_help(a) if a.help else ""
            out.append(f"| `{invocation.replace('|', '&#124;')}` | {md(helptext)} |")
        out.append("")
    for group in parser._mutually_exclusive_groups:
        names = [a.option_strings[0] for a in group._group_actions if a.option_strings]
        if len(names) > 1:
            out.append(f"Only one of {', '.join(f'`{n}`' for n in names)} may be given.\n")
    from cabling.cli.examples import EXAMPLES

    lines = EXAMPLES.get(name, ())
    if lines:
        body = "\n".join(f"$ {line}" for line in lines)
        out.append(f"## Examples\n\nFrom the repository's top folder (they use the bundled sites):\n\n"
                   f"```console\n{body}\n```\n")
    return "\n".join(out).rstrip() + "\n"


def commands_index(root_parser, leaves) -> str:
    summaries = _summaries(root_parser)
    out = [header("Commands", "cabling's argument parser (cabling/cli/)"),
           md(root_parser.description or "") + "\n",
           "Every command has a page here, written from the same parser as its `--help`. "
           "Exit codes are the same for all: 0 all well, 1 findings, 2 unusable input or wrong usage.\n",
           "| Command | What it does |\n|---|---|"]
    for name, parser in leaves:
        what = summaries.get(id(parser)) or first_sentence(parser.description or "")
        out.append(f"| [`cabling {name}`]({command_slug(name)}.md) | {md(what)} |")
    out.append("\n`cabling --version` names the versions of cabling, its bundled device library and Python.")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the pages

def pages(root: Path = ROOT) -> dict[str, str]:
    """Every generated page: its path under ``docs/`` and its text."""
    from cabling.cli import _leaves, build_parser

    out: dict[str, str] = {}
    schemas = [Schema(p) for p in sorted((root / "schemas").glob("*.json"))]
    examples = Examples(root)
    out["reference/index.md"] = reference_index(schemas)
    for s in schemas:
        out[f"reference/{s.stem}.md"] = schema_page(s, examples)
    parser = build_parser()
    leaves = list(_leaves(parser))
    out["commands/index.md"] = commands_index(parser, leaves)
    for name, leaf in leaves:
        out[f"commands/{command_slug(name)}.md"] = command_page(name, leaf)
    return out


def stale(docs: Path, wanted: dict[str, str]) -> list[str]:
    """Pages under ``docs`` that differ from ``wanted``, are missing, or are no longer made."""
    bad = [rel for rel, text in wanted.items()
           if not (docs / rel).is_file() or (docs / rel).read_text("utf-8") != text]
    for folder in GENERATED:
        for p in sorted((docs / folder).glob("*.md")) if (docs / folder).is_dir() else ():
            rel = p.relative_to(docs).as_posix()
            if rel not in wanted:
                bad.append(rel)
    return sorted(bad)


def write(docs: Path, wanted: dict[str, str]) -> list[str]:
    """Bring ``docs`` up to date; returns the pages written or removed."""
    from cabling.fileio import write_text_atomic

    changed = stale(docs, wanted)
    for rel in changed:
        path = docs / rel
        if rel in wanted:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, wanted[rel], overwrite=True)
        else:
            path.unlink()
    return changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="build_docs.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when a generated page is out of date")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help="the docs folder (default: the repository's)")
    args = ap.parse_args(argv)
    wanted = pages()
    if args.check:
        bad = stale(args.docs, wanted)
        for rel in bad:
            print(f"{args.docs / rel}: out of date (run python scripts/build_docs.py)", file=sys.stderr)
        return 1 if bad else 0
    changed = write(args.docs, wanted)
    print(f"{len(wanted)} pages, {len(changed)} written or removed" + "".join(f"\n  {c}" for c in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
