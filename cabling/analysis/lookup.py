"""What a user types to name a port: a reference in any case, an outlet, a cable id or a label.

:func:`lookup` turns such text into the port to start from, with a note when it
was read as something other than written (``sw-1a-1:gi1/0/1`` is read as
``SW-1A-1:Gi1/0/1``), the ports to choose from when the text names several, or
the problem (with a suggestion) when it names none. ``cabling trace`` starts from
the port; other commands and the viewer's search may do the same.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import refs
from ..choices import OUTLET_ROLES
from ..diagnostics import did_you_mean
from ..model import Cable, Device, Inventory, Port, split_kind
from ..readers.portref import resolve_ref


@dataclass(frozen=True, slots=True)
class Found:
    """The answer to a lookup: ``port`` (with a ``note`` when read loosely), or ``choices``, or a ``problem``."""

    port: Port | None = None
    note: str | None = None
    choices: tuple[Port, ...] = ()
    problem: str | None = None


def lookup(inventory: Inventory, text: str) -> Found:
    """The port ``text`` names, tried in this order.

    1. a port reference as written (``DEVICE:PORT``, ``SITE/DEVICE:PORT``, ``CID/A``);
    2. the same without regard to case, when only one port matches;
    3. a device (an outlet ``2A-017``): its one cabled jack, or its jacks to choose from;
    4. a cable id or a cable's label (``1A-A45``): the cable's outlet end (else its end a).
    """
    port, problem = resolve_ref(inventory, text)
    if port is not None:
        return Found(port)
    if " or " in (problem or "") and "can be read as" in problem:
        return Found(problem=problem)
    ports = _ports_any_case(inventory, text)
    if len(ports) == 1:
        return Found(ports[0], note=f"'{text}' read as {inventory.ref(ports[0])} (case ignored)")
    if len(ports) > 1:
        return Found(choices=tuple(ports), problem=f"'{text}' matches {len(ports)} ports when case is ignored; "
                                                   "write one of them as shown")
    devices = _named(inventory.devices_by_name, text)
    if len(devices) == 1:
        return _device(inventory, devices[0], text)
    if len(devices) > 1:
        return Found(problem=f"'{text}' names a device in several sites: "
                             + ", ".join(inventory.device_ref(d) for d in devices) + "; write SITE/DEVICE")
    cables = _cables(inventory, text)
    if len(cables) == 1:
        (cable, how), = cables
        start = outlet_end(cable)
        return Found(start, note=f"'{text}' is {how}; traced from its "
                                 f"{'outlet end' if _is_outlet(start) else 'end a'} {inventory.ref(start)}")
    if len(cables) > 1:
        return Found(choices=tuple(outlet_end(c) for c, _ in cables),
                     problem=f"'{text}' names {len(cables)} cables: " + ", ".join(c.id for c, _ in cables))
    if ":" not in text:
        names = list(inventory.devices_by_name) + [c.id for c in inventory.cables()]
        return Found(problem=f"'{text}' is no port, device, cable or cable label"
                             + (did_you_mean(text, names) or "; write DEVICE:PORT, e.g. PP-2A-A:17"))
    return Found(problem=problem)


def outlet_end(cable: Cable) -> Port:
    """The first port of the cable's end at an outlet (or consolidation point), else of its end a."""
    for end in (cable.a, cable.b):
        if end and _is_outlet(end[0]):
            return end[0]
    return (cable.a or cable.b)[0]


def _is_outlet(port) -> bool:
    device = getattr(port, "device", None)
    return device is not None and device.role in OUTLET_ROLES


def _named(table: dict, text: str) -> list:
    """``table[text]``, else the entries whose key matches ``text`` without case (lists flattened)."""
    if text in table:
        found = table[text]
        return list(found) if isinstance(found, list) else [found]
    folded = text.casefold()
    out = []
    for key, found in table.items():
        if key.casefold() == folded:
            out.extend(found if isinstance(found, list) else [found])
    return out


def _ports_any_case(inventory: Inventory, text: str) -> list[Port]:
    out: list[Port] = []
    for site_id, dev_name, port_name in refs.readings(text):
        if site_id is not None:
            sites = [s for s in inventory.sites.values() if s.id.casefold() == site_id.casefold()]
            devices = [d for s in sites for d in _named(s.devices, dev_name)]
        else:
            devices = _named(inventory.devices_by_name, dev_name)
        base, kind = split_kind(port_name)
        for dev in devices:
            for p in _named(dev.by_name, base):
                if (kind is None or p.kind == kind) and p not in out:
                    out.append(p)
    return out


def _device(inventory: Inventory, device: Device, text: str) -> Found:
    """A device named without a port: its one cabled jack (outlet) or cabled port, or the ones to choose from."""
    outlet = device.role in OUTLET_ROLES
    if outlet:
        candidates = [p for p in device.ports if p.kind == "front"]
        cabled = [p for p in candidates if p.cable is not None or any(r.cable for _f, r, _r in (p.rear or ()))]
    else:
        candidates = list(device.ports)
        cabled = [p for p in candidates if p.cable is not None]
    what = "outlet" if outlet else device.role
    name = inventory.device_ref(device)
    if len(cabled) == 1 or (not cabled and len(candidates) == 1):
        port = (cabled or candidates)[0]
        jack = "jack" if outlet else "port"
        return Found(port, note=f"'{text}' is {what} {name}; traced from its "
                                f"{'only' if len(candidates) == 1 else 'one cabled'} {jack} {inventory.ref(port)}")
    pool = cabled or candidates
    jacks = "jacks" if outlet else "ports"
    return Found(choices=tuple(pool),
                 problem=f"{what} {name} has {len(pool)} {'cabled ' if cabled else ''}{jacks}; name one of them")


def _cables(inventory: Inventory, text: str) -> list[tuple[Cable, str]]:
    found: list[tuple[Cable, str]] = []
    for site in inventory.sites.values():
        for cable in _named(site.cables, text):
            found.append((cable, f"cable {cable.id}"))
    if found:
        return found
    folded = text.casefold()
    for cable in inventory.cables():
        if cable.label is not None and cable.label.casefold() == folded:
            found.append((cable, f"the label of cable {cable.id}"))
    return found
