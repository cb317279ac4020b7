"""The circuits, circuit terminations and cables of a NetBox bulk-import folder, each cable end found and
checked (a port or termination cabled once): see :mod:`cabling.netbox.bulkimport`.
"""
from __future__ import annotations


from .bulkfiles import CABLE_END_TYPES, TERMINATION_TYPES, Record, RowError
from .dataset import Cable, Circuit, CircuitTermination, Ref, to_meters


class CableRows:
    """Of :class:`cabling.netbox.bulkimport._Builder`: circuits, their terminations, and cables."""

    def find_circuit(self, cid: str) -> Circuit:
        found = self.circuits_by_cid.get(cid, [])
        if not found:
            raise RowError(f"circuit '{cid}' does not exist")
        if len(found) > 1:
            raise RowError(f"circuit id '{cid}' is ambiguous (providers "
                           f"{', '.join(sorted(str(c.provider) for c in found))})")
        return found[0]

    # -- circuits and cables ------------------------------------------------------------
    def circuit(self, r: Record) -> None:
        cid, provider_name = r.need("cid"), r.need("provider")
        if any(c.provider == provider_name for c in self.circuits_by_cid.get(cid, [])):
            raise RowError(f"circuit '{cid}' of provider '{provider_name}' is already defined")
        commit_rate = r.int("commit_rate", minimum=0)
        ctype = r.get("type")
        if ctype is not None and ctype not in self.circuit_types:
            self.missing("circuit-types", "circuit type", ctype)
        provider = self.lookup("provider", provider_name)
        circuit = Circuit(len(self.ds.circuits) + 1, cid, provider.name, ctype, r.get("status"),
                          provider.id, commit_rate, r.get("description"))
        self.ds.circuits[circuit.id] = circuit
        self.circuits_by_cid.setdefault(cid, []).append(circuit)
    def circuit_termination(self, r: Record) -> None:
        circuit = self.find_circuit(r.need("circuit"))
        side = r.need("term_side").upper()
        if side not in ("A", "Z"):
            raise RowError(f"term_side {r.get('term_side')!r} is not A or Z")
        if (circuit.id, side) in self.terminations:
            raise RowError(f"circuit '{circuit.cid}' already has a termination on side {side}")
        t = CircuitTermination(
            len(self.ds.circuit_terminations) + 1, circuit.id, side,
            port_speed=r.int("port_speed", minimum=0), upstream_speed=r.int("upstream_speed", minimum=0),
            xconnect_id=r.get("xconnect_id"), pp_info=r.get("pp_info"), description=r.get("description"))
        ttype = r.get("termination_type")
        if ttype is not None:
            if ttype.lower() not in TERMINATION_TYPES:
                raise RowError(f"termination_type {ttype!r} is not one of {', '.join(TERMINATION_TYPES)}")
            kind, column = TERMINATION_TYPES[ttype.lower()]
            name = r.get(column)
            tid = r.get("termination_id")
            if name is None and tid is not None and not tid.isdigit():
                name = tid  # a name given where NetBox wants an id
            if name is None:
                raise RowError(f"termination_id {tid!r} is a NetBox database id, which bulk files cannot "
                               f"resolve; give the {kind}'s name in column {column}" if tid else
                               f"termination_type {ttype} needs termination_id or {column}")
        elif r.get("site") is not None:
            kind, name = "site", r.get("site")
        elif r.get("provider_network") is not None:
            kind, name = "provider-network", r.get("provider_network")
        else:
            kind = name = None
        if kind is not None:
            self.terminate(t, kind, name)
        self.ds.circuit_terminations[t.id] = t
        self.terminations[circuit.id, side] = t
        if kind is None:
            raise RowError(f"circuit '{circuit.cid}' side {side} is not terminated anywhere "
                           "(no termination_type, site or provider_network); kept without a termination")

    def terminate(self, t: CircuitTermination, kind: str, name: str) -> None:
        if kind == "site":
            site = self.lookup("site", name)
            t.site_id = oid = site.id
        elif kind == "location":
            found = [loc for (_, n), locs in self.locations.items() if n == name for loc in locs]
            if not found:
                raise RowError(f"location '{name}' does not exist (not in {self.given['locations']})"
                               if "locations" in self.given else
                               f"location '{name}' does not exist (locations come from devices.*)")
            if len(found) > 1:
                sites = ", ".join(sorted(self.ds.sites[loc.site_id].name for loc in found))
                raise RowError(f"location '{name}' is ambiguous (sites {sites})")
            t.location_id, t.site_id = found[0].id, found[0].site_id
            oid = found[0].id
        elif kind == "region":
            t.region_id = oid = self.lookup("region", name).id
        elif kind == "site-group":
            t.site_group_id = oid = self.lookup("site-group", name).id
        else:
            t.provider_network_id = oid = self.provider_network(name).id
        t.termination_kind, t.termination_id = kind, oid

    def cable_end(self, r: Record, side: str) -> list[Ref]:
        ttype = r.get(f"side_{side}_type")
        names = r.list(f"side_{side}_name")
        if ttype is None or not names:
            raise RowError(f"side {side.upper()} needs side_{side}_type and side_{side}_name")
        kind = CABLE_END_TYPES.get(ttype.lower())
        if kind is None:
            raise RowError(f"side_{side}_type {ttype!r} is not one of {', '.join(CABLE_END_TYPES)}")
        if "" in names:
            raise RowError(f"side_{side}_name has an empty name")
        refs: list[Ref] = []
        if kind == "circuit-termination":
            circuit = self.find_circuit(r.need(f"side_{side}_circuit"))
            for term_side in names:
                t = self.terminations.get((circuit.id, term_side.upper()))
                if t is None:
                    raise RowError(f"circuit '{circuit.cid}' has no termination on side {term_side!r}")
                if t.cable_id is not None:
                    raise RowError(f"side {side.upper()}: circuit '{circuit.cid}' side {t.term_side} "
                                   f"is already connected (cable {t.cable_id})")
                refs.append(("circuit-termination", t.id))
            return refs
        devices = r.list(f"side_{side}_device")
        if not devices:
            raise RowError(f"side_{side}_device is missing")
        if len(devices) == 1:
            devices = devices * len(names)
        elif len(devices) != len(names):
            raise RowError(f"side_{side}_device lists {len(devices)} devices for {len(names)} names; "
                           "give one device for all names or one per name")
        for device_name, port_name in zip(devices, names):
            device = self.find_device(device_name, r.get(f"side_{side}_site"))
            port = self.port_index.get((device.id, kind, port_name))
            if port is None:
                raise RowError(f"side {side.upper()}: device '{device.name}' has no {kind} port '{port_name}'")
            if port.cable_id is not None:
                raise RowError(f"side {side.upper()}: {device.name} {port_name} is already connected "
                               f"(cable {port.cable_id})")
            refs.append((kind, port.id))
        return refs

    def cable(self, r: Record) -> None:
        a = self.cable_end(r, "a")
        b = self.cable_end(r, "b")
        if len(set(a + b)) != len(a + b):
            raise RowError("the same port is named twice")
        cable = Cable(len(self.ds.cables) + 1, r.get("label"), r.get("type"), r.get("status") or "connected",
                      r.get("color"), a_terminations=a, b_terminations=b, description=r.get("description"))
        length, unit = r.get("length"), r.get("length_unit")
        if length is not None:
            cable.source_length, cable.length_unit = r.float("length"), unit
            if unit is None:
                raise RowError("length is given but length_unit is not")
            try:
                cable.length = to_meters(length, unit)
            except ValueError as exc:
                raise RowError(str(exc)) from None
        elif unit is not None:
            cable.length_unit = unit
        self.ds.cables[cable.id] = cable
        for kind, oid in a + b:
            target = self.ds.circuit_terminations[oid] if kind == "circuit-termination" else self.ds.ports[kind, oid]
            target.cable_id = cable.id
