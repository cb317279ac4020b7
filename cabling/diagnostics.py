"""Diagnostics: errors and findings that name a file, a line and a column.

Every problem the loader finds becomes a :class:`Diagnostic`; one run collects
all of them and raises a single :class:`InputError` at the end, so a user sees
every mistake in one go (``sites/hq.yaml:42:7: cable H-017: port PP-9:3 does
not exist (did you mean PP-2A-9:3?)``).
"""
from __future__ import annotations

import re
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
    """The input cannot be used; carries every diagnostic found.

    Besides errors it may carry notes: what was not checked because of an error
    reported elsewhere (``not checked: device PP-1A-A has errors (line 52)``).
    """

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        self.fatal = any(d.severity == "fatal" for d in self.diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity in ("error", "fatal")]

    def summary(self) -> str:
        """``3 errors`` or ``1 error (95 notes on what was not checked)``."""
        n = len(self.errors)
        notes = len(self.diagnostics) - n
        text = f"{n} error{'s' if n != 1 else ''}"
        if notes:
            text += f" ({notes} note{'s' if notes != 1 else ''} on what was not checked because of them)"
        return text


#: How many errors of one kind one entry reports before the rest are counted ("and 199,990 more like it").
MAX_REPEATS = 10


class Collector:
    """Gathers diagnostics while loading; raises them together.

    An error given a ``group`` (say: this bulk entry's end A) counts towards that
    group; past :data:`MAX_REPEATS` of a group, further ones are only counted and
    reported as one line at the end.
    """

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._groups: dict = {}  # group -> [count, mark of the first, label]

    def error(self, mark: Mark | None, message: str, group=None, label: str = "") -> None:
        if group is not None and self._over(group, mark, label):
            return
        self.diagnostics.append(Diagnostic(mark, message))

    def note(self, mark: Mark | None, message: str, group=None, label: str = "") -> None:
        """Something not checked because of an error reported elsewhere; not an error of its own."""
        if group is not None and self._over((group, "note"), mark, label, "note"):
            return
        self.diagnostics.append(Diagnostic(mark, message, "note"))

    def full(self, group) -> bool:
        """Whether further errors of ``group`` are only counted (so need no message worked out)."""
        seen = self._groups.get(group)
        return seen is not None and seen[0] >= MAX_REPEATS

    def _over(self, group, mark, label: str, severity: str = "error") -> bool:
        seen = self._groups.get(group)
        if seen is None:
            self._groups[group] = [1, mark, label, severity]
            return False
        seen[0] += 1
        return seen[0] > MAX_REPEATS

    def _repeats(self) -> list[Diagnostic]:
        out = []
        for count, mark, label, severity in self._groups.values():
            if count > MAX_REPEATS:
                out.append(Diagnostic(mark, f"{label + ': ' if label else ''}and {count - MAX_REPEATS:,} more "
                                            "like it", severity))
        return out

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
            shown = [d for d in self.diagnostics if d.severity != "warning"] + self._repeats()
            raise InputError(sorted(shown, key=_sort_key))


def _sort_key(d: Diagnostic):
    m = d.mark
    return (m.file, m.line, m.column) if m else ("", 0, 0)


def close_matches(word: str, candidates, n: int = 1) -> list[str]:
    """The candidates a user most likely meant by ``word``, best first.

    The same name in another case wins outright (``r46`` -> ``R46``); then the same name
    with its numbers written otherwise (``O-01`` -> ``O-1``, ``7`` -> ``07``) or a letter
    that looks like a digit (``1A-0O7`` -> ``1A-007``); then names one letter different at
    the same length (``cat6e`` -> ``cat6a``, ``cat5e``); then :func:`difflib.get_close_matches`.
    """
    import difflib

    candidates = list(candidates)
    folded = word.casefold()
    same_case = [c for c in candidates if c.casefold() == folded and c != word]
    if same_case:
        return same_case[:n]
    # the same name with its numbers written otherwise (O-01 -> O-1, 7 -> 07), then also with a letter
    # that looks like a digit (1A-0O7 -> 1A-007): before any name that is merely one letter different
    for fold in (_unpadded, _digits_for_lookalikes):
        target = fold(word)
        same = [c for c in candidates if c != word and fold(c) == target]
        if same:
            return sorted(same)[:n]
    one_off = [c for c in candidates if len(c) == len(word) and c != word
               and sum(a != b for a, b in zip(c.casefold(), folded)) == 1]
    if one_off:
        near = difflib.get_close_matches(word, one_off, n=len(one_off), cutoff=0)
        return near[:n]
    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)


_NUMBER = re.compile(r"[0-9]+")
_LOOKALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _unpadded(text: str) -> str:
    """``text`` in one case with its numbers' leading zeros dropped."""
    return _NUMBER.sub(lambda m: m.group().lstrip("0") or "0", text.casefold())


def _digits_for_lookalikes(text: str) -> str:
    """As :func:`_unpadded`, with O, I and l read as the digits they look like."""
    return _unpadded(text.casefold().translate(_LOOKALIKES))


def did_you_mean(word: str, candidates, n: int = 1) -> str:
    """`` (did you mean X?)`` for the closest candidate(s), or an empty string."""
    matches = close_matches(word, candidates, n)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(matches) + "?)"
