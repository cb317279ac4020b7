"""The device types, devices and ports of a NetBox bulk-import folder: a device gets the ports of its type's
templates as NetBox instantiates them, the port files add the rest: see :mod:`cabling.netbox.bulkimport`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..readers.devicetypes import DeviceTypeError, load_file
from .bulkfiles import Record, RowError, _a, slugify
from .dataset import Device, DeviceType, Port, PortMapping, PortTemplate


@dataclass(slots=True)
class LibraryDeviceType(DeviceType):
    """A device type read from a devicetype-library file under ``device-types/``.

    It also keeps ``is_full_depth`` (a half-depth device leaves the other face of its units free),
    which :class:`~cabling.netbox.dataset.DeviceType` has no field for, and the file it came from.
    """

    is_full_depth: bool = True
    source: str | None = None


class DeviceRows:
    """Of :class:`cabling.netbox.bulkimport._Builder`: device types, devices and their ports."""

    def device_type(self, manufacturer: str | None, model: str) -> DeviceType:
        if manufacturer is None:
            found = [dt for (_, m), dt in self.device_types.items() if m == model]
            if len(found) > 1:
                raise RowError(f"device type '{model}' is ambiguous (manufacturers "
                               f"{', '.join(sorted(str(dt.manufacturer) for dt in found))}); give its manufacturer")
            if found:
                return found[0]
        key = (manufacturer, model)
        if key not in self.device_types:
            self.missing("device-types", "device type", model,
                         f" of manufacturer '{manufacturer}'" if manufacturer else "")
            maker = self.lookup("manufacturer", manufacturer) if manufacturer is not None else None
            dt = DeviceType(len(self.ds.device_types) + 1, manufacturer, model,
                            slugify(f"{manufacturer or ''} {model}"), manufacturer_id=maker.id if maker else None)
            self.device_types[key] = self.ds.device_types[dt.id] = dt
        return self.device_types[key]

    def find_device(self, name: str, site: str | None = None) -> Device:
        found = self.devices_by_name.get(name, [])
        if site is not None:
            found = [d for d in found if self.ds.sites[d.site_id].name == site]
        if not found:
            raise RowError(f"device '{name}'{f' at site {site!r}' if site else ''} does not exist")
        if len(found) > 1:
            sites = ", ".join(sorted(self.ds.sites[d.site_id].name for d in found))
            raise RowError(f"device name '{name}' is ambiguous (sites {sites})")
        return found[0]

    # -- device types ------------------------------------------------------------------
    def read_device_types(self, files: list[tuple[Path, str]]) -> None:
        for path, name in files:
            try:
                types = load_file(path)
            except DeviceTypeError as exc:
                self.ds.problems.append(f"{name}: {exc}; file not read")
                continue
            if not types:
                self.ds.problems.append(f"{name}: no device type in it")
            for t in types:
                try:
                    self.library_type(t, name)
                except RowError as exc:
                    self.ds.problems.append(f"{name}: device type '{t.manufacturer} {t.model}': {exc}; not read")

    def library_type(self, t, file: str) -> None:
        """One device type of a devicetype-library file (a :class:`cabling.model.DeviceType`)."""
        key = (t.manufacturer, t.model)
        if key in self.device_types:
            raise RowError(f"already defined in {self.device_types[key].source}")
        if t.slug in self.type_slugs:
            other = self.type_slugs[t.slug]
            raise RowError(f"slug '{t.slug}' is already used by device type '{other.manufacturer} {other.model}' "
                           f"({other.source})")
        try:
            u_height = float(t.u_height)
        except (TypeError, ValueError):
            raise RowError(f"u_height {t.u_height!r} is not a number") from None
        draws, rounded = [], []
        for p in t.ports:
            draw = p.maximum_draw
            if draw is not None:
                try:
                    watts = float(draw)
                except (TypeError, ValueError):
                    raise RowError(f"power port '{p.name}': maximum_draw {draw!r} is not a number") from None
                if watts != int(watts):
                    rounded.append(f"{file}: device type '{t.manufacturer} {t.model}': power port '{p.name}': "
                                   f"maximum_draw {draw} is not a whole number of watts, as NetBox's is; read as "
                                   f"{round(watts)}")
                draw = int(round(watts))
            draws.append(draw)
        maker = self.lookup("manufacturer", t.manufacturer)
        # the type is good: make it
        dt = LibraryDeviceType(
            len(self.ds.device_types) + 1, t.manufacturer, t.model, t.slug, u_height, t.part_number or None,
            maker.id, [], list(t.mappings), is_full_depth=t.is_full_depth, source=file)
        for p, draw in zip(t.ports, draws):
            dt.templates.append(PortTemplate(self.next_template_id[p.kind], p.kind, dt.id, p.name, p.type, None,
                                             p.positions, p.poe_mode, p.poe_type, p.mgmt_only, draw))
            self.next_template_id[p.kind] += 1
        self.ds.problems.extend(rounded)
        self.device_types[key] = self.type_slugs[t.slug] = self.ds.device_types[dt.id] = dt

    # -- devices and ports -------------------------------------------------------------
    def device(self, r: Record) -> None:
        site_name, model, name = r.need("site"), r.need("device_type"), r.get("name")
        if name is not None and any(self.ds.sites[d.site_id].name == site_name
                                    for d in self.devices_by_name.get(name, [])):
            raise RowError(f"device '{name}' is already defined at site '{site_name}'")
        position = r.float("position")
        if position is not None and r.get("rack") is None:
            raise RowError("position is given but rack is not")
        role = r.get("role") or r.get("device_role")
        if role is not None and role not in self.roles:
            self.missing("device-roles", "device role", role)
        serial, asset_tag, face, status = r.get("serial"), r.get("asset_tag"), r.get("face"), r.get("status")
        dt = self.device_type(r.get("manufacturer"), model)
        if position is not None and dt.u_height is not None and dt.u_height == 0:
            raise RowError(f"device type '{dt.model}' is 0U, which NetBox does not place at a rack position")
        site, location, rack = self.place(site_name, r.get("location"), r.get("rack"))
        if position is not None and rack.u_height is not None:
            height = dt.u_height if dt.u_height is not None else 1
            if position < 1 or position + height - 1 > rack.u_height:
                raise RowError(f"position {position:g} is outside rack '{rack.name}' ({rack.u_height}U) for a "
                               f"{height:g}U device")
        device = Device(
            len(self.ds.devices) + 1, name, site.id, rack.id if rack else None, position, dt.id, role,
            serial, asset_tag, location.id if location else None, face, status,
            (self.roles.get(role) or slugify(role)) if role else None)
        self.ds.devices[device.id] = device
        if name is not None:
            self.devices_by_name.setdefault(name, []).append(device)
        self.instantiate(device, dt)

    def add_port(self, device: Device, port: Port) -> None:
        self.next_port_id[port.kind] += 1
        self.ds.ports[port.kind, port.id] = port
        self.port_index[device.id, port.kind, port.name] = port
        device.ports.append((port.kind, port.id))

    def instantiate(self, device: Device, dt: DeviceType) -> None:
        """The ports of the device type's component templates, as NetBox creates them with a new device."""
        made: dict[tuple[str, str], Port] = {}
        for t in dt.templates:
            port = Port(self.next_port_id[t.kind], t.kind, device.id, t.name, t.type, t.label, t.positions,
                        t.poe_mode, t.poe_type, t.mgmt_only, t.maximum_draw)
            self.add_port(device, port)
            self.templated.add(port.ref)
            made[t.kind, t.name] = port
        for front, fpos, rear, rpos in dt.mappings:
            f, b = made["front", front], made["rear", rear]
            self.rear_taken[b.id, rpos] = f.id
            self.ds.port_mappings.append(PortMapping(f.id, fpos, b.id, rpos))

    def port(self, r: Record, kind: str) -> None:
        device = self.find_device(r.need("device"))
        name = r.need("name")
        existing = self.port_index.get((device.id, kind, name))
        if existing is not None:
            if existing.ref in self.templated:
                dt = self.ds.device_types[device.device_type_id]
                raise RowError(f"device '{device.name}' already has {_a(kind)} port '{name}' (from the templates "
                               f"of its device type '{dt.model}')")
            raise RowError(f"device '{device.name}' already has {_a(kind)} port '{name}'")
        positions = r.int("positions", 1, minimum=1) if kind in ("front", "rear") else 1
        mapping = None
        if kind == "front" and r.get("rear_port") is not None:
            rear = self.port_index.get((device.id, "rear", r.get("rear_port")))
            if rear is None:
                raise RowError(f"device '{device.name}' has no rear port '{r.get('rear_port')}'")
            rpos = r.int("rear_port_position", 1, minimum=1)
            if rpos > rear.positions:
                raise RowError(f"rear_port_position {rpos} is beyond rear port '{rear.name}' "
                               f"({rear.positions} position(s))")
            if (rear.id, rpos) in self.rear_taken:
                other = self.ds.ports["front", self.rear_taken[rear.id, rpos]]
                raise RowError(f"position {rpos} of rear port '{rear.name}' is already mapped to "
                               f"front port '{other.name}'")
            mapping = (rear.id, rpos)
        elif kind == "front" and r.get("rear_port_position") is not None:
            raise RowError("rear_port_position is given but rear_port is not")
        port = Port(
            self.next_port_id[kind], kind, device.id, name, r.get("type"), r.get("label"), positions,
            r.get("poe_mode") if kind == "interface" else None, r.get("poe_type") if kind == "interface" else None,
            r.bool("mgmt_only") if kind == "interface" else False,
            r.int("maximum_draw", minimum=1) if kind == "power" else None,
            mark_connected=r.bool("mark_connected"), description=r.get("description"))
        self.add_port(device, port)
        if mapping is not None:
            self.rear_taken[mapping] = port.id
            self.ds.port_mappings.append(PortMapping(port.id, 1, mapping[0], mapping[1]))
