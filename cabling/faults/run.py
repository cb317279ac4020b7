"""Run the rule catalogue over an inventory: :func:`scan` is pure and returns findings, sorted by place."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..gcpause import gc_paused
from . import catalogue
from .context import Context
from .finding import SEVERITY_RANK, Finding


@dataclass
class Config:
    """What the caller asks of a scan (the command line's ``--select``, ``--ignore``, ``--severity``).

    ``select`` and ``ignore`` hold codes (``T101``), code prefixes (``T1``, ``T``) or families
    (``lengths``); ``select`` None means every rule. ``severity`` is the lowest severity kept.
    A site's own ``rules: {disable: [...]}`` is applied on top, for that site's findings.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: str = "info"
    suppressions: bool = True  # honour inline '# cabling: ignore[...]' comments
    unknown: list[str] = field(default_factory=list)  # selectors that named no rule (filled by enabled())

    def enabled(self) -> set[str]:
        every = {r.code for r in catalogue.rules()}
        chosen, unknown = catalogue.expand(self.select) if self.select is not None else (every, [])
        dropped, unknown2 = catalogue.expand(self.ignore)
        self.unknown = unknown + unknown2
        return chosen - dropped


def scan(inventory, config: Config | None = None, progress=None) -> list[Finding]:
    """Every finding of the enabled rules over ``inventory``, suppressions applied, sorted by file and line.

    ``progress``, if given, is called as ``progress(done, total)`` before each rule runs.
    """
    with gc_paused():  # the traces build many small objects: the cyclic collector would walk them over and over
        return _scan(inventory, config or Config(), progress)


def _scan(inventory, config: Config, progress=None) -> list[Finding]:
    enabled = config.enabled()
    ctx = Context(inventory, enabled)
    out: list[Finding] = []
    checks = [r for r in catalogue.rules() if r.code in enabled and r.check is not None]
    for i, r in enumerate(checks):
        if progress is not None:
            progress(i, len(checks))
        out.extend(r.check(ctx))
    out.extend(_site_settings(ctx))
    out = _per_site_disabled(ctx, out)
    if config.suppressions:
        from .suppressions import apply

        out = apply(inventory, out, enabled)
    floor = SEVERITY_RANK[config.severity]
    out = [f for f in out if f.rule in enabled and SEVERITY_RANK[f.severity] <= floor]
    out.sort(key=Finding.sort_key)
    return out


def _site_settings(ctx: Context):
    """Problems of a site's 'rules:' the schema cannot see: unknown rule codes, a label scheme that cannot work."""
    from ..analysis.labels import scheme_problem

    for site in ctx.inventory.sites.values():
        s = ctx.settings(site)
        _codes, unknown = catalogue.expand(s.disabled)
        for name in unknown:
            yield ctx.finding("I103", f"site {site.id}: rules: disable names {name!r}, which is no rule code, code "
                                      "prefix or family (see 'cabling rules')", s.mark, site=site)
        if s.label_scheme:
            problem = scheme_problem(s.label_scheme)
            if problem:
                yield ctx.finding("I104", f"site {site.id}: {problem}", s.mark, site=site)


def _per_site_disabled(ctx: Context, findings: list[Finding]) -> list[Finding]:
    off: dict[str, set[str]] = {}
    for site in ctx.inventory.sites.values():
        codes, _unknown = catalogue.expand(ctx.settings(site).disabled)
        if codes:
            off[site.id] = codes
    if not off:
        return findings
    return [f for f in findings if f.site is None or f.rule not in off.get(f.site, ())]
