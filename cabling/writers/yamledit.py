"""Editing a user's site file in place: what is not edited stays byte for byte.

The file is read with ruamel.yaml's round-trip loader, which knows every list item's line,
its flow or block style and its comments. An edit replaces the lines of one item of a
top-level list (``devices:``, ``cables:``) by the text of zero or more entries, or appends
entries at the end of a list; everything else (comments, blank lines, column alignment,
quotes, the bulk notation of other entries) is the user's text as it was. Entries are
written in the style of the item they replace, or of most items of the list (flow mappings
``{id: X, ...}`` on one line, or block mappings), at the list's indentation.

:func:`split_bulk` takes one member out of a bulk entry (``id: H-1A-A[01-40]``): the run
before it and the run after it keep the range notation (``H-1A-A[01-39]``), with per-member
lists (``length: [...]``, ``u: [...]``, points) cut to match and an ``along`` line cut to
the members it still spaces.
"""
from __future__ import annotations

import copy

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import refs
from . import flowyaml
from .bulkfold import _pattern, _step

#: Keys whose text may hold a range pattern, one value per member of a bulk entry.
PATTERN_KEYS = ("id", "a", "b", "label")
#: Keys that may give a list with one value per member.
LIST_KEYS = ("length", "u")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    return y


class SiteText:
    """A site file's text and its round-trip tree; edits are collected, then :meth:`text` applies them."""

    def __init__(self, text: str):
        self.original = text
        self.lines = text.splitlines(keepends=True)
        self.doc = _yaml().load(text)
        if not isinstance(self.doc, CommentedMap):
            raise ValueError("the site file is not a mapping")
        self._replace: dict[tuple[str, int], list] = {}
        self._append: dict[str, list] = {}

    # ------------------------------------------------------------ reading
    def _node(self, section: str):
        """(parent mapping or None, key) of a list named ``devices`` or ``telephony.extensions``."""
        *path, key = section.split(".")
        parent = self.doc
        for p in path:
            parent = parent.get(p) if isinstance(parent, CommentedMap) else None
        return (parent if isinstance(parent, CommentedMap) else None), key

    def _seq(self, section: str):
        parent, key = self._node(section)
        seq = parent.get(key) if parent is not None else None
        return seq if isinstance(seq, CommentedSeq) else None

    def items(self, section: str) -> list:
        seq = self._seq(section)
        return list(seq) if seq is not None else []

    def flow_style(self, section: str) -> bool:
        items = [x for x in self.items(section) if isinstance(x, CommentedMap)]
        if not items:
            return True
        return sum(1 for x in items if x.fa.flow_style()) * 2 >= len(items)

    # ------------------------------------------------------------ edits
    def replace(self, section: str, index: int, entries: list) -> None:
        """Item ``index`` of ``section`` becomes ``entries`` (none: it goes)."""
        self._replace[(section, index)] = list(entries)

    def append(self, section: str, entries: list, comment: str | None = None) -> None:
        self._append.setdefault(section, []).append((comment, list(entries)))

    # ------------------------------------------------------------ writing
    def text(self) -> str:
        lines = list(self.lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        edits = []  # (start line, end line exclusive, new lines), applied from the bottom up
        for (section, index), entries in self._replace.items():
            seq = self._seq(section)
            start, end = self._span(section, index)
            item = seq[index]
            dash = self._dash_column(start, seq.lc.item(index)[1])
            flow = isinstance(item, CommentedMap) and item.fa.flow_style()
            tail = _trailing_comment(lines[start]) if flow and start + 1 == end else ""
            new = self._render(entries, dash, flow)
            if tail and new:
                new[0] = _with_comment(new[0].rstrip("\n"), tail, lines[start].rstrip("\r\n").rfind(tail)) + "\n"
            edits.append((start, end, new))
        for section, groups in self._append.items():
            seq = self._seq(section)
            flow = self.flow_style(section)
            if seq is not None and len(seq):
                start, end = self._span(section, len(seq) - 1)
                dash = self._dash_column(start, seq.lc.item(len(seq) - 1)[1])
                new = []
                for comment, entries in groups:
                    new += ["\n"] + ([" " * dash + f"# {comment}\n"] if comment else [])
                    new += self._render(entries, dash, flow)
                edits.append((end, end, new))
                continue
            edits.append(self._new_list(section, groups, len(lines)))
        crlf = self.original.count("\r\n") * 2 > self.original.count("\n")  # a file with Windows line ends
        for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = [x.replace("\n", "\r\n") for x in new] if crlf else new
        return "".join(lines)

    def _new_list(self, section: str, groups, eof: int):
        """The edit that writes a list the file has not (or has empty) with ``groups`` of entries."""
        parts = section.split(".")
        parent, indent, depth = self.doc, 0, 0
        while depth < len(parts) - 1 and isinstance(parent.get(parts[depth]), CommentedMap) and parent[parts[depth]]:
            child = parent[parts[depth]]
            indent = child.lc.key(next(iter(child)))[1]
            parent, depth = child, depth + 1
        head = []
        for k, name in enumerate(parts[depth:]):
            head.append(" " * (indent + 2 * k) + f"{name}:\n")
        dash = indent + 2 * (len(parts) - depth)
        body = []
        for comment, entries in groups:
            body += ([" " * dash + f"# {comment}\n"] if comment else []) + self._render(entries, dash, True)
        name = parts[depth]
        if name in parent:  # the key is there with nothing (or null) under it: write the list in its place
            line = parent.lc.key(name)[0]
            return line, line + 1, head + body
        at = eof if parent is self.doc else self._section_end(".".join(parts[:depth]))
        return at, at, (["\n"] if parent is self.doc else []) + head + body

    def _dash_column(self, line: int, col: int) -> int:
        text = self.lines[line]
        k = text.rfind("-", 0, col + 1)
        return k if k >= 0 else max(col - 2, 0)

    def _span(self, section: str, index: int) -> tuple[int, int]:
        """Lines [start, end) of item ``index``: from its dash to its last line that is not blank or a comment."""
        seq = self._seq(section)
        start = seq.lc.item(index)[0]
        if index + 1 < len(seq):
            limit = seq.lc.item(index + 1)[0]
        else:
            limit = self._section_end(section)
        end = limit
        while end > start + 1 and _blank_or_comment(self.lines[end - 1]):
            end -= 1
        return start, end

    def _section_end(self, section: str) -> int:
        """The line after what the key ``section`` holds (a comment block just above the next key is the next
        key's)."""
        parent, key = self._node(section)
        keys = list(parent.keys())
        i = keys.index(key)
        if i + 1 < len(keys):
            line = parent.lc.key(keys[i + 1])[0]
        elif parent is self.doc:
            line = len(self.lines)
        else:
            line = self._section_end(section.rpartition(".")[0])
        while line > 0 and _blank_or_comment(self.lines[line - 1]):
            line -= 1
        return line

    def _render(self, entries: list, dash: int, flow: bool) -> list[str]:
        out = []
        pad = " " * dash
        if flow:
            for e in entries:
                out.append(pad + "- " + flow_entry(e) + "\n")
            return out
        for e in entries:
            out += _block_entry(e, dash)
        return out


#: Width past which a block entry's flow list (``length: [...]``) goes on to the next line, aligned.
WRAP = 100


def _block_entry(e, dash: int) -> list[str]:
    """A block mapping as a list item, as the user writes one: ``- key: value`` lines, flow values, each key's
    end-of-line comment kept, long flow lists wrapped under their first item."""
    out = []
    for n, (k, v) in enumerate(e.items()):
        if v is None:
            continue
        head = " " * dash + ("- " if n == 0 else "  ") + f"{flowyaml.scalar(str(k))}: "
        text = _block_scalar(v) if isinstance(v, str) else flow_entry(v)
        lines = [head + text]
        if isinstance(v, list) and len(head + text) > WRAP and not any(isinstance(x, (list, dict)) for x in v):
            lines, line = [], head + "["
            for i, x in enumerate(v):
                word = flow_entry(x) + ("," if i + 1 < len(v) else "]")
                if len(line) + len(word) + 1 > WRAP and not line.endswith("["):
                    lines.append(line)
                    line = " " * (len(head) + 1) + word
                else:
                    line += ("" if line.endswith("[") else " ") + word
            lines.append(line)
        comment, column = _eol_comment(e, k)
        if comment:
            lines[-1] = _with_comment(lines[-1], comment, column)
        out += [x + "\n" for x in lines]
    return out


def _with_comment(line: str, comment: str, column: int | None) -> str:
    """``line`` with ``comment`` at its end, at the column the user had it in where the line leaves room."""
    if column is not None and len(line) < column:
        return line.ljust(column) + comment
    return line + "   " + comment


def _block_scalar(text: str) -> str:
    """Text as a plain block scalar where YAML reads it back as that text (``1A-[001-016]`` needs no quotes in a
    block mapping), else quoted as :func:`cabling.writers.flowyaml.scalar` does."""
    import yaml

    dumped = yaml.safe_dump(text, default_flow_style=False, width=10**6, allow_unicode=True)
    plain = dumped.removesuffix("\n...\n").removesuffix("\n")
    if plain == text and "\n" not in plain and not plain.startswith(("'", '"')):
        return plain
    return flowyaml.scalar(text)


def _eol_comment(e, key) -> tuple[str, int | None]:
    """The comment at the end of ``key``'s line in the user's file and its column (ruamel keeps it with the key)."""
    ca = getattr(e, "ca", None)
    slot = ca.items.get(key) if ca is not None else None
    token = slot[2] if slot and len(slot) > 2 else None
    text = getattr(token, "value", "") or ""
    first = text.split("\n")[0].strip()
    if not first.startswith("#"):
        return "", None
    return first, getattr(getattr(token, "start_mark", None), "column", None)


def _blank_or_comment(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _trailing_comment(line: str) -> str:
    close = line.rfind("}")
    if close < 0:
        return ""
    rest = line[close + 1:].strip()
    return rest if rest.startswith("#") else ""


def flow_entry(value) -> str:
    """``{id: X, at: [1, 2], test: {result: pass}}`` on one line; scalars as :mod:`cabling.writers.flowyaml` writes them."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flowyaml.scalar(str(k))}: {flow_entry(v)}" for k, v in value.items()
                               if v is not None) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_entry(v) for v in value) + "]"
    if isinstance(value, str):
        return flowyaml.scalar(str(value))
    if isinstance(value, float):  # every digit kept (flowyaml's :g keeps six)
        return str(int(value)) if value.is_integer() else repr(float(value))
    return flowyaml.scalar(value)


# ------------------------------------------------------------------ bulk entries
def members(entry) -> list[str]:
    """The ids a (bulk) entry names."""
    return refs.expand(str(entry["id"]))


def split_bulk(entry, index: int, member=None) -> list:
    """The bulk ``entry`` with its member ``index`` taken out: [run before, member, run after] (runs that are
    empty left out), ``member`` in place of the member when given (a mapping of that member alone; None drops it).

    Each run keeps the range notation where its texts still expand to exactly its members; where they
    cannot (several ranges in one text, say), the run is written member by member.
    """
    n = len(members(entry))
    before = run(entry, 0, index)
    after = run(entry, index + 1, n)
    return before + ([member] if member is not None else []) + after


def member(entry, index: int):
    """Member ``index`` of a bulk entry as an entry of its own (a copy; key order kept)."""
    return run(entry, index, index + 1)[0]


def run(entry, i: int, j: int) -> list:
    """Members ``i`` to ``j - 1`` of a bulk ``entry`` as entries: one folded entry when the range notation
    still gives exactly them, else one entry per member. Empty when ``i >= j``."""
    if i >= j:
        return []
    n = len(members(entry))
    per_member = {}
    for k in PATTERN_KEYS:
        if isinstance(entry.get(k), str):
            values = refs.expand(str(entry[k]))
            if len(values) == n and n > 1:
                per_member[k] = values
    folded = _fold(entry, per_member, i, j, n)
    if folded is not None:
        return [folded]
    return [_fold(entry, per_member, m, m + 1, n) for m in range(i, j)]


def _fold(entry, per_member: dict, i: int, j: int, n: int):
    out = copy.deepcopy(entry)
    for k, values in per_member.items():
        text = _range_text(values[i:j])
        if text is None:
            return None
        out[k] = text
    for k in LIST_KEYS:
        v = entry.get(k)
        if isinstance(v, list) and len(v) == n:
            out[k] = _seq(v[i:j]) if j - i > 1 else v[i]
    at = entry.get("at")
    if isinstance(at, list) and at and isinstance(at[0], list) and len(at) == n:
        out["at"] = _seq([_seq(p) for p in at[i:j]]) if j - i > 1 else _seq(at[i])
    along = entry.get("along")
    if isinstance(along, list) and len(along) == 2 and n > 1:
        (x1, y1), (x2, y2) = along
        pts = [(_num(x1 + (x2 - x1) * k / (n - 1)), _num(y1 + (y2 - y1) * k / (n - 1))) for k in (i, j - 1)]
        if j - i > 1:
            out["along"] = _seq([_seq(list(pts[0])), _seq(list(pts[1]))])
        else:
            pos = list(out.keys()).index("along")
            del out["along"]
            out.insert(pos, "at", _seq(list(pts[0])))
    return out


def _range_text(values: list[str]) -> str | None:
    if len(values) == 1:
        return values[0]
    step = _step(values[0], values[1])
    if step is None or step == "same":
        return None
    text = _pattern(values[0], values[-1], step)
    try:
        return text if refs.expand(text) == values else None
    except refs.PatternError:
        return None


def _seq(values) -> CommentedSeq:
    s = CommentedSeq(values)
    s.fa.set_flow_style()
    return s


def _num(x: float):
    x = round(float(x), 4)  # a tenth of a millimetre
    return int(x) if x.is_integer() else x
