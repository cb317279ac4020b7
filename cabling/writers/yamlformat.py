"""Normalise the layout of a site file without changing what it says (``cabling fmt``).

:func:`format_text` gives a file:

* the keys of every entry (a floor, a device, a cable, the ``site:`` mapping, ...) in the schema's order
  (``id`` first, then the fields as ``schemas/site.schema.json`` lists them; keys the schema does not know
  after them, in their own order); the top level keeps its order;
* an entry of a list on one line (``- {id: X, ...}``) when it fits in :data:`WIDTH` columns, else one
  key per line; entries with comments inside keep their style;
* indentation of two spaces, list items indented under their key (``  - ...``).

Comments, blank lines, quoting and every scalar's text are kept as written, so the bulk notation
(``2A-[001-024]``, ``PP-1:R[1-24]``, a list of lengths) and ids such as ``017`` or ``no`` stay what they
were. The text is parsed with ruamel.yaml's round trip, with every plain scalar read as text, so nothing
is ever turned into a number or a boolean on the way.

Nothing a loader sees may change: the result is parsed again with cabling's own reader
(:mod:`cabling.readers.yamlsource`) and must give the same data, and every comment of the input must be in the
output; otherwise :class:`FormatError` is raised and the file must be left as it was.
"""
from __future__ import annotations

import copy
import io
from collections import Counter

from ..diagnostics import Collector, Diagnostic, Mark
from ..readers import schema, yamlsource

#: Entries up to this many columns (indentation included) are written on one line.
WIDTH = 100

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class FormatError(Exception):
    """The text cannot be formatted: it does not parse (positioned diagnostics), or formatting it would change it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class TextResolver(VersionedResolver):
        """Every plain scalar is text (or null), as in :mod:`cabling.readers.yamlsource`: ``017`` stays ``017``."""

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode and implicit[0]:
                return Tag(suffix="tag:yaml.org,2002:null" if value in _NULLS else "tag:yaml.org,2002:str")
            return super().resolve(kind, value, implicit)

    y = YAML(typ="rt")
    y.Resolver = TextResolver
    y.preserve_quotes = True
    y.allow_duplicate_keys = False
    y.width = 1 << 16  # never fold a long scalar onto a second line
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def format_text(text: str, filename: str = "<text>") -> str:
    """``text`` (a site file) normalised; raises :class:`FormatError` when it does not parse or cannot be
    formatted without changing what a loader reads."""
    number_keys, bool_keys = schema.typed_keys()
    diag = Collector()
    before = yamlsource.load(text, filename, diag, number_keys, bool_keys)
    if diag.errors:
        raise FormatError(diag.errors)
    if before is None:  # empty, or comments only: nothing to lay out
        return text
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    crlf = body.count("\r\n") > body.count("\n") // 2
    y = _yaml()
    try:
        tree = y.load(body)
    except Exception as exc:  # ruamel reads something cabling's reader accepted differently
        raise FormatError([Diagnostic(_mark_of(exc, filename), f"cannot format this file: {_problem(exc)}")]) from None
    kept = _comments(tree)
    _drop_unused_anchors(tree)
    layout = _Layout(y, schema.load_schema())
    layout.walk(tree, None, 0, top=True)
    layout.apply()
    out = io.StringIO()
    y.dump(tree, out)
    result = out.getvalue()
    if crlf:
        result = result.replace("\n", "\r\n")
    if bom:
        result = "\ufeff" + result
    _verify(result, before, kept, filename, number_keys, bool_keys, y)
    return result


def _mark_of(exc, filename: str) -> Mark:
    m = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return Mark(filename, m.line + 1, m.column + 1) if m is not None else Mark(filename, 1, 1)


def _problem(exc) -> str:
    return getattr(exc, "problem", None) or getattr(exc, "context", None) or type(exc).__name__


def _verify(result, before, kept, filename, number_keys, bool_keys, y) -> None:
    """The formatted text reads as the same data and holds every comment; else FormatError."""
    diag = Collector()
    after = yamlsource.load(result, filename, diag, number_keys, bool_keys)
    if diag.errors or after != before:
        raise FormatError([Diagnostic(Mark(filename, 1, 1), "cannot format this file without changing what it says "
                                                          "(a bug in cabling fmt); the file was left as it is")])
    lost = kept - _comments(y.load(result.lstrip("\ufeff")))
    if lost:
        first = next(iter(lost))
        raise FormatError([Diagnostic(Mark(filename, 1, 1), f"cannot format this file without losing the comment "
                                                          f"{first!r} (a bug in cabling fmt); the file was left as it is")])


def _comments(tree) -> Counter:
    """Every comment line in a ruamel tree (stripped), counted."""
    from ruamel.yaml.comments import CommentedBase
    from ruamel.yaml.tokens import CommentToken

    found: Counter = Counter()
    seen: set[int] = set()

    def tokens(x):
        if isinstance(x, CommentToken):
            for line in x.value.splitlines():
                line = line.strip()
                if line.startswith("#"):
                    found[line] += 1
        elif isinstance(x, (list, tuple)):
            for t in x:
                tokens(t)
        elif isinstance(x, dict):
            for t in x.values():
                tokens(t)

    def walk(node):
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CommentedBase):
            ca = node.ca
            tokens(ca.comment)
            tokens(ca.items)
            tokens(ca.end)
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(tree)
    return found


def _resolve(s, root, kind: str):
    """The schema of a node of ``kind`` ('object' or 'array'): ``$ref`` followed, ``oneOf``/``anyOf`` chosen."""
    for _ in range(20):
        if not isinstance(s, dict):
            return None
        if "$ref" in s:
            s = root["$defs"][s["$ref"].rsplit("/", 1)[-1]]
            continue
        for alt in ("oneOf", "anyOf"):
            if alt in s:
                for option in s[alt]:
                    r = _resolve(option, root, kind)
                    if r is not None and (r.get("type") == kind or ("properties" if kind == "object" else "items") in r):
                        return r
                return None
        return s
    return None


class _Layout:
    def __init__(self, y, root):
        self.y = y
        self.root = root
        self.pending: list[tuple] = []  # entries that may change style, measured together by apply()

    def walk(self, node, s, column: int, top: bool = False, item_of=None, in_flow: bool = False) -> None:
        """Lay out ``node`` (its content starting at ``column``); ``item_of`` is (list, index) for an item of a
        block list; inside a flow collection only key order changes."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if isinstance(node, CommentedMap):
            s = self.root if top else _resolve(s, self.root, "object")
            props = (s or {}).get("properties", {})
            if not top and props:
                _reorder(node, list(props))
            if item_of is not None and not in_flow and props:  # an entry of the site format (not a plan's request)
                self.consider(node, column - 2, item_of)
            in_flow = in_flow or node.fa.flow_style()
            for key, value in node.items():
                self.walk(value, props.get(key), column + 2, in_flow=in_flow)
        elif isinstance(node, CommentedSeq):
            s = _resolve(s, self.root, "array")
            in_flow = in_flow or node.fa.flow_style()
            for i, item in enumerate(node):
                # a list under a key is indented by 2 and its items start after '- '
                self.walk(item, (s or {}).get("items"), column + 2, item_of=(node, i), in_flow=in_flow)

    def consider(self, entry, dash_column: int, item_of) -> None:
        """Note an entry whose style may change: one with no comments inside it or at the end of its line
        (comment lines that follow it are moved along when its style changes)."""
        from ruamel.yaml.tokens import CommentToken

        seq, index = item_of
        if not entry:
            return
        slots = seq.ca.items.get(index)
        after = slots[0] if slots else None  # what follows a one-line entry
        if slots and (slots[2] is not None or slots[3] is not None):
            return
        if after is not None and not (isinstance(after, CommentToken) and after.value.startswith("\n")):
            return  # an end-of-line comment
        last = next(reversed(entry))
        tail_slots = entry.ca.items.get(last)  # what follows a block entry: comment lines after its last key
        if tail_slots:
            tail = tail_slots[2]
            if (any(t is not None for i, t in enumerate(tail_slots) if i != 2) or not isinstance(tail, CommentToken)
                    or not tail.value.startswith("\n") or after is not None):
                return
        self.pending.append((entry, dash_column, seq, index))

    def apply(self) -> None:
        """Each noted entry on one line when it fits in :data:`WIDTH` columns, else one key per line."""
        from ruamel.yaml.comments import CommentedSeq

        chosen, copies = [], CommentedSeq()
        for entry, dash_column, seq, index in self.pending:
            last = next(reversed(entry))
            tail_slots = entry.ca.items.pop(last, None)
            try:
                if _plain_entry(entry):
                    doc = copy.deepcopy(entry)
                    doc.fa.set_flow_style()
                    copies.append(doc)
                    chosen.append((entry, dash_column, seq, index))
            finally:
                if tail_slots is not None:
                    entry.ca.items[last] = tail_slots
        if not chosen:
            return
        out = io.StringIO()
        self.y.dump(copies, out)  # all at once: one line each ('  - {...}')
        lines = out.getvalue().splitlines()
        if len(lines) != len(chosen):
            return  # something did not fit on one line: leave every style as it is
        for (entry, dash_column, seq, index), line in zip(chosen, lines):
            self.restyle(entry, dash_column + len(line.strip()) <= WIDTH, seq, index)

    @staticmethod
    def restyle(entry, flow: bool, seq, index) -> None:
        if flow == bool(entry.fa.flow_style()):
            return
        slots = seq.ca.items.get(index)
        last = next(reversed(entry))
        if flow:
            entry.fa.set_flow_style()
            tail_slots = entry.ca.items.pop(last, None)
            if tail_slots is not None:
                if slots:
                    slots[0] = tail_slots[2]
                else:
                    seq.ca.items[index] = [tail_slots[2], None, None, None]
        else:
            entry.fa.set_block_style()
            if slots and slots[0] is not None:
                entry.ca.items[last] = [None, None, slots[0], None]
                slots[0] = None


def _drop_unused_anchors(tree) -> None:
    """Forget the anchor of a collection no alias refers to, as the dump would: decisions then do not depend
    on an anchor that disappears (a second run must change nothing)."""
    from ruamel.yaml.comments import merge_attrib

    count: Counter = Counter()
    nodes = []

    def walk(node):
        if isinstance(node, (dict, list)):
            count[id(node)] += 1
            if count[id(node)] > 1:
                return
            nodes.append(node)
            for v in (node.values() if isinstance(node, dict) else node):
                walk(v)
            for merged in getattr(node, merge_attrib, None) or ():  # <<: *name refers to the mapping too
                walk(merged[1] if isinstance(merged, tuple) else merged)

    walk(tree)
    for node in nodes:
        anchor = getattr(node, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None) is not None and count[id(node)] == 1:
            anchor.value = None


def _merge_or_anchor(node, seen=None) -> bool:
    """Whether ``node`` or anything in it has a merge key (``<<``) or an anchor (``&name``)."""
    from ruamel.yaml.comments import merge_attrib

    seen = set() if seen is None else seen
    if isinstance(node, (dict, list)):
        if id(node) in seen:
            return True  # a collection shared through an alias
        seen.add(id(node))
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None) is not None:
        return True
    if getattr(node, merge_attrib, None):
        return True
    if isinstance(node, dict):
        return any(_merge_or_anchor(v, seen) for v in node.values())
    if isinstance(node, list):
        return any(_merge_or_anchor(v, seen) for v in node)
    return False


def _plain_entry(entry) -> bool:
    """An entry that may change style: no comments, block scalars, multi-line text, anchors or merge keys in it."""
    from ruamel.yaml.comments import CommentedBase
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if _merge_or_anchor(entry):
        return False

    def clean(node) -> bool:
        if isinstance(node, CommentedBase):
            ca = node.ca
            if ca.comment or ca.end or any(any(t is not None for t in slots) for slots in ca.items.values()):
                return False
        if isinstance(node, (LiteralScalarString, FoldedScalarString)):
            return False
        if isinstance(node, str):
            return "\n" not in node and "\r" not in node
        if isinstance(node, dict):
            return all(clean(v) for v in node.values())
        if isinstance(node, list):
            return all(clean(v) for v in node)
        return True

    return clean(entry)


def _slot_has_comment(seq, index) -> bool:
    slots = seq.ca.items.get(index)
    return bool(slots) and any(t is not None for t in slots)


def _reorder(mapping, order: list[str]) -> None:
    """Keys in schema order, comments moved with their key; left alone when that cannot be done safely."""
    from ruamel.yaml.tokens import CommentToken

    keys = list(mapping.keys())
    rank = {k: i for i, k in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (0, rank[k]) if k in rank else (1, keys.index(k)))
    if wanted == keys or _merge_or_anchor(mapping):
        return
    items = mapping.ca.items
    last = keys[-1]
    tail = ""
    for key in keys:
        slots = items.get(key)
        if not slots:
            continue
        if any(t is not None for i, t in enumerate(slots) if i != 2) or not isinstance(slots[2], (CommentToken, type(None))):
            return
        token = slots[2]
        if token is None:
            continue
        value = token.value
        eol, rest = (value.split("\n", 1)[0] + "\n", value.split("\n", 1)[1]) if value.startswith("#") else ("", value[1:])
        if key != last and (rest or not eol):
            return  # a comment line or blank line between keys: it belongs where it is
        if key == last:
            tail = rest
    new_last = wanted[-1]
    if tail and new_last != last:
        token = items[last][2]
        eol = token.value.split("\n", 1)[0] + "\n" if token.value.startswith("#") else ""
        if eol:
            keep = copy.copy(token)
            keep.value = eol
            items[last][2] = keep
        else:
            del items[last]
        slots = items.get(new_last)
        if slots and slots[2] is not None:
            slots[2].value = slots[2].value + tail
        else:
            moved = copy.copy(token)
            moved.value = "\n" + tail
            items[new_last] = [None, None, moved, None]
    for key in wanted:
        mapping.move_to_end(key)
