"""Telephone numbers in E.164 (``+78435550101``) from the ways people write them.

``+7 (843) 555-01-01``, ``8 843 555 01 01``, ``88435550101``, ``007 843 5550101`` and
``(843) 555-0101`` are all ``+78435550101`` for a site in Russia (and ``+44 (0)113 496 0101`` is
``+441134960101``): spaces, dots, dashes, slashes
and brackets are dropped; ``+`` or the international prefix ``00`` (``810`` where the trunk
prefix is ``8``) starts a full number; the national trunk prefix (``8`` in Russia, ``0`` in
most of Europe, ``1`` in North America) is replaced by the site's country code; a national
number of the country's length gets the country code. The countries and their codes are in
:data:`cabling.standards.COUNTRY_CALLING`.
"""
from __future__ import annotations

import re

from .. import standards

_SEPARATORS = re.compile(r"[\s().\-/\u00a0\u2010-\u2015]+")
_TRUNK_IN_BRACKETS = re.compile(r"\(0\)")
_DIGITS = re.compile(r"\+?[0-9]+\Z")
MIN_DIGITS = 7  # shorter strings of digits are extensions, not subscriber numbers


def country(code: str | None) -> tuple[str, str, int | None] | None:
    """(calling code, trunk prefix, national length) of an ISO country code; None if unknown."""
    return standards.COUNTRY_CALLING.get((code or "").upper())


def compact(text: str) -> str | None:
    """``+7 (843) 555-01-01`` -> ``+78435550101``; None when it is not digits with separators."""
    text = str(text).strip()
    if text.startswith("+"):
        text = _TRUNK_IN_BRACKETS.sub(" ", text, count=1)  # +44 (0)113 ...: the (0) is not dialled from abroad
    s = _SEPARATORS.sub("", text)
    return s if _DIGITS.match(s) else None


def e164(text: str, calling: tuple[str, str, int | None] | None = None) -> str | None:
    """The E.164 form of ``text`` for a site with ``calling`` (from :func:`country`); None if it is none."""
    s = compact(text)
    if s is None:
        return None
    if s.startswith("+"):
        full = s[1:]
    elif s.startswith("00"):
        full = s[2:]
    elif calling is None:
        return None
    else:
        cc, trunk, length = calling
        if trunk == "8" and s.startswith("810"):
            full = s[3:]
        elif length is not None:
            if len(s) == length:
                full = cc + s
            elif trunk and len(s) == length + len(trunk) and s.startswith(trunk):
                full = cc + s[len(trunk):]
            elif len(s) == length + len(cc) and s.startswith(cc):
                full = s
            else:
                return None
        elif trunk and s.startswith(trunk):
            full = cc + s[len(trunk):]
        elif s.startswith(cc) and len(s) > len(cc) + MIN_DIGITS:
            full = s
        else:
            full = cc + s
    if not (MIN_DIGITS <= len(full) <= standards.E164_MAX_DIGITS) or full.startswith("0"):
        return None
    return "+" + full


def pretty(number: str) -> str:
    """``+78435550101`` shown as written in E.164 text: ``+7 843 555 0101`` for a 10-digit national number."""
    for cc, _trunk, length in standards.COUNTRY_CALLING.values():
        if length == 10 and number.startswith("+" + cc) and len(number) == 1 + len(cc) + 10:
            n = number[1 + len(cc):]
            return f"+{cc} {n[:3]} {n[3:6]} {n[6:]}"
    return number
