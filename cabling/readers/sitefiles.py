"""Which files are site files, and whether a site file may name paths outside its folder.

Kept apart from :mod:`cabling.readers.loader` (which re-exports it) because a command answered from the
cache (:mod:`cabling.readers.cache`) needs these and none of the loader's imports (PyYAML, the schema, the model).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

SITE_SUFFIXES = (".yaml", ".yml")


# A site or model file larger than this is refused before it is read (a 100,000-outlet campus in the
# bulk notation is about 3 MB; a file of hundreds of megabytes is a mistake, and parsing it would take
# minutes and gigabytes).
MAX_FILE_BYTES = 32 * 2**20

_SITE_KEY = re.compile(rb"""^(?:\xef\xbb\xbf)?(site|"site"|'site')[ \t]*:""", re.MULTILINE)  # after a BOM too
_SITE_KEY_SEARCH = 2**20  # bytes of a file too big to load searched for its site key


def site_files(paths) -> list[Path]:
    """The site files named by ``paths``: files as given; in folders, every *.yaml with a top-level ``site:``.

    Suffixes count in any case (``*.YAML``), the key may be quoted (``"site":``), and a
    file reached twice (a folder and a file in it, or through a link) is listed once.
    Other YAML files in a folder (device models under ``models/``, say) are left to ``models:``.
    """
    out: list[Path] = []
    seen: set[str] = set()

    def add(q: Path) -> None:
        try:
            key = str(q.resolve())
        except OSError:
            key = str(q)
        if key not in seen:
            seen.add(key)
            out.append(q)

    for p in map(Path, paths):
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.suffix.lower() in SITE_SUFFIXES and q.is_file() and is_site_file(q):
                    add(q)
        else:
            add(p)
    return out


def is_site_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            # of a file past the size limit (which the loader refuses unread) only the start is searched
            big = os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES
            return is_site_text(fh.read(_SITE_KEY_SEARCH if big else -1))
    except OSError:
        return False


def is_site_text(data: bytes) -> bool:
    """Whether a file's bytes are a site file's: a top-level ``site:`` key (quoted or not)."""
    return _SITE_KEY.search(data) is not None


ENV_ALLOW_OUTSIDE = "CABLING_ALLOW_OUTSIDE_PATHS"
_allow_outside: bool | None = None  # set for a run by the CLI's --allow-outside-paths


def allow_outside_paths(on: bool | None = True) -> None:
    """Let site files name paths outside their folder (``--allow-outside-paths``) for this process; None: as
    ``$CABLING_ALLOW_OUTSIDE_PATHS`` says."""
    global _allow_outside
    _allow_outside = on


def outside_paths_allowed(explicit: bool | None = None) -> bool:
    """Whether a path in a site file (``models:``, a floor's background image) may leave the file's folder:
    ``explicit`` when given, else :func:`allow_outside_paths`, else ``$CABLING_ALLOW_OUTSIDE_PATHS=1``."""
    if explicit is not None:
        return explicit
    if _allow_outside is not None:
        return _allow_outside
    return os.environ.get(ENV_ALLOW_OUTSIDE, "").strip().lower() in ("1", "yes", "true", "on")


OUTSIDE_HINT = ("; copy it next to the site file (or below it) and name it relative to the file, or allow paths "
                f"outside with --allow-outside-paths ({ENV_ALLOW_OUTSIDE}=1)")


def outside_folder(folder: Path, rel: str) -> bool:
    """Whether ``rel``, named in a site file in ``folder``, leaves it: an absolute path, ``..`` above it, or a
    link that resolves outside it."""
    try:
        folder = folder.resolve()
        return os.path.isabs(rel) or not (folder / rel).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte: nowhere inside the folder
        return True
