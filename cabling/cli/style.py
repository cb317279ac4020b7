"""Colour on a terminal: the plain text the commands print, styled line by line with rich.

The commands print plain text (what a pipe, a file and the tests see). When colour is on
(``--color always``, or ``auto`` on a terminal without ``NO_COLOR``), :func:`colorize` wraps
standard output in a stream that styles each complete line by the command's patterns: fault
severities (error red, warning yellow, info cyan), ``file:line:col`` places, fixes, the far end of a
trace, table headers. The characters are the same; only ANSI styles are added. ``--json``,
``--csv`` and ``--sarif`` output is never styled.
"""
from __future__ import annotations

import os
import re
import sys

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

_RULE_HEAD = re.compile(r"^([A-Z]\d{3}) (.*) \[(error|warning|info), ([\w-]+)\]: (\d+)$")
_PLACE = re.compile(r"^(\s+)(\S+?:\d+:\d+): ")
_FIX = re.compile(r"^(\s+)fix: ")
_TOTALS = re.compile(r"^(\d+) errors?, (\d+) warnings?, (\d+) info in ")
_ENDS = re.compile(r"^  -> (ends at|reaches) ")
_STOPS = re.compile(r"^  -> ")
_PATH_HEAD = re.compile(r"^(Path(?: \d+ of \d+)?[^:]*): (.*)$")
_CABLE = re.compile(r"^    \|  cable ")
_TABLE_HEAD = re.compile(r"^[A-Z][A-Z0-9_/%]+(  +[A-Z][A-Z0-9_/%]+)+\s*$")
_NEW = re.compile(r"^\+ ")
_CHANGED = re.compile(r"^~ ")
_GONE = re.compile(r"^- ")


def wanted(mode: str, stream) -> bool:
    """Whether to colour ``stream``: ``always``, ``never``, or ``auto`` (a terminal, no NO_COLOR, TERM not dumb)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def style_line(line: str):
    """The rich Text of one output line (styles only where a pattern matches)."""
    from rich.text import Text

    t = Text(line)
    m = _RULE_HEAD.match(line)
    if m:
        t.stylize("bold", 0, len(m.group(1)))
        start = line.rindex("[") + 1
        t.stylize(SEVERITY_STYLE[m.group(3)], start, start + len(m.group(3)))
        return t
    m = _PLACE.match(line)
    if m:
        t.stylize("blue", len(m.group(1)), m.end(2))
        return t
    m = _FIX.match(line)
    if m:
        t.stylize("green", 0, len(line))
        return t
    m = _TOTALS.match(line)
    if m:
        errors, warnings = int(m.group(1)), int(m.group(2))
        t.stylize("bold red" if errors else "bold green" if not warnings else "bold yellow", 0, len(line))
        return t
    if line.startswith("no faults: ") or line.startswith("ok: "):
        t.stylize("bold green", 0, len(line))
        return t
    m = _ENDS.match(line)
    if m:
        t.stylize("bold green", 2, len(line))  # the far end
        return t
    if _STOPS.match(line):
        t.stylize("bold red", 2, len(line))
        return t
    m = _PATH_HEAD.match(line)
    if m:
        status = m.group(2)
        good = status.startswith("complete, active")
        t.stylize("bold", 0, len(m.group(1)))
        t.stylize("green" if good else "yellow", m.start(2), len(line))
        return t
    if _CABLE.match(line):
        t.stylize("dim", 0, len(line))
        return t
    if line.startswith("Trace from "):
        t.stylize("bold", 0, len(line))
        return t
    if _TABLE_HEAD.match(line):
        t.stylize("bold", 0, len(line))
        return t
    for pattern, style in ((_NEW, "green"), (_CHANGED, "yellow"), (_GONE, "red")):
        if pattern.match(line):
            t.stylize(style, 0, 1)
            return t
    return t


class ColorStream:
    """A text stream that styles each complete line it is given and writes it on to ``stream``."""

    def __init__(self, stream):
        from rich.console import Console

        self._stream = stream
        self._buffer = ""
        self._console = Console(file=stream, force_terminal=True, color_system="standard", highlight=False,
                                markup=False, emoji=False, soft_wrap=True, width=10_000)

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            self._console.print(style_line(line))
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            self._console.print(style_line(self._buffer), end="")
            self._buffer = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name):
        return getattr(self._stream, name)


def machine_output(args) -> bool:
    """Whether the command prints for a program (JSON, CSV, SARIF): never styled, never with progress."""
    return any(getattr(args, name, False) for name in ("json", "csv", "sarif"))


def colorize(args):
    """The stream to print to for this command: standard output, styled when colour is on."""
    stream = sys.stdout
    if machine_output(args) or not wanted(getattr(args, "color", "auto") or "auto", stream):
        return stream
    return ColorStream(stream)
