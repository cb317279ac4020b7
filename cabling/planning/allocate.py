"""The planner: allocate a plan's requests on a site, or say what is missing and why.

:func:`plan` is pure: it reads the inventory and the plan and returns a :class:`PlanResult`
(new devices and cables, changes to existing ones, one :class:`JackPlan` per planned jack,
proposed additions, unmet requests). Same input, same result.

For each new outlet:

1. **Telecom space**: the route (:func:`cabling.geometry.routes.routes_from_points`: drop to
   the nearest pathway, along the pathways and risers, service loops included) to every rack
   that holds a copper patch panel, or stands in a telecom space; the racks whose route is
   within the permanent link limit (90 m, ``PERMANENT_LINK_MAX_M``) qualify, those on the
   outlet's floor first, then the shortest.
2. **Panel port**: the first free front port (nothing on either side) of a copper panel in
   that space, the route's rack first. None left: a panel is proposed in a rack of the space
   with free units (the space's usual panel model), and used.
3. **Switch port**: a jack with a service (data, voice) gets a free copper switch port in the
   space (the panel's rack first); one with a PoE class needs a port whose PoE type powers
   the class and a switch whose remaining budget covers the class's draw at the port
   (``POE_CLASS_PSE_W``); a jack without PoE takes a port without PoE where there is one. None
   left: a switch is proposed the same way (it still needs an uplink, which is said).
4. **Patch cord**: from the panel's and the switch's rack units (``RACK_UNIT_M``), rounded up to
   a stock cord length.
5. **Labels**: the site's TIA-606 scheme continued (:mod:`cabling.analysis.labels`).

Rack-mount requests (``switch``, ``panel``) are placed first, so the outlets of the same plan
can use them. A request that cannot be met (no rack within reach, no rack units for a
proposed panel) is listed in ``unmet`` with its reason, never dropped.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from .. import refs, standards
from ..analysis import labels as labelling
from ..choices import OUTLET_ROLES
from ..diagnostics import Collector, InputError, did_you_mean
from ..geometry.routes import horizontal_ends, route_of, routes_from_points
from ..model import Inventory, Rack, Site
from ..readers import yamlsource
from .free import (Panel, PanelSlot, Space, State, Switch, SwitchPort, copper_iface, copper_panel, most_common, qualified,
                   units)
from .lengths import WORK_AREA_CORD_M, cable_length, cord_length, permanent_link_limit
from .plan import Plan, Request
from .result import Change, JackPlan, NewCable, NewDevice, PlanResult, Proposal, Unmet
from .voice import VoicePairs, plan_analog

_DEFAULT_ENDPOINT_MODEL = {"access_point": "cabling-access-point", "camera": "cabling-camera"}
_DEFAULT_PANEL = {"cat6a": "cabling-cat6a-panel-48"}
_NUMBERED = re.compile(r"(.*-)([0-9]+)\Z")


# ------------------------------------------------------------------ the planner
def plan(inventory: Inventory, the_plan: Plan) -> PlanResult:
    """Allocate ``the_plan`` on ``inventory``; :class:`InputError` when the plan names what the site lacks."""
    return _Planner(inventory, the_plan).run()


class _Planner:
    def __init__(self, inv: Inventory, p: Plan):
        self.inv = inv
        self.p = p
        self.diag = Collector()
        self.site = self._site()
        self.state = State(inv, self.site)
        self.limit = float(permanent_link_limit(self.site))
        self.cable_type = p.cable_type or self._usual_cable_type()
        examples = []
        self.h_ids_follow_label = False
        for c in self.site.cables.values():
            ends = horizontal_ends(c)
            if ends is None:
                continue
            if len(examples) < labelling.SAMPLE and c.label:
                fields = self._label_fields_of(c)
                if fields is not None:
                    examples.append((c.label, fields))
            if c.label and c.id == f"H-{c.label}":
                self.h_ids_follow_label = True
        self.scheme, self.scheme_from = labelling.site_scheme(self.site, examples)
        self.result = PlanResult(p, self.site.id, self.scheme, self.scheme_from)
        self.new_outlets: dict[str, NewDevice] = {}
        self.new_jacks: dict[tuple[str, str], JackPlan] = {}
        self.numbering: dict[str, list] | None = None  # outlet id prefix -> [last number, width]
        self.proposed_reach: dict[str, list] = {}  # floor -> [(outlet desc, nearest)] beyond reach
        self.voice_pairs = VoicePairs(inv, self.site)  # free block pairs, taken by analog requests

    # -------------------------------------------------------------- setup
    def _site(self) -> Site:
        sites = self.inv.sites
        if self.p.site is not None:
            if self.p.site not in sites:
                raise _error(self.p.mark, f"plan: site {self.p.site} is not loaded" + did_you_mean(self.p.site, sites))
            return sites[self.p.site]
        if len(sites) != 1:
            raise _error(self.p.mark, "plan: several sites are loaded; say which one the plan changes with 'site:' "
                                      f"({', '.join(sorted(sites))})")
        return next(iter(sites.values()))

    def _usual_cable_type(self) -> str:
        c = Counter(c.type for c in self.site.cables.values() if c.type and horizontal_ends(c) is not None)
        return most_common(c) or "cat6"

    def _label_fields_of(self, cable):
        a, b = cable.a[0], cable.b[0]
        outlet_port, panel_port = (a, b) if a.device.role in OUTLET_ROLES else (b, a)
        panel = panel_port.device
        if panel.rack is None or panel.rack.space is None:
            return None
        return labelling.horizontal_values(outlet_port, panel_port, panel.rack.space)

    # -------------------------------------------------------------- run
    def run(self) -> PlanResult:
        reqs = self.p.requests
        for r in reqs:  # names first: every mistake of the plan reported at once
            self._check(r)
        self.diag.raise_if_errors()
        for r in reqs:
            if r.kind in ("switch", "panel"):
                self._rackmount(r)
        for r in reqs:
            if r.kind in ("outlets", "access_point", "camera"):
                self._outlets(r)
            elif r.kind == "phones":
                self._phones(r)
            elif r.kind == "analog":
                plan_analog(self, r)
            elif r.kind == "activate":
                self._activate(r)
            elif r.kind == "move":
                self._move(r)
            elif r.kind == "remove":
                self._remove(r)
            elif r.kind == "decommission":
                self._decommission(r)
        for floor, items in sorted(self.proposed_reach.items(), key=lambda kv: str(kv[0])):
            nearest = min(items, key=lambda x: x[1])
            self.result.proposals.append(Proposal(
                "telecom space", f"floor {floor}",
                f"{len(items)} outlet(s) on floor {floor} are beyond the {self.limit:g} m permanent link of every "
                f"telecom space (the nearest route is {nearest[1]:.1f} m, from {nearest[0]}); a telecom space "
                f"nearer them would serve them"))
        return self.result

    # -------------------------------------------------------------- checks of names
    def _check(self, r: Request) -> None:
        site, err = self.site, self.diag.error
        d = r.data
        if "room" in d and d["room"] not in site.rooms:
            err(r.mark_of("room"), f"{r.label}: room {d['room']} does not exist" + did_you_mean(d["room"], site.rooms))
        if r.kind == "outlets":
            if "at" not in d and "along" not in d:
                err(r.mark, f"{r.label}: give 'at' (a point per outlet) or 'along' with 'count'")
            if "along" in d and "count" not in d:
                err(r.mark_of("along"), f"{r.label}: 'along' needs 'count' (how many outlets on the line)")
            if "jacks" in d and "services" in d:
                err(r.mark_of("services"), f"{r.label}: give either 'jacks' (one entry per jack) or 'services'")
            if "id" in d:
                try:
                    names = refs.expand(d["id"])
                except refs.PatternError as exc:
                    err(r.mark_of("id"), f"{r.label}: id: {exc}")
                    names = []
                n = len(d["at"]) if "at" in d else d.get("count")
                if names and n is not None and len(names) != n:
                    err(r.mark_of("id"), f"{r.label}: id {d['id']} names {len(names)} outlet(s) for {n}")
                for name in names:
                    if name in site.devices:
                        err(r.mark_of("id"), f"{r.label}: device {name} already exists")
            model = d.get("model")
            if model is not None and self.inv.library.get(model) is None:
                err(r.mark_of("model"), f"{r.label}: model {model} is not known")
        if r.kind == "analog":
            tel = self.inv.telephony
            used = {e.number: e for e in tel.extensions if e.site is site} if tel is not None else {}
            if str(d["extension"]) in used:
                err(r.mark_of("extension"), f"{r.label}: extension {d['extension']} is already given "
                                            f"(at {used[str(d['extension'])].mark})")
            for key in ("id", "phone"):
                if isinstance(d.get(key), str) and d[key] in site.devices:
                    err(r.mark_of(key), f"{r.label}: device {d[key]} already exists")
            if self.inv.library.get(d.get("model", "cabling-analog-phone")) is None:
                err(r.mark_of("model"), f"{r.label}: model {d.get('model')} is not known")
        if r.kind in ("access_point", "camera", "switch", "panel"):
            if d["id"] in site.devices:
                err(r.mark_of("id"), f"{r.label}: device {d['id']} already exists")
            model = d.get("model") or _DEFAULT_ENDPOINT_MODEL.get(r.kind)
            if self.inv.library.get(model) is None:
                err(r.mark_of("model"), f"{r.label}: model {model} is not known")
        if r.kind in ("switch", "panel") and d["rack"] not in site.racks:
            err(r.mark_of("rack"), f"{r.label}: rack {d['rack']} does not exist" + did_you_mean(d["rack"], site.racks))
        if r.kind in ("move", "remove"):
            dev = site.devices.get(d["outlet"])
            if dev is None or dev.role not in OUTLET_ROLES:
                outlets = [k for k, v in site.devices.items() if v.role in OUTLET_ROLES]
                err(r.mark_of("outlet"), f"{r.label}: outlet {d['outlet']} does not exist" + did_you_mean(d["outlet"], outlets))
        if r.kind == "decommission" and d["cable"] not in site.cables:
            err(r.mark_of("cable"), f"{r.label}: cable {d['cable']} does not exist" + did_you_mean(d["cable"], site.cables))
        if r.kind == "activate":
            dev_name, _, jack = d["jack"].rpartition(":")
            dev = site.devices.get(dev_name)
            if dev is None or dev.role not in OUTLET_ROLES or dev.port(jack, "front") is None:
                err(r.mark_of("jack"), f"{r.label}: jack {d['jack']} is not an outlet jack of the site (write OUTLET:JACK)")
        if r.kind == "phones":
            try:
                names = refs.expand(d["outlets"])
                exts = refs.expand(d["extensions"]) if "extensions" in d else None
                ids = refs.expand(d["id"]) if "id" in d else None
            except refs.PatternError as exc:
                err(r.mark, f"{r.label}: {exc}")
                return
            for what, lst, key in (("extensions", exts, "extensions"), ("ids", ids, "id")):
                if lst is not None and len(lst) != len(names):
                    err(r.mark_of(key), f"{r.label}: {len(lst)} {what} for {len(names)} outlet(s)")
            if self.inv.library.get(d.get("model", "cabling-ip-phone")) is None:
                err(r.mark_of("model"), f"{r.label}: model {d.get('model')} is not known")

    # -------------------------------------------------------------- rack-mount devices
    def _rackmount(self, r: Request) -> None:
        d = r.data
        model = self.inv.library.get(d["model"])
        rack = d["rack"]
        u = d.get("u")
        if u is not None:
            clash = [x for x in units(u, model.u_height) if x in self.state.rack_used[rack]
                     or x > self.site.racks[rack].u_height]
            if clash:
                self.result.unmet.append(Unmet(r.index, d["id"], f"units {clash[0]}.. of rack {rack} are taken or "
                                                                 f"beyond its height", _where(r.mark_of("u"))))
                return
        else:
            u = self.state.free_u(rack, model.u_height)
            if u is None:
                self.result.unmet.append(Unmet(r.index, d["id"], f"rack {rack} has no {math.ceil(model.u_height)} "
                                                                 "free unit(s) together", _where(r.mark)))
                self.result.proposals.append(Proposal("rack units", f"rack {rack}",
                                                      f"{d['id']} ({model.slug}) needs {math.ceil(model.u_height)} U"))
                return
        self.state.take_u(rack, u, model.u_height)
        self.state.names.add(d["id"])
        role = r.kind if r.kind == "switch" else "patch-panel"
        budget = d.get("poe_budget_w", model.poe_budget_w if role == "switch" else None)
        self.result.devices.append(NewDevice(d["id"], model.slug, role, r.index, rack=rack, u=u,
                                             poe_budget_w=d.get("poe_budget_w")))
        space = self.site.racks[rack].space
        if space is not None:
            self._add_capacity(self.state.spaces[space.id], role, d["id"], model, rack, u, budget)

    def _add_capacity(self, sp: Space, role: str, dev_id: str, model, rack: str, u: float, budget) -> None:
        if role == "patch-panel":
            if not copper_panel(model):
                return
            rear_of = {f: rr for f, _fp, rr, _rp in model.mappings}
            free = [(t.name, rear_of[t.name]) for t in model.ports if t.kind == "front" and t.name in rear_of]
            sp.panels.append(Panel(dev_id, rack, u, model.u_height, free, model))
        else:
            free = []
            for t in model.ports:
                if not copper_iface(t):
                    continue
                if t.poe_mode == "pse":
                    from ..analysis.poe import _type_figures

                    _std, _typ, max_class, max_w = _type_figures(t.poe_type)
                    free.append(SwitchPort(t.name, max_class if max_class is not None else -1, max_w))
                else:
                    free.append(SwitchPort(t.name, None, None))
            sp.switches.append(Switch(dev_id, rack, u, model.u_height, free, budget))

    # -------------------------------------------------------------- outlets
    def _outlet_specs(self, r: Request) -> tuple[list, list, str]:
        """(points, jack settings, model slug) of an outlets / access point / camera request."""
        d = r.data
        if r.kind in ("access_point", "camera"):
            model = self.inv.library.get(d.get("model") or _DEFAULT_ENDPOINT_MODEL[r.kind])
            pd = next((t for t in model.ports if t.kind == "interface"), None)
            cls = d.get("poe_class", pd.poe_class if pd is not None else None)
            return [tuple(d["at"])], [{"services": ("data",), "poe_class": cls, "vlan": d.get("vlan")}], "cabling-outlet-1"
        if "at" in d:
            points = [tuple(p) for p in d["at"]]
        else:
            (x1, y1), (x2, y2) = d["along"]
            n = d["count"]
            points = [(round(x1 + (x2 - x1) * (i + 0.5) / n, 3), round(y1 + (y2 - y1) * (i + 0.5) / n, 3))
                      for i in range(n)]
        if "jacks" in d:
            jacks = [{"services": tuple(j.get("services", ("data",))), "poe_class": j.get("poe_class", d.get("poe_class")),
                      "vlan": j.get("vlan", d.get("vlan")), "voice_vlan": j.get("voice_vlan", d.get("voice_vlan"))}
                     for j in d["jacks"]]
        else:
            jacks = [{"services": tuple(d.get("services", ("data",))), "poe_class": d.get("poe_class"),
                      "vlan": d.get("vlan"), "voice_vlan": d.get("voice_vlan")}]
        model = d.get("model") or f"cabling-outlet-{len(jacks)}"
        return points, jacks, model

    def _outlets(self, r: Request) -> None:
        site, st = self.site, self.state
        points, jack_specs, model_slug = self._outlet_specs(r)
        model = self.inv.library.get(model_slug)
        if model is None:
            self.result.unmet.append(Unmet(r.index, r.label, f"there is no outlet model with {len(jack_specs)} jacks "
                                                             f"({model_slug}); give 'model'", _where(r.mark)))
            return
        fronts = [t.name for t in model.ports if t.kind == "front"]
        rear_of = {f: rr for f, _fp, rr, _rp in model.mappings}
        if len(fronts) < len(jack_specs):
            self.result.unmet.append(Unmet(r.index, r.label, f"model {model_slug} has {len(fronts)} jack(s), the request "
                                                             f"gives {len(jack_specs)}", _where(r.mark_of("model"))))
            return
        room = site.rooms[r.data["room"]]
        floor = room.floor.id if room.floor is not None else None
        names = refs.expand(r.data["id"]) if r.kind == "outlets" and "id" in r.data else None
        racks = [site.racks[rid] for sp in st.spaces.values() for rid in sp.racks]
        here = [rk for rk in racks if _rack_floor(rk) == floor]
        jobs = [((i, rk.id), room, pt, rk, self.cable_type) for i, pt in enumerate(points) for rk in here]
        found = routes_from_points(self.inv, site, jobs) if jobs else {}
        # racks on other floors only for the outlets no rack of their floor serves within the limit
        beyond = [i for i in range(len(points))
                  if not any((rt := found.get((i, rk.id))) is not None and rt.length_m <= self.limit for rk in here)]
        others = [rk for rk in racks if _rack_floor(rk) != floor]
        jobs = [((i, rk.id), room, points[i], rk, self.cable_type) for i in beyond for rk in others]
        if jobs:
            found.update(routes_from_points(self.inv, site, jobs))
        for i, pt in enumerate(points):
            options = []
            for rk in racks:
                route = found.get((i, rk.id))
                if route is None:
                    continue
                options.append((route.length_m > self.limit, _rack_floor(rk) != floor, round(route.length_m, 6), rk.id, route, rk))
            options.sort(key=lambda o: o[:4])
            where = f"outlet {i + 1} of {len(points)} at [{_num(pt[0])}, {_num(pt[1])}] in room {room.id}"
            mark = _where(yamlsource.mark_of(r.data["at"], i) if "at" in r.data else r.mark_of("along"))
            if not options:
                self.result.unmet.append(Unmet(r.index, where, "no rack of a telecom space can be reached from it",
                                               mark))
                continue
            if options[0][0]:
                best = options[0]
                self.result.unmet.append(Unmet(
                    r.index, where, f"beyond reach: the nearest telecom space {best[5].space.id} (rack {best[3]}) is "
                                    f"{best[4].length_m:.1f} m away over the pathways, slack included; the permanent "
                                    f"link limit is {self.limit:g} m", mark))
                self.proposed_reach.setdefault(floor, []).append((where, best[4].length_m))
                continue
            _over, _other, _len, _rid, route, rack = options[0]
            sp = st.spaces[rack.space.id]
            slots = []
            for spec in jack_specs:
                slot = self._panel_slot(sp, rack.id, r)
                if slot is None:
                    break
                slots.append(slot)
            if len(slots) < len(jack_specs):
                for s in slots:  # give back what this outlet took
                    next(p for p in sp.panels if p.id == s.panel).free.insert(0, (s.front, s.rear))
                self.result.unmet.append(Unmet(r.index, where, f"no free panel port in {sp.id} and no room for a panel: "
                                                               f"{sp.blocked.get('panel')}", mark))
                continue
            name = names[i] if names else self._outlet_name(sp.id)
            st.names.add(name)
            outlet = NewDevice(name, model.slug, "outlet", r.index, room=room.id, at=(float(pt[0]), float(pt[1])))
            self.result.devices.append(outlet)
            self.new_outlets[name] = outlet
            for jack_name, spec, slot in zip(fronts, jack_specs, slots):
                self._jack(r, outlet, jack_name, rear_of[jack_name], spec, slot, sp, route, floor)
            if r.kind in ("access_point", "camera"):
                d = r.data
                dev_model = self.inv.library.get(d.get("model") or _DEFAULT_ENDPOINT_MODEL[r.kind])
                iface = next(t.name for t in dev_model.ports if t.kind == "interface")
                st.names.add(d["id"])
                self.result.devices.append(NewDevice(d["id"], dev_model.slug, dev_model.default_role(), r.index,
                                                     room=room.id, at=outlet.at, poe_class=d.get("poe_class")))
                self.result.cables.append(NewCable(st.fresh(f"W-{d['id']}"), f"{name}:{qualified(model, fronts[0], 'front')}", f"{d['id']}:{iface}",
                                                   self.cable_type, WORK_AREA_CORD_M, "work-area", r.index))

    def _outlet_name(self, space: str) -> str:
        """The next outlet id of ``space``'s numbering (2A-049 after 2A-048), kept per space as the plan goes."""
        prefix = f"{space}-"
        if self.numbering is None:  # one pass over every name: the highest number after each prefix
            self.numbering = {}
            for name in self.state.names:
                m = _NUMBERED.match(name)
                if m:
                    top = self.numbering.setdefault(m.group(1), [0, 3])
                    n = int(m.group(2))
                    if n > top[0]:
                        top[0], top[1] = n, max(3, len(m.group(2)))
        found = self.numbering.setdefault(prefix, [0, 3])
        while True:
            found[0] += 1
            name = f"{prefix}{found[0]:0{found[1]}d}"
            if name not in self.state.names:
                return name

    def _panel_slot(self, sp: Space, rack: str, r: Request) -> PanelSlot | None:
        panels = sorted(sp.panels, key=lambda p: (p.rack != rack, sp.racks.index(p.rack) if p.rack in sp.racks else 0))
        for p in panels:
            if p.free:
                front, rear = p.free.pop(0)
                return PanelSlot(p.id, front, rear, p.rack, p.u, p.height, p.model)
        added = self._propose(sp, "panel", rack, r, f"every copper panel port of {sp.id} is in use")
        if added is None:
            return None
        return self._panel_slot(sp, rack, r)

    def _propose(self, sp: Space, role: str, rack: str, r: Request, why: str):
        if role in sp.blocked:
            return None
        if role == "panel":
            slug = sp.panel_model or _DEFAULT_PANEL.get(self.cable_type, "cabling-cat6-panel-48")
        else:
            slug = sp.switch_model or "cabling-switch-48-poe"
        model = self.inv.library.get(slug)
        st = self.state
        for rk in [rack] + [x for x in sp.racks if x != rack]:
            u = st.free_u(rk, model.u_height)
            if u is not None:
                break
        else:
            sp.blocked[role] = (f"the racks of {sp.id} ({', '.join(sp.racks)}) have no {math.ceil(model.u_height)} "
                                f"free unit(s) for a {slug}")
            self.result.proposals.append(Proposal("rack units", f"space {sp.id}",
                                                  f"{why}, and {sp.blocked[role]}: add a rack to {sp.id}"))
            return None
        st.take_u(rk, u, model.u_height)
        if role == "panel":
            letters = [p.id.rsplit("-", 1)[-1] for p in sp.panels]
            letter = _next_letter(letters)
            dev_id = st.fresh(f"PP-{sp.id}-{letter}")
            dev_role = "patch-panel"
        else:
            n = len(sp.switches) + 1
            dev_id = st.fresh(f"SW-{sp.id}-{n}")
            dev_role = "switch"
        budget = sp.switch_budget if role == "switch" and sp.switch_budget is not None else model.poe_budget_w
        full_why = why + ("; it needs an uplink to the core (not planned)" if role == "switch" else "")
        self.result.devices.append(NewDevice(dev_id, slug, dev_role, r.index, rack=rk, u=u,
                                             poe_budget_w=budget if role == "switch" else None, proposed=True,
                                             why=full_why))
        self.result.proposals.append(Proposal(role, f"rack {rk} (space {sp.id}), u {_num(u)}", full_why, dev_id))
        self._add_capacity(sp, dev_role, dev_id, model, rk, u, budget)
        return dev_id

    def _switch_port(self, sp: Space, rack: str, poe_class: int | None, r: Request):
        need_w = standards.POE_CLASS_PSE_W[poe_class] if poe_class is not None else 0.0
        switches = sorted(sp.switches, key=lambda s: (s.rack != rack, sp.racks.index(s.rack) if s.rack in sp.racks else 0))
        short = []
        for s in switches:
            if poe_class is not None:
                if s.remaining_w is not None and s.remaining_w < need_w:
                    if any(p.max_class is not None for p in s.free):
                        short.append(f"{s.id} has {s.remaining_w:g} W of PoE left")
                    continue
                fit = [p for p in s.free if p.max_class is not None and (p.max_class == -1 or p.max_class >= poe_class)]
            else:
                fit = [p for p in s.free if p.max_class is None] or s.free
            if fit:
                port = fit[0]
                s.free.remove(port)
                if poe_class is not None and s.remaining_w is not None:
                    s.remaining_w = round(s.remaining_w - need_w, 2)
                return s, port
        if poe_class is not None:
            why = (f"no switch of {sp.id} can power a class {poe_class} device ({need_w:g} W at the port)"
                   + (": " + ", ".join(short) if short else f": every PoE port of {sp.id} that powers class {poe_class} is in use"))
        else:
            why = f"every switch port of {sp.id} is in use"
        if self._propose(sp, "switch", rack, r, why) is None:
            return None, sp.blocked.get("switch", why)
        return self._switch_port(sp, rack, poe_class, r)

    def _jack(self, r, outlet: NewDevice, jack: str, rear: str, spec: dict, slot: PanelSlot, sp: Space, route, floor):
        st = self.state
        rack = self.site.racks[slot.rack]
        fields = labelling.values(space=sp.id, panel_id=slot.panel, front=slot.front, outlet=outlet.id, jack=jack,
                                  floor=floor, room=outlet.room, rack=rack.id)
        label = labelling.format_label(self.scheme, fields)
        base = label if label and self.h_ids_follow_label else f"{outlet.id}-{jack}"
        cable_id = st.fresh(f"H-{base}")
        length = cable_length(route)
        self.result.cables.append(NewCable(cable_id, f"{outlet.id}:{qualified(self.inv.library.get(outlet.model), rear, 'rear')}", slot.rear_ref, self.cable_type,
                                           length, "horizontal", r.index, label))
        jp = self._patch(r, sp, slot, spec, outlet.id, jack, outlet.room, floor, label, cable_id, route)
        self.new_jacks[(outlet.id, jack)] = jp

    def _patch(self, r, sp, slot: PanelSlot, spec, outlet, jack, room, floor, label, cable_id, route) -> JackPlan:
        """The switch port and patch cord of a jack (when it has a service), and its JackPlan."""
        services = tuple(spec.get("services") or ())
        poe_class = spec.get("poe_class")
        sw = port = cord = cord_m = None
        if services:
            sw, port = self._switch_port(sp, slot.rack, poe_class, r)
            if sw is None:
                self.result.unmet.append(Unmet(r.index, f"jack {outlet}:{jack}", f"no switch port: {port}; "
                                                                             "the jack is cabled but left dark",
                                               _where(r.mark)))
            else:
                cord_m = cord_length(self.site, slot, sw)
                cord = self.state.fresh(f"P-{label}" if label and self.h_ids_follow_label else f"P-{outlet}-{jack}")
                self.result.cables.append(NewCable(cord, slot.front_ref, f"{sw.id}:{port.name}",
                                                   self.cable_type, cord_m, "patch", r.index))
        jp = JackPlan(outlet, jack, r.index, room, floor, sp.id, slot.rack, slot.front_ref, cable_id, label,
                      services, poe_class, standards.POE_CLASS_PSE_W[poe_class] if poe_class is not None and port else None,
                      spec.get("vlan"), spec.get("voice_vlan"), f"{sw.id}:{port.name}" if port and sw else None, cord,
                      cord_m, round(route.run_m, 1) if route else None, round(route.length_m, 1) if route else None,
                      tuple(route.pathways) if route else (), bool(route.estimated) if route else False)
        self.result.jacks.append(jp)
        return jp

    # -------------------------------------------------------------- phones
    def _phones(self, r: Request) -> None:
        d = r.data
        names = refs.expand(d["outlets"])
        exts = refs.expand(d["extensions"]) if "extensions" in d else [None] * len(names)
        ids = refs.expand(d["id"]) if "id" in d else [None] * len(names)
        model = self.inv.library.get(d.get("model", "cabling-ip-phone"))
        iface = next(t for t in model.ports if t.kind == "interface")
        jack = d.get("jack", "1")
        for name, ext, pid in zip(names, exts, ids):
            new = self.new_outlets.get(name)
            old = self.site.devices.get(name)
            if new is None and (old is None or old.role not in OUTLET_ROLES):
                self.result.unmet.append(Unmet(r.index, f"phone on {name}:{jack}", f"outlet {name} is neither in the site "
                                                                                   "nor added by this plan", _where(r.mark)))
                continue
            if old is not None:
                port = old.port(jack, "front")
                if port is None or port.cable is not None:
                    why = f"{name} has no jack {jack}" if port is None else f"jack {name}:{jack} is in use ({port.cable.id})"
                    self.result.unmet.append(Unmet(r.index, f"phone on {name}:{jack}", why, _where(r.mark)))
                    continue
                room, at = (old.room.id if old.room else None), old.at
            else:
                jp = self.new_jacks.get((name, jack))
                if jp is None:
                    self.result.unmet.append(Unmet(r.index, f"phone on {name}:{jack}", f"outlet {name} has no jack {jack}",
                                                   _where(r.mark)))
                    continue
                room, at = new.room, new.at
            phone = pid or f"PH-{name}"
            if phone in self.state.names:
                self.result.unmet.append(Unmet(r.index, f"phone {phone}", f"device {phone} already exists", _where(r.mark)))
                continue
            self.state.names.add(phone)
            self.result.devices.append(NewDevice(phone, model.slug, model.default_role(), r.index, room=room,
                                                 at=tuple(at) if at is not None else None,
                                                 poe_class=d.get("poe_class"), extension=ext))
            jack_model = old.model if old is not None else self.inv.library.get(new.model)
            self.result.cables.append(NewCable(self.state.fresh(f"W-{phone}"), f"{name}:{qualified(jack_model, jack, 'front')}", f"{phone}:{iface.name}",
                                               self.cable_type, WORK_AREA_CORD_M, "work-area", r.index))

    # -------------------------------------------------------------- existing jacks and cables
    def _activate(self, r: Request) -> None:
        d = r.data
        dev_name, _, jack = d["jack"].rpartition(":")
        dev = self.site.devices[dev_name]
        port = dev.port(jack, "front")
        rear = port.rear[0][1] if port.rear else None
        h = rear.cable if rear is not None else None
        if h is None:
            self.result.unmet.append(Unmet(r.index, d["jack"], "no horizontal cable behind the jack: add an outlet "
                                                               "instead, or cable it", _where(r.mark)))
            return
        far = h.far(rear.end)[0]
        front = next((f for f, _pos in (far.fronts or {}).values()), None) if far.kind == "rear" else None
        if far.device.role != "patch-panel" or front is None:
            self.result.unmet.append(Unmet(r.index, d["jack"], f"its cable {h.id} does not end on a panel rear port",
                                           _where(r.mark)))
            return
        if front.cable is not None:
            self.result.unmet.append(Unmet(r.index, d["jack"], f"not dark: panel port {self.inv.ref(front)} is already "
                                                               f"patched ({front.cable.id})", _where(r.mark)))
            return
        panel = far.device
        if panel.rack is None or panel.rack.space is None:
            self.result.unmet.append(Unmet(r.index, d["jack"], f"panel {panel.id} is in no rack of a telecom space",
                                           _where(r.mark)))
            return
        sp = self.state.spaces[panel.rack.space.id]
        slot = PanelSlot(panel.id, front.name, far.name, panel.rack.id, panel.u or 0, panel.model.u_height, panel.model)
        spec = {"services": tuple(d.get("services", ("data",))), "poe_class": d.get("poe_class"), "vlan": d.get("vlan"),
                "voice_vlan": d.get("voice_vlan")}
        room = dev.room
        route = route_of(self.inv, h)
        self._patch(r, sp, slot, spec, dev.id, jack, room.id if room else None,
                    room.floor.id if room is not None and room.floor is not None else None, h.label, None, route)

    def _move(self, r: Request) -> None:
        d = r.data
        dev = self.site.devices[d["outlet"]]
        room = self.site.rooms[d["room"]] if "room" in d else dev.room
        at = (float(d["at"][0]), float(d["at"][1]))
        self.result.changes.append(Change("device", dev.id, "at", list(dev.at) if dev.at else None, list(at), r.index,
                                          "moved"))
        if room is not dev.room:
            self.result.changes.append(Change("device", dev.id, "room", dev.room.id if dev.room else None, room.id,
                                              r.index, "moved"))
        for p in dev.ports:
            h = p.cable
            ends = horizontal_ends(h) if h is not None else None
            if ends is None:
                continue
            route = routes_from_points(self.inv, self.site, [(h.id, room, at, ends[1], h.type)]).get(h.id)
            if route is None:
                continue
            if route.length_m > self.limit:
                self.result.unmet.append(Unmet(r.index, f"{dev.id} to [{_num(at[0])}, {_num(at[1])}]",
                                               f"cable {h.id} would be {route.length_m:.1f} m, over the {self.limit:g} m "
                                               "permanent link", _where(r.mark)))
                continue
            if h.length is None or route.length_m > h.length:
                new_len = cable_length(route)
                self.result.changes.append(Change("cable", h.id, "length", h.length, new_len, r.index,
                                                  f"re-pull: the new route is {route.length_m:.1f} m"))

    def _remove(self, r: Request) -> None:
        dev = self.site.devices[r.data["outlet"]]
        self.result.changes.append(Change("device", dev.id, "removed", False, True, r.index, "outlet removed"))
        seen = set()
        for p in dev.ports:
            c = p.cable
            if c is None or c.id in seen:
                continue
            seen.add(c.id)
            self._decommission_cable(c, r, f"outlet {dev.id} removed")
            ends = horizontal_ends(c)
            if ends is not None:  # the patch cord in front of its panel port goes too
                panel_end = next(x for x in c.a + c.b if x.device is not dev)
                for f, _pos in (panel_end.fronts or {}).values():
                    if f.cable is not None and f.cable.id not in seen:
                        seen.add(f.cable.id)
                        self._decommission_cable(f.cable, r, f"patch cord of {dev.id}, removed")

    def _decommission(self, r: Request) -> None:
        self._decommission_cable(self.site.cables[r.data["cable"]], r, "decommissioned")

    def _decommission_cable(self, c, r, why) -> None:
        if c.status == "decommissioned":
            self.result.unmet.append(Unmet(r.index, f"cable {c.id}", "already decommissioned", _where(r.mark)))
            return
        self.result.changes.append(Change("cable", c.id, "status", c.status, "decommissioned", r.index, why))




def _rack_floor(rk: Rack) -> str | None:
    room = rk.room or (rk.space.room if rk.space is not None else None)
    return room.floor.id if room is not None and room.floor is not None else None


def _next_letter(letters) -> str:
    used = set(letters)
    for k in range(26 * 27):
        name = chr(65 + k) if k < 26 else chr(64 + k // 26) + chr(65 + k % 26)
        if name not in used:
            return name
    return str(len(used) + 1)


def _where(mark) -> str | None:
    return str(mark) if mark is not None else None


def _num(x: float) -> str:
    return f"{x:g}"


def _error(mark, message: str) -> InputError:
    from ..diagnostics import Diagnostic

    return InputError([Diagnostic(mark, message)])
