"""A content-keyed cache of loaded sites (and of other derived data), where users expect caches.

Entries live in ``$XDG_CACHE_HOME/cabling/`` (``~/.cache/cabling/`` by default); deleting the
folder is always safe. An entry is found by a key made of:

* the **code fingerprint**: cabling's version, the Python version and the name, size and
  modification time of every file of the cabling package and its schemas, so an entry is never
  trusted across versions (nor across edits of a source checkout);
* the **content** (a BLAKE2 digest) of every site file loaded, and its path (errors name it).

A loaded inventory also records what else it read (device-model files and folders under
``models:``); an entry is used only while their contents (files) or listings (folders) are
unchanged. Writes go to a temporary file in the same folder and are renamed into place, so two
processes never see half an entry; an entry that cannot be read (truncated, another format,
corrupted) is ignored and rewritten. ``--no-cache`` on a command, or ``CABLING_NO_CACHE=1``,
turns the cache of sites off (what depends on cabling alone, the compiled schema check, stays);
so does an unwritable folder (silently: the cache only ever saves time). The folder is kept under
``$CABLING_CACHE_MAX_MB`` (2,048 MiB by default) by removing the entries used longest ago.

A large site is also kept in parts (:mod:`cabling.analysis.cacheparts`), so that a trace of a port not
asked before reads only the part of the site it can reach.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

try:  # the C modules themselves: hashlib and pickle import more than a cache hit needs (OpenSSL, say)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
try:
    import _pickle as pickle
except ImportError:  # pragma: no cover - another Python implementation
    import pickle

from .. import __version__
from ..gcpause import gc_paused

ENV_OFF = "CABLING_NO_CACHE"
_MAGIC = b"cabling-cache 1\n"
_PACKAGE = Path(__file__).resolve().parent.parent
_SCHEMAS = _PACKAGE.parent / "schemas"
_disabled = False
_PROTOCOL = 5


def disable(off: bool = True) -> None:
    """Turn the cache off (``--no-cache``), or on again, for this process."""
    global _disabled
    _disabled = off


def enabled() -> bool:
    return not _disabled and os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "no", "false")


def directory() -> Path:
    """``$XDG_CACHE_HOME/cabling``; a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cabling"


@lru_cache(maxsize=None)
def fingerprint() -> str:
    """What identifies this build of cabling: version, Python, and every package file's name, size and mtime."""
    h = blake2b(digest_size=16)
    h.update(f"{__version__}\0{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for root in (_PACKAGE, _SCHEMAS):
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                p = os.path.join(folder, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(p, root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def key(*parts) -> str:
    """A cache key: the code fingerprint and ``parts`` (strings or bytes), hashed."""
    h = blake2b(digest_size=20)
    h.update(fingerprint().encode())
    for part in parts:
        h.update(b"\0")
        # surrogateescape: a file name the locale could not decode (LC_ALL=C) is hashed as its bytes
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def read(name: str, always: bool = False) -> bytes | None:
    """The entry ``name`` (without its header), or None when absent, unreadable or of another format.

    ``always``: also when the cache of sites is off (for what depends on cabling alone, such as the
    compiled schema check, which no site file can make stale).
    """
    if not (always or enabled()):
        return None
    try:
        with open(directory() / name, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    touch(directory() / name)
    return data[len(_MAGIC):]


def touch(path) -> None:
    """Mark the entry at ``path`` recently used, so that :func:`prune` removes it last."""
    try:
        os.utime(path)
    except OSError:
        pass


def write(name: str, data, always: bool = False) -> bool:
    """Store an entry atomically (temporary file + rename); False when the cache is off or unwritable.

    ``data``: bytes, or a function that writes the entry to the (binary) file it is given, so a large entry
    need not be held in memory whole; what else it raises is raised after the temporary file is removed."""
    if not (always or enabled()):
        return False
    folder = directory()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix="-" + name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC)
            if callable(data):
                data(fh)
            else:
                fh.write(data)
        os.replace(tmp, folder / name)
        prune(folder)
        return True
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            return False
        raise


ENV_MAX_MB = "CABLING_CACHE_MAX_MB"
DEFAULT_MAX_MB = 2048


def prune(folder: Path | None = None) -> None:
    """Keep the folder under ``$CABLING_CACHE_MAX_MB`` (default 2,048 MiB): remove the entries used
    longest ago (entries of other cabling builds are never used again, so they go first)."""
    folder = folder or directory()
    try:
        limit = float(os.environ.get(ENV_MAX_MB, DEFAULT_MAX_MB)) * 2**20
    except ValueError:
        limit = DEFAULT_MAX_MB * 2**20
    try:
        entries = []
        for e in os.scandir(folder):
            if e.is_file() and not e.name.startswith(".tmp-"):
                st = e.stat()
                entries.append((st.st_mtime, st.st_size, e.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
            total -= size
        except OSError:
            pass


def _unpickle(data: bytes):
    try:
        with gc_paused():
            return pickle.loads(data)
    except Exception:  # a damaged entry: ignore it, it is rewritten
        return None


# ------------------------------------------------------------------ objects kept as columns
# A plain pickle of a campus keeps, for each of its ~1,000,000 ports, cables and devices (slotted dataclasses),
# a dict of its fields: made by the pickler and kept in its memo to the end of the dump, read back by the
# unpickler and kept in its memo to the end of the load. So a cached load peaked far above a load from YAML
# (and the dump above both). Here the objects of such classes are written as persistent ids (plain ints,
# never memoised) and their fields as columns, one list per class and field (a field with the same value
# in every object: that value once): at load every object is made empty first and its fields are set from
# the columns by loops in C, so no per-object dict or tuple is ever made.

_COLUMNS = b"columns 2\n"
_CHUNK = 8192  # objects a pickle of columns holds at most (what a load holds of them at once)


def _slots_of(cls) -> tuple | None:
    """The slot names of ``cls`` when its objects can be kept as columns: slotted, no __dict__, made by
    object.__new__, pickled by object's default (no __reduce__, __getstate__ or __setstate__ of its own)."""
    if (not isinstance(cls, type) or cls.__module__ == "builtins" or getattr(cls, "__dictoffset__", 1) != 0
            or cls.__new__ is not object.__new__ or cls.__reduce_ex__ is not object.__reduce_ex__
            or cls.__reduce__ is not object.__reduce__
            or getattr(cls, "__getstate__", None) is not getattr(object, "__getstate__", None)
            or hasattr(cls, "__setstate__")):
        return None
    names: list[str] = []
    for c in reversed(cls.__mro__):
        declared = c.__dict__.get("__slots__", ())
        for name in (declared,) if isinstance(declared, str) else declared:
            if name not in ("__weakref__", "__dict__") and name not in names:
                names.append(name)
    return tuple(names) or None


def _column(objs: list, name: str):
    """The values of field ``name`` of ``objs``: a list, or a 1-tuple when every object holds the same one."""
    from itertools import repeat
    from operator import is_

    values = [getattr(o, name) for o in objs]
    return (values[0],) if all(map(is_, values, repeat(values[0]))) else values


def dump_columns(obj, fh) -> None:
    """Write ``obj`` to the binary file ``fh`` with its slotted objects kept as columns (:func:`load_columns`).

    Written: pickles of one pickler (``obj``, then the columns of the objects met so far, at most
    :data:`_CHUNK` objects a pickle, in rounds, as columns meet more objects), then a header (the classes,
    their fields, the class of each object by its persistent id, the number of pickles of columns) and the
    header's offset from where ``fh`` started."""
    import struct
    from array import array

    origin = fh.tell()
    kind_of: dict = {}  # class -> its number, or -1 for a class pickled as usual
    classes: list = []
    slots: list = []
    index: dict = {}  # object (hashed by identity) or its id() -> persistent id
    found: list = []  # the objects kept as columns, by persistent id
    kinds = array("B")

    def persistent_id(o):
        cls = o.__class__
        k = kind_of.get(cls)
        if k is None:
            names = _slots_of(cls) if len(classes) < 255 else None
            k = kind_of[cls] = -1 if names is None else len(classes)
            if names is not None:
                classes.append(cls)
                slots.append((names, cls.__hash__ is object.__hash__ and cls.__eq__ is object.__eq__))
        if k < 0:
            return None
        ref = o if slots[k][1] else id(o)
        i = index.get(ref)
        if i is None:
            i = index[ref] = len(found)
            found.append(o)
            kinds.append(k)
        return i

    pk = pickle.Pickler(fh, protocol=_PROTOCOL)
    pk.persistent_id = persistent_id
    pk.dump(obj)
    pickles = done = 0
    while done < len(found):  # the fields of the objects met last, as columns (in which more may be met)
        end = len(found)
        by_kind: dict[int, list] = {}
        for i in range(done, end):
            by_kind.setdefault(kinds[i], []).append(found[i])
        for k, objs in by_kind.items():
            for at in range(0, len(objs), _CHUNK):
                part = objs[at:at + _CHUNK]
                chunk = [(k, part, [_column(part, name) for name in slots[k][0]])]
                pk.dump(chunk)
                _clear(chunk)
                pickles += 1
        done = end
    index = found = by_kind = None
    at = fh.tell() - origin
    pickle.dump((classes, [names for names, _ in slots], kinds.tobytes(), pickles), fh, protocol=_PROTOCOL)
    fh.write(struct.pack("<Q", at))


def load_columns(fh):
    """What :func:`dump_columns` wrote, read from the binary file ``fh`` (where it started), a frame at a time."""
    import struct
    from collections import deque
    from itertools import repeat

    origin = fh.tell()
    fh.seek(-8, os.SEEK_END)
    (at,) = struct.unpack("<Q", fh.read(8))
    fh.seek(origin + at)
    classes, slots, kinds, pickles = pickle.load(fh)
    for cls, names in zip(classes, slots):  # (a class changed since is caught by the fingerprint; a damaged one here)
        if _slots_of(cls) != tuple(names):
            raise ValueError(f"{cls.__name__} has other fields")
    setters = [[getattr(cls, name).__set__ for name in names] for cls, names in zip(classes, slots)]
    objects = list(map(object.__new__, map(classes.__getitem__, kinds)))
    kinds = None
    fh.seek(origin)
    up = pickle.Unpickler(fh)
    up.persistent_load = objects.__getitem__
    obj = up.load()
    objects = None  # (the unpickler holds it, through its persistent_load)
    for _ in range(pickles):
        chunk = up.load()
        for k, objs, columns in chunk:
            if len(columns) != len(setters[k]):
                raise ValueError("columns of another class")
            for set_field, column in zip(setters[k], columns):
                if column.__class__ is tuple:
                    column = repeat(column[0], len(objs))
                elif len(column) != len(objs):
                    raise ValueError("a column of another length")
                deque(map(set_field, objs, column), 0)
        _clear(chunk)
    return obj


def _clear(chunk) -> None:
    """Empty the lists of a round of columns: the (un)pickler's memo holds them to its end, but nothing else
    refers to them, so emptied they hold no memory."""
    for _k, objs, columns in chunk:
        objs.clear()
        for column in columns:
            if column.__class__ is list:
                column.clear()


def read_columns(name: str):
    """The entry ``name`` written by :func:`dump_columns`, read back; None when absent, unreadable or damaged."""
    path = directory() / name
    try:
        fh = open(path, "rb")
    except OSError:
        return None
    try:
        with fh, gc_paused():
            if fh.read(len(_MAGIC) + len(_COLUMNS)) != _MAGIC + _COLUMNS:
                return None
            obj = load_columns(fh)
    except Exception:  # a damaged entry: ignore it, it is rewritten
        return None
    touch(path)
    return obj


# ------------------------------------------------------------------ inventories
def _dependency_state(path: str) -> str:
    """The content of a model file, or the listing (names, sizes, mtimes) of a model folder, digested."""
    p = Path(path)
    try:
        if p.is_dir():
            from .devicetypes import model_files

            listing = []
            for f in model_files(p):
                st = f.stat()
                listing.append(f"{f.relative_to(p)}\0{st.st_size}\0{st.st_mtime_ns}")
            return "dir:" + digest("\n".join(listing).encode("utf-8", "surrogateescape"))
        return "file:" + digest(p.read_bytes())
    except OSError:
        return "missing"


def _dependencies(inventory) -> dict[str, str]:
    """What a loaded inventory read besides its site files (model files and folders), with their states."""
    return {p: _dependency_state(p) for p in getattr(inventory.library, "paths", ())}


def _unchanged(dependencies) -> bool:
    return isinstance(dependencies, dict) and all(_dependency_state(p) == state for p, state in dependencies.items())


def inventory_key(paths) -> tuple[str, list[str]] | None:
    """(key, files) of loading ``paths``, from the site files' contents; None when a file cannot be read."""
    from .sitefiles import MAX_FILE_BYTES, outside_paths_allowed, site_files

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = site_files(paths)
    parts = ["outside paths allowed"] if outside_paths_allowed() else []
    for f in files:
        try:
            if f.stat().st_size > MAX_FILE_BYTES:
                return None  # the loader refuses it without reading it; so does the key
            parts += [str(f), digest(f.read_bytes())]
        except OSError:
            return None
    return key("inventory", *parts), [str(f) for f in files]


def _loader():
    """:mod:`cabling.readers.loader`, imported on a miss only: a hit needs neither the YAML reader nor the schema."""
    from . import loader

    return loader


def load(paths):
    """:func:`cabling.readers.loader.load`, served from the cache when the same files were loaded before.

    Raises :class:`~cabling.diagnostics.InputError` as the loader does (errors are never cached).
    """
    found = inventory_key(paths) if enabled() else None
    if found is None:
        return _loader().load(paths)
    name = found[0] + ".inventory"
    entry = read_columns(name)
    if entry is not None:
        if isinstance(entry, tuple) and len(entry) == 2 and _unchanged(entry[0]):
            inv = entry[1]
            inv.cache_key = found[0]
            return inv
    inv = _loader().load(paths)
    deps = _dependencies(inv)

    def fill(fh):
        fh.write(_COLUMNS)
        dump_columns((deps, inv), fh)

    try:
        with gc_paused():
            write(name, fill)
    except (RecursionError, pickle.PicklingError, TypeError, AttributeError, ValueError):
        pass
    inv.cache_key = found[0]
    return inv


def memo(inventory, what: str, compute):
    """``compute()`` for an inventory loaded through :func:`load`, kept in the cache under ``what``.

    For results that depend on the inventory alone (the geometric checks, say); an inventory
    not loaded through the cache is computed every time.
    """
    base = getattr(inventory, "cache_key", None)
    if base is None or not enabled():
        return compute()
    name = key(base, what) + ".memo"
    data = read(name)
    if data is not None:
        entry = _unpickle(data)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == what:
            return entry[1]
    result = compute()
    try:
        write(name, pickle.dumps((what, result), protocol=_PROTOCOL))
    except (RecursionError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return result


def answer(paths, what: str, compute):
    """A command's answer about the files ``paths``, recalled from the cache without loading the site.

    ``compute()`` returns (answer, inventory): the answer is kept (with what the inventory read)
    when the inventory is not None, so an answer that depends on an error is never kept. A kept
    answer costs reading it, not loading the site; it is used while the files, their models and
    cabling are unchanged.
    """
    found = inventory_key(paths) if enabled() else None
    if found is None:
        return compute()[0]
    name = key(found[0], "answer", what) + ".answer"
    data = read(name)
    if data is not None:
        entry = _unpickle(data)
        if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == what and _unchanged(entry[1]):
            return entry[2]
    result, inventory = compute()
    if inventory is not None:
        try:
            write(name, pickle.dumps((what, _dependencies(inventory), result), protocol=_PROTOCOL))
        except (RecursionError, pickle.PicklingError, TypeError, AttributeError):
            pass
    return result
