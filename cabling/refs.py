"""Names and references: NetBox-style range patterns and ``DEVICE:PORT`` references.

Range patterns
    ``1A-[001-024]`` expands to ``1A-001`` .. ``1A-024`` (the width of a
    zero-padded start is kept), ``Gi1/0/[1-48]`` to 48 names, ``[ge,xe]-0/0/[0-1]``
    to the product of its groups, as in NetBox's bulk-create forms.

Port references
    ``DEVICE:PORT``. Device and port names come from real inventories and may
    contain ``:`` themselves (NetBox's demo data has a panel ``PP:MDF`` with ports
    such as ``Interface 1:1``), so :func:`readings` lists every way of splitting a
    reference and the loader keeps the one(s) that exist. A part may be written in
    double quotes to settle it (``"PP:MDF":Interface 1:1``), and a site id may
    lead (``kazan:PP-1:3``) where several sites are loaded. :func:`format_ref`
    writes the canonical form, which always parses back to the same port.
"""
from __future__ import annotations

import re
from itertools import product

_GROUP = re.compile(r"\[((?:[a-zA-Z0-9]+[-,])+[a-zA-Z0-9]+)\]")


MAX_EXPANSION = 1_000_000


class PatternError(ValueError):
    pass


def _expand_group(body: str, lenient: bool = False) -> list[str]:
    out: list[str] = []
    for part in body.split(","):
        if "-" not in part:
            out.append(part)
            continue
        start, _, end = part.partition("-")
        if not start or not end or "-" in end:
            raise PatternError(f"bad range '{part}'")
        if start.isdigit() and end.isdigit():
            a, b = int(start), int(end)
            if b - a >= MAX_EXPANSION:
                raise PatternError(f"range '{part}' is longer than {MAX_EXPANSION:,}")
            if b < a:
                if not lenient:
                    raise PatternError(f"range '{part}' runs backwards")
                a, b = b, a
            width = len(start) if start.startswith("0") and len(start) > 1 else 0
            out.extend(str(n).zfill(width) for n in range(a, b + 1))
        elif len(start) == 1 and len(end) == 1 and start.isalpha() and end.isalpha():
            if ord(end) < ord(start):
                if not lenient:
                    raise PatternError(f"range '{part}' runs backwards")
                start, end = end, start
            out.extend(chr(c) for c in range(ord(start), ord(end) + 1))
        else:
            raise PatternError(f"range '{part}' must be numbers (1-48) or single letters (a-d)")
    return out


def has_pattern(text: str) -> bool:
    return "[" in text and _GROUP.search(text) is not None


def names_meant(text: str) -> list[str]:
    """The names a pattern was most likely meant to stand for, even when it is wrong.

    A range written backwards counts as written forwards; a pattern that cannot be
    read at all stands for itself. Used to know which names a failed entry defines.
    """
    try:
        return expand(text, lenient=True)
    except PatternError:
        return [text]


def expand(text: str, lenient: bool = False) -> list[str]:
    """Every name a range pattern stands for; a plain name gives itself."""
    if "[" not in text:
        return [text]
    pieces = _GROUP.split(text)
    if len(pieces) == 1:
        return [text]
    literals = pieces[0::2]
    groups = [_expand_group(body, lenient) for body in pieces[1::2]]
    total = 1
    for g in groups:
        total *= len(g)
    if total > MAX_EXPANSION:
        raise PatternError(f"'{text}' stands for {total:,} names; at most {MAX_EXPANSION:,} per entry")
    if len(groups) == 1:  # the usual case: one range
        head, tail = literals
        return [head + v + tail for v in groups[0]]
    out = []
    for combo in product(*groups):
        buf = [literals[0]]
        for value, lit in zip(combo, literals[1:]):
            buf.append(value)
            buf.append(lit)
        out.append("".join(buf))
    return out


# ---------------------------------------------------------------- references

def _split(text: str) -> list[tuple[str, bool]] | None:
    """Split at ':' outside double quotes; each token with whether it was quoted."""
    tokens: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                return None  # unterminated quote
            tokens.append(("".join(buf), True))
            i = j + 1
            if i == n:
                return tokens
            if text[i] != ":":
                return None
            i += 1
        else:
            j = text.find(":", i)
            if j < 0:
                tokens.append((text[i:], False))
                return tokens
            tokens.append((text[i:j], False))
            i = j + 1


def _join(tokens) -> str | None:
    if len(tokens) == 1:
        return tokens[0][0]
    if any(q for _, q in tokens):
        return None  # a quoted part stands alone
    return ":".join(t for t, _ in tokens)


def readings(text: str) -> list[tuple[str | None, str, str]]:
    """Every (site, device, port) reading of a reference, site None when absent.

    The first reading is the canonical one (device up to the first ':' or in
    quotes, the port after it); a resolver takes it when it exists and falls back
    to the others only when it does not.
    """
    tokens = _split(text)
    if not tokens or len(tokens) < 2:
        return []
    out = []
    n = len(tokens)
    if not (n >= 3 and tokens[0][1] and tokens[1][1]):  # two quoted leaders: site, device
        for i in range(1, n):
            device, port = _join(tokens[:i]), _join(tokens[i:])
            if device and port:
                out.append((None, device, port))
    if n >= 3:
        site = tokens[0][0]
        for i in range(2, n):
            device, port = _join(tokens[1:i]), _join(tokens[i:])
            if device and port:
                out.append((site, device, port))
    return out


def _quote(name: str, always: bool = False) -> str:
    if always or ":" in name or name.startswith('"'):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name


def format_ref(device: str, port: str, site: str | None = None) -> str:
    """The canonical reference, which :func:`readings` gives as its first reading.

    Give ``site`` where the device name is not unique among the loaded sites:
    the site and the device are then both quoted (``"kazan":"PP-1":3``).
    """
    if port.startswith('"') or ':"' in port:
        port = _quote(port, True)
    if site is not None:
        return f"{_quote(site, True)}:{_quote(device, True)}:{port}"
    return f"{_quote(device)}:{port}"
