"""Read a YAML file into plain data that remembers where each value came from.

Site files are written by hand and reviewed in git, so the reader is strict:

* every scalar keeps its exact text: ``017``, ``no``, ``on``, ``1:30`` and
  ``2e3`` are strings, never numbers or booleans (PyYAML's YAML 1.1 rules
  would turn them into 15, False, True, 90 and 2000.0);
* only keys that the schema declares as numbers or booleans (see
  :func:`cabling.schema.typed_keys`) get their plain scalars converted, and a
  value that does not convert stays a string so that schema validation reports
  it with its position;
* a duplicate key is an error, not a silent overwrite.

Parsing uses libyaml's C composer when present; only the small conversion step
runs in Python.
"""
from __future__ import annotations

import re

import yaml

from .diagnostics import Collector, Mark

try:  # libyaml is the fast path; the pure-Python composer gives identical nodes
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class YMap(dict):
    """A mapping with the position of itself (``mark``) and of each value (``marks``)."""

    __slots__ = ("mark", "marks", "key_marks")


class YSeq(list):
    """A sequence with the position of itself and of each item."""

    __slots__ = ("mark", "marks")


def mark_of(container, key) -> Mark | None:
    """Position of ``container[key]`` (a YMap key or a YSeq index), if known."""
    marks = getattr(container, "marks", None)
    if marks is None:
        return getattr(container, "mark", None)
    try:
        return marks[key]
    except (KeyError, IndexError):
        return getattr(container, "mark", None)


class _Builder:
    def __init__(self, filename: str, number_keys, bool_keys, diag: Collector):
        self.filename = filename
        self.number_keys = number_keys
        self.bool_keys = bool_keys
        self.diag = diag

    def mark(self, node) -> Mark:
        m = node.start_mark
        return Mark(self.filename, m.line + 1, m.column + 1)

    def build(self, node, typed: str | None = None):
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, typed)
        if isinstance(node, yaml.SequenceNode):
            seq = YSeq()
            seq.mark = self.mark(node)
            seq.marks = []
            for item in node.value:
                seq.append(self.build(item, typed))
                seq.marks.append(self.mark(item))
            return seq
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        raise TypeError(node)  # pragma: no cover - yaml has no other node kinds

    def scalar(self, node, typed):
        value = node.value
        if node.tag == "tag:yaml.org,2002:null" and value in ("", "~", "null", "Null", "NULL"):
            return None
        if typed is None or node.style:  # quoted or block: always text
            return value
        if typed == "number":
            if _INT.match(value):
                return int(value)
            if _FLOAT.match(value):
                return float(value)
        elif typed == "bool":
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return value

    def mapping(self, node):
        out = YMap()
        out.mark = self.mark(node)
        out.marks = {}
        out.key_marks = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diag.error(self.mark(key_node), "YAML merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diag.error(self.mark(key_node), "a key must be plain text")
                continue
            key = key_node.value
            if key in out:
                first = out.key_marks[key]
                self.diag.error(
                    self.mark(key_node),
                    f"duplicate key '{key}' (first given at line {first.line}); remove one of them",
                )
                continue
            if key in self.number_keys:
                typed = "number"
            elif key in self.bool_keys:
                typed = "bool"
            else:
                typed = None
            out[key] = self.build(value_node, typed)
            out.marks[key] = self.mark(value_node)
            out.key_marks[key] = self.mark(key_node)
        return out


def load(text: str, filename: str, diag: Collector, number_keys=frozenset(), bool_keys=frozenset()):
    """Parse one YAML document; problems go to ``diag`` and give ``None``."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = Mark(filename, m.line + 1, m.column + 1) if m else Mark(filename, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected ',' or" in problem:
            problem += " (inside [ ] or { }, quote values that contain [ ] { } , or ': ')"
        diag.fatal(where, f"invalid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        diag.fatal(Mark(filename, 1, 1), f"invalid YAML: {exc}")
        return None
    if node is None:
        return None
    return _Builder(filename, number_keys, bool_keys, diag).build(node)


def read_text(path, diag: Collector) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        diag.fatal(None, f"{path}: no such file")
    except IsADirectoryError:
        diag.fatal(None, f"{path}: is a directory")
    except UnicodeDecodeError as exc:
        diag.fatal(Mark(str(path), 1, 1), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        diag.fatal(None, f"{path}: {exc.strerror}")
    return None
