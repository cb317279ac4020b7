"""The provider circuits of a site file, with their A and Z terminations (read before the cables, which may
end on them).
"""
from __future__ import annotations

from ..model import Circuit, CircuitTermination, Site


def circuits(loader, data, site: Site) -> None:
    table = loader.inventory.circuits
    for i, e in loader.entries(data, "circuits"):
        mark = e.marks["id"]
        c = Circuit(id=e["id"], site=site, provider=e.get("provider"), type=e.get("type"),
                    status=e.get("status", "active"), description=e.get("description"), mark=mark)
        if not loader._unique(table, c.id, c, "circuit", mark):
            continue
        for side in ("a", "z"):
            t = e.get(side)
            if t is None:
                continue
            places = [(k, t[k]) for k in ("site", "location", "region", "provider_network") if k in t]
            if len(places) > 1:
                loader.diag.error(e.marks[side], f"circuit {c.id}: side {side.upper()} names "
                                                 f"{' and '.join(k for k, _ in places)}; give one")
                continue
            ends_at = (places[0][0].replace("_", "-"), places[0][1]) if places else None
            term = CircuitTermination(c, side.upper(), ends_at=ends_at, port_speed=t.get("port_speed"),
                                      xconnect_id=t.get("xconnect_id"), description=t.get("description"))
            setattr(c, side, term)
