"""Which cable connections can exist: NetBox's compatible termination types, and one medium per cable.

:func:`problem` says why a cable of some type cannot join the ports of its two
ends, or returns None. The loader reports it as an error at the cable, so a plan
NetBox would reject (a PDU outlet cabled into a switch port, a console port into
a data port, a fibre cord on RJ45 jacks, an LC port cabled to an RJ45 port) never
loads. The tables are in :mod:`cabling.choices`.
"""
from __future__ import annotations

from ..choices import (CABLE_TYPE_MEDIA, COMPATIBLE_KINDS, KIND_NAMES, NONCONNECTABLE_INTERFACE_TYPES, POWER_KINDS,
                       port_type_medium)


def _name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _either(words) -> str:
    words = [_a(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def medium(port) -> str | None:
    """The medium a port takes (``twisted pair``, ``fibre``, ``coaxial``, ``power``), None when it may take several."""
    kind = port.template.kind
    if kind in POWER_KINDS:
        return "power"
    return port_type_medium(port.template.type)


def problem(cable_type: str | None, a_ports, b_ports, ref) -> str | None:
    """Why a cable of ``cable_type`` cannot join ``a_ports`` to ``b_ports``; None when it can.

    ``ref`` names a port (``Inventory.ref``). Every rule is stated in the message.
    """
    a, b = a_ports[0], b_ports[0]
    ka, kb = a.template.kind, b.template.kind
    if kb not in COMPATIBLE_KINDS.get(ka, ()):
        allowed = _either([_name(k) for k in COMPATIBLE_KINDS.get(ka, ())])
        return (f"{_a(_name(ka))} ({ref(a)}) cannot be cabled to {_a(_name(kb))} ({ref(b)}): "
                f"NetBox connects {_a(_name(ka))} only to {allowed}")
    for p in (*a_ports, *b_ports):
        if p.template.kind == "interface" and p.template.type in NONCONNECTABLE_INTERFACE_TYPES:
            return f"{ref(p)} is {_a(p.template.type)} interface, which takes no cable (NetBox: not connectable)"
    ma, mb = medium(a), medium(b)
    if ma is not None and mb is not None and ma != mb:
        return (f"{ref(a)} ({a.template.type}) takes {ma} and {ref(b)} ({b.template.type}) takes {mb}: "
                "a cable joins ports of one medium")
    cm = CABLE_TYPE_MEDIA.get(cable_type)
    if cm is not None:
        for p, m in ((a, ma), (b, mb)):
            if m is not None and m != cm:
                return (f"{_a(cable_type)} cable is {cm}, but {ref(p)} ({p.template.type or _name(p.template.kind)}) "
                        f"takes {m}: the cable type must match the ports' medium")
    return None
