"""Find what a user types: a port, an outlet, a phone or other device, a cable id or a label.

:func:`locate` turns search text into the ports worth tracing, best first: a port reference
(``SW-1A-1:Gi1/0/7``), a device by name (``2A-017``: each jack of an outlet; ``PH-2A-017``: its
cabled ports), a cable by id or label (``1A-A07``: traced from its outlet end), matched exactly
first, then without case, then as a part of a name. Pure; the viewer's search box calls it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..geometry.routes import horizontal_ends
from ..model import Cable, Device, Inventory, Port
from ..readers.portref import resolve_ref
from .outletstate import is_outlet, jacks


@dataclass(frozen=True, slots=True)
class Match:
    kind: str  # "port", "outlet", "device", "cable" or "label"
    name: str  # what matched
    port: Port  # the port to trace
    note: str  # one line for a pick list


def device_ports(device: Device) -> list[Port]:
    """The ports of a device worth tracing: an outlet's jacks; otherwise its cabled ports (all, if none is)."""
    if is_outlet(device):
        return jacks(device)
    cabled = [p for p in device.ports if p.cable is not None]
    return cabled or list(device.ports)


def cable_port(cable: Cable) -> Port | None:
    """Where to trace a cable from: the jack side of its outlet end, else its first end."""
    ends = horizontal_ends(cable)
    if ends is not None:
        outlet = ends[0]
        rear = next((p for p in cable.a + cable.b if getattr(p, "device", None) is outlet), None)
        if rear is not None and rear.fronts and 1 in rear.fronts:
            return rear.fronts[1][0]
        return rear
    return next(iter(cable.a), None) or next(iter(cable.b), None)


def _device_matches(inv: Inventory, dev: Device, limit: int) -> list[Match]:
    kind = "outlet" if is_outlet(dev) else "device"
    name = inv.device_ref(dev)
    out = []
    for p in device_ports(dev)[:limit]:
        where = f", room {dev.room.id}" if dev.room is not None else ""
        out.append(Match(kind, name, p, f"{inv.ref(p)} ({dev.role} {name}{where})"))
    return out


def _cable_match(inv: Inventory, cable: Cable, kind: str) -> Match | None:
    port = cable_port(cable)
    if port is None:
        return None
    name = cable.label if kind == "label" else cable.id
    return Match(kind, name, port, f"{inv.ref(port)} (cable {cable.id}" + (f", label {cable.label}" if cable.label else "")
                 + ")")


def locate(inv: Inventory, text: str, limit: int = 25) -> list[Match]:
    """Ports to trace for ``text``, best first, at most ``limit``; [] when nothing matches."""
    text = text.strip()
    if not text:
        return []
    port, _ = resolve_ref(inv, text, explain=False) if ":" in text or text[-2:] in ("/A", "/Z") else (None, None)
    if port is not None:
        return [Match("port", inv.ref(port), port, f"{inv.ref(port)} (port)")]
    low = text.lower()
    devices = list(inv.devices())
    cables = list(inv.cables())
    for same in (lambda s: s == text, lambda s: s.lower() == low):
        out: list[Match] = []
        for dev in devices:
            if same(dev.id):
                out += _device_matches(inv, dev, limit)
        for c in cables:
            if same(c.id):
                m = _cable_match(inv, c, "cable")
                out += [m] if m else []
            elif c.label is not None and same(c.label):
                m = _cable_match(inv, c, "label")
                out += [m] if m else []
        if out:
            return out[:limit]
    out = []
    for dev in devices:
        if low in dev.id.lower():
            ports = device_ports(dev)
            if ports:
                out.append(_device_matches(inv, dev, 1)[0])
                if len(out) >= limit:
                    return out
    for c in cables:
        kind = next((k for k, n in (("label", c.label), ("cable", c.id)) if n is not None and low in n.lower()), None)
        m = _cable_match(inv, c, kind) if kind else None
        if m:
            out.append(m)
            if len(out) >= limit:
                break
    return out


def first_port(inv: Inventory, ports=(), cables=(), devices=(), site=None) -> Port | None:
    """The port to trace for something named by references (a finding's ports, cables, devices), best first.

    A port reference wins; then a cable, traced from its outlet end; then a device's first port worth tracing.
    """
    for ref in ports:
        port, _ = resolve_ref(inv, ref, site, explain=False)
        if port is not None:
            return port
    sites = [site] if site is not None else list(inv.sites.values())
    for cid in cables:
        for s in sites:
            cable = s.cables.get(cid)
            if cable is not None and (port := cable_port(cable)) is not None:
                return port
    for did in devices:
        for s in sites:
            dev = s.devices.get(did)
            if dev is not None and (found := device_ports(dev)):
                return found[0]
    return None
