"""What telephony adds to the site model: blocks, landings, extensions, lines."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import standards
from ..diagnostics import Mark
from ..model import Cable, Circuit, Device, Port, Site


@dataclass(eq=False)
class Block:
    """A cross-connect block: ``rows`` rows (110, 66) or strips (LSA-PLUS) of pairs, numbered ``ROW.PAIR``."""

    id: str
    site: Site
    device: Device
    kind: str  # '110', '66' or 'lsa-plus'
    rows: int
    side: str | None = None  # 'line', 'station', 'pbx', 'demarc', 'riser' (what the block is for)
    name: str | None = None
    mark: Mark | None = None
    # pair name ('3.7') -> what the site file records for it: {'colour': ..., 'label': ..., 'mark': Mark}
    records: dict = field(default_factory=dict)

    @property
    def pairs_per_row(self) -> int:
        return standards.BLOCK_PAIRS_PER_ROW[self.kind]

    @property
    def row_word(self) -> str:
        return standards.BLOCK_ROW_WORD[self.kind]

    @property
    def size(self) -> int:
        return self.rows * self.pairs_per_row

    def __repr__(self) -> str:
        return f"<Block {self.id} ({self.kind}, {self.size} pairs)>"

    def pair_name(self, n: int) -> str:
        """Name of the block's pair ``n`` (1-based, counted across rows): ``3.7``."""
        row, pair = divmod(n - 1, self.pairs_per_row)
        return f"{row + 1}.{pair + 1}"

    def index(self, name: str) -> int | None:
        """The block-wide number of pair ``3.7``; None when the block has no such pair."""
        row, dot, pair = name.partition(".")
        if not (dot and row.isdigit() and pair.isdigit()):
            return None
        r, p = int(row), int(pair)
        if not (1 <= r <= self.rows and 1 <= p <= self.pairs_per_row):
            return None
        return (r - 1) * self.pairs_per_row + p

    def front(self, n: int) -> Port:
        return self.device.port(self.pair_name(n), "front")

    def where(self, n: int) -> str:
        """``row 3 pair 7`` (``strip 2 pair 4`` on LSA-PLUS)."""
        row, pair = divmod(n - 1, self.pairs_per_row)
        return f"{self.row_word} {row + 1} pair {pair + 1}"


@dataclass(eq=False)
class Landing:
    """One end of a cable punched down on consecutive pairs of a block's cable side."""

    cable: Cable
    end: str  # 'A' or 'B'
    block: Block
    rear: Port  # the rear port made for it
    # rear position -> (cable pair, block pair number)
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)

    def cable_pair_at(self, block_pair: int) -> int | None:
        for cable_pair, n in self.positions.values():
            if n == block_pair:
                return cable_pair
        return None


@dataclass(eq=False)
class Conflict:
    """A pair used twice: a second cable punched on it, or a second jumper; the first keeps the pair."""

    what: str  # 'punched' or 'jumper'
    block: Block
    pair: int  # block pair number
    first: Cable
    later: Cable
    mark: Mark | None = None


@dataclass(eq=False)
class Extension:
    number: str
    site: Site
    name: str | None = None
    port: Port | None = None  # FXS port of a PBX or voice gateway (analog extensions)
    phone: Device | None = None  # the IP phone (or the analog phone) it rings
    dect: Device | None = None  # DECT base its handset is registered on
    pbx: Device | None = None
    mark: Mark | None = None

    @property
    def kind(self) -> str:
        if self.dect is not None:
            return "dect"
        if self.port is not None:
            return "analog"
        return "ip"


@dataclass(eq=False)
class Line:
    """A carrier line at the demarcation point (or a SIP trunk, a logical line)."""

    id: str
    site: Site
    type: str  # 'analog', 'e1', 't1', 'isdn-bri', 'sip'
    numbers: list[str] = field(default_factory=list)  # E.164, '+78435550101'
    written: list[str] = field(default_factory=list)  # as the site file writes them
    carrier: str | None = None
    circuit_id: str | None = None
    circuit: Circuit | None = None
    demarc: list[Port] = field(default_factory=list)  # the block pairs the carrier's drop lands on
    port: Port | None = None  # a PBX line port the line ends on directly (E1/T1/BRI NT, no block)
    pbx: Device | None = None  # a SIP trunk's PBX
    mark: Mark | None = None

    @property
    def terminated(self) -> bool:
        return bool(self.demarc) or self.port is not None or self.pbx is not None


@dataclass
class Telephony:
    """Every telephony object of the loaded sites, with indexes for traces and lookups."""

    blocks: dict[tuple[str, str], Block] = field(default_factory=dict)  # (site id, block id)
    by_device: dict[int, Block] = field(default_factory=dict)  # id(device) -> block
    landings: dict[int, Landing] = field(default_factory=dict)  # id(rear port) -> landing
    cable_landings: dict[int, list[Landing]] = field(default_factory=dict)  # id(cable) -> its landings
    jumpers: list[Cable] = field(default_factory=list)
    # second jumpers on a taken pair, not connected (the pair keeps its first jumper)
    loose_jumpers: list[Cable] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # pairs used twice
    extensions: list[Extension] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    country: dict[str, tuple[str, str]] = field(default_factory=dict)  # site id -> (calling code, trunk prefix)

    # The indexes are keyed by id(): a pickled copy (the cache of loaded sites) rebuilds them.
    _BY_ID = ("by_device", "landings", "cable_landings")

    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k not in self._BY_ID}
        state["_landings"] = list(self.landings.values())
        return state

    def __setstate__(self, state: dict) -> None:
        landings = state.pop("_landings")
        self.__dict__.update(state)
        self.by_device = {id(b.device): b for b in self.blocks.values()}
        self.landings = {id(ln.rear): ln for ln in landings}
        self.cable_landings = {}
        for ln in landings:
            self.cable_landings.setdefault(id(ln.cable), []).append(ln)

    def is_jumper(self, cable: Cable) -> bool:
        return any(j is cable for j in self.jumpers)

    def cable_word(self, cable: Cable) -> str | None:
        """'jumper' or 'carrier drop' for the cables telephony makes of its own; None for others."""
        if self.is_jumper(cable):
            return "jumper"
        if any(ln.circuit is not None and ln.circuit.a is not None and ln.circuit.a.cable is cable for ln in self.lines):
            return "carrier drop"
        return None

    def cable_pair_on(self, block: Block, n: int) -> tuple[Cable, int] | None:
        """(cable, its pair) punched on the cable side of block pair ``n``; None when nothing is."""
        front = block.front(n)
        if not front.rear:
            return None
        landing = self.landings.get(id(front.rear[0][1]))
        if landing is None:
            return None
        pair = landing.positions.get(front.rear[0][2], (None,))[0]
        return (landing.cable, pair) if pair is not None else None

    def pair_colour(self, block: Block, n: int) -> tuple[str, str]:
        """The colours block pair ``n`` should have: those of the multi-pair cable's pair punched there,
        else its position's (the pair's place in its row of 25; counted across strips on LSA-PLUS)."""
        on = self.cable_pair_on(block, n)
        if on is not None and (on[0].pairs or 1) > 1:
            return standards.pair_colours(on[1])
        if block.pairs_per_row == standards.PAIRS_PER_BINDER:
            return standards.pair_colours((n - 1) % block.pairs_per_row + 1)
        return standards.pair_colours(n)

    def block_of(self, port: Port) -> Block | None:
        dev = getattr(port, "device", None)
        return self.by_device.get(id(dev)) if dev is not None else None

    def pair_of(self, port: Port) -> tuple[Block, int] | None:
        """(block, block pair number) of a block's front port; None for any other port."""
        block = self.block_of(port)
        if block is None or port.kind != "front":
            return None
        n = block.index(port.name)
        return (block, n) if n is not None else None

    def extensions_on(self, port: Port) -> list[Extension]:
        return [e for e in self.extensions if e.port is port]

    def extensions_of(self, device: Device) -> list[Extension]:
        return [e for e in self.extensions if e.phone is device or e.dect is device]

    def line_of_circuit(self, circuit) -> Line | None:
        return next((ln for ln in self.lines if ln.circuit is circuit), None)

    def line_on(self, port: Port) -> Line | None:
        return next((ln for ln in self.lines if ln.port is port or any(p is port for p in ln.demarc)), None)
