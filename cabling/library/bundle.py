"""Read the built-in devicetype-library: ``devicetypes.tar.xz`` and its index ``devicetypes.json``.

The archive is an ordinary ``.tar.xz`` written as a series of independent xz streams, each a chunk of
about 128 KiB of tar data cut between members (``scripts/build_devicetype_bundle.py`` writes it). The
index, made when the bundle is built, says for each member which chunk holds it and where, and what a
listing shows (slug, names, part number, role, port counts), so finding a model reads a 750 KB JSON file
and decompresses one chunk, never the whole library.

This module only reads bytes and names; :mod:`cabling.devicetypes` parses the YAML.
"""
from __future__ import annotations

import json
import lzma
import os
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARCHIVE = HERE / "devicetypes.tar.xz"
INDEX = HERE / "devicetypes.json"
# How a built-in model's ``source`` starts (its file's path inside the bundle follows).
SOURCE_PREFIX = "builtin:"


@dataclass(frozen=True, slots=True)
class Member:
    """One device-type file of the bundle, as its index describes it."""

    path: str  # 'Cisco/C9200-48P.yaml'
    chunk: int
    offset: int  # of the file's data in the decompressed chunk
    size: int
    slug: str | None
    manufacturer: str | None
    model: str | None
    part_number: str | None
    role: str | None
    ports: dict = field(default_factory=dict)  # kind -> count
    u_height: float | None = None
    poe_ports: int | None = None
    poe_budget_w: float | None = None
    error: str | None = None  # why cabling's loader rejected the file, when it did
    poe_pd: bool | None = None  # the model draws PoE (a powered device)

    @property
    def key(self) -> str:
        return f"{self.manufacturer}/{self.model}"

    @property
    def source(self) -> str:
        return SOURCE_PREFIX + self.path


class Bundle:
    """The index of the bundle, with lookups by slug, by 'Manufacturer/Model' and by part number."""

    def __init__(self, archive: str | os.PathLike = ARCHIVE, index: str | os.PathLike = INDEX) -> None:
        self.archive = Path(archive)
        with open(index, encoding="utf-8") as fh:
            data = json.load(fh)
        self.manifest: dict = data["manifest"]
        self.chunks: list[list[int]] = data["chunks"]
        self._columns: list[str] = data["columns"]
        self._rows: list[list] = data["members"]
        self._members: dict[int, Member] = {}
        path, slug, manufacturer, model, part = (self._columns.index(c) for c in
                                                 ("path", "slug", "manufacturer", "model", "part_number"))
        self.by_slug: dict[str, int] = {}  # member number by slug
        self.by_key: dict[str, list[int]] = {}  # by lower-case 'manufacturer/model'
        self.by_part: dict[str, list[int]] = {}  # by lower-case part number
        self.by_path: dict[str, int] = {}
        for i, row in enumerate(self._rows):
            self.by_path[row[path]] = i
            if row[slug] is None:
                continue
            self.by_slug.setdefault(row[slug], i)
            self.by_key.setdefault(f"{row[manufacturer]}/{row[model]}".lower(), []).append(i)
            if row[part]:
                self.by_part.setdefault(row[part].lower(), []).append(i)
        self._chunk_cache: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def member(self, i: int) -> Member:
        m = self._members.get(i)
        if m is None:
            m = self._members[i] = Member(**dict(zip(self._columns, self._rows[i])))
        return m

    @property
    def members(self) -> list[Member]:
        return [self.member(i) for i in range(len(self._rows))]

    def find(self, name: str) -> list[Member]:
        """The members a model name can mean: by slug, else 'Manufacturer/Model', else part number (any case)."""
        found = self.by_slug.get(name)
        if found is not None:
            return [self.member(found)]
        low = name.lower()
        return [self.member(i) for i in self.by_key.get(low) or self.by_part.get(low) or ()]

    def read(self, member: Member) -> bytes:
        """The member's file, byte for byte (decompresses the one chunk that holds it)."""
        data = self._chunk_cache.get(member.chunk)
        if data is None:
            start, length = self.chunks[member.chunk]
            with open(self.archive, "rb") as fh:
                fh.seek(start)
                data = lzma.decompress(fh.read(length), format=lzma.FORMAT_XZ)
            self._chunk_cache[member.chunk] = data
        return data[member.offset:member.offset + member.size]

    def text(self, member: Member) -> str:
        return self.read(member).decode("utf-8")

    def extract(self, dest: str | os.PathLike) -> Path:
        """Unpack every file under ``dest`` (as upstream's ``device-types/`` folder holds them)."""
        import tarfile

        dest = Path(dest)
        with tarfile.open(self.archive, "r:xz") as tar:
            tar.extractall(dest, filter="data")
        return dest


_BUNDLE: Bundle | None = None


def bundle() -> Bundle:
    """The built-in bundle (its index is read once per process)."""
    global _BUNDLE
    if _BUNDLE is None:
        _BUNDLE = Bundle()
    return _BUNDLE
