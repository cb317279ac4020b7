"""The small site every rule's examples are written against.

A rule's failing and passing examples are fragments: top-level sections (``devices:``,
``cables:``, ``site:`` settings, ...) whose items are added to :data:`BASE`. ``cabling rules
CODE`` prints the fragments; :func:`example_site` makes the whole site text (comments kept,
so an example may carry a suppression), which the tests load and scan.

The base: one floor (60 x 30 m), a telecom room ``1A`` with rack ``R1`` (at 2, 2), Cat6 panel ``PP-1A-A`` and PoE
switch ``SW1``; outlet ``1A-001`` in room ``OFFICE`` wired to panel port 1 (label ``1A-A01``,
30 m), patched to ``SW1:Gi1/0/1``, with IP phone ``PH1`` plugged in.
"""
from __future__ import annotations

import re

BASE = """\
site:
  id: example
floors:
  - {id: '1', outline: [[0, 0], [60, 0], [60, 30], [0, 30]]}
rooms:
  - {id: TR, floor: '1', polygon: [[0, 0], [5, 0], [5, 5], [0, 5]]}
  - {id: OFFICE, floor: '1', polygon: [[5, 0], [60, 0], [60, 30], [0, 30], [0, 5], [5, 5]]}
telecom_spaces:
  - {id: 1A, room: TR}
racks:
  - {id: R1, space: 1A, at: [2, 2]}
devices:
  - {id: PP-1A-A, model: cabling-cat6-panel-24, rack: R1, u: 40}
  - {id: SW1, model: cabling-switch-24-poe, rack: R1, u: 39}
  - {id: 1A-001, model: cabling-outlet-1, room: OFFICE, at: [20, 10]}
  - {id: PH1, model: cabling-ip-phone, room: OFFICE, at: [20, 10.5]}
cables:
  - {id: H-1A-A01, a: '1A-001:R1', b: 'PP-1A-A:R1', type: cat6, length: 30, label: 1A-A01}
  - {id: P-1A-A01, a: 'PP-1A-A:1', b: 'SW1:Gi1/0/1', type: cat6, length: 1}
  - {id: W-1A-001, a: '1A-001:1', b: 'PH1:LAN', type: cat6, length: 2}
"""

_SECTION = re.compile(r"^([a-z_]+):[ \t]*(#.*)?$")


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m:
            current = out.setdefault(m.group(1), [])
            continue
        if current is None:
            if line.strip():
                raise ValueError(f"example line outside a section: {line!r}")
            continue
        if line.strip():
            current.append(line)
    return out


def example_site(fragment: str, base: str = BASE) -> str:
    """The base site with the fragment's section items added (and its new sections appended)."""
    parts = _sections(base)
    for key, lines in _sections(fragment).items():
        parts.setdefault(key, []).extend(lines)
    return "".join(f"{key}:\n" + "".join(f"{line}\n" for line in lines) for key, lines in parts.items())
