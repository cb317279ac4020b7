"""The JSON Schemas of ``schemas/``: loading, validation with friendly messages.

The schema is the single source of truth for the file format: the YAML reader
asks it which keys hold numbers (:func:`typed_keys`), and validation errors
are turned into one-line messages that name the offending value's position.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..diagnostics import close_matches, did_you_mean
from .yamlsource import mark_of


@lru_cache(maxsize=None)
def load_schema(name: str = "site") -> dict:
    import json

    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def schema_path(name: str = "site"):
    """The schema file: ``schemas/`` of a source checkout, else the installed copy."""
    source = Path(__file__).resolve().parent.parent.parent / "schemas" / f"{name}.schema.json"
    if source.is_file():
        return source
    return resources.files("cabling.schemas").joinpath(f"{name}.schema.json")


@lru_cache(maxsize=None)
def validator(name: str = "site"):
    """jsonschema's validator, for the detailed report on data the fast check refused."""
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(name))


@lru_cache(maxsize=None)
def typed_keys(name: str = "site") -> tuple[frozenset[str], frozenset[str]]:
    """(number keys, boolean keys): property names whose values are numbers or booleans.

    Kept in the cache (:mod:`cabling.readers.cache`, keyed by the schema's text) like the compiled check: a load
    of a small site then reads neither the schema's JSON nor imports json.
    """
    import marshal

    from . import cache

    entry = cache.key("typed keys", name, cache.digest(schema_path(name).read_bytes())) + ".code"
    data = cache.read(entry, always=True)
    if data is not None:
        try:
            numbers, bools = marshal.loads(data)
            if isinstance(numbers, frozenset) and isinstance(bools, frozenset):
                return numbers, bools
        except (ValueError, EOFError, TypeError):
            pass
    found = _typed_keys(load_schema(name))
    cache.write(entry, marshal.dumps(found), always=True)
    return found


def _typed_keys(schema: dict) -> tuple[frozenset[str], frozenset[str]]:
    defs = schema.get("$defs", {})
    numbers: set[str] = set()
    bools: set[str] = set()

    def resolve(s):
        seen = 0
        while isinstance(s, dict) and "$ref" in s and seen < 20:
            s = defs[s["$ref"].rsplit("/", 1)[-1]]
            seen += 1
        return s

    def kinds(s, depth=0) -> set[str]:
        s = resolve(s)
        if not isinstance(s, dict) or depth > 8:
            return set()
        out = set()
        t = s.get("type")
        for tt in [t] if isinstance(t, str) else (t or []):
            if tt in ("number", "integer"):
                out.add("number")
            elif tt == "boolean":
                out.add("bool")
            elif tt == "array" and "items" in s:
                out |= kinds(s["items"], depth + 1)
        for key in ("oneOf", "anyOf"):
            for sub in s.get(key, []):
                out |= kinds(sub, depth + 1)
        return out

    def walk(s, depth=0):
        s = resolve(s)
        if not isinstance(s, dict) or depth > 12:
            return
        for prop, sub in s.get("properties", {}).items():
            k = kinds(sub)
            if "number" in k:
                numbers.add(prop)
            if "bool" in k:
                bools.add(prop)
            walk(sub, depth + 1)
        if "items" in s:
            walk(s["items"], depth + 1)
        for key in ("oneOf", "anyOf"):
            for sub in s.get(key, []):
                walk(sub, depth + 1)

    walk(schema)
    return frozenset(numbers), frozenset(bools)


def _describe(value) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:  # YAML's null: nothing written, '~' or 'null'
        return "nothing (an empty value, ~ or null; quote '~' or 'null' to mean that text)"
    return repr(value)


_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+\Z")
_NUMBERLIKE = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z|[-+]?\.?(inf|Inf|INF|nan|NaN|NAN)\Z")


def _number_problem(value) -> str | None:
    """What is wrong with text that was meant as a number, said plainly (or None)."""
    if not isinstance(value, str):
        return None
    if _DECIMAL_COMMA.match(value):
        return f"'{value}' has a decimal comma; write {value.replace(',', '.')}"
    if _NUMBERLIKE.match(value):
        try:
            finite = math.isfinite(float(value))
        except ValueError:
            finite = False
        if finite:  # a plain number would have been read as one: this one is in quotes
            return f"'{value}' is in quotes, so it is text; write the number without quotes"
        return f"'{value}' is not a finite number of sane size; write the value in ordinary units"
    return None


def _branch_error(err):
    """Of a oneOf/anyOf error, the complaint of the branch the user most likely meant (None if none stands
    out). "must be a list" is rarely what the user meant: the other branches' complaints come first."""
    import jsonschema

    ctx = list(err.context or ())
    branches: dict = {}
    for c in ctx:
        branches.setdefault(c.relative_schema_path[0] if c.relative_schema_path else None, []).append(c)
    # a branch that wants another kind of value altogether is not the one meant; of the others, the one
    # the value comes closest to (fewest complaints): `at: [1e999, 5]` is a point with a bad x, not a list
    # of two points that are both no list
    meant = [errs for errs in branches.values()
             if not any(c.validator == "type" and not c.relative_path for c in errs)]
    if meant:
        fewest = min(map(len, meant))
        ctx = [c for errs in meant if len(errs) == fewest for c in errs]
    best = jsonschema.exceptions.best_match([c for c in ctx if c.validator != "type"] or ctx) if ctx else None
    return best if best is not None and best.validator not in ("oneOf", "anyOf") else None


def _field(path: list) -> str | None:
    """The key a value is under: also for an item of an entry's list (`at: [x, y]` -> at), but not for an
    entry of a section (`devices[3]`, `telephony.extensions[2]`), which the message names already."""
    if path and isinstance(path[-1], str):
        return path[-1]
    k = len(path)
    while k and isinstance(path[k - 1], int):
        k -= 1
    if k and any(isinstance(step, int) for step in path[:k - 1]):
        return path[k - 1]
    return None


def _message(err) -> str:
    v = err.validator
    path = err.absolute_path
    field = _field(list(path))
    prefix = f"{field}: " if field else ""
    if v == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        return "; ".join(f"unknown key '{k}'" + (did_you_mean(k, allowed) or f" (allowed: {', '.join(allowed)})")
                         for k in extra)
    if v == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        return f"{prefix}missing required key '{missing[0]}'" if missing else err.message
    if v == "enum":
        choices = [str(c) for c in err.validator_value]
        return (f"{prefix}{_describe(err.instance)} is not one of {', '.join(choices)}"
                + did_you_mean(str(err.instance), choices, n=2))
    if v == "type":
        want = err.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        number = _number_problem(err.instance) if "number" in want or "integer" in want else None
        if number:
            return f"{prefix}{number}"
        return f"{prefix}expected {want}, got {_describe(err.instance)}"
    if v in ("oneOf", "anyOf"):
        best = _branch_error(err)
        if best is not None:
            return _message(best)
        return f"{prefix}{_describe(err.instance)} is not valid here"
    if v in ("minItems", "maxItems"):
        return f"{prefix}expected {'at least' if v == 'minItems' else 'at most'} {err.validator_value} item(s)"
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "at least", "exclusiveMinimum": "more than",
                 "maximum": "at most", "exclusiveMaximum": "less than"}[v]
        return f"{prefix}{err.instance} must be {words} {err.validator_value}"
    if v == "minLength":
        return f"{prefix}must not be empty"
    return f"{prefix}{err.message}"


# The compiled check raises these instead of fastjsonschema's own, so that running it does not import
# fastjsonschema (its package imports every draft's code generator): only generating it does.
# Nor decimal: the check only asks isinstance(value, (int, float, Decimal)), and no value read from YAML is one.
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_DECIMAL = "from decimal import Decimal\n"
_EXCEPTIONS = ("class Decimal:\n"
               "    pass\n"
               "class JsonSchemaValueException(ValueError):\n"
               "    def __init__(self, message, *args, **kwargs):\n"
               "        super().__init__(message)\n"
               "JsonSchemaValuesException = JsonSchemaValueException\n")


def _fastjsonschema_version() -> str:
    """fastjsonschema's version, read without importing it (a cached check does not need it)."""
    from importlib.util import find_spec

    try:
        return Path(find_spec("fastjsonschema").origin).with_name("version.py").read_text("utf-8")
    except (AttributeError, TypeError, OSError, ValueError):
        import fastjsonschema

        return fastjsonschema.VERSION


@lru_cache(maxsize=None)
def fast_validator(name: str = "site"):
    """A compiled yes/no check (fastjsonschema); the schema only uses draft-07 keywords.

    Generating the check's code takes longer than loading a small site, so the compiled code is
    kept in the cache (:mod:`cabling.readers.cache`), keyed by the schema's text and fastjsonschema's version.
    The check raises its ``invalid`` attribute (a ValueError) on data the schema refuses.
    """
    import marshal

    from . import cache

    text = schema_path(name).read_bytes()
    entry = cache.key("validator", name, cache.digest(text), _fastjsonschema_version(), _EXCEPTIONS) + ".code"
    data = cache.read(entry, always=True)
    code = None
    if data is not None:
        try:
            entry_name, code = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            code = None
    if code is None:
        import fastjsonschema

        s = dict(load_schema(name))
        s["$schema"] = "http://json-schema.org/draft-07/schema#"
        source = fastjsonschema.compile_to_code(s).replace(_DECIMAL, "", 1).replace(_IMPORT, _EXCEPTIONS, 1)
        entry_name = re.search(r"^def (\w+)", source, re.M).group(1)
        code = compile(source, f"<fastjsonschema {name}>", "exec")
        cache.write(entry, marshal.dumps((entry_name, code)), always=True)
    namespace: dict = {}
    exec(code, namespace)
    check = namespace[entry_name]
    check.invalid = namespace["JsonSchemaValueException"]
    return check


def validate(data, name: str = "site"):
    """Yield (path, mark, message) for each schema violation.

    ``path`` leads from the root to the offending value and ``mark`` is its
    position. Valid data (the common case) is recognised by a compiled check;
    only invalid data pays for jsonschema's detailed error report.
    """
    check = fast_validator(name)
    try:
        check(data)
        return
    except check.invalid:
        pass
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.path)))
    # a key written wrong (`idd:` for `id:`) is one mistake: its "unknown key 'idd' (did you mean id?)"
    # says it all, and the "missing required key 'id'" of the same entry is not said as well
    misspelt = {(tuple(e.absolute_path), close_matches(k, e.schema.get("properties", {}))[0])
                for e in errors if e.validator == "additionalProperties" and isinstance(e.instance, dict)
                for k in e.instance if k not in e.schema.get("properties", {})
                and close_matches(k, e.schema.get("properties", {}))}
    for err in errors:
        if err.validator == "required" and isinstance(err.instance, dict) and all(
                (tuple(err.absolute_path), k) in misspelt for k in err.validator_value if k not in err.instance):
            continue
        where = err
        while where.validator in ("oneOf", "anyOf") and (leaf := _branch_error(where)) is not None:
            where = leaf  # the value the message is about, deeper than the oneOf
        path = list(where.absolute_path)
        container, key = data, None
        node = data
        for step in path:
            container, key = node, step
            node = node[step]
        mark = mark_of(container, key) if key is not None else getattr(data, "mark", None)
        if err.validator == "additionalProperties" and isinstance(node, dict):
            extra = [k for k in node if k not in err.schema.get("properties", {})]
            key_mark = node.key_marks.get(extra[0]) if extra and hasattr(node, "key_marks") else None
            if key_mark is not None:
                mark = key_mark
        yield path, mark, _message(err)
