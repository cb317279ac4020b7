"""Where an extension reaches: the path from its PBX port (or its phone), the jacks, phone and block pairs on it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.trace import PORTS, Path, trace
from ..choices import OUTLET_ROLES
from ..model import Device, Inventory, Port
from .model import Extension, Telephony

PHONE_ROLES = frozenset({"phone", "analog-phone"})


@dataclass
class Reach:
    extension: Extension
    start: Port | None  # where the path starts: the FXS port, or the phone's (DECT base's) network port
    paths: list[Path] = field(default_factory=list)
    jacks: list[Port] = field(default_factory=list)  # outlet jacks (front ports) on the paths
    phones: list[Device] = field(default_factory=list)
    pairs: list[Port] = field(default_factory=list)  # block pairs (front ports) on the paths

    @property
    def path(self) -> Path | None:
        return self.paths[0] if self.paths else None


def network_port(device: Device) -> Port | None:
    """The port a phone or DECT base hangs on: its cabled interface (LINE, LAN), else its first interface."""
    interfaces = [p for p in device.ports if p.kind == "interface"]
    for p in interfaces:
        if p.cable is not None and p.name not in ("PC",):
            return p
    return interfaces[0] if interfaces else None


def start_of(ext: Extension) -> Port | None:
    if ext.port is not None:
        return ext.port
    device = ext.dect or ext.phone
    return network_port(device) if device is not None else None


def reach(tel: Telephony, ext: Extension) -> Reach:
    r = Reach(ext, start_of(ext))
    if r.start is None:
        return r
    r.paths = trace(r.start)
    for path in r.paths:
        collect(tel, path, r)
    if ext.phone is not None and ext.phone not in r.phones:
        r.phones.insert(0, ext.phone)
    return r


def collect(tel: Telephony, path: Path, r: Reach) -> None:
    for step in path.steps:
        if step.kind != PORTS:
            continue
        for p in step.items:
            dev = getattr(p, "device", None)
            if dev is None:
                continue
            if p.kind == "front" and dev.role in OUTLET_ROLES and p not in r.jacks:
                r.jacks.append(p)
            elif dev.role in PHONE_ROLES and dev not in r.phones:
                r.phones.append(dev)
            elif tel.pair_of(p) is not None and p not in r.pairs:
                r.pairs.append(p)


def everything(inv: Inventory) -> list[Reach]:
    tel = inv.telephony
    return [reach(tel, e) for e in tel.extensions] if tel is not None else []
