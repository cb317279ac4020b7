"""Writing files without ever leaving a half-written one behind."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_FILE_NAME = re.compile(r"(?!\.)[\w.-]+")


def file_safe(name: str) -> bool:
    """Whether ``name`` (from input data: a slug, a plan id) can be a file name in an output folder as it is:
    no path separator, no leading dot (``..``, hidden files), nothing a file system refuses (NUL, over 200 bytes)."""
    return bool(_FILE_NAME.fullmatch(name)) and len(name.encode("utf-8")) <= 200


def safe_name(name: str) -> str:
    """``name`` when :func:`file_safe`, else a file name made of it: ``../../x`` -> ``x``, ``a/b`` -> ``a-b``."""
    if file_safe(name):
        return name
    out = re.sub(r"[^\w.-]+", "-", name).strip(".-")[:100].strip(".-")
    return out or "unnamed"


def escapes(folder, rel: str) -> bool:
    """Whether the relative name ``rel`` would leave ``folder``: absolute, ``..`` above it, a NUL byte, or
    through a link in the folder that points outside it."""
    if not rel or "\0" in rel or os.path.isabs(rel) or ".." in Path(rel).parts:
        return True
    try:
        base = Path(folder).resolve()
        return not (base / rel).resolve().is_relative_to(base)
    except (OSError, RuntimeError, ValueError):
        return True


def write_text_atomic(path, text: str, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false.
    """
    write_bytes_atomic(path, text.encode("utf-8"), overwrite)


def write_bytes_atomic(path, data: bytes, overwrite: bool = False, before_replace=None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (as :func:`write_text_atomic`).

    ``before_replace()``, when given, runs once the temporary file is complete and synced, just before the
    rename: an exception from it (the file changed meanwhile, say) leaves ``path`` as it was."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(str(path))
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if before_replace is not None:
            before_replace()
        if overwrite:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _place_new(tmp: str, path: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there, in one step: a hard link fails when ``path`` exists,
    so a file that appears after the check above is never replaced (FileExistsError)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check and rename (a narrow race remains)
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
