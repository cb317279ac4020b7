"""The devices of a site file: each entry (a range of names in the bulk notation) made into devices with
every port of their model, placed in a rack, room or telecom space and at points on the floor.
"""
from __future__ import annotations

from .. import refs
from ..model import Device, Port, Site
from .placement import check_rack_units

#: The most ports one load makes. A campus of 100,000 outlets has about 650,000 (and takes about 0.9 GB to
#: validate); a 70-byte entry `id: 'O-[1-1000000]'` of four-jack outlets would make 8 million (over 10 GB).
MAX_PORTS = 1_000_000


def devices(loader, data, site: Site) -> None:
    lib = loader.inventory.library
    for i, e in loader.entries(data, "devices"):
        try:
            names = refs.expand(e["id"])
        except refs.PatternError as exc:
            loader.diag.error(e.marks["id"], f"device {e['id']}: {exc}")
            loader.fail("devices", e, e.mark)
            continue
        owner = f"device {e['id']}"
        model = lib.get(e["model"])
        if model is None:
            loader.fail("devices", e, e.mark)
            hint = lib.suggest(e["model"])
            if loader.refused_models:  # the model may be in what was refused: its error is said once, there
                where = loader.refused_models[0]
                loader.diag.note(e.marks["model"], f"{owner}: not checked: model '{e['model']}' may be in the "
                                 f"models: path refused at {where}", group=("refused models",),
                                 label="not checked because a models: path was refused")
            elif e["model"].lower() in lib.ambiguous:
                loader.diag.error(e.marks["model"], f"{owner}: model name '{e['model']}' is ambiguous{hint}")
            else:
                loader.diag.error(e.marks["model"], f"{owner}: unknown model '{e['model']}'{hint}"
                                  "; use a model slug, or add the model's file under 'models:'")
            continue
        rack = loader._lookup(site.racks, e.get("rack"), "rack", owner, e.marks.get("rack"))
        if "u" in e and "rack" not in e:
            loader.diag.error(e.marks["u"], f"{owner}: 'u' is a rack unit; give 'rack' too")
        room = loader._lookup(site.rooms, e.get("room"), "room", owner, e.marks.get("room"))
        space = loader._lookup(site.spaces, e.get("space"), "telecom space", owner, e.marks.get("space"))
        points = placements(loader, e, len(names), owner)
        units = e.get("u")
        if isinstance(units, list):
            if len(units) != len(names):
                loader.diag.error(e.marks["u"], f"{owner}: 'u' gives {len(units)} units for {len(names)} devices")
                loader.fail("devices", e, e.mark)
                continue
        else:
            units = [units] * len(names)
        templates = model.ports
        if loader.ports_made + len(names) * len(templates) > MAX_PORTS:
            loader.diag.error(e.marks["id"], f"{owner}: {len(names):,} devices of {len(templates):,} ports each "
                              f"would make {loader.ports_made + len(names) * len(templates):,} ports in all; cabling "
                              f"loads at most {MAX_PORTS:,} (a campus of 100,000 outlets has about 650,000): check "
                              "the range")
            loader.fail("devices", e, e.mark)
            continue
        loader.ports_made += len(names) * len(templates)
        role = e.get("role") or model.default_role()
        id_mark = e.marks["id"]
        model.port_tables()  # the mappings and names its devices share
        indexed = list(enumerate(templates))
        # what every device of the entry shares, read once
        face, budget, poe_class = e.get("face", "front"), e.get("poe_budget_w", model.poe_budget_w), e.get("poe_class")
        serial, asset_tag, description = e.get("serial"), e.get("asset_tag"), e.get("description")
        in_room = room or (rack.room if rack else None) or (space.room if space else None)
        in_space = space or (rack.space if rack else None)
        table = site.devices
        for n, name in enumerate(names):
            dev = Device(id=name, site=site, model=model, role=role, rack=rack, u=units[n], face=face, room=in_room,
                         space=in_space, at=points[n] if points else None, poe_budget_w=budget,
                         poe_class=poe_class, serial=serial, asset_tag=asset_tag, description=description,
                         mark=id_mark)
            if name in table:
                loader._unique(table, name, dev, "device", id_mark, group=(id(e), "duplicate"))  # says so
                continue
            table[name] = dev
            dev.ports = [Port(dev, t, i) for i, t in indexed]
        if rack is not None and e.get("u") is not None:
            check_rack_units(loader, rack, [site.devices[n] for n in names if n in site.devices], e.marks["u"])


def placements(loader, e, count: int, owner: str):
    at, along = e.get("at"), e.get("along")
    if at is not None and along is not None:
        loader.diag.error(e.marks["along"], f"{owner}: give either 'at' or 'along', not both")
        return None
    if along is not None:
        (x1, y1), (x2, y2) = along
        if count == 1:
            return [((x1 + x2) / 2, (y1 + y2) / 2)]
        return [(x1 + (x2 - x1) * k / (count - 1), y1 + (y2 - y1) * k / (count - 1)) for k in range(count)]
    if at is None:
        return None
    if at and isinstance(at[0], list):  # one point per device
        if len(at) != count:
            loader.diag.error(e.marks["at"], f"{owner}: 'at' gives {len(at)} points for {count} devices")
            return None
        return [tuple(p) for p in at]
    return [tuple(at)] * count
