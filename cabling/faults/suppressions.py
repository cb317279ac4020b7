"""Inline suppressions, and the rules about them and about a site's ``rules:`` settings.

A finding is accepted by a comment on its YAML line (or on a comment line just above it) that
names the rule and gives a reason after ``--``::

    - {id: H-1A-A14, ..., length: 92}   # cabling: ignore[T101] -- ceiling run measured at 92 m, accepted by the client

Several codes may be named (``ignore[T101,T106]``). A suppression without a reason suppresses
nothing and is an error (I102); one that names no rule is an error (I103); one that no longer
suppresses anything is a warning (I101), so accepted faults do not outlive their fix.
The comments are read from the site files' text (the YAML reader drops comments).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Mark
from .catalogue import CODE, Rule, dedent, get, register
from .finding import Finding

FAMILY = "config"

_COMMENT = re.compile(r"#\s*cabling:\s*ignore\[([^\]]*)\]\s*(?:--\s*(.*?))?\s*$")


@dataclass
class Suppression:
    file: str
    line: int  # the line it applies to
    column: int  # where the comment starts
    comment_line: int
    codes: tuple[str, ...]
    reason: str
    used: bool = False

    @property
    def mark(self) -> Mark:
        return Mark(self.file, self.comment_line, self.column)


def _comment_start(line: str) -> int:
    """Index of the '#' that starts a YAML comment on the line, or -1 (a '#' inside quotes is text)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return -1


def parse(text: str, file: str) -> list[Suppression]:
    out: list[Suppression] = []
    pending: list[Suppression] = []  # comment-only lines waiting for the line they apply to
    for n, line in enumerate(text.splitlines(), start=1):
        i = line.find("#") if "cabling:" in line else -1
        if i >= 0:
            i = _comment_start(line)
        m = _COMMENT.search(line, i) if i >= 0 else None
        code_part = line[:i].strip() if i >= 0 else line.strip()
        if m is not None:
            codes = tuple(c.strip().upper() for c in m.group(1).split(",") if c.strip())
            s = Suppression(file, n, i + 1, n, codes, (m.group(2) or "").strip())
            out.append(s)
            if not code_part:
                pending.append(s)
                continue
        if code_part and not code_part.startswith("#"):
            for s in pending:
                s.line = n
            pending = []
    return out


def read(files) -> list[Suppression]:
    out = []
    for f in files:
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue
        if "cabling:" in text:
            out.extend(parse(text, f))
    return out


def _finding(code: str, message: str, s: Suppression, hint: str) -> Finding:
    return Finding(code, get(code).severity, message, s.file, s.comment_line, s.column, hint=hint)


def apply(inventory, findings: list[Finding], enabled: set[str]) -> list[Finding]:
    """The findings no valid suppression accepts, plus the findings about the suppressions themselves."""
    sups = read(inventory.files)
    if not sups:
        return findings
    extra: list[Finding] = []
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in sups:
        bad = [c for c in s.codes if not CODE.match(c) or get(c) is None]
        if not s.codes or bad:
            what = ", ".join(bad) if bad else "no rule"
            extra.append(_finding("I103", f"suppression names {what}: name rule codes, e.g. ignore[T101]", s,
                                  "see 'cabling rules' for the codes"))
            continue
        if not s.reason:
            extra.append(_finding("I102", f"suppression of {', '.join(s.codes)} gives no reason: it suppresses nothing",
                                  s, "write the reason after '--': # cabling: ignore[T101] -- why it is accepted"))
            continue
        by_line.setdefault((s.file, s.line), []).append(s)
    kept = []
    for f in findings:
        hit = None
        if f.file is not None and f.line is not None:
            for s in by_line.get((f.file, f.line), ()):
                if f.rule in s.codes:
                    hit = s
                    break
        if hit is None:
            kept.append(f)
        else:
            hit.used = True
    for group in by_line.values():
        for s in group:
            if not s.used and any(c in enabled for c in s.codes):
                extra.append(_finding("I101", f"suppression of {', '.join(s.codes)} suppresses nothing on line {s.line}",
                                      s, "remove the comment: the fault it accepted is gone"))
    return kept + extra


_RULES = [
    Rule("I101", FAMILY, "warning", "suppression that suppresses nothing",
         "linter practice (ruff RUF100): an accepted fault must not outlive its fix",
         "An inline `# cabling: ignore[CODE] -- reason` names a rule that reports nothing on its line "
         "(the fault was fixed, or the comment is on the wrong line). Checked only for rules that ran.",
         dedent("""
         devices:
           - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
         cables:
           - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 40, label: 1A-A02}   # cabling: ignore[T101] -- measured long
         """),
         dedent("""
         devices:
           - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
         cables:
           - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 92, label: 1A-A02}   # cabling: ignore[T101] -- measured long
         """)),
    Rule("I102", FAMILY, "error", "suppression without a reason",
         "this project's rule: accepting a fault is a decision someone must be able to read later",
         "An inline suppression must give its reason after `--`; one without a reason suppresses nothing.",
         dedent("""
         devices:
           - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
         cables:
           - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 92, label: 1A-A02}   # cabling: ignore[T101]
         """),
         dedent("""
         devices:
           - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
         cables:
           - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 92, label: 1A-A02}   # cabling: ignore[T101] -- ceiling run, accepted by the client
         """)),
    Rule("I103", FAMILY, "error", "suppression or 'rules: disable' naming no rule",
         "a misspelt code would silently accept nothing", "A suppression or a site's `rules: {disable: [...]}` names a "
         "code that is no rule (or, for `disable`, no code prefix or family either).",
         dedent("""
         rules:
           disable: [T999]
         """),
         dedent("""
         rules:
           disable: [T106]
         """)),
    Rule("I104", FAMILY, "error", "label scheme that cannot be used", "the site's label scheme (rule L102)",
         "The site's `rules: {label_scheme: ...}` names a field that does not exist or is not a format.",
         dedent("""
         rules:
           label_scheme: '{space}-{shelf}{port:02}'
         """),
         dedent("""
         rules:
           label_scheme: '{space}-{panel}{port:02}'
         """)),
]
for _r in _RULES:
    register(_r)
