"""Progress on long work: a spinner with the work's name and elapsed time on standard error.

:func:`running` covers a whole command: when it has been working for a second
(``CABLING_PROGRESS_DELAY``) without printing, a transient spinner appears on standard error
("cabling faults: loading sites/campus.yaml, 0:00:03"); the first thing the command prints, on
either stream, takes it away. :func:`phase` names what is being done now. Never shown when standard
error is not a terminal, for ``--json``/``--csv``/``--sarif``, with ``--quiet``, or under
``TERM=dumb``.
"""
from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager

_current = None  # the running _Spinner, or None


class _Spinner:
    def __init__(self, title: str, delay: float):
        self.title = title
        self.what = ""
        self.lock = threading.Lock()
        self.status = None
        self.done = False
        self.timer = threading.Timer(delay, self._start)
        self.timer.daemon = True

    def _text(self) -> str:
        return f"{self.title}: {self.what}" if self.what else self.title

    def count(self, what: str, done: int, total: int) -> None:
        self.update(f"{what} {bar(done, total)}")

    def _start(self) -> None:
        with self.lock:
            if self.done:
                return
            from rich.console import Console
            from rich.live import Live
            from rich.spinner import Spinner

            console = Console(file=sys.__stderr__, stderr=True, highlight=False, markup=False)
            self.spinner = Spinner("dots", text=self._rich_text(), style="status.spinner")
            # what the command prints goes where it goes (a file, a pipe): not redirected to the terminal by rich,
            # whose status line would catch standard output while it runs; the first write takes the line away
            self.status = Live(self.spinner, console=console, refresh_per_second=12.5, transient=True,
                               redirect_stdout=False, redirect_stderr=False)
            self.status.start()

    def _rich_text(self):
        from rich.text import Text

        return Text(self._text())  # as written: a file name with brackets is no markup

    def update(self, what: str) -> None:
        with self.lock:
            self.what = what
            if self.status is not None:
                self.spinner.update(text=self._rich_text())
                self.status.refresh()

    def stop(self) -> None:
        with self.lock:
            self.done = True
            self.timer.cancel()
            if self.status is not None:
                self.status.stop()
                self.status = None


def enabled(args) -> bool:
    from .style import machine_output

    if getattr(args, "quiet", False) or machine_output(args) or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.__stderr__ is not None and sys.__stderr__.isatty()
    except (AttributeError, ValueError):
        return False


class _StopsProgress:
    """A stream whose first write takes the spinner away (so output and spinner never share a line)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        stop()
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextmanager
def running(args, title: str):
    """Show a spinner named ``title`` while the block runs, once it has taken a second."""
    global _current
    if not enabled(args):
        yield
        return
    delay = float(os.environ.get("CABLING_PROGRESS_DELAY", "1"))
    spinner = _current = _Spinner(title, delay)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _StopsProgress(out), _StopsProgress(err)
    spinner.timer.start()
    try:
        yield
    finally:
        spinner.stop()
        sys.stdout, sys.stderr = out, err
        _current = None


def phase(what: str) -> None:
    """Say what the running command is doing now (shown on the spinner, if there is one)."""
    if _current is not None:
        _current.update(what)


BAR_WIDTH = 20


def bar(done: int, total: int) -> str:
    """``done`` of ``total`` as a bar with a count and a percentage: ``━━━━━━━━━───────────── 9/20 45%``.

    In ``#`` and ``-`` when standard error cannot show the box-drawing characters (a latin-1 terminal).
    """
    total = max(total, 1)
    done = min(max(done, 0), total)
    full = BAR_WIDTH * done // total
    encoding = (getattr(sys.__stderr__, "encoding", None) or "ascii").lower().replace("_", "-")
    on, off = ("\u2501", "\u2500") if encoding in ("utf-8", "utf8") else ("#", "-")
    return f"{on * full}{off * (BAR_WIDTH - full)} {done:,}/{total:,} {100 * done // total}%"


def counter(what: str):
    """A ``(done, total)`` callback for the library's long loops: shows ``what`` with a bar on the spinner.

    Costs nothing when no spinner runs (a pipe, ``--json``, ``--quiet``): the library calls it per
    building, per rule or per file, never per port.
    """
    def report(done: int, total: int) -> None:
        if _current is not None:
            _current.count(what, done, total)
    return report


def stop() -> None:
    if _current is not None:
        _current.stop()
