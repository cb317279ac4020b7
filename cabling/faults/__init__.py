"""``cabling faults``: a catalogue of rules over a loaded site, as ruff, yamllint and sqlfluff work.

:func:`scan` (pure) returns :class:`Finding` dataclasses; :func:`rules` lists the catalogue.
Each rule family is one module of this package (``paths``, ``orphans``, ``lengths``,
``category``, ``poe``, ``labels``, ``spaces``, ``geometry``, ``suppressions``): a module that
sets ``FAMILY`` and registers its rules with :func:`cabling.faults.catalogue.rule`.
"""
from __future__ import annotations

from .catalogue import Rule, families, get, rules
from .finding import Finding
from .run import Config, scan

__all__ = ["Config", "Finding", "Rule", "families", "get", "rules", "scan"]
