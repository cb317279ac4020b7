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

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _TextResolver(yaml.resolver.BaseResolver):
    """Tags every plain scalar as text (or null); typing is done per key afterwards.

    PyYAML's own resolver runs a dozen regular expressions per scalar in Python;
    this one is a set lookup, and it is what keeps ids such as ``017`` as text.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULLS:
                return _NULL_TAG
            return _STR_TAG
        return super().resolve(kind, value, implicit)


try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:  # libyaml: parse and compose in C
    class _Loader(CParser, yaml.constructor.BaseConstructor, _TextResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            _TextResolver.__init__(self)
else:  # pragma: no cover - depends on the PyYAML build
    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                  yaml.constructor.BaseConstructor, _TextResolver):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.BaseConstructor.__init__(self)
            _TextResolver.__init__(self)

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class _Marks:
    """Positions of a container's values, made into :class:`Mark` only when asked for."""

    __slots__ = ("nodes", "file")

    def __init__(self, nodes, file: str):
        self.nodes = nodes
        self.file = file

    def __getitem__(self, key) -> Mark:
        m = self.nodes[key].start_mark
        return Mark(self.file, m.line + 1, m.column + 1)

    def get(self, key, default=None):
        try:
            return self[key]
        except (KeyError, IndexError):
            return default


class _Located:
    """A container built from a YAML node: its ``mark`` is where the node starts."""

    __slots__ = ()

    @property
    def mark(self) -> Mark:
        m = self._node.start_mark
        return Mark(self._file, m.line + 1, m.column + 1)


class YMap(_Located, dict):
    """A mapping that knows the position of itself (``mark``) and of each value (``marks``) and key."""

    __slots__ = ("_node", "_values", "_keys", "_file")

    @property
    def marks(self) -> _Marks:
        return _Marks(self._values, self._file)

    @property
    def key_marks(self) -> _Marks:
        return _Marks(self._keys, self._file)


class YSeq(_Located, list):
    """A sequence that knows the position of itself and of each item."""

    __slots__ = ("_node", "_file")

    @property
    def marks(self) -> _Marks:
        return _Marks(self._node.value, self._file)


def mark_of(container, key) -> Mark | None:
    """Position of ``container[key]`` (a YMap key or a YSeq index), if known."""
    marks = getattr(container, "marks", None)
    if marks is None:
        return getattr(container, "mark", None)
    found = marks.get(key)
    return found if found is not None else getattr(container, "mark", None)


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_IN_PROGRESS = object()


class _Builder:
    def __init__(self, filename: str, number_keys, bool_keys, diag: Collector):
        self.built: dict[int, object] = {}
        self.filename = filename
        self.number_keys = number_keys
        self.bool_keys = bool_keys
        self.diag = diag

    def mark(self, node) -> Mark:
        m = node.start_mark
        return Mark(self.filename, m.line + 1, m.column + 1)

    def build(self, node, typed: str | None = None):
        cls = node.__class__
        if cls is _ScalarNode:
            value = node.value
            if node.tag == _NULL_TAG and value in _NULLS:
                return None
            if typed is None or node.style:  # quoted or block scalars are always text
                return value
            return _typed(value, typed)
        # Collections may be shared through YAML aliases (&a / *a): build each once,
        # and refuse one that contains itself.
        key = id(node)
        done = self.built.get(key)
        if done is not None:
            if done is _IN_PROGRESS:
                self.diag.fatal(self.mark(node), "a YAML alias refers to the collection that contains it")
                return None
            return done
        self.built[key] = _IN_PROGRESS
        if cls is _SequenceNode:
            out = YSeq(self.build(item, typed) for item in node.value)
            out._node = node
            out._file = self.filename
        elif cls is _MappingNode:
            out = self.mapping(node)
        else:  # pragma: no cover - yaml has no other node kinds
            raise TypeError(node)
        self.built[key] = out
        return out

    def mapping(self, node):
        out = YMap()
        out._node = node
        out._file = self.filename
        values = out._values = {}
        keys = out._keys = {}
        number_keys, bool_keys, build = self.number_keys, self.bool_keys, self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode:
                self.diag.error(self.mark(key_node), "a key must be plain text")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diag.error(self.mark(key_node), "YAML merge keys (<<) are not supported; write the keys out")
                continue
            key = key_node.value
            if key in out:
                first = self.mark(keys[key])
                self.diag.error(
                    self.mark(key_node),
                    f"duplicate key '{key}' (first given at line {first.line}); remove one of them",
                )
                continue
            if key in number_keys:
                typed = "number"
            elif key in bool_keys:
                typed = "bool"
            else:
                typed = None
            out[key] = build(value_node, typed)
            values[key] = value_node
            keys[key] = key_node
        return out


def _typed(value: str, typed: str):
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


def _report(exc: yaml.YAMLError, text: str, filename: str, diag: Collector) -> None:
    """One plain-spoken, positioned message for a YAML syntax error."""
    m = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = Mark(filename, m.line + 1, m.column + 1) if m else Mark(filename, 1, 1)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if "expected ',' or" in problem:
        problem += " (inside [ ] or { }, quote values that contain [ ] { } , or ': ')"
    elif "cannot start any token" in problem and m is not None and text[m.index:m.index + 1] == "\t":
        problem = "a tab character; YAML is indented with spaces only"
    elif "another document" in problem:
        problem = "a second YAML document (---); a site file holds one: split it into two files"
    diag.fatal(where, f"invalid YAML: {problem}")


def load(text: str, filename: str, diag: Collector, number_keys=frozenset(), bool_keys=frozenset()):
    """Parse one YAML document; problems go to ``diag`` and give ``None``."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        _report(exc, text, filename, diag)
        return None
    if node is None:
        return None
    return _Builder(filename, number_keys, bool_keys, diag).build(node)


def load_all(text: str, filename: str, diag: Collector, number_keys=frozenset(), bool_keys=frozenset()) -> list:
    """Every document of a multi-document stream, parsed like :func:`load`."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        _report(exc, text, filename, diag)
        return []
    builder = _Builder(filename, number_keys, bool_keys, diag)
    return [builder.build(n) for n in nodes if n is not None]


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
