"""Diagnostics: errors and findings that name a file, a line and a column.

Every problem the loader finds becomes a :class:`Diagnostic`; one run collects
all of them and raises a single :class:`InputError` at the end, so a user sees
every mistake in one go (``sites/hq.yaml:42:7: cable H-017: port PP-9:3 does
not exist (did you mean PP-2A-9:3?)``).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    mark: Mark | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.mark}: " if self.mark else ""
        return f"{where}{self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.mark.file if self.mark else None,
            "line": self.mark.line if self.mark else None,
            "column": self.mark.column if self.mark else None,
            "severity": self.severity,
            "message": self.message,
        }


class InputError(Exception):
    """The input cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        self.fatal = any(d.severity == "fatal" for d in self.diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Collector:
    """Gathers diagnostics while loading; raises them together."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, mark: Mark | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(mark, message))

    def fatal(self, mark: Mark | None, message: str) -> None:
        """The input cannot be read at all (missing file, broken YAML)."""
        self.diagnostics.append(Diagnostic(mark, message, "fatal"))

    def warning(self, mark: Mark | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(mark, message, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity in ("error", "fatal")]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(sorted(self.errors, key=_sort_key))


def _sort_key(d: Diagnostic):
    m = d.mark
    return (m.file, m.line, m.column) if m else ("", 0, 0)


def did_you_mean(word: str, candidates, n: int = 1) -> str:
    """`` (did you mean X?)`` for the closest candidate, or an empty string."""
    matches = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(matches) + "?)"
