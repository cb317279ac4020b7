"""NetBox interoperability: read a NetBox database dump or a folder of bulk-import files.

Both readers return the same :class:`~cabling.netbox.dataset.NetBoxDataset`::

    from cabling.netbox import read_netbox
    ds = read_netbox("netbox.sql")          # or a folder of devices.csv, cables.yaml, ...
    for problem in ds.problems:
        print(problem)
"""
from __future__ import annotations

import os
from pathlib import Path

from .bulkimport import read_bulk_folder
from .dataset import NetBoxDataset
from .sqldump import read_dump

__all__ = ["NetBoxDataset", "read_bulk_folder", "read_dump", "read_netbox"]


def read_netbox(path: str | os.PathLike) -> NetBoxDataset:
    """A folder is read as bulk-import files, a file as a ``pg_dump``."""
    return read_bulk_folder(path) if Path(path).is_dir() else read_dump(path)
