"""The cables of a site file: each entry (a range of ids in the bulk notation) made into cables whose ends
are found (ports by their reference, or a circuit's termination) and checked: connectable by the cable's
type, a trunk's polarity, a port used once.

:func:`resolve` and :func:`attach` serve the telephony section's cables and jumpers too.
"""
from __future__ import annotations

from .. import polarity, refs
from ..choices import DEFAULT_CABLE_STATUS
from ..diagnostics import did_you_mean
from ..model import Cable, CircuitTermination, Port, Site
from . import connectable
from .portref import _devices, resolve_ref


def cables(loader, data, site: Site) -> None:
    for i, e in loader.entries(data, "cables"):
        try:
            ids = refs.expand(e["id"])
            ends = {k: expand_end(e[k]) for k in ("a", "b")}
            labels = refs.expand(e["label"]) if "label" in e else [None]
        except refs.PatternError as exc:
            loader.diag.error(e.mark, f"cable {e['id']}: {exc}")
            loader.fail("cables", e, e.mark)
            continue
        n = len(ids)
        bulk = n > 1
        owner = f"cable {e['id']}"
        ok = True
        for k in ("a", "b"):
            if isinstance(ends[k], list) and len(ends[k]) not in (1, n):
                loader.diag.error(e.marks[k], f"{owner}: end {k} names {len(ends[k])} ports for {n} cables")
                ok = False
            elif isinstance(ends[k], tuple) and bulk:
                loader.diag.error(e.marks[k], f"{owner}: an end with several ports cannot be combined with "
                                              "a range of cable ids; write those cables one by one")
                ok = False
        if len(labels) not in (1, n):
            loader.diag.error(e.marks["label"], f"{owner}: label gives {len(labels)} labels for {n} cables")
            ok = False
        lengths = e.get("length")
        if isinstance(lengths, list):
            if len(lengths) != n:
                loader.diag.error(e.marks["length"], f"{owner}: length gives {len(lengths)} values for {n} cables")
                ok = False
        else:
            lengths = [lengths] * n
        if not ok:
            continue
        marks = e.marks
        mark_a, mark_b, id_mark = marks["a"], marks["b"], marks["id"]
        ctype, status, color = e.get("type"), e.get("status", DEFAULT_CABLE_STATUS), e.get("color")
        pairs, description = e.get("pairs"), e.get("description")
        test = dict(e["test"]) if "test" in e else None
        cable_polarity = e.get("fibre_polarity")
        end_a, end_b = ends["a"], ends["b"]
        # one port per cable at both ends (the common case): found by _quick, else by resolve_end with its error
        single = end_a.__class__ is list and end_b.__class__ is list
        quick_a = _quick(end_a, site.devices) if single else None
        quick_b = _quick(end_b, site.devices) if single else None
        fine, table = loader._connectable, site.cables
        from_entry = f" (from {e['id']})" if bulk else ""
        for j, cid in enumerate(ids):
            a = b = None
            if single:
                pa = quick_a[j if len(quick_a) > 1 else 0]
                pb = quick_b[j if len(quick_b) > 1 else 0]
                a = None if pa is None else (pa,)
                b = None if pb is None else (pb,)
            if a is None or b is None:
                name = f"cable {cid}{from_entry}"
                if a is None:
                    a = resolve_end(loader, end_a, j, site, name, mark_a, group=(id(e), "a"), label=f"{owner} end a")
                if b is None:
                    b = resolve_end(loader, end_b, j, site, name, mark_b, group=(id(e), "b"), label=f"{owner} end b")
            cable = Cable(cid, site, a or (), b or (), ctype, lengths[j], status, color,
                          labels[j] if len(labels) == n else labels[0], pairs, description, id_mark,
                          test=test, fibre_polarity=cable_polarity)
            if cid in table:
                loader._unique(table, cid, cable, "cable", id_mark, group=(id(e), "duplicate"))  # says so
                continue
            table[cid] = cable
            if a is None or b is None:
                continue
            # which port types a cable type may join depends on the templates alone: a pair found
            # connectable is not asked again (a campus has thousands of cables of a few kinds)
            pair = (ctype, id(a[0].template), id(b[0].template)) if len(a) == 1 == len(b) else None
            why = None if pair in fine else connectable.problem(ctype, a, b, loader.inventory.ref)
            if why is None and pair is not None:
                fine.add(pair)
            if why is None and a[0].template.kind == "rear" == b[0].template.kind:
                why = _trunk_problem(cable)
            if why is not None:
                loader.diag.error(id_mark, f"cable {cid}{from_entry}: {why}", group=(id(e), "connectable"),
                                  label=owner)
                continue
            pa, pb = a[0], b[0]
            if pair is not None and pa.cable is None and pb.cable is None and pa is not pb:
                pa.cable, pa.end, pb.cable, pb.end = cable, "A", cable, "B"  # what attach does, without a problem
            else:
                attach(loader, cable, f"cable {cid}{from_entry}", mark_a, mark_b, group=(id(e), "used"), label=owner)


def expand_end(value):
    """A scalar end expands to one port per cable (a list); a list end is one cable's ports (a tuple).

    A circuit termination end ({circuit, side}) stays a mapping.
    """
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return tuple(p for item in value for p in refs.expand(item))
    return refs.expand(value)


def resolve_end(loader, end, j, site, owner, mark, group=None, label=""):
    if isinstance(end, dict):  # a circuit termination
        circuit = loader.inventory.circuits.get(end["circuit"])
        if circuit is None:
            if not loader.failed_note("circuits", end["circuit"], owner, mark):
                loader.diag.error(mark, f"{owner}: circuit {end['circuit']} does not exist"
                                  + did_you_mean(end["circuit"], loader.inventory.circuits), group=group, label=label)
            return None
        term = circuit.side(end["side"])
        if term is None:  # a side that is only cabled needs no description of its own
            term = CircuitTermination(circuit, end["side"])
            setattr(circuit, end["side"].lower(), term)
        return (term,)
    if not isinstance(end, tuple):  # one port
        port = resolve(loader, end[j] if len(end) > 1 else end[0], site, owner, mark, group, label)
        return None if port is None else (port,)
    texts = end
    ports = []
    for text in texts:
        port = resolve(loader, text, site, owner, mark, group, label)
        if port is None:
            return None
        ports.append(port)
    devices = {p.device for p in ports}
    kinds = {p.kind for p in ports}
    if len(devices) > 1 or len(kinds) > 1:
        loader.diag.error(mark, f"{owner}: the ports of one cable end must be of one kind on one device "
                                f"({', '.join(texts)})")
        return None
    if len(set(map(id, ports))) != len(ports):
        loader.diag.error(mark, f"{owner}: a port is named twice at one end ({', '.join(texts)})")
        return None
    return tuple(ports)


def resolve(loader, text: str, site: Site, owner: str, mark, group=None, label="") -> Port | None:
    # past the cap of its group an error is only counted: skip working out what it would say
    port, problem = resolve_ref(loader.inventory, text, site, explain=not loader.diag.full(group))
    if port is None:
        for site_id, dev_name, _ in (refs.readings(text) if loader.failed else ()):
            if not _devices(loader.inventory, site_id, dev_name, site) and \
                    loader.failed_note("devices", dev_name, owner, mark):
                return None
        loader.diag.error(mark, f"{owner}: {problem}", group=group, label=label)
    return port


def attach(loader, cable: Cable, owner: str, mark_a, mark_b, group=None, label="") -> None:
    for end, ports, mark in (("A", cable.a, mark_a), ("B", cable.b, mark_b)):
        for p in ports:
            if p.cable is not None:
                other = p.cable
                where = f" at {other.mark}" if other.mark else ""
                loader.diag.error(mark, f"{owner}: port {loader.inventory.ref(p)} is already used by cable "
                                        f"{other.id}{where}", group=group, label=label)
                continue
            p.cable, p.end = cable, end
    if len(cable.a) == 1 == len(cable.b):
        same = cable.a[0] is cable.b[0]
    else:
        same = bool(set(map(id, cable.a)) & set(map(id, cable.b)))
    if same:
        loader.diag.error(cable.mark, f"{owner}: both ends are the same port")


def _quick(texts: list, devices: dict) -> list:
    """For each text, the port it names among ``devices`` when written plainly ``DEVICE:PORT`` (the common case),
    else None: what :func:`~cabling.readers.portref.resolve_ref` finds first, without its readings and explanations."""
    out = []
    last_name = dev = table = None
    for text in texts:
        found = None
        if text.count(":") == 1 and '"' not in text:
            dev_name, _, port_name = text.partition(":")
            if dev_name != last_name:  # a bulk end names one device's ports in a row
                last_name, dev = dev_name, devices.get(dev_name)
                table = None if dev is None else (dev.model._tables or dev.model.port_tables())[2]
            if dev is not None:
                i = table.get(port_name)
                if i.__class__ is int:
                    found = dev.ports[i]
        out.append(found)
    return out


def _trunk_problem(cable: Cable) -> str | None:
    """Why the polarity method of a trunk (multi-position rear port to multi-position rear port) cannot apply."""
    a, b = cable.a[0], cable.b[0]
    if a.kind == b.kind == "rear" and a.positions > 1 and b.positions > 1:
        return polarity.problem(polarity.method(cable), a.positions, b.positions)
    return None
