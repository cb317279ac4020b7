"""Completion of references: what a user may type after the site files (``cabling trace sites/branch.yaml SW-2A<Tab>``).

:func:`references` loads the site files (through the content-keyed cache, so a second Tab on the same
files costs the cache read) and returns the device ids, ``DEVICE:PORT`` references and cable ids
that start with what was typed, in the site's natural order. When the typed text names one device
(or a prefix only one device has), its ports are offered, so ``SW-2A`` completes to the ports of
``SW-2A-1``. Pure apart from reading the files; never raises on a file that does not load (a
completer must stay quiet).
"""
from __future__ import annotations

from pathlib import Path

#: Most candidates offered at once: a shell shows no more usefully, and a campus has 600,000 ports.
LIMIT = 400


def site_paths(words) -> list[str]:
    """The words of a command line that are site files or folders (what comes before the reference)."""
    return [w for w in words if isinstance(w, str) and (w.endswith((".yaml", ".yml")) or Path(w).is_dir())
            and Path(w).exists()]


def references(paths, prefix: str, limit: int = LIMIT) -> list[str]:
    """References starting with ``prefix`` (any case) in the sites of ``paths``; [] when none load."""
    if not paths:
        return []
    from ..diagnostics import InputError
    from ..readers.loader import load

    try:
        inv = load(list(paths))
    except (InputError, OSError, ValueError):
        return []
    return candidates(inv, prefix, limit)


def candidates(inv, prefix: str, limit: int = LIMIT) -> list[str]:
    """What :func:`references` offers, over a loaded inventory."""
    from ..journal.order import natural_key

    low = prefix.lower()
    device_part, colon, port_part = prefix.partition(":")
    devices = [d for d in inv.devices() if inv.device_ref(d).lower().startswith(device_part.lower())]
    out: list[str] = []
    if colon or len(devices) == 1:
        for d in sorted(devices, key=lambda d: natural_key(inv.device_ref(d))):
            for p in d.ports:
                ref = inv.ref(p)
                if ref.lower().startswith(low):
                    out.append(ref)
        return out[:limit]
    out = sorted({inv.device_ref(d) for d in devices}, key=natural_key)
    cables = sorted({c.id for c in inv.cables() if c.id.lower().startswith(low)} - set(out), key=natural_key)
    out += cables
    if len(out) <= 3 and devices:  # a few devices: their ports too, so one more Tab is not needed
        for d in devices:
            out += [inv.ref(p) for p in d.ports]
    return out[:limit]
