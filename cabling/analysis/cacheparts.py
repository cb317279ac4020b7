"""A large cached site kept in parts, so that a trace of a port not asked before reads only its part.

A campus of 100,000 outlets is about 600,000 ports; reading all of them back from the cache
(:func:`cabling.readers.cache.load`) takes seconds, while a trace only ever walks the ports joined to its
origin by cables and front-to-rear mappings. So beside the whole site the cache keeps (one entry,
``KEY.parts``, written once by the first trace that loaded the whole site):

* a **skeleton**: the inventory with its sites, places, device models and every device, but no
  ports and no cables (each device's port list empty), with the files and models it read;
* the ports and cables in **buckets** of whole connected parts (a part: ports joined by cables and
  front-to-rear mappings; at most about :data:`BUCKET_PORTS` ports a bucket), and for each port of
  each device the bucket it is in.

:func:`trace_start` reads the skeleton, then the buckets of every port of every device the
reference can name (all readings of ``DEVICE:PORT``), and resolves the reference there: those
devices are whole, so the answer is the one the whole site gives. Anything else (a reference
that needs the other rules of :func:`cabling.analysis.lookup.lookup`) reads the whole site.

Only sites without circuits and telephony are kept in parts (a trace of those reads more than
cables and mappings); small sites read back fast enough whole.
"""
from __future__ import annotations

import os
import struct
import time
from array import array
from dataclasses import fields

from ..model import Cable, Device, Port
from ..readers import cache
from ..readers.cache import pickle

BUCKET_PORTS = 256  # ports a bucket holds at most (unless one part is bigger)
MIN_PORTS = 2_000  # smaller sites are read back whole (in a few milliseconds)
WRITING_S = 600  # a writer's marker older than this is taken for one left by a writer that died
_SUFFIX = ".parts"


_SHARED: list | None = None  # the skeleton's objects while the buckets of a trace are read
_DEVICES: list | None = None  # and its devices
_DEVICE_FIELDS = tuple(f.name for f in fields(Device) if f.name != "ports")  # Device's positional order


def _shared_object(i: int):
    """The skeleton's object ``i`` (what a bucket refers to: sites, places, models)."""
    return _SHARED[i]


def _device_object(i: int):
    """The skeleton's device ``i``."""
    return _DEVICES[i]


def _by_name(devices) -> dict:
    """Inventory.devices_by_name as the loader makes it: device name -> devices of that name, site by site."""
    out: dict = {}
    for dev in devices:
        out.setdefault(dev.id, []).append(dev)
    return out


class _Unsplittable(Exception):
    """The inventory holds something a part would drag along (a port or cable outside it): keep it whole."""


def splittable(inventory) -> bool:
    t = inventory.telephony
    telephony = t is not None and any((t.blocks, t.extensions, t.lines, t.jumpers, t.landings))
    return (getattr(inventory, "cache_key", None) is not None and not inventory.circuits and not telephony
            and inventory.counts()["ports"] >= MIN_PORTS)


def _name(inventory) -> str:
    return cache.key(inventory.cache_key, "parts") + _SUFFIX


def _shared(inventory) -> list:
    """The objects the parts refer to and the skeleton holds: inventory, sites, places, models (the devices are
    kept apart, as columns of their fields: read back as a Python loop of constructor calls, which is faster)."""
    objs: list = [inventory, inventory.library]
    models: dict[int, object] = {}
    for site in inventory.sites.values():
        objs.append(site)
        for table in (site.floors, site.rooms, site.spaces, site.racks, site.pathways):
            objs.extend(table.values())
        for dev in site.devices.values():
            models.setdefault(id(dev.model), dev.model)
    for model in models.values():
        objs.append(model)
        objs.extend(model.ports)
    return objs


def _devices(inventory) -> list:
    return [d for site in inventory.sites.values() for d in site.devices.values()]


def write(inventory) -> bool:
    """Keep ``inventory`` (loaded through the cache) in parts; False when it is not split (see module doc)."""
    import io

    from networkx.utils import UnionFind

    from .loops import _links

    if not splittable(inventory) or not cache.enabled():
        return False
    devices = _devices(inventory)
    parts = UnionFind()  # of id(port): joined by the links a trace can take
    for a, b in _links(inventory):
        parts.union(a, b)
    size: dict[int, int] = {}
    roots = []
    for dev in devices:
        for p in dev.ports:
            r = parts[id(p)]
            roots.append(r)
            size[r] = size.get(r, 0) + 1
    bucket_of: dict[int, int] = {}
    filled = [0]
    for r in roots:
        if r not in bucket_of:
            if filled[-1] and filled[-1] + size[r] > BUCKET_PORTS:
                filled.append(0)
            bucket_of[r] = len(filled) - 1
            filled[-1] += size[r]
    port_bucket = array("i", (bucket_of[r] for r in roots))
    offsets = array("q", [0])
    for dev in devices:
        offsets.append(offsets[-1] + len(dev.ports))
    members: list[list] = [[] for _ in filled]
    cables: list[list] = [[] for _ in filled]
    k = 0
    for d, dev in enumerate(devices):
        for i, p in enumerate(dev.ports):
            b = port_bucket[k]
            k += 1
            members[b].append((d, i, p))
            if p.cable is not None and p.end == "A" and p is p.cable.a[0]:
                cables[b].append(p.cable)
    shared = _shared(inventory)
    index = {id(o): i for i, o in enumerate(shared)}
    ordinal = {id(d): n for n, d in enumerate(devices)}
    deps = cache._dependencies(inventory)
    # what the devices are, field by field (site.devices and devices_by_name are made again from them, in order)
    columns = [[getattr(d, name) for d in devices] for name in _DEVICE_FIELDS]
    if _by_name(devices) != inventory.devices_by_name:
        return False

    # the skeleton: no devices, ports or cables
    saved = [(s, s.devices, s.cables) for s in inventory.sites.values()]
    saved_names = inventory.devices_by_name

    class Skeleton(pickle.Pickler):
        def reducer_override(self, obj):  # asked about every object but plain values (a memoised one once)
            if obj.__class__ is Port or obj.__class__ is Cable or obj.__class__ is Device:
                raise _Unsplittable(obj)
            return NotImplemented

    head = io.BytesIO()
    try:
        for s in inventory.sites.values():
            s.devices, s.cables = {}, {}
        inventory.devices_by_name = {}
        Skeleton(head, protocol=5).dump((deps, shared, columns, port_bucket, offsets))
    except (_Unsplittable, RecursionError, pickle.PicklingError, TypeError, AttributeError, ValueError):
        return False
    finally:
        for s, d, c in saved:
            s.devices, s.cables = d, c
        inventory.devices_by_name = saved_names

    class Part(pickle.Pickler):
        here: set = set()  # id() of the bucket's ports

        def reducer_override(self, obj):  # what the skeleton holds is written as a reference to it
            i = index.get(id(obj))
            if i is not None:
                return _shared_object, (i,)
            cls = obj.__class__
            if cls is Device:
                return _device_object, (ordinal[id(obj)],)
            if cls is Port and id(obj) not in self.here or cls is Cable and id(obj.a[0]) not in self.here:
                raise _Unsplittable(obj)
            return NotImplemented

    blobs = []
    try:
        for b, entries in enumerate(members):
            out = io.BytesIO()
            pk = Part(out, protocol=5)
            pk.here = {id(p) for _d, _i, p in entries}
            pk.dump((entries, cables[b]))
            blobs.append(out.getvalue())
    except (_Unsplittable, RecursionError, pickle.PicklingError, TypeError, AttributeError, ValueError):
        return False
    starts = array("q", [0])
    for blob in blobs:
        starts.append(starts[-1] + len(blob))
    top = pickle.dumps(starts, protocol=5)
    data = b"".join([struct.pack("<QQ", len(top), head.tell()), top, head.getvalue(), *blobs])
    return cache.write(_name(inventory), data)


def ensure(inventory, background: bool = True) -> None:
    """Write the parts of ``inventory`` (see :func:`write`) unless they are there or being written.

    With ``background`` (and where processes fork) a detached process writes them, so the command
    that loaded the whole site is not kept waiting: writing a campus's parts takes seconds.
    """
    if not (splittable(inventory) and cache.enabled()):
        return
    name = _name(inventory)
    folder = cache.directory()
    marker = folder / f".tmp-writing-{name}"  # another process is writing them (for at most WRITING_S)
    try:
        if (folder / name).exists():
            return
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            if time.time() - marker.stat().st_mtime < WRITING_S:
                return
            marker.unlink()  # left by a writer that died
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError:
        return
    if not (background and hasattr(os, "fork")):
        try:
            write(inventory)
        finally:
            _remove(marker)
        return
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    try:
        pid = os.fork()
    except OSError:
        _remove(marker)
        return
    if pid:
        try:
            os.waitpid(pid, 0)  # the first child leaves at once; its child (reparented) writes
        except OSError:
            pass
        return
    try:  # the child: fork again and leave, so nothing waits for the writer nor is left a zombie
        if os.fork() == 0:
            try:
                os.setsid()
                # let go of the command's standard streams: a reader of its output (a pipe) sees the end
                # when the command ends, not when the parts are written
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                write(inventory)
            finally:
                _remove(marker)
    except BaseException:
        pass
    finally:
        os._exit(0)


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def trace_start(paths, text: str):
    """(inventory holding the devices ``text`` can name, the port it names) from the parts of a cached site;
    None when there are no parts, they are stale, or ``text`` is not a plain reference found there."""
    global _SHARED, _DEVICES
    from .. import refs
    from ..gcpause import gc_paused
    from ..readers.portref import resolve_ref

    if not cache.enabled():
        return None
    found = cache.inventory_key(paths)
    if found is None:
        return None
    base = found[0]
    name = cache.key(base, "parts") + _SUFFIX
    path = cache.directory() / name
    try:
        fh = open(path, "rb")
    except OSError:
        return None
    try:
        with fh, gc_paused():
            magic = fh.read(len(cache._MAGIC))
            if magic != cache._MAGIC:
                return None
            top_len, head_len = struct.unpack("<QQ", fh.read(16))
            starts = pickle.loads(fh.read(top_len))
            deps, shared, columns, port_bucket, offsets = pickle.loads(fh.read(head_len))
            if not cache._unchanged(deps):
                return None
            origin = fh.tell()
            inventory = shared[0]
            devices = [Device(*values) for values in zip(*columns)]
            for dev in devices:
                dev.site.devices[dev.id] = dev
            inventory.devices_by_name = _by_name(devices)
            wanted: set[int] = set()
            for site_id, dev_name, _port in refs.readings(text):
                if site_id is not None:
                    site = inventory.sites.get(site_id)
                    named = [site.devices[dev_name]] if site is not None and dev_name in site.devices else []
                else:
                    named = inventory.devices_by_name.get(dev_name, [])
                for dev in named:
                    n = devices.index(dev)  # identity (a device is equal only to itself)
                    wanted.update(port_bucket[offsets[n]:offsets[n + 1]])
            if not wanted:
                return None

            _SHARED, _DEVICES = shared, devices
            for b in sorted(wanted):
                fh.seek(origin + starts[b])
                entries, cables = pickle.loads(fh.read(starts[b + 1] - starts[b]))
                for d, i, port in entries:
                    dev = devices[d]
                    if not dev.ports:
                        dev.ports = [None] * (offsets[d + 1] - offsets[d])
                    dev.ports[i] = port
                for c in cables:
                    c.site.cables[c.id] = c
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, ImportError,
            RecursionError, MemoryError, struct.error, pickle.UnpicklingError):  # a damaged entry: read the whole site
        return None
    finally:
        _SHARED = _DEVICES = None
    cache.touch(path)
    inventory.cache_key = base
    inventory.partial = True
    port, _problem = resolve_ref(inventory, text)
    return None if port is None else (inventory, port)
