"""Read a YAML file into plain data that remembers where each value came from.

Site files are written by hand and reviewed in git, so the reader is strict:

* every scalar keeps its exact text: ``017``, ``no``, ``on``, ``1:30`` and
  ``2e3`` are strings, never numbers or booleans (PyYAML's YAML 1.1 rules
  would turn them into 15, False, True, 90 and 2000.0);
* only keys that the schema declares as numbers or booleans (see
  :func:`cabling.readers.schema.typed_keys`) get their plain scalars converted, and a
  value that does not convert stays a string so that schema validation reports
  it with its position;
* a duplicate key is an error, not a silent overwrite;
* a number must be finite (``1e999`` and ``.inf`` stay text, so the schema
  names them); the schema bounds each quantity;
* tags other than the core ones (``!include``, ``!!python/object``) are errors
  that name the tag; merge keys (``<<: *defaults``) work as YAML 1.1 says
  (explicit keys win, earlier merged mappings win over later ones);
* aliases may share a value, but all aliases of a file together may expand to
  at most :data:`MAX_ALIAS_EXPANSION` values (an "alias bomb" of a few hundred
  bytes would otherwise expand to billions);
* a NUL byte, another control character or a byte that is not UTF-8 is
  reported at its line and column; text in another encoding is named.

Parsing uses libyaml's C composer when present; only the small conversion step
runs in Python.
"""
from __future__ import annotations

import math
import os
import re

import yaml

from ..diagnostics import Collector, Mark
from .sitefiles import MAX_FILE_BYTES  # the size limit lives where the cache's key reads it too

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


_COLUMN_BITS = 24


def _position(node) -> int:
    """Where a node starts, packed into one int (line << 24 | column, both 0-based).

    Containers keep these instead of the YAML nodes, so the node tree (several objects per scalar)
    is freed as soon as the file's data is built, before the site model is.
    """
    m = node.start_mark
    return (m.line << _COLUMN_BITS) | m.column


def _mark(file: str, position: int) -> Mark:
    return Mark(file, (position >> _COLUMN_BITS) + 1, (position & ((1 << _COLUMN_BITS) - 1)) + 1)


class _Marks:
    """Positions of a container's values, made into :class:`Mark` only when asked for."""

    __slots__ = ("positions", "file")

    def __init__(self, positions, file: str):
        self.positions = positions
        self.file = file

    def __getitem__(self, key) -> Mark:
        return _mark(self.file, self.positions[key])

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
        return _mark(self._file, self._pos)


class YMap(_Located, dict):
    """A mapping that knows the position of itself (``mark``) and of each value (``marks``) and key."""

    __slots__ = ("_pos", "_values", "_keys", "_file")

    @property
    def marks(self) -> _Marks:
        return _Marks(self._values, self._file)

    @property
    def key_marks(self) -> _Marks:
        return _Marks(self._keys, self._file)


class YSeq(_Located, list):
    """A sequence that knows the position of itself and of each item."""

    __slots__ = ("_pos", "_items", "_file")

    @property
    def marks(self) -> _Marks:
        return _Marks(self._items, self._file)


def mark_of(container, key) -> Mark | None:
    """Position of ``container[key]`` (a YMap key or a YSeq index), if known."""
    marks = getattr(container, "marks", None)
    if marks is None:
        return getattr(container, "mark", None)
    found = marks.get(key)
    return found if found is not None else getattr(container, "mark", None)


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_IN_PROGRESS = object()
_SEQ_TAG, _MAP_TAG = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = frozenset((_STR_TAG, _NULL_TAG, _SEQ_TAG, _MAP_TAG))

#: How many values all the aliases (``*name``) of one file may stand for together.
MAX_ALIAS_EXPANSION = 100_000


#: How deeply collections may nest in one file. A site file needs about eight levels (a room's
#: polygon inside a floor inside a list of floors); thousands are a mistake or an attack, and would
#: exhaust Python's stack in every stage after the parse.
MAX_NESTING = 50


class _TooBig(Exception):
    pass


class _TooDeep(Exception):
    pass


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    def __init__(self, filename: str, number_keys, bool_keys, diag: Collector):
        self.built: dict[int, object] = {}
        self.filename = filename
        self.number_keys = number_keys
        self.bool_keys = bool_keys
        self.diag = diag
        self.sizes: dict[int, int] = {}
        self.expanded = 0
        self.depth = 0

    def size(self, node) -> int:
        """How many values ``node`` stands for when every alias in it is written out."""
        if node.__class__ is _ScalarNode:
            return 1
        key = id(node)
        n = self.sizes.get(key)
        if n is None:
            self.sizes[key] = 1  # a node that contains itself is reported by build()
            if node.__class__ is _SequenceNode:
                n = 1 + sum(self.size(item) for item in node.value)
            else:
                n = 1 + sum(self.size(k) + self.size(v) for k, v in node.value)
            self.sizes[key] = n
        return n

    def tag_problem(self, node) -> bool:
        if node.tag in _PLAIN_TAGS:
            return False
        self.diag.error(self.mark(node), f"YAML tag '{_tag_name(node.tag)}' is not supported: a site file is "
                                         "plain YAML (no includes, no objects); remove the tag")
        return True

    def build_root(self, node):
        try:
            return self.build(node)
        except _TooBig as exc:
            self.diag.fatal(exc.args[0], f"YAML aliases (*name) in this file stand for more than "
                                         f"{MAX_ALIAS_EXPANSION:,} values when written out (an 'alias bomb'); "
                                         "write the values out, or share fewer of them")
            return None
        except _TooDeep as exc:
            mark, flow = exc.args
            self.diag.fatal(mark, _too_deep(flow))
            return None

    def mark(self, node) -> Mark:
        m = node.start_mark
        return Mark(self.filename, m.line + 1, m.column + 1)

    def build(self, node, typed: str | None = None):
        cls = node.__class__
        if cls is _ScalarNode:
            value = node.value
            if node.tag == _NULL_TAG and value in _NULLS:
                return None
            if node.tag is not _STR_TAG and node.tag != _STR_TAG and self.tag_problem(node):
                return value
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
            self.expanded += self.size(node)
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _TooBig(self.mark(node))
            return done
        self.built[key] = _IN_PROGRESS
        refused = node.tag not in _PLAIN_TAGS and self.tag_problem(node)
        # one mistake, one error: what is inside a refused collection (``!!set {a, b}``) reports nothing more
        said = len(self.diag.diagnostics) if refused else None
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _TooDeep(self.mark(node), node.flow_style)
        if cls is _SequenceNode:
            out = YSeq(self.build(item, typed) for item in node.value)
            out._pos = _position(node)
            out._items = [_position(item) for item in node.value]
            out._file = self.filename
        elif cls is _MappingNode:
            out = self.mapping(node)
        else:  # pragma: no cover - yaml has no other node kinds
            raise TypeError(node)
        self.depth -= 1
        if said is not None:
            self.diag.diagnostics[said:] = [d for d in self.diag.diagnostics[said:] if d.severity == "fatal"]
        self.built[key] = out
        return out

    def mapping(self, node):
        out = YMap()
        out._pos = _position(node)
        out._file = self.filename
        values = out._values = {}
        keys = out._keys = {}
        number_keys, bool_keys, build = self.number_keys, self.bool_keys, self.build
        merges = []
        previous = None
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode:
                self.diag.error(self.mark(key_node), "a key must be plain text")
                continue
            if node.flow_style and _no_colon(key_node, value_node):
                self.comma_in_flow(previous, key_node)
                continue
            previous = value_node
            if key_node.value == "<<" and not key_node.style:
                merges.append(value_node)
                continue
            key = key_node.value
            if key in out:
                first = _mark(self.filename, keys[key])
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
            values[key] = _position(value_node)
            keys[key] = _position(key_node)
        for value_node in merges:
            self.merge(out, value_node)
        return out

    def comma_in_flow(self, previous, key_node) -> None:
        """``{length: 27,5}`` or ``{name: Smith, John}``: a comma ended a value and left a key without ':'."""
        before = previous.value if previous is not None and previous.__class__ is _ScalarNode else None
        word = key_node.value
        if before is not None and not previous.style and _INT.match(before) and word.isdigit():
            self.diag.error(self.mark(previous), f"'{before},{word}' has a decimal comma; write {before}.{word} "
                                                 "(inside { } a comma separates entries)")
        elif before is not None and not previous.style:
            self.diag.error(self.mark(previous), f"a comma inside {{ }} ends a value: '{before}, {word}' was read "
                                                 f"as '{before}' and a key '{word}' without a value; "
                                                 f"quote it: \"{before}, {word}\"")
        else:
            self.diag.error(self.mark(key_node), f"'{word}' has no ':' and no value; inside {{ }} write key: value, "
                                                 "and quote values that contain a comma")

    def merge(self, out, value_node) -> None:
        """``<<: *defaults`` (or ``<<: [*a, *b]``): add the keys ``out`` does not give itself."""
        sources = value_node.value if value_node.__class__ is _SequenceNode else [value_node]
        for source in sources:
            if source.__class__ is not _MappingNode:
                self.diag.error(self.mark(source), "a merge key (<<) takes a mapping or a list of mappings, "
                                                   "e.g. '<<: *defaults'")
                continue
            merged = self.build(source)
            if not isinstance(merged, YMap):
                continue
            for key, value in merged.items():
                if key not in out:
                    out[key] = value
                    out._values[key] = merged._values[key]
                    out._keys[key] = merged._keys[key]


def _no_colon(key_node, value_node) -> bool:
    """A flow-mapping entry written without ':' (libyaml gives it an empty value at the key's end)."""
    return (value_node.__class__ is _ScalarNode and value_node.tag == _NULL_TAG and value_node.value == ""
            and value_node.start_mark.index == key_node.end_mark.index)


def _typed(value: str, typed: str):
    if typed == "number":
        if len(value) <= 18 and _INT.match(value):  # longer digit strings go by float and its bounds
            return int(value)
        if _FLOAT.match(value):
            number = float(value)
            return number if math.isfinite(number) else value
    elif typed == "bool":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _character(ch: str) -> str:
    if ch == "\x00":
        return "a NUL byte (character 0)"
    return f"the control character U+{ord(ch):04X}"


def _report(exc: yaml.YAMLError, text: str, filename: str, diag: Collector) -> None:
    """One plain-spoken, positioned message for a YAML syntax error."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        line, col = position(text, exc.position)
        diag.fatal(Mark(filename, line, col), f"{_character(text[exc.position])} is not allowed in a YAML file; "
                                              "remove it (was the file saved by a binary tool?)")
        return
    m = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = Mark(filename, m.line + 1, m.column + 1) if m else Mark(filename, 1, 1)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if "expected ',' or" in problem:
        problem += " (inside [ ] or { }, quote values that contain [ ] { } , or ': ')"
    elif "cannot start any token" in problem and m is not None and text[m.index:m.index + 1] == "\t":
        problem = "a tab character; YAML is indented with spaces only"
    elif "another document" in problem:
        problem = "a second YAML document (---); a site file holds one: split it into two files"
    elif "maximum nesting depth" in problem:  # libyaml's own limit (PyYAML 6.0.4 and later), far past ours
        diag.fatal(where, _too_deep(m is not None and text[m.index:m.index + 1] in "[{"))
        return
    diag.fatal(where, f"invalid YAML: {problem}")


def _too_deep(flow: bool) -> str:
    """What to say of collections nested past :data:`MAX_NESTING` (in brackets: ``flow``)."""
    return (f"collections nest more than {MAX_NESTING} levels deep here (the nesting depth a site file may have); "
            "a site needs about eight: " + ("close the brackets that were left open" if flow else
                                             "indent less, or write an entry's items at one level"))


# More than MAX_NESTING flow collections opened in a row ('[[[[...'): refused before the parser sees them
# (libyaml's time grows with the square of the flow depth: 10,000 levels take it a second).
_DEEP_FLOW = re.compile(r"[\[{](?:[ \t\r\n]*[\[{]){%d}" % MAX_NESTING)


def _too_deep_flow(text: str, filename: str, diag: Collector) -> bool:
    m = _DEEP_FLOW.search(text)
    if m is None:
        return False
    at = m.end() - 1  # the bracket that opens level MAX_NESTING + 1
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    diag.fatal(Mark(filename, line, column), _too_deep(flow=True))
    return True


def load(text: str, filename: str, diag: Collector, number_keys=frozenset(), bool_keys=frozenset()):
    """Parse one YAML document; problems go to ``diag`` and give ``None``."""
    if any(run in text for run in ("[[[[", "{{{{", "[ [ [", "{ { {")) and _too_deep_flow(text, filename, diag):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        _report(exc, text, filename, diag)
        return None
    if node is None:
        return None
    return _Builder(filename, number_keys, bool_keys, diag).build_root(node)


def load_all(text: str, filename: str, diag: Collector, number_keys=frozenset(), bool_keys=frozenset()) -> list:
    """Every document of a multi-document stream, parsed like :func:`load`."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        _report(exc, text, filename, diag)
        return []
    builder = _Builder(filename, number_keys, bool_keys, diag)
    return [builder.build_root(n) for n in nodes if n is not None]


def not_utf8(data: bytes, exc: UnicodeDecodeError, what_it_should_be: str) -> tuple[int, int, str]:
    """(line, column, message) of the first byte of ``data`` that is not UTF-8, naming the likely encoding."""
    before = data[:exc.start]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    enc = guess_encoding(data)
    what = (f"the file looks like {enc} text; save it as UTF-8" if enc
            else f"the file does not look like text; {what_it_should_be}")
    return line, col, f"byte 0x{data[exc.start]:02X} is not UTF-8 ({what})"


def guess_encoding(data: bytes) -> str | None:
    """A likely name for the encoding of text that is not UTF-8, or None when it looks binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if b"\x00" in data[:4096]:
        return None
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return None
    # Cyrillic text in Windows-1251 is mostly letters 0xC0-0xFF in runs (whole words);
    # Western European text (Windows-1252/Latin-1) has single accented letters among ASCII ones.
    letters = sum(1 for i in high if data[i] >= 0xC0)
    paired = sum(1 for i in high if (i + 1 < len(data) and data[i + 1] >= 0x80) or (i and data[i - 1] >= 0x80))
    if letters >= 0.7 * len(high) and paired >= 0.6 * len(high):
        return "Windows-1251 (Cyrillic)"
    return "Windows-1252 or Latin-1"


def read_text(path, diag: Collector) -> str | None:
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                diag.fatal(Mark(str(path), 1, 1), f"the file is {size / 2**20:,.0f} MB; cabling reads site and model "
                           f"files of at most {MAX_FILE_BYTES // 2**20} MB (split a site into several files)")
                return None
            data = fh.read()
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col, message = not_utf8(data, exc, "a site file is UTF-8 YAML")
        diag.fatal(Mark(str(path), line, col), message)
    except FileNotFoundError:
        diag.fatal(None, f"{path}: no such file")
    except IsADirectoryError:
        diag.fatal(None, f"{path}: is a directory")
    except OSError as exc:
        diag.fatal(None, f"{path}: {exc.strerror}")
    return None
