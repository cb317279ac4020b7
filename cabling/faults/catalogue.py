"""The rule catalogue: every rule of ``cabling faults`` with its stable code, as ruff keeps its rules.

A rule has a code (a family letter and three digits, ``T101``), a family (``lengths``), a
severity (error, warning or info), a one-line summary, the standard or reason behind it, an
explanation, and a failing and a passing example (fragments of a small site, see
:mod:`cabling.faults.examples`). A rule's check is a function of a scan context
(:class:`cabling.faults.context.Context`) that yields :class:`~cabling.faults.finding.Finding`.

A rule family is one module of this package that sets ``FAMILY = "name"`` and decorates its
checks with :func:`rule`; :func:`rules` imports every such module, so adding a family is adding
one module.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from dataclasses import dataclass
from typing import Callable

SEVERITIES = ("error", "warning", "info")
CODE = re.compile(r"[A-Z][0-9]{3}\Z")


@dataclass(frozen=True)
class Rule:
    code: str  # stable: never reused for another meaning
    family: str
    severity: str
    summary: str
    source: str  # the standard (with the public summary it was taken from) or the reason
    explanation: str
    fails: str  # site fragment that breaks the rule
    passes: str  # the same fragment put right
    check: Callable | None = None

    def __post_init__(self):
        if not CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} is not a letter and three digits")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code}: severity {self.severity!r} is not one of {SEVERITIES}")


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def register(r: Rule) -> Rule:
    old = _REGISTRY.get(r.code)
    if old is not None and old.check is not r.check:
        raise ValueError(f"rule code {r.code} is registered twice ({old.family} and {r.family})")
    _REGISTRY[r.code] = r
    return r


def rule(code: str, summary: str, *, severity: str, source: str, explanation: str, fails: str, passes: str,
         family: str | None = None):
    """Register the decorated function as the check of rule ``code`` (family: the module's ``FAMILY``)."""

    def decorate(fn):
        fam = family or getattr(sys.modules[fn.__module__], "FAMILY")
        register(Rule(code, fam, severity, summary, source, dedent(explanation), dedent(fails), dedent(passes), fn))
        return fn

    return decorate


def dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__package__}.{info.name}")
    _LOADED = True


def rules() -> list[Rule]:
    """Every rule, in code order within family order (families as their codes sort)."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get(code: str) -> Rule | None:
    _load()
    return _REGISTRY.get(code.upper())


def families() -> dict[str, list[Rule]]:
    out: dict[str, list[Rule]] = {}
    for r in rules():
        out.setdefault(r.family, []).append(r)
    return out


def expand(selectors) -> tuple[set[str], list[str]]:
    """The codes that codes, code prefixes (``T1``, ``T``) or family names select; and what selected nothing."""
    _load()
    codes: set[str] = set()
    unknown: list[str] = []
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        hit = {r.code for r in _REGISTRY.values()
               if r.family == s.lower() or r.code.startswith(s.upper()) or s.upper() == "ALL"}
        if hit:
            codes |= hit
        else:
            unknown.append(s)
    return codes, unknown
