#!/usr/bin/env python3
"""Rebuild cabling's built-in device types from a checkout of NetBox's devicetype-library.

Usage (from the repository root)::

    git clone https://github.com/netbox-community/devicetype-library /tmp/dtl
    python scripts/build_devicetype_bundle.py /tmp/dtl            # commit read from the checkout's git
    python scripts/build_devicetype_bundle.py DIR --commit SHA    # a copy without .git: say which commit

It writes, under ``cabling/library/``:

* ``devicetypes.tar.xz``: every ``device-types/**/*.yaml`` file, unchanged, as a tar archive of
  ``Manufacturer/File.yaml`` members. The archive is written as a series of independent xz streams
  (chunks of about ``--chunk-kib`` (128) KiB of tar data, cut between members), which ``tar xJf``, ``xz -d``
  and Python's ``tarfile`` read as one ordinary ``.tar.xz``; cabling reads a single chunk to get one
  member, so a lookup decompresses about a hundred kilobytes, not the whole library.
* ``devicetypes.json``: the manifest (upstream, commit, counts, manufacturers) and the index: per
  member its chunk, offset and size, and what ``cabling models`` lists (slug, manufacturer, model,
  part number, role, port counts per kind, PoE ports given and drawn, PoE budget, height), computed with cabling's own loader.
* ``LICENSE.txt`` (copied from the checkout, CC0 1.0) and ``PROVENANCE.md``.

The build is deterministic: the same checkout gives the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import lzma
import re
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cabling.readers.devicetypes import DeviceTypeError, load_file  # noqa: E402

OUT = ROOT / "cabling" / "library"
UPSTREAM = "https://github.com/netbox-community/devicetype-library"
PRESET = 9 | lzma.PRESET_EXTREME
# One row per member in the index, in this order (rows load faster than objects).
COLUMNS = ["path", "chunk", "offset", "size", "slug", "manufacturer", "model", "part_number", "role", "ports",
           "u_height", "poe_ports", "poe_budget_w", "error", "poe_pd"]


def upstream_commit(checkout: Path, given: str | None) -> str:
    if given:
        return given
    try:
        out = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    prov = checkout / "PROVENANCE.md"
    if prov.is_file():
        m = re.search(r"\b[0-9a-f]{40}\b", prov.read_text(encoding="utf-8"))
        if m:
            return m.group(0)
    sys.exit(f"{checkout}: not a git checkout and no PROVENANCE.md naming a commit; pass --commit SHA")


def summary(path: Path) -> dict:
    """What the index keeps of one file (what `cabling models` lists without reading it)."""
    try:
        [dt] = load_file(path)
    except (DeviceTypeError, ValueError) as exc:
        return {"error": str(exc)}
    counts = Counter(p.kind for p in dt.ports)
    entry = {"slug": dt.slug, "manufacturer": dt.manufacturer, "model": dt.model,
             "part_number": None if dt.part_number is None else str(dt.part_number),
             "role": dt.default_role(), "ports": dict(sorted(counts.items())), "u_height": dt.u_height}
    if dt.poe_budget_w is not None:
        entry["poe_budget_w"] = dt.poe_budget_w
    pse = sum(1 for p in dt.ports if p.poe_mode == "pse")
    if pse:
        entry["poe_ports"] = pse
    if any(p.poe_mode == "pd" for p in dt.ports):  # the model draws PoE (a phone, an access point)
        entry["poe_pd"] = True
    return entry


def build(checkout: Path, commit: str, chunk_kib: int) -> dict:
    types = checkout / "device-types"
    if not types.is_dir():
        sys.exit(f"{checkout}: no device-types/ folder (is this a devicetype-library checkout?)")
    files = sorted(p for p in types.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    members, chunks, blob = [], [], bytearray()
    pending = io.BytesIO()
    tar = tarfile.open(fileobj=pending, mode="w", format=tarfile.USTAR_FORMAT)
    chunk_start = 0  # offset in the whole tar of the current chunk

    def flush(final: bool = False) -> None:
        nonlocal chunk_start
        if final:
            tar.close()  # writes the end-of-archive blocks into the last chunk
        data = pending.getbuffer()[chunk_start:].tobytes()
        if not data:
            return
        packed = lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, preset=PRESET)
        chunks.append([len(blob), len(packed)])
        blob.extend(packed)
        chunk_start += len(data)

    for f in files:
        rel = f.relative_to(types).as_posix()
        data = f.read_bytes()
        if pending.tell() - chunk_start >= chunk_kib * 1024:
            flush()
        info = tarfile.TarInfo(rel)
        info.size, info.mtime, info.mode, info.uname, info.gname = len(data), 0, 0o644, "", ""
        header_at = pending.tell()
        tar.addfile(info, io.BytesIO(data))
        data_at = header_at + len(info.tobuf(tarfile.USTAR_FORMAT))
        entry = {"path": rel, "chunk": len(chunks), "offset": data_at - chunk_start, "size": len(data)}
        entry.update(summary(f))
        members.append(entry)
    flush(final=True)

    errors = [m for m in members if "error" in m]
    manufacturers = sorted({m["path"].split("/", 1)[0] for m in members})
    manifest = {
        "upstream": UPSTREAM, "commit": commit, "folder": "device-types",
        "device_types": len(members), "manufacturers": manufacturers,
        "rejected": [[m["path"], m["error"]] for m in errors],
        "chunks": len(chunks), "bundle_bytes": len(blob), "bundle_sha256": hashlib.sha256(blob).hexdigest(),
        "tar_bytes": chunk_start,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "devicetypes.tar.xz").write_bytes(bytes(blob))
    rows = [[m.get(c) for c in COLUMNS] for m in members]
    index = {"manifest": manifest, "chunks": chunks, "columns": COLUMNS, "members": rows}
    (OUT / "devicetypes.json").write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    licence = checkout / "LICENSE.txt"
    if licence.is_file():
        (OUT / "LICENSE.txt").write_bytes(licence.read_bytes())
    (OUT / "PROVENANCE.md").write_text(f"""\
# Built-in device types (NetBox devicetype-library)

- Upstream: {UPSTREAM}, commit {commit}. Licence: CC0 1.0 (`LICENSE.txt`, copied unchanged).
- `devicetypes.tar.xz` holds every file of upstream's `device-types/` folder, byte for byte unchanged
  ({len(members):,} device types of {len(manufacturers)} manufacturers), as `Manufacturer/File.yaml`
  members. Images, `module-types/` and `schema/` are left out.
- What changed: only the packing. The tar is compressed as {len(chunks)} independent xz streams (cut between
  members), a valid `.tar.xz` that cabling can read one chunk of at a time.
- `devicetypes.json` is cabling's index of it (where each member is, and its slug, names, part number,
  role, port counts), computed by cabling's own loader.
- Rebuild: `python scripts/build_devicetype_bundle.py CHECKOUT` (see that script).
""", encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkout", type=Path, help="a checkout of netbox-community/devicetype-library")
    ap.add_argument("--commit", help="the upstream commit, when the checkout has no .git (else read from git)")
    ap.add_argument("--chunk-kib", type=int, default=128, help="uncompressed tar data per xz stream (default 128)")
    args = ap.parse_args(argv)
    manifest = build(args.checkout, upstream_commit(args.checkout, args.commit), args.chunk_kib)
    print(f"{manifest['device_types']:,} device types, {len(manifest['manufacturers'])} manufacturers, "
          f"{manifest['chunks']} chunks, {manifest['bundle_bytes'] / 1024:.0f} KiB "
          f"(tar {manifest['tar_bytes'] / 2**20:.1f} MiB); {len(manifest['rejected'])} rejected; commit {manifest['commit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
