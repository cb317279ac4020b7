"""Load a site file's ``telephony:`` section (schema: ``schemas/site.schema.json``).

Called by :mod:`cabling.readers.loader` at two points: :func:`load_blocks` after the devices (blocks
are devices, so cables and traces name their pairs like any port) and :func:`load_links`
after the cables (multi-pair and horizontal cables punched on blocks, jumpers, carrier lines,
extensions). Errors go to the loader's collector with file, line and column, like the rest.

A pair used twice on a block (a second jumper on one pair, two cables punched on one pair)
is not an input error: the site file may well record what is really on the frame. The first
keeps the pair, the later one is kept in :attr:`Telephony.conflicts` for the checks to report.
"""
from __future__ import annotations

import re

from .. import refs, standards
from ..diagnostics import did_you_mean
from ..model import DeviceType, PortTemplate
from ..model import Cable, Circuit, CircuitTermination, Device, Port
from ..readers import cables, placement, yamlsource
from . import numbers
from .model import Block, Conflict, Extension, Landing, Line

SECTION = "telephony"
# NetBox's front/rear port type of a block's pairs
PORT_TYPE = {"110": "110-punch", "66": "other", "lsa-plus": "other"}
KIND_NAME = {"110": "110 block", "66": "66 block", "lsa-plus": "LSA-PLUS block"}
CABLE_SIDE_PREFIX = "C"  # the rear port of a landing: C1.1-2.25 (cable side of pairs 1.1 to 2.25)


def section(data):
    t = data.get(SECTION)
    return t if isinstance(t, dict) else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _expand(loader, e, key, owner):
    """The values a ranged key expands to, or None after reporting a bad pattern."""
    value = e.get(key)
    if value is None:
        return [None]
    try:
        return refs.expand(value)
    except refs.PatternError as exc:
        loader.diag.error(e.marks.get(key, e.mark), f"{owner}: {exc}")
        return None


def _per(loader, values, n, e, key, owner) -> bool:
    if len(values) not in (1, n):
        loader.diag.error(e.marks[key], f"{owner}: {key} gives {len(values)} values for {n} entries")
        return False
    return True


# ------------------------------------------------------------------ blocks
def load_blocks(loader, ordered) -> None:
    tel = loader.inventory.telephony
    for _f, data, site in ordered:
        t = section(data)
        if t is None:
            continue
        if isinstance(t.get("country"), str):
            tel.country[site.id] = numbers.country(t["country"])
        for _i, e in loader.entries(t, "blocks"):
            _block_entry(loader, tel, e, site)


def _block_entry(loader, tel, e, site) -> None:
    owner = f"block {e['id']}"
    names = _expand(loader, e, "id", owner)
    if names is None:
        loader.fail("devices", e, e.mark)
        return
    rack = loader._lookup(site.racks, e.get("rack"), "rack", owner, e.marks.get("rack"))
    room = loader._lookup(site.rooms, e.get("room"), "room", owner, e.marks.get("room"))
    space = loader._lookup(site.spaces, e.get("space"), "telecom space", owner, e.marks.get("space"))
    if "u" in e and "rack" not in e:
        loader.diag.error(e.marks["u"], f"{owner}: 'u' is a rack unit; give 'rack' too")
    kind, rows = e["kind"], e.get("rows", 1)
    per_row = standards.BLOCK_PAIRS_PER_ROW[kind]
    fronts = [PortTemplate(name=f"{r}.{p}", kind="front", type=PORT_TYPE[kind])
              for r in range(1, rows + 1) for p in range(1, per_row + 1)]
    placed = []
    for name in names:
        dt = DeviceType(slug=f"cabling-{_slug(kind)}-block-{_slug(site.id)}-{_slug(name)}", manufacturer="Generic (cabling)",
                        model=f"{KIND_NAME[kind]} {name} ({rows * per_row} pairs)", source=str(e.mark.file if e.mark else ""),
                        ports=list(fronts), u_height=1 if rack is not None else 0, role="block", is_full_depth=False)
        dev = Device(id=name, site=site, model=dt, role="block", rack=rack, u=e.get("u"),
                     room=room or (rack.room if rack else None) or (space.room if space else None),
                     space=space or (rack.space if rack else None), at=tuple(e["at"]) if e.get("at") else None,
                     description=e.get("description"), mark=e.marks["id"])
        if not loader._unique(site.devices, name, dev, "device", dev.mark, group=(id(e), "duplicate")):
            continue
        dev.ports = [Port(dev, t, i) for i, t in enumerate(fronts)]
        block = Block(id=name, site=site, device=dev, kind=kind, rows=rows, side=e.get("side"), name=e.get("name"),
                      mark=e.marks["id"])
        for j, rec in enumerate(e.get("records") or ()):
            mark = yamlsource.mark_of(e["records"], j)
            if block.index(rec["pair"]) is None:
                loader.diag.error(rec.marks.get("pair", mark), f"{owner}: {_no_pair(block, rec['pair'])}")
                continue
            block.records[rec["pair"]] = {"colour": rec.get("colour"), "label": rec.get("label"), "mark": mark}
        tel.blocks[(site.id, name)] = block
        tel.by_device[id(dev)] = block
        placed.append(dev)
    if rack is not None and e.get("u") is not None:
        placement.check_rack_units(loader, rack, placed, e.marks["u"])


def _device(loader, site, name, owner, mark):
    dev = site.devices.get(name)
    if dev is None and not loader.failed_note("devices", name, owner, mark):
        loader.diag.error(mark, f"{owner}: device {name} does not exist" + did_you_mean(name, site.devices))
    return dev


def _no_pair(block: Block, name: str) -> str:
    last = block.pair_name(block.size)
    return (f"block {block.id} has no pair {name} (its pairs are 1.1 to {last}: {block.rows} "
            f"{block.row_word}(s) of {block.pairs_per_row})")


# ------------------------------------------------------------------ cables, jumpers, lines, extensions
def load_links(loader, ordered) -> None:
    tel = loader.inventory.telephony
    for _f, data, site in ordered:
        t = section(data)
        if t is None:
            continue
        for _i, e in loader.entries(t, "cables"):
            _cable_entry(loader, tel, e, site)
        for _i, e in loader.entries(t, "jumpers"):
            _jumper_entry(loader, tel, e, site)
    for _f, data, site in ordered:
        t = section(data)
        if t is None:
            continue
        for _i, e in loader.entries(t, "lines"):
            _line_entry(loader, tel, e, site)
        for _i, e in loader.entries(t, "extensions"):
            _extension_entry(loader, tel, e, site)


def _block_pair(loader, tel, text, site, owner, mark, group=None):
    """(block, pair number) when ``text`` names a block's pair; 'error' after reporting; None if not a block."""
    for site_id, dev_name, port_name in refs.readings(text):
        s = loader.inventory.sites.get(site_id) if site_id else site
        dev = s.devices.get(dev_name) if s is not None else None
        block = tel.by_device.get(id(dev)) if dev is not None else None
        if block is None:
            continue
        n = block.index(port_name)
        if n is None:
            loader.diag.error(mark, f"{owner}: {_no_pair(block, port_name)}", group=group, label=owner)
            return "error"
        return block, n
    return None


def _cable_entry(loader, tel, e, site) -> None:
    owner = f"cable {e['id']}"
    ids = _expand(loader, e, "id", owner)
    ends = {k: _expand(loader, e, k, owner) for k in ("a", "b")}
    labels = _expand(loader, e, "label", owner)
    if ids is None or None in ends.values() or labels is None:
        loader.fail("cables", e, e.mark)
        return
    n = len(ids)
    if not all(_per(loader, ends[k], n, e, k, owner) for k in ("a", "b")) or not _per(loader, labels, n, e, "label", owner):
        return
    pairs = e["pairs"]
    punched = list(e.get("punched") or range(1, pairs + 1))
    bad = [p for p in punched if p > pairs]
    if bad or len(set(punched)) != len(punched):
        loader.diag.error(e.marks["punched"], f"{owner}: punched names "
                          + (f"pair {bad[0]}, but the cable has {pairs}" if bad else "a pair twice"))
        return
    lengths = e.get("length")
    if isinstance(lengths, list):
        if len(lengths) != n:
            loader.diag.error(e.marks["length"], f"{owner}: length gives {len(lengths)} values for {n} cables")
            return
    else:
        lengths = [lengths] * n
    for j, cid in enumerate(ids):
        name = f"cable {cid}" + (f" (from {e['id']})" if n > 1 else "")
        targets = {}
        for k in ("a", "b"):
            text = ends[k][j if len(ends[k]) > 1 else 0]
            targets[k] = _cable_end(loader, tel, text, site, name, e.marks[k], pairs, punched, (id(e), k))
        cable = Cable(cid, site, (), (), e.get("type", "multipair" if pairs > 4 else None), lengths[j],
                      e.get("status", "installed"), e.get("color"), labels[j if len(labels) > 1 else 0], pairs,
                      e.get("description"), e.marks["id"])
        if not loader._unique(site.cables, cid, cable, "cable", cable.mark, group=(id(e), "duplicate")):
            continue
        if None in targets.values():
            continue
        for k in ("a", "b"):
            target = targets[k]
            if isinstance(target, Port):
                port = target
            else:
                port = _land(tel, cable, k.upper(), target[0], target[1], punched, e.marks[k])
            setattr(cable, k, (port,))
        cables.attach(loader, cable, name, e.marks["a"], e.marks["b"], group=(id(e), "used"), label=owner)


def _cable_end(loader, tel, text, site, owner, mark, pairs, punched, group):
    """A block pair (block, first pair) the cable is punched on from, or an ordinary port; None after an error."""
    found = _block_pair(loader, tel, text, site, owner, mark, group)
    if found == "error":
        return None
    if found is not None:
        block, n = found
        if n + len(punched) - 1 > block.size:
            loader.diag.error(mark, f"{owner}: {len(punched)} pairs punched from {block.pair_name(n)} run past the "
                                    f"last pair of block {block.id} ({block.pair_name(block.size)})",
                              group=group, label=owner)
            return None
        return found
    port = cables.resolve(loader, text, site, owner, mark, group, owner)
    if port is None:
        return None
    if len(punched) > 1 and port.positions < pairs:
        loader.diag.error(mark, f"{owner}: port {loader.inventory.ref(port)} takes one pair; a cable with "
                                f"{len(punched)} pairs punched lands on a block (BLOCK:ROW.PAIR) or on a rear "
                                f"port of {pairs} positions", group=group, label=owner)
        return None
    return port


def _land(tel, cable, end, block: Block, start: int, punched, mark) -> Port:
    """Punch ``cable``'s pairs ``punched`` down on ``block`` from pair ``start``: a new rear port, its landing."""
    dev = block.device
    last = start + len(punched) - 1
    name = CABLE_SIDE_PREFIX + block.pair_name(start) + (f"-{block.pair_name(last)}" if last > start else "")
    single = len(punched) == 1
    template = PortTemplate(name=name, kind="rear", type=PORT_TYPE[block.kind],
                            positions=1 if single else cable.pairs)
    model = dev.model  # the block's own: its ports and mappings grow with each landing
    rear = Port(dev, template, len(dev.ports))
    dev.ports.append(rear)
    model.ports.append(template)
    landing = Landing(cable, end, block, rear)
    for i, cable_pair in enumerate(punched):
        n = start + i
        front = block.front(n)
        if front.rear:  # another cable is punched on this pair already
            other = tel.landings[id(front.rear[0][1])]
            tel.conflicts.append(Conflict("punched", block, n, other.cable, cable, mark))
            continue
        pos = 1 if single else cable_pair
        model.mappings.append((front.name, 1, name, pos))
        landing.positions[pos] = (cable_pair, n)
    model._mapping_index = model._tables = None  # the shared tables are made again from the grown model
    tel.landings[id(rear)] = landing
    tel.cable_landings.setdefault(id(cable), []).append(landing)
    return rear


def _jumper_entry(loader, tel, e, site) -> None:
    owner = f"jumper {e['id']}"
    ids = _expand(loader, e, "id", owner)
    ends = {k: _expand(loader, e, k, owner) for k in ("a", "b")}
    if ids is None or None in ends.values():
        loader.fail("cables", e, e.mark)
        return
    n = len(ids)
    if not all(_per(loader, ends[k], n, e, k, owner) for k in ("a", "b")):
        return
    for j, cid in enumerate(ids):
        name = f"jumper {cid}" + (f" (from {e['id']})" if n > 1 else "")
        fronts = {}
        for k in ("a", "b"):
            text = ends[k][j if len(ends[k]) > 1 else 0]
            found = _block_pair(loader, tel, text, site, name, e.marks[k], (id(e), k))
            if found is None:
                port = cables.resolve(loader, text, site, name, e.marks[k], (id(e), k), owner)
                if port is not None:
                    loader.diag.error(e.marks[k], f"{name}: {loader.inventory.ref(port)} is not a pair of a block; "
                                                  "a jumper joins two block pairs (BLOCK:ROW.PAIR)",
                                      group=(id(e), k), label=owner)
                found = "error"
            fronts[k] = None if found == "error" else found[0].front(found[1])
        cable = Cable(cid, site, (), (), None, e.get("length"), e.get("status", "installed"), e.get("color"),
                      None, 1, e.get("description"), e.marks["id"])
        if not loader._unique(site.cables, cid, cable, "cable", cable.mark, group=(id(e), "duplicate")):
            continue
        if None in fronts.values():
            continue
        taken = [p for p in fronts.values() if p.cable is not None]
        if taken:  # a second jumper on a pair: recorded as found on the frame, reported by the checks
            p = taken[0]
            block = tel.by_device[id(p.device)]
            tel.conflicts.append(Conflict("jumper", block, block.index(p.name), p.cable, cable, e.marks["id"]))
            cable.a, cable.b = (fronts["a"],), (fronts["b"],)  # where it is punched; its pairs keep their first jumper
            tel.loose_jumpers.append(cable)
            continue
        cable.a, cable.b = (fronts["a"],), (fronts["b"],)
        cables.attach(loader, cable, name, e.marks["a"], e.marks["b"])
        tel.jumpers.append(cable)


def _line_entry(loader, tel, e, site) -> None:
    owner = f"line {e['id']}"
    calling = tel.country.get(site.id)
    line = Line(id=e["id"], site=site, type=e["type"], carrier=e.get("carrier"), circuit_id=e.get("circuit"),
                mark=e.marks["id"])
    written = e.get("numbers") or []
    for j, text in enumerate([written] if isinstance(written, str) else written):
        number = numbers.e164(text, calling)
        if number is None:
            where = yamlsource.mark_of(e["numbers"], j) if not isinstance(written, str) else e.marks["numbers"]
            hint = "" if calling else " (give the site's country as telephony: {country: RU} to read national numbers)"
            loader.diag.error(where, f"{owner}: '{text}' is not a telephone number{hint}")
            continue
        line.numbers.append(number)
        line.written.append(text)
    if "pbx" in e:
        line.pbx = _device(loader, site, e["pbx"], owner, e.marks["pbx"])
    if "port" in e:
        line.port = cables.resolve(loader, e["port"], site, owner, e.marks["port"])
    demarc = e.get("demarc")
    if demarc is not None:
        texts = [demarc] if isinstance(demarc, str) else list(demarc)
        found = []
        for text in texts:
            fp = _block_pair(loader, tel, text, site, owner, e.marks["demarc"])
            if fp is None:
                loader.diag.error(e.marks["demarc"], f"{owner}: demarc {text} is not a pair of a block "
                                                     "(BLOCK:ROW.PAIR)" + did_you_mean(text.partition(":")[0],
                                                                                       {b.id for b in tel.blocks.values()}))
                return
            if fp == "error":
                return
            found.append(fp)
        blocks = {id(b) for b, _ in found}
        nums = sorted(n for _, n in found)
        if len(blocks) > 1 or nums != list(range(nums[0], nums[0] + len(nums))):
            loader.diag.error(e.marks["demarc"], f"{owner}: the pairs of a line's demarc lie side by side on one block")
            return
        line.demarc = [b.front(n) for b, n in found]
        _drop(loader, tel, line, found[0][0], nums[0], len(nums), e)
    tel.lines.append(line)


def _drop(loader, tel, line: Line, block: Block, start: int, count: int, e) -> None:
    """The carrier's side of the line: a circuit whose side A is cabled (the drop) to the demarc pairs."""
    cid = line.circuit_id or line.id
    circuit = Circuit(id=cid, site=line.site, provider=line.carrier, type=line.type,
                      description=f"carrier line {line.id}" + (f": {', '.join(line.numbers)}" if line.numbers else ""),
                      mark=line.mark)
    if not loader._unique(loader.inventory.circuits, cid, circuit, "circuit", line.mark):
        return
    circuit.a = CircuitTermination(circuit, "A", ends_at=("site", line.site.name or line.site.id))  # the demarc
    circuit.z = CircuitTermination(circuit, "Z", ends_at=("provider-network", line.carrier or "carrier network"))
    line.circuit = circuit
    drop = Cable(f"{line.id}-DROP", line.site, (circuit.a,), (), None, None, "installed", None, None, count,
                 f"carrier drop of line {line.id}", line.mark)
    if not loader._unique(line.site.cables, drop.id, drop, "cable", line.mark):
        return
    drop.b = (_land(tel, drop, "B", block, start, list(range(1, count + 1)), e.marks["demarc"]),)
    circuit.a.cable, circuit.a.end = drop, "A"
    drop.b[0].cable, drop.b[0].end = drop, "B"


def _extension_entry(loader, tel, e, site) -> None:
    owner = f"extension {e['number']}"
    numbers_ = _expand(loader, e, "number", owner)
    names = _expand(loader, e, "name", owner)
    ports = _expand(loader, e, "port", owner)
    phones = _expand(loader, e, "phone", owner)
    if None in (numbers_, names, ports, phones):
        return
    n = len(numbers_)
    if not all(_per(loader, v, n, e, k, owner) for k, v in (("name", names), ("port", ports), ("phone", phones))):
        return
    pbx = _device(loader, site, e["pbx"], owner, e.marks["pbx"]) if "pbx" in e else None
    dect = _device(loader, site, e["dect"], owner, e.marks["dect"]) if "dect" in e else None
    for j, number in enumerate(numbers_):
        ext = Extension(number=number, site=site, name=names[j if len(names) > 1 else 0], pbx=pbx, dect=dect,
                        mark=e.marks["number"])
        port_text = ports[j if len(ports) > 1 else 0]
        if port_text is not None:
            ext.port = cables.resolve(loader, port_text, site, f"extension {number}", e.marks["port"], (id(e), "port"),
                                      owner)
            if ext.port is not None and ext.pbx is None:
                ext.pbx = ext.port.device
        phone = phones[j if len(phones) > 1 else 0]
        if phone is not None:
            ext.phone = _device(loader, site, phone, f"extension {number}", e.marks["phone"])
        tel.extensions.append(ext)
