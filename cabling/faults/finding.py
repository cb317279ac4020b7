"""One finding of ``cabling faults``: which rule, how bad, what and where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule broken at one place.

    ``ports``, ``cables`` and ``devices`` are the canonical references of what is involved
    (``DEVICE:PORT`` as :meth:`cabling.model.Inventory.ref` writes them, cable ids, device
    ids), so a viewer can locate them; ``floor`` and ``at`` place it on a plan when known.
    """

    rule: str
    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    site: str | None = None
    ports: tuple[str, ...] = ()
    cables: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    hint: str | None = None
    floor: str | None = None
    at: tuple[float, float] | None = None

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def __str__(self) -> str:
        where = f"{self.where}: " if self.file else ""
        return f"{where}{self.rule} {self.message}"

    def sort_key(self):
        return (self.file or "", self.line or 0, self.column or 0, self.rule, self.message)

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "file": self.file,
                "line": self.line, "column": self.column, "site": self.site,
                "refs": {"ports": list(self.ports), "cables": list(self.cables), "devices": list(self.devices)},
                "hint": self.hint, "floor": self.floor, "at": list(self.at) if self.at else None}
