"""Finding the port a ``DEVICE:PORT`` reference names in a loaded inventory, with a plain reason when none.

Used by the loader (cable ends) and by the commands that take a reference (``trace``, ``impact``,
``find``); kept apart from :mod:`cabling.readers.loader` so that a command on a site read back from the
cache imports no YAML reader or schema.
"""
from __future__ import annotations

import re

from .. import refs
from ..diagnostics import close_matches, did_you_mean
from ..model import Device, Inventory, Port, Site, split_kind


def resolve_ref(inventory: Inventory, text: str, site: Site | None = None,
                explain: bool = True) -> tuple[Port | None, str | None]:
    """Find the port a ``DEVICE:PORT`` reference names: (port, None) or (None, problem).

    With ``explain`` false a missing port gives (None, "") without the search for a suggestion.

    Readings are tried in :func:`cabling.refs.readings` order; devices are looked
    up in ``site`` first, then by a site prefix, then in all loaded sites.
    """
    if site is not None and text.count(":") == 1 and '"' not in text:  # fast path: the common case
        dev_name, _, port_name = text.partition(":")
        dev = site.devices.get(dev_name)
        if dev is not None:
            found = dev.by_name.get(port_name)
            if found.__class__ is Port:
                return found, None
    if text[-2:] in ("/A", "/Z") and text[:-2] in inventory.circuits:
        term = inventory.circuits[text[:-2]].side(text[-1])
        if term is not None:
            return term, None
    options = refs.readings(text)
    if not options:
        return None, f"'{text}' is not a port reference; write DEVICE:PORT, e.g. PP-2A-A:17"
    found: list[Port] = []
    first_device = None
    for n, (site_id, dev_name, port_name) in enumerate(options):
        for dev in _devices(inventory, site_id, dev_name, site):
            first_device = first_device or dev
            port, _ = _port_of(dev, port_name)
            if port is not None and port not in found:
                found.append(port)
        if n == 0 and found:  # the canonical reading wins outright
            break
    if len(found) == 1:
        return found[0], None
    if len(found) > 1:
        return None, (f"'{text}' can be read as " + " or ".join(inventory.ref(p) for p in found)
                      + "; write one of those")
    if not explain:
        return None, ""
    # Nothing exists: explain with the most likely reading.
    if first_device is not None:
        for site_id, dev_name, port_name in options:
            for dev in _devices(inventory, site_id, dev_name, site):
                _, problem = _port_of(dev, port_name)
                return None, problem
    site_id, dev_name, port_name = options[0]
    pool = site.devices if site is not None else inventory.devices_by_name
    hint = ""
    near = did_you_mean(dev_name, pool)
    if near:
        guess = near[len(" (did you mean "):-2]
        devs = [site.devices[guess]] if site is not None else inventory.devices_by_name[guess]
        port = _port_of(devs[0], port_name)[0] if devs else None
        if port is None and devs:  # the device in another case and the port written otherwise: both
            near_port = close_matches(port_name, [p.name for p in devs[0].ports])
            port = _port_of(devs[0], near_port[0])[0] if near_port else None
        if port is not None:
            hint = f" (did you mean {inventory.ref(port)}?)"
        else:
            hint = f" (device {dev_name} does not exist; did you mean {guess}?)"
    else:
        hint = f" (device {dev_name} does not exist)"
    return None, f"port {text} does not exist{hint}"


def _devices(inventory: Inventory, site_id, name, site):
    if site_id is not None:
        s = inventory.sites.get(site_id)
        d = s.devices.get(name) if s else None
        return [d] if d else []
    if site is not None:
        d = site.devices.get(name)
        if d is not None:
            return [d]
        return []
    return inventory.devices_by_name.get(name, [])


def _port_of(dev: Device, name: str) -> tuple[Port | None, str | None]:
    found = dev.by_name.get(name)
    if isinstance(found, Port):
        return found, None
    if isinstance(found, list):
        kinds = " or ".join(f"'{refs.format_ref(dev.id, f'{name} ({p.kind})')}'" for p in found)
        return None, f"{dev.id} has several ports called {name}; write {kinds}"
    base, kind = split_kind(name)
    if kind is not None:
        port = dev.port(base, kind)
        if port is not None:
            return port, None
    names = [n if isinstance(p, Port) else f"{n} ({q.kind})" for n, p in dev.by_name.items()
             for q in ([p] if isinstance(p, Port) else p)]
    beyond = _beyond_range(name, dev.by_name)
    if beyond:
        return None, f"device {dev.id} ({dev.model.slug}) has no port {name}: {dev.id} has {beyond}"
    near = did_you_mean(name, names)
    twins = close_matches(name, [n for n, p in dev.by_name.items() if isinstance(p, list)]) if not near else []
    if twins:  # a front and a rear port of that name (NetBox's generic panels): name both
        near = " (did you mean " + " or ".join(f"{twins[0]} ({q.kind})" for q in dev.by_name[twins[0]]) + "?)"
    return None, f"device {dev.id} ({dev.model.slug}) has no port {name}" + (near or f" (its ports: {_summary(names)})")


_NUMBERED = re.compile(r"(.*?)([0-9]+)\Z")


def _beyond_range(name: str, port_names) -> str | None:
    """``R1..R48`` when ``name`` (``R49``) is numbered past the ports of its kind, else None."""
    m = _NUMBERED.match(name)
    if not m:
        return None
    prefix, number = m.group(1).casefold(), int(m.group(2))
    numbers = {}
    for other in port_names:
        o = _NUMBERED.match(other)
        if o and o.group(1).casefold() == prefix:
            numbers[int(o.group(2))] = o.group(1)
    if not numbers or min(numbers) <= number <= max(numbers):
        return None
    low, high = min(numbers), max(numbers)
    return f"{numbers[low]}{low}..{numbers[high]}{high}"


def _summary(names) -> str:
    names = list(names)
    if len(names) <= 6:
        return ", ".join(names)
    return ", ".join(names[:3]) + ", ..., " + ", ".join(names[-2:])
