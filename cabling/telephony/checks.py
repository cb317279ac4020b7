"""Telephony checks: pure functions of an inventory returning findings.

* ``extension-two-jacks`` / ``extension-no-jack``: an extension reachable from two jacks (a pair
  bridged by a second jumper, say), or from none;
* ``analog-phone-on-switch``: an analog phone whose path ends at an Ethernet switch port;
* ``ip-phone-on-block``: an IP phone whose path runs onto a block pair;
* ``pair-used-twice``: a block pair with two cables punched on it, or two jumpers;
* ``jumper-to-empty-pair``: a jumper on a pair with nothing punched on its cable side;
* ``line-terminated-nowhere``: a carrier line with no demarc, or whose pair leads to no PBX port;
* ``pair-colour-wrong``: a pair whose recorded colour contradicts its position (the 25-pair code);
* ``extension-number-twice``: one extension number given twice at a site.

Each function returns a list of :class:`TelFinding`; :func:`findings` runs them all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.trace import from_origin, through_device, trace
from ..diagnostics import Mark
from ..model import Inventory
from .model import Telephony
from .pairs import extension_text
from .reach import PHONE_ROLES, Reach, collect, everything, network_port

SWITCH_ROLES = frozenset({"switch", "router", "firewall"})


@dataclass(frozen=True, slots=True)
class TelFinding:
    check: str  # one of CHECKS
    subject: str  # extension number, device, block pair, jumper or line id
    message: str
    mark: Mark | None = None
    site: str | None = None
    ports: tuple = ()  # the ports involved (Port objects), for a viewer to locate
    devices: tuple = ()  # the devices involved
    cables: tuple = ()  # the cables (and jumpers) involved

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}" if self.mark else self.message


CHECKS = ("extension-two-jacks", "extension-no-jack", "analog-phone-on-switch", "ip-phone-on-block", "pair-used-twice",
          "jumper-to-empty-pair", "line-terminated-nowhere", "pair-colour-wrong", "extension-number-twice")


def _tel(inv: Inventory) -> Telephony:
    return inv.telephony if inv.telephony is not None else Telephony()


def _bridged(inv: Inventory, r: Reach) -> None:
    """Add to ``r`` the jacks reached over second jumpers on the pairs of its path (bridged pairs)."""
    tel = _tel(inv)
    on_path = {id(p) for p in r.pairs}
    for loose in tel.loose_jumpers:
        for near, far in ((loose.a, loose.b), (loose.b, loose.a)):
            if near and far and id(near[0]) in on_path and id(far[0]) not in on_path:
                collect(tel, through_device(far[0]), r)


def extension_jacks(inv: Inventory, reaches: list[Reach] | None = None) -> list[TelFinding]:
    out = []
    for r in everything(inv) if reaches is None else reaches:
        e = r.extension
        _bridged(inv, r)
        if len(r.jacks) > 1:
            out.append(TelFinding("extension-two-jacks", e.number,
                                  f"{extension_text(e)} is reachable from {len(r.jacks)} jacks: "
                                  + ", ".join(inv.ref(j) for j in r.jacks), e.mark, e.site.id,
                                  ports=tuple(r.jacks), devices=tuple(j.device for j in r.jacks)))
        elif not r.jacks:
            if r.start is None:
                why = "it names no port, phone or DECT base"
            elif r.start.cable is None:
                why = f"{inv.ref(r.start)} is not cabled"
            else:
                last = r.path.destination if r.path else ()
                why = (f"its path from {inv.ref(r.start)} "
                       + (f"stops at {inv.ref(last[0])}" if last and not r.path.complete else
                          f"ends at {inv.ref(last[0])}" if last else "goes nowhere")
                       + " without passing an outlet")
            out.append(TelFinding("extension-no-jack", e.number, f"{extension_text(e)} is reachable from no jack: {why}",
                                  e.mark, e.site.id, ports=(r.start,) if r.start is not None else (),
                                  devices=tuple(d for d in (e.phone or e.dect, e.pbx) if d is not None)))
    return out


def phone_paths(inv: Inventory, traced: dict | None = None) -> list[TelFinding]:
    """Analog phones ending at a switch port; IP phones whose path runs onto a block pair.

    ``traced`` maps id() of a phone's port to its path when the caller has traced it already (a fault
    scan's channels); other ports are traced here. IP phones are looked at only where there are blocks."""
    tel = _tel(inv)
    blocks = bool(tel.blocks)
    out = []
    for dev in inv.devices():
        if dev.role not in PHONE_ROLES or (dev.role != "analog-phone" and not blocks):
            continue
        port = network_port(dev)
        if port is None or port.cable is None:
            continue
        path = traced.get(id(port)) if traced is not None else None
        if path is None:
            (path, *_) = trace(port)
        if dev.role == "analog-phone":
            end = path.destination
            hit = next((p for p in end if getattr(p, "device", None) is not None and
                        (p.device.role in SWITCH_ROLES or "base-" in (p.template.type or ""))), None)
            if path.complete and hit is not None:
                out.append(TelFinding("analog-phone-on-switch", dev.id,
                                      f"analog phone {dev.id} ends at Ethernet port {inv.ref(hit)} "
                                      f"({hit.device.role} {hit.device.id}), not at a PBX extension port",
                                      dev.mark, dev.site.id, ports=(port, hit), devices=(dev, hit.device),
                                      cables=tuple(path.cables)))
        elif not dev.model.ports or any(p.template.poe_mode == "pd" or "base-" in (p.template.type or "")
                                        for p in dev.ports if p.kind == "interface"):
            pair = next((p for s in path.steps if s.kind == "ports" for p in s.items
                         if getattr(p, "device", None) is not None and tel.pair_of(p) is not None), None)
            if pair is not None:
                block, n = tel.pair_of(pair)
                out.append(TelFinding("ip-phone-on-block", dev.id,
                                      f"IP phone {dev.id} runs onto block pair {inv.ref(pair)} ({block.where(n)}): "
                                      "a voice pair carries no Ethernet", dev.mark, dev.site.id,
                                      ports=(port, pair), devices=(dev, block.device), cables=tuple(path.cables)))
    return out


def pair_used_twice(inv: Inventory) -> list[TelFinding]:
    out = []
    for c in _tel(inv).conflicts:
        ref = f"{c.block.id}:{c.block.pair_name(c.pair)}"
        side = "two jumpers" if c.what == "jumper" else "two cables punched on its cable side"
        out.append(TelFinding("pair-used-twice", ref,
                              f"block pair {ref} ({c.block.where(c.pair)}) is used twice: {side}, "
                              f"{c.first.id} (at {c.first.mark}) and {c.later.id}", c.mark, c.block.site.id,
                              devices=(c.block.device,), cables=(c.first, c.later)))
    return out


def jumper_to_empty_pair(inv: Inventory) -> list[TelFinding]:
    tel = _tel(inv)
    out = []
    for j in tel.jumpers:
        for end in (j.a, j.b):
            front = end[0]
            if not front.rear:
                block, n = tel.pair_of(front)
                out.append(TelFinding("jumper-to-empty-pair", j.id,
                                      f"jumper {j.id} is punched on {inv.ref(front)} ({block.where(n)}), where no "
                                      "cable is punched on the cable side", j.mark, j.site.id))
    return out


def line_terminated_nowhere(inv: Inventory) -> list[TelFinding]:
    out = []
    for ln in _tel(inv).lines:
        if not ln.terminated:
            out.append(TelFinding("line-terminated-nowhere", ln.id,
                                  f"line {ln.id} ({', '.join(ln.numbers) or 'no number'}) is terminated nowhere: "
                                  "give its demarc pair, the port it ends on, or (a SIP trunk) its PBX",
                                  ln.mark, ln.site.id, ports=tuple(ln.demarc)))
        elif ln.circuit is not None and ln.circuit.a is not None and ln.circuit.a.cable is not None:
            path = from_origin([ln.circuit.a])
            last = path.destination
            if not path.complete:
                out.append(TelFinding("line-terminated-nowhere", ln.id,
                                      f"line {ln.id} ({', '.join(ln.numbers) or 'no number'}) reaches no PBX port: "
                                      f"from the demarc it stops at {inv.ref(last[0]) if last else 'once'}",
                                      ln.mark, ln.site.id, ports=tuple(ln.demarc) + tuple(last[:1]),
                                      cables=tuple(path.cables)))
    return out


_WORDS = re.compile(r"[a-z]+")


def _colours(text: str) -> tuple[str, ...]:
    words = tuple(w for w in _WORDS.findall(text.lower()) if w not in ("binder",))
    grey = {"grey": "slate", "gray": "slate", "purple": "violet"}
    return tuple(grey.get(w, w) for w in words)


def pair_colour_wrong(inv: Inventory) -> list[TelFinding]:
    tel = _tel(inv)
    out = []
    for block in tel.blocks.values():
        for name, rec in block.records.items():
            if not rec.get("colour"):
                continue
            n = block.index(name)
            want = tel.pair_colour(block, n)
            if _colours(rec["colour"]) != want:
                out.append(TelFinding("pair-colour-wrong", f"{block.id}:{name}",
                                      f"block pair {block.id}:{name} ({block.where(n)}) is recorded as {rec['colour']}, "
                                      f"but its position is {'/'.join(want)} in the 25-pair code", rec["mark"],
                                      block.site.id, devices=(block.device,)))
    return out


def extension_number_twice(inv: Inventory) -> list[TelFinding]:
    seen: dict[tuple[str, str], object] = {}
    out = []
    for e in _tel(inv).extensions:
        first = seen.setdefault((e.site.id, e.number), e)
        if first is not e:
            out.append(TelFinding("extension-number-twice", e.number,
                                  f"extension {e.number} is given twice: {extension_text(first)} (at {first.mark}) "
                                  f"and {extension_text(e)}", e.mark, e.site.id,
                                  ports=tuple(x.port for x in (first, e) if x.port is not None),
                                  devices=tuple(x.phone for x in (first, e) if x.phone is not None)))
    return out


def findings(inv: Inventory) -> list[TelFinding]:
    """Every telephony check, in the order of :data:`CHECKS`."""
    return (extension_jacks(inv) + phone_paths(inv) + pair_used_twice(inv) + jumper_to_empty_pair(inv)
            + line_terminated_nowhere(inv) + pair_colour_wrong(inv) + extension_number_twice(inv))

