"""Analog extensions in a plan: a voice outlet punched on a station block, jumpered to a free PBX port.

An ``analog`` request adds a single-jack voice outlet with an analog phone (or fax) on it and gives
it an extension. The planner finds, as a technician at the frames would:

* the **station pair**: a pair of a station-side block (``side: station``) in the telecom space that
  serves the outlet (the nearest over the pathways, within the permanent link), with nothing punched
  on its cable side and no jumper; the outlet's horizontal cable has its pair 1 punched there
  (``pairs: 4, punched: [1]``, as the site's voice jacks are);
* the **PBX pair**: a pair of a PBX-side block (``side: pbx``) whose cable leads to a PBX extension
  (FXS) port that carries no extension, with no jumper;
* when the PBX is in another space, a **riser pair**: a pair of a block of the outlet's space whose
  multi-pair cable lands on a block of the PBX's space, both ends without a jumper.

The jumpers are then PBX pair to riser pair (at the PBX's frame) and riser pair to station pair (at
the outlet's), or PBX pair to station pair when both are in one space. Pairs are taken in block
order, so the same plan gives the same pairs. What cannot be found is an unmet item with its reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.trace import through_device
from ..model import Inventory, Port, Site
from ..telephony.model import Block, Telephony

#: The voice pair of a 4-pair horizontal cable to an analog jack: pair 1 (pins 4/5, T568A and B alike).
VOICE_PAIR = 1


@dataclass(frozen=True, slots=True)
class VoicePlan:
    """One planned analog extension: its jack, the pairs and jumpers that carry it to the PBX."""

    outlet: str
    jack: str
    request: int
    room: str | None
    floor: str | None
    space: str
    extension: str
    name: str | None
    phone: str | None
    cable: str  # the horizontal voice cable
    station_pair: str  # BLOCK:ROW.PAIR its voice pair is punched on
    pbx_port: str  # PBX:FXSn
    pbx_pair: str
    riser_pairs: tuple[str, ...]  # (at the outlet's frame, at the PBX's), empty when both are in one space
    jumpers: tuple[str, ...]  # jumper ids, PBX side first
    length_m: float | None = None
    pathways: tuple[str, ...] = ()


def _space_of(device) -> str | None:
    if device.space is not None:
        return device.space.id
    if device.rack is not None and device.rack.space is not None:
        return device.rack.space.id
    return None


class VoicePairs:
    """The free pairs of a site's blocks, taken as a plan uses them."""

    def __init__(self, inv: Inventory, site: Site):
        self.tel: Telephony | None = inv.telephony
        self.site = site
        self.taken: set[int] = set()  # id() of front ports taken by this plan
        assigned = set()
        if self.tel is not None:
            assigned = {id(e.port) for e in self.tel.extensions if e.port is not None}
        self._assigned = assigned
        self.blocks: list[Block] = [] if self.tel is None else [
            b for (sid, _bid), b in self.tel.blocks.items() if sid == site.id]

    @property
    def has_telephony(self) -> bool:
        return bool(self.blocks)

    def _free(self, front: Port) -> bool:
        return front.cable is None and id(front) not in self.taken

    def _fronts(self, block: Block):
        for n in range(1, block.rows * block.pairs_per_row + 1):
            yield n, block.front(n)

    def block_space(self, block: Block) -> str | None:
        return _space_of(block.device)

    def station_spaces(self) -> list[str]:
        """Spaces with a station block, file order."""
        out = []
        for b in self.blocks:
            sp = self.block_space(b)
            if b.side == "station" and sp is not None and sp not in out:
                out.append(sp)
        return out

    def station_pair(self, space: str) -> tuple[Block, int, Port] | None:
        for b in self.blocks:
            if b.side != "station" or self.block_space(b) != space:
                continue
            for n, front in self._fronts(b):
                if self._free(front) and not front.rear:
                    return b, n, front
        return None

    def pbx_pair(self) -> tuple[Block, int, Port, Port] | None:
        """(block, pair, its front port, the PBX extension port behind it) of the first free PBX pair."""
        for b in self.blocks:
            if b.side != "pbx":
                continue
            for n, front in self._fronts(b):
                if not self._free(front) or not front.rear:
                    continue
                end = through_device(front).destination
                port = end[0] if len(end) == 1 else None
                if (port is not None and port.__class__ is Port and port.kind == "interface"
                        and port.device.role == "pbx" and id(port) not in self._assigned
                        and port.name.upper().startswith("FXS")):
                    return b, n, front, port
        return None

    def riser_pair(self, here: str, there: str) -> tuple[Port, Port] | None:
        """(front pair in space ``here``, the pair it reaches in space ``there``) over a multi-pair cable."""
        for b in self.blocks:
            if self.block_space(b) != here or b.side == "pbx":
                continue
            for _n, front in self._fronts(b):
                if not self._free(front) or not front.rear:
                    continue
                end = through_device(front).destination
                far = end[0] if len(end) == 1 else None
                if far is None or far.__class__ is not Port or far.kind != "front" or not self._free(far):
                    continue
                fb = self.tel.block_of(far)
                if fb is not None and self.block_space(fb) == there and fb.side != "pbx":
                    return front, far
        return None

    def take(self, *ports: Port) -> None:
        self.taken.update(id(p) for p in ports)

    def give_back(self, *ports: Port) -> None:
        self.taken.difference_update(id(p) for p in ports)


def _next_voice_outlet(names: set, space: str) -> str:
    """The next voice outlet id of a space: 2A-V03 after 2A-V01 and 2A-V02 (the site's voice numbering)."""
    n = 1
    while f"{space}-V{n:02d}" in names:
        n += 1
    return f"{space}-V{n:02d}"


def plan_analog(pl, r) -> None:
    """Allocate one ``analog`` request for planner ``pl`` (:class:`cabling.planning.allocate._Planner`)."""
    from ..geometry.routes import routes_from_points
    from .allocate import _rack_floor, _where
    from .free import qualified
    from .lengths import WORK_AREA_CORD_M, cable_length
    from .result import NewCable, NewDevice, Unmet

    d, site, st, res = r.data, pl.site, pl.state, pl.result
    pairs = pl.voice_pairs
    room = site.rooms[d["room"]]
    floor = room.floor.id if room.floor is not None else None
    where = f"analog extension {d['extension']} in room {room.id}"

    def unmet(reason):
        res.unmet.append(Unmet(r.index, where, reason, _where(r.mark)))

    if not pairs.has_telephony:
        return unmet("the site has no cross-connect blocks (telephony: blocks:) to punch a voice pair on")
    spaces = [sp for sp in pairs.station_spaces() if sp in st.spaces]
    if not spaces:
        return unmet("no telecom space with a rack has a station block (side: station)")
    jobs = [((sp, rid), room, tuple(d["at"]), site.racks[rid], pl.cable_type)
            for sp in spaces for rid in st.spaces[sp].racks[:1]]
    found = routes_from_points(pl.inv, site, jobs)
    options = sorted(((rt.length_m > pl.limit, _rack_floor(site.racks[rid]) != floor, round(rt.length_m, 6), sp, rt)
                      for (sp, rid), rt in found.items()), key=lambda o: o[:4])
    options = [o for o in options if not o[0]]
    if not options:
        return unmet(f"no telecom space with a station block is within the {pl.limit:g} m permanent link")
    station = pbx = riser = None
    space = route = None
    why = []
    for _over, _other, _len, sp, rt in options:
        station = pairs.station_pair(sp)
        if station is None:
            why.append(f"every station pair of {sp} is in use")
            continue
        pbx = pairs.pbx_pair()
        if pbx is None:
            why.append("every PBX extension port punched on a PBX block carries an extension or a jumper")
            break
        pbx_space = pairs.block_space(pbx[0])
        if pbx_space != sp:
            riser = pairs.riser_pair(sp, pbx_space)
            if riser is None:
                why.append(f"no free riser pair joins {sp} to the PBX's frame in {pbx_space}")
                continue
        space, route = sp, rt
        break
    if space is None:
        return unmet("; ".join(dict.fromkeys(why)))
    sblock, sn, sfront = station
    pblock, pn, pfront, fxs = pbx
    pairs.take(sfront, pfront, *(riser or ()))
    outlet_id = d.get("id") or _next_voice_outlet(st.names, space)
    st.names.add(outlet_id)
    model = pl.inv.library.get("cabling-outlet-1")
    jack = next(t.name for t in model.ports if t.kind == "front")
    rear = next(rr for f, _fp, rr, _rp in model.mappings if f == jack)
    at = (float(d["at"][0]), float(d["at"][1]))
    res.devices.append(NewDevice(outlet_id, model.slug, "outlet", r.index, room=room.id, at=at))
    pl.new_outlets[outlet_id] = res.devices[-1]
    station_ref = f"{sblock.id}:{sblock.pair_name(sn)}"
    cable_id = st.fresh(f"H-{outlet_id}")
    length = cable_length(route)
    res.cables.append(NewCable(cable_id, f"{outlet_id}:{qualified(model, rear, 'rear')}", station_ref, pl.cable_type,
                               length, "voice", r.index, outlet_id))
    ref = pl.inv.ref
    jumpers = []
    if riser is None:
        links = [(ref(pfront), station_ref, pairs.block_space(pblock))]
    else:
        near, far = riser
        links = [(ref(pfront), ref(far), pairs.block_space(pblock)), (ref(near), station_ref, space)]
    for a, b, at_space in links:
        jid = st.fresh(f"J-{at_space}-{d['extension']}")
        res.cables.append(NewCable(jid, a, b, "jumper", 0.0, "jumper", r.index))
        jumpers.append(jid)
    phone = None
    if d.get("phone", True) is not False:
        phone_model = pl.inv.library.get(d.get("model", "cabling-analog-phone"))
        phone = d["phone"] if isinstance(d.get("phone"), str) else f"PH-{outlet_id}"
        phone = st.fresh(phone)
        iface = next(t.name for t in phone_model.ports if t.kind == "interface")
        res.devices.append(NewDevice(phone, phone_model.slug, phone_model.default_role(), r.index, room=room.id,
                                     at=(at[0], round(at[1] - 0.6, 3)), extension=d["extension"]))
        res.cables.append(NewCable(st.fresh(f"W-{outlet_id}"), f"{outlet_id}:{qualified(model, jack, 'front')}",
                                   f"{phone}:{iface}", pl.cable_type, WORK_AREA_CORD_M, "work-area", r.index))
    res.voice.append(VoicePlan(outlet_id, jack, r.index, room.id, floor, space, str(d["extension"]), d.get("name"),
                               phone, cable_id, station_ref, ref(fxs), ref(pfront),
                               tuple(ref(p) for p in riser) if riser else (), tuple(jumpers),
                               round(route.length_m, 1), tuple(route.pathways)))
