"""What the planner returns: new devices and cables, changes, planned jacks, proposals, unmet requests.

:class:`PlanResult` is what :func:`cabling.planning.allocate.plan` gives, with its totals, its JSON
form (``cabling plan --json``) and the site fragment that loads beside the site (the planned site).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ..choices import OUTLET_ROLES
from .plan import Plan

if TYPE_CHECKING:
    from .voice import VoicePlan


@dataclass(frozen=True, slots=True)
class NewDevice:
    id: str
    model: str
    role: str
    request: int  # 1-based index of the request it comes from
    rack: str | None = None
    u: float | None = None
    room: str | None = None
    at: tuple[float, float] | None = None
    poe_budget_w: float | None = None
    poe_class: int | None = None
    extension: str | None = None
    proposed: bool = False  # not asked for: the planner adds it because capacity ran out
    why: str | None = None


@dataclass(frozen=True, slots=True)
class NewCable:
    id: str
    a: str  # DEVICE:PORT
    b: str
    type: str
    length: float
    kind: str  # 'horizontal', 'patch' or 'work-area'
    request: int
    label: str | None = None
    status: str = "planned"


@dataclass(frozen=True, slots=True)
class Change:
    """A change to an existing device or cable."""

    what: str  # 'device' or 'cable'
    id: str
    field: str
    old: object
    new: object
    request: int
    why: str


@dataclass(frozen=True, slots=True)
class JackPlan:
    """One planned outlet jack: where it lands, what it carries, how long its cables are."""

    outlet: str
    jack: str
    request: int
    room: str | None
    floor: str | None
    space: str
    rack: str
    panel_port: str  # front port DEVICE:PORT
    cable: str | None  # horizontal cable id (None for an activated dark jack: its cable exists)
    label: str | None
    services: tuple[str, ...] = ()
    poe_class: int | None = None
    poe_w: float | None = None
    vlan: int | None = None
    voice_vlan: int | None = None
    switch_port: str | None = None
    cord: str | None = None  # patch cord id
    cord_m: float | None = None
    run_m: float | None = None  # along the route
    length_m: float | None = None  # cable to pull: route plus service loops
    pathways: tuple[str, ...] = ()
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Proposal:
    what: str  # 'panel', 'switch', 'rack units', 'telecom space'
    where: str  # space, rack or floor
    why: str
    device: str | None = None  # the proposed device's id, when one is added


@dataclass(frozen=True, slots=True)
class Unmet:
    request: int
    item: str  # what could not be placed (an outlet, a jack, the request)
    reason: str
    mark: str | None = None  # file:line:col of the request


@dataclass
class PlanResult:
    plan: Plan
    site: str
    label_scheme: str
    label_scheme_from: str
    devices: list[NewDevice] = field(default_factory=list)
    cables: list[NewCable] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    jacks: list[JackPlan] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    unmet: list[Unmet] = field(default_factory=list)
    voice: list[VoicePlan] = field(default_factory=list)  # analog extensions: pairs and jumpers

    @property
    def met(self) -> bool:
        return not self.unmet

    def totals(self) -> dict:
        horiz = [c for c in self.cables if c.kind == "horizontal"]
        metres: dict[str, float] = {}
        for c in horiz:
            metres[c.type] = round(metres.get(c.type, 0.0) + c.length, 1)
        return {"outlets": sum(1 for d in self.devices if d.role in OUTLET_ROLES),
                "jacks": len(self.jacks), "horizontal_cables": len(horiz),
                "horizontal_m": dict(sorted(metres.items())),
                "patch_cords": sum(1 for c in self.cables if c.kind == "patch"),
                "devices": len(self.devices), "proposed": len(self.proposals), "changes": len(self.changes),
                "unmet": len(self.unmet), "analog_extensions": len(self.voice),
                "jumpers": sum(1 for c in self.cables if c.kind == "jumper")}

    def to_json(self) -> dict:
        p = self.plan
        return {"plan": {"id": p.id, "title": p.title, "site": self.site, "requester": p.requester,
                         "contractor": p.contractor, "due": p.due, "file": p.file},
                "label_scheme": self.label_scheme, "label_scheme_from": self.label_scheme_from,
                "totals": self.totals(),
                "devices": [_plain(d) for d in self.devices], "cables": [_plain(c) for c in self.cables],
                "changes": [_plain(c) for c in self.changes], "jacks": [_plain(j) for j in self.jacks],
                "proposals": [_plain(x) for x in self.proposals], "unmet": [_plain(u) for u in self.unmet],
                "voice": [_plain(v) for v in self.voice]}

    def site_fragment(self) -> dict:
        """The new devices and cables as a site file adds them (``site: ID``), for loading beside the site."""
        devices = []
        for d in self.devices:
            e = {"id": d.id, "model": d.model}
            for k in ("rack", "u", "room", "poe_budget_w", "poe_class"):
                v = getattr(d, k)
                if v is not None:
                    e[k] = v
            if d.at is not None:
                e["at"] = list(d.at)
            note = [f"plan {self.plan.id}"]
            if d.extension:
                note.append(f"extension {d.extension}")
            if d.proposed:
                note.append(f"proposed: {d.why}")
            e["description"] = "; ".join(note)
            devices.append(e)
        cables, voice_cables, jumpers = [], [], []
        for c in self.cables:
            if c.kind == "jumper":
                jumpers.append({"id": c.id, "a": c.a, "b": c.b, "status": c.status})
                continue
            e = {"id": c.id, "a": c.a, "b": c.b, "type": c.type, "length": c.length, "status": c.status}
            if c.label:
                e["label"] = c.label
            if c.kind == "voice":  # a 4-pair cable with its voice pair punched on a block
                e = {"id": c.id, "pairs": 4, "punched": [1], **{k: v for k, v in e.items() if k != "id"}}
                voice_cables.append(e)
            else:
                cables.append(e)
        out = {"site": self.site, "devices": devices, "cables": cables}
        if self.voice:
            extensions = []
            for v in self.voice:
                x = {"number": v.extension}
                if v.name:
                    x["name"] = v.name
                x["port"] = v.pbx_port
                if v.phone:
                    x["phone"] = v.phone
                extensions.append(x)
            out["telephony"] = {"cables": voice_cables, "jumpers": jumpers, "extensions": extensions}
        return out


def _plain(obj) -> dict:
    out = asdict(obj)
    for k, v in out.items():
        if isinstance(v, tuple):
            out[k] = list(v)
    return out
