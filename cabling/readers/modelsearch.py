"""Every device model a site can use, listed, searched and described (what ``cabling models`` prints).

Models come from three places, in the order a site's ``model:`` looks in them: the site's own files
and folders (``models:``), the generic catalogue shipped with cabling, and NetBox's devicetype-library
built into cabling. Listing and searching read the built-in library's index only (no file of it is
unpacked); describing one model reads that model's file.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..choices import PORT_KINDS
from ..library.bundle import SOURCE_PREFIX, Member, bundle
from ..model import DeviceType, PortTemplate
from .devicetypes import CATALOGUE_DIR, Library

# Where a model comes from, in order of precedence.
ORIGINS = ("site", "catalogue", "library")


@dataclass(frozen=True, slots=True)
class ModelSummary:
    """One model as a listing shows it."""

    slug: str
    manufacturer: str
    model: str
    part_number: str | None
    role: str
    ports: dict[str, int]  # kind -> count, in the order of choices.PORT_KINDS
    poe_ports: int  # interfaces that give PoE (PSE)
    poe_budget_w: float | None  # the model's total PoE budget, where its file gives one
    poe_pd: bool  # the model draws PoE (a phone, an access point)
    poe_class: int | None  # the IEEE 802.3 class it draws, where its file gives one
    u_height: float | None
    origin: str  # one of ORIGINS
    source: str  # the file; for the built-in library 'builtin:Manufacturer/File.yaml'

    @property
    def key(self) -> str:
        """'Manufacturer/Model', as NetBox names a device type."""
        return f"{self.manufacturer}/{self.model}"


@dataclass(frozen=True, slots=True)
class ModelDetail:
    """One model with its ports and front-to-rear mappings (what ``cabling models show`` prints)."""

    summary: ModelSummary
    ports: list[PortTemplate]
    # (front port, front position, rear port, rear position)
    mappings: list[tuple[str, int, str, int]]
    is_full_depth: bool


def origin_of(source: str) -> str:
    """'site', 'catalogue' or 'library' for a model's ``source``."""
    if source.startswith(SOURCE_PREFIX):
        return "library"
    try:
        if Path(source).resolve().parent == CATALOGUE_DIR.resolve():
            return "catalogue"
    except OSError:
        pass
    return "site"


def _ordered(counts) -> dict[str, int]:
    return {k: counts[k] for k in PORT_KINDS if counts.get(k)}


def summarize(dt: DeviceType) -> ModelSummary:
    pd = [p for p in dt.ports if p.poe_mode == "pd"]
    classes = [p.poe_class for p in pd if p.poe_class is not None]
    return ModelSummary(
        slug=dt.slug, manufacturer=dt.manufacturer, model=dt.model,
        part_number=None if dt.part_number is None else str(dt.part_number), role=dt.default_role(),
        ports=_ordered(Counter(p.kind for p in dt.ports)), poe_ports=sum(1 for p in dt.ports if p.poe_mode == "pse"),
        poe_budget_w=dt.poe_budget_w, poe_pd=bool(pd), poe_class=max(classes) if classes else None,
        u_height=dt.u_height, origin=origin_of(dt.source), source=dt.source)


def _from_member(m: Member) -> ModelSummary:
    return ModelSummary(
        slug=m.slug, manufacturer=m.manufacturer, model=m.model, part_number=m.part_number, role=m.role or "other",
        ports=_ordered(m.ports), poe_ports=m.poe_ports or 0, poe_budget_w=m.poe_budget_w, poe_pd=bool(m.poe_pd),
        poe_class=None, u_height=m.u_height, origin="library", source=m.source)


def available(library: Library) -> list[ModelSummary]:
    """Every model ``library`` offers, in order of precedence: the site's, the catalogue's, the built-in
    library's (a built-in model whose slug the site or the catalogue also uses is hidden by it)."""
    own = [summarize(dt) for dt in library.own_models()]
    own.sort(key=lambda s: (ORIGINS.index(s.origin), s.manufacturer.lower(), s.model.lower(), s.slug))
    if not library.builtin:
        return own
    taken = {s.slug for s in own}
    built = [_from_member(m) for m in bundle().members if m.slug and m.slug not in taken]
    built.sort(key=lambda s: (s.manufacturer.lower(), s.model.lower(), s.slug))
    return own + built


def search(models: list[ModelSummary], text: str) -> list[ModelSummary]:
    """The models whose manufacturer, model, slug or part number hold every word of ``text`` (any case).

    A model that ``text`` names exactly (its slug, 'Manufacturer/Model' or part number) comes first;
    otherwise the order of ``models`` is kept.
    """
    words = text.lower().split()
    if not words:
        return list(models)
    whole = " ".join(words)
    exact, rest = [], []
    for s in models:
        names = [s.slug.lower(), s.key.lower(), (s.part_number or "").lower()]
        hay = " ".join(names + [s.manufacturer.lower(), s.model.lower()])
        if all(w in hay for w in words):
            (exact if whole in names else rest).append(s)
    return exact + rest


def describe(library: Library, name: str) -> ModelDetail | None:
    """The model a site's ``model: NAME`` would get (None when there is none, or several: see
    :meth:`Library.suggest` for what to tell the user)."""
    dt = library.get(name)
    if dt is None:
        return None
    return ModelDetail(summary=summarize(dt), ports=list(dt.ports), mappings=list(dt.mappings),
                       is_full_depth=dt.is_full_depth)
