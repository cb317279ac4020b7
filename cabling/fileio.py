"""Writing files without ever leaving a half-written one behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(path, text: str, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false.
    """
    write_bytes_atomic(path, text.encode("utf-8"), overwrite)


def write_bytes_atomic(path, data: bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (as :func:`write_text_atomic`)."""
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
