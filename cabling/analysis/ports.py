"""Port listings: every port with its device, role, kind and cable."""
from __future__ import annotations

from fnmatch import fnmatchcase

from ..model import Inventory


def port_rows(inventory: Inventory, device: str | None = None, free: bool = False, kind: str | None = None,
              notes: dict | None = None) -> list[dict]:
    """One plain dict per port, in file order of devices and model order of ports.

    ``notes`` (id(port) -> text, e.g. :meth:`cabling.analysis.capacity.CapacityReport.free_notes`) adds a
    ``note`` to every row.
    """
    rows = []
    for dev in inventory.devices():
        if device is not None and not fnmatchcase(dev.id, device):
            continue
        for p in dev.ports:
            if free and p.cable is not None:
                continue
            if kind is not None and p.kind != kind:
                continue
            rows.append({
                "ref": inventory.ref(p),
                "site": dev.site.id,
                "device": dev.id,
                "role": dev.role,
                "kind": p.kind,
                "name": p.name,
                "type": p.template.type,
                "cable": p.cable.id if p.cable is not None else None,
            })
            if notes is not None:
                rows[-1]["note"] = notes.get(id(p))
    return rows
