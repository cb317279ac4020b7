"""The rows of the prerequisite lists of a NetBox bulk-import folder (regions, site groups, sites, locations,
racks, manufacturers, device roles, providers, provider networks, circuit types), and finding or synthesizing
the objects other rows name: see :mod:`cabling.netbox.bulkimport`.
"""
from __future__ import annotations


from .bulkfiles import Record, RowError, slugify
from .dataset import Location, Manufacturer, Provider, ProviderNetwork, Rack, Region, Site, SiteGroup


class PrerequisiteRows:
    """Of :class:`cabling.netbox.bulkimport._Builder`: its tables by name, and the rows that fill them."""

    # -- things referenced by name --------------------------------------------------
    def missing(self, list_name: str, what: str, name: str, where: str = "") -> None:
        """A reference to an object that is not there: a problem when the folder has that object list."""
        if list_name in self.given:
            raise RowError(f"{what} '{name}'{where} does not exist (not in {self.given[list_name]})")

    # regions, site groups, sites, manufacturers and providers: (table by name, dataset table, class,
    # object list, what a problem calls it)
    def _kind(self, kind: str):
        return {
            "region": (self.regions, self.ds.regions, Region, "regions", "region"),
            "site-group": (self.site_groups, self.ds.site_groups, SiteGroup, "site-groups", "site group"),
            "site": (self.sites, self.ds.sites, Site, "sites", "site"),
            "manufacturer": (self.manufacturers, self.ds.manufacturers, Manufacturer, "manufacturers",
                             "manufacturer"),
            "provider": (self.providers, self.ds.providers, Provider, "providers", "provider"),
        }[kind]

    def lookup(self, kind: str, name: str, make: bool = True):
        """The object of that kind and name; synthesized (with ``make``) when its list is not given."""
        table, target, cls, list_name, what = self._kind(kind)
        obj = table.get(name)
        if obj is None:
            self.missing(list_name, what, name)
            if make:
                obj = cls(len(target) + 1, name, slugify(name))
                table[name] = target[obj.id] = obj
                if kind == "site":
                    self.site_slugs.setdefault(obj.slug, obj)
        return obj

    def find_location(self, site: Site, name: str) -> Location | None:
        found = self.locations.get((site.id, name), [])
        if len(found) > 1:
            parents = ", ".join(sorted(self.ds.locations[loc.parent_id].name if loc.parent_id else "(none)"
                                       for loc in found))
            raise RowError(f"location '{name}' is ambiguous at site '{site.name}' (parents {parents})")
        return found[0] if found else None

    def find_rack(self, site: Site, location: Location | None, name: str, by_location: bool) -> Rack | None:
        found = self.racks.get((site.id, name), [])
        if by_location:
            found = [r for r in found if r.location_id == (location.id if location else None)]
        if len(found) > 1:
            where = ", ".join(sorted(self.ds.locations[r.location_id].name if r.location_id else "(none)"
                                     for r in found))
            raise RowError(f"rack '{name}' is ambiguous at site '{site.name}' (locations {where}); "
                           "give its location")
        return found[0] if found else None

    def new_location(self, site: Site, name: str, parent: Location | None = None, **fields) -> Location:
        loc = Location(len(self.ds.locations) + 1, name, site.id, fields.pop("slug", None) or slugify(name),
                       parent.id if parent else None, **fields)
        self.ds.locations[loc.id] = loc
        self.locations.setdefault((site.id, name), []).append(loc)
        return loc

    def new_rack(self, site: Site, location: Location | None, name: str, **fields) -> Rack:
        rack = Rack(len(self.ds.racks) + 1, name, site.id, location.id if location else None, **fields)
        self.ds.racks[rack.id] = rack
        self.racks.setdefault((site.id, name), []).append(rack)
        return rack

    def place(self, site_name: str, location_name: str | None, rack_name: str | None):
        """The site, location and rack a row names: found, else synthesized where their list is not given.

        Everything is checked before anything is synthesized, so a row that fails leaves nothing behind.
        """
        site = self.sites.get(site_name)
        if site is None:
            self.missing("sites", "site", site_name)
        at = f" at site '{site_name}'"
        location = rack = None
        if location_name is not None:
            location = self.find_location(site, location_name) if site else None
            if location is None:
                self.missing("locations", "location", location_name, at)
        if rack_name is not None:
            rack = self.find_rack(site, location, rack_name, location_name is not None) \
                if site and (location or location_name is None) else None
            if rack is None:
                self.missing("racks", "rack", rack_name, at + (f" in location '{location_name}'"
                                                               if location_name else ""))
        # the row is good: make what it names
        site = site or self.lookup("site", site_name)
        if location_name is not None and location is None:
            location = self.new_location(site, location_name)
        if rack_name is not None and rack is None:
            rack = self.new_rack(site, location, rack_name)
        if rack is not None and location is None and rack.location_id is not None:
            location = self.ds.locations[rack.location_id]  # NetBox puts a racked device in its rack's location
        return site, location, rack

    def provider_network(self, name: str, make: bool = True) -> ProviderNetwork | None:
        found = self.provider_networks.get(name, [])
        if len(found) > 1:
            raise RowError(f"provider network '{name}' is ambiguous (providers "
                           f"{', '.join(sorted(str(pn.provider) for pn in found))})")
        if found:
            return found[0]
        self.missing("provider-networks", "provider network", name)
        if not make:
            return None
        pn = ProviderNetwork(len(self.ds.provider_networks) + 1, name)
        self.ds.provider_networks[pn.id] = pn
        self.provider_networks[name] = [pn]
        return pn

    # -- prerequisites ---------------------------------------------------------------
    def _slug(self, r: Record) -> str:
        return r.get("slug") or slugify(r.need("name"))

    def _new_name(self, r: Record, table: dict, what: str) -> tuple[str, str]:
        """The row's name and slug, both unused so far in ``table``."""
        name, slug = r.need("name"), self._slug(r)
        if name in table:
            raise RowError(f"{what} '{name}' is already defined")
        if any(obj.slug == slug for obj in table.values()):
            raise RowError(f"slug '{slug}' is already used by another {what}")
        return name, slug

    def nested(self, r: Record, kind: str) -> None:
        """A region or site group: name, slug, parent (an earlier row)."""
        table, target, cls, _, what = self._kind(kind)
        name, slug = self._new_name(r, table, what)
        parent = None
        if r.get("parent") is not None:
            parent = table.get(r.get("parent"))
            if parent is None:
                raise RowError(f"parent {what} '{r.get('parent')}' does not exist (a parent's row must come first)")
        obj = cls(len(target) + 1, name, slug, parent.id if parent else None)
        table[name] = target[obj.id] = obj

    def simple(self, r: Record, kind: str) -> None:
        """A manufacturer or provider: name and slug."""
        table, target, cls, _, what = self._kind(kind)
        name, slug = self._new_name(r, table, what)
        obj = cls(len(target) + 1, name, slug)
        table[name] = target[obj.id] = obj

    def slugged(self, r: Record, table: dict[str, str], what: str) -> None:
        """A device role or circuit type, which the dataset keeps by name (and slug)."""
        name, slug = r.need("name"), self._slug(r)
        if name in table:
            raise RowError(f"{what} '{name}' is already defined")
        if slug in table.values():
            raise RowError(f"slug '{slug}' is already used by another {what}")
        table[name] = slug

    def site(self, r: Record) -> None:
        name, slug = r.need("name"), self._slug(r)
        if name in self.sites:
            raise RowError(f"site '{name}' is already defined")
        if slug in self.site_slugs:
            raise RowError(f"slug '{slug}' is already used by site '{self.site_slugs[slug].name}'")
        refs = [(kind, r.get(column)) for kind, column in (("region", "region"), ("site-group", "group"))
                if r.get(column) is not None]
        for kind, ref in refs:
            self.lookup(kind, ref, make=False)
        found = {kind: self.lookup(kind, ref) for kind, ref in refs}
        site = Site(len(self.ds.sites) + 1, name, slug, r.get("status"),
                    found["region"].id if "region" in found else None,
                    found["site-group"].id if "site-group" in found else None,
                    r.get("physical_address"), r.get("description"))
        self.sites[name] = self.site_slugs[slug] = self.ds.sites[site.id] = site

    def location(self, r: Record) -> None:
        site_name, name, parent_name = r.need("site"), r.need("name"), r.get("parent")
        site = self.sites.get(site_name)
        if site is None:
            self.missing("sites", "site", site_name)
        parent = None
        if parent_name is not None:
            parent = self.find_location(site, parent_name) if site else None
            if parent is None:
                raise RowError(f"parent location '{parent_name}' does not exist at site '{site_name}' "
                               "(a parent's row must come first)")
        site = site or self.lookup("site", site_name)
        parent_id = parent.id if parent else None
        if any(loc.parent_id == parent_id for loc in self.locations.get((site.id, name), [])):
            raise RowError(f"location '{name}' is already defined at site '{site.name}'"
                           + (f" under '{parent.name}'" if parent else ""))
        self.new_location(site, name, parent, slug=r.get("slug"), status=r.get("status"),
                          description=r.get("description"))

    def rack(self, r: Record) -> None:
        site_name, name = r.need("site"), r.need("name")
        u_height = r.int("u_height", minimum=1)
        site, location, _ = self.place(site_name, r.get("location"), None)
        if any(rack.location_id == (location.id if location else None)
               for rack in self.racks.get((site.id, name), [])):
            raise RowError(f"rack '{name}' is already defined at site '{site.name}'"
                           + (f" in location '{location.name}'" if location else ""))
        self.new_rack(site, location, name, u_height=u_height, status=r.get("status"),
                      facility_id=r.get("facility_id"))

    def provider_network_row(self, r: Record) -> None:
        provider_name, name = r.need("provider"), r.need("name")
        if any(pn.provider == provider_name for pn in self.provider_networks.get(name, [])):
            raise RowError(f"provider network '{name}' of provider '{provider_name}' is already defined")
        provider = self.lookup("provider", provider_name)
        pn = ProviderNetwork(len(self.ds.provider_networks) + 1, name, provider.name, provider.id,
                             r.get("service_id"), r.get("description"))
        self.ds.provider_networks[pn.id] = pn
        self.provider_networks.setdefault(name, []).append(pn)
