"""Every closed list of values in one place, as NetBox keeps its ``choices``.

The JSON Schemas in ``schemas/`` list the same values for editors; a test
checks that the two agree.
"""
from __future__ import annotations

# Kinds of port, by the devicetype-library section that defines them.
PORT_SECTIONS = {
    "interfaces": "interface",
    "front-ports": "front",
    "rear-ports": "rear",
    "console-ports": "console",
    "console-server-ports": "console-server",
    "power-ports": "power",
    "power-outlets": "power-outlet",
}
PORT_KINDS = tuple(PORT_SECTIONS.values())
PASS_THROUGH_KINDS = frozenset({"front", "rear"})
# NetBox content types of each kind (dcim.<model>), used by the NetBox interop.
NETBOX_PORT_MODELS = {
    "interface": "interface",
    "front": "frontport",
    "rear": "rearport",
    "console": "consoleport",
    "console-server": "consoleserverport",
    "power": "powerport",
    "power-outlet": "poweroutlet",
}

DEVICE_ROLES = (
    "switch", "router", "firewall", "server", "patch-panel", "outlet", "consolidation-point",
    "phone", "analog-phone", "pc", "printer", "access-point", "camera", "ata", "pbx",
    "block", "pdu", "ups", "media-converter", "other",
)

CABLE_STATUSES = ("planned", "installed", "faulty", "decommissioned")
DEFAULT_CABLE_STATUS = "installed"
# A path is active only when every cable on it has this status.
ACTIVE_CABLE_STATUS = "installed"

# NetBox's CircuitStatusChoices
CIRCUIT_STATUSES = ("planned", "provisioning", "active", "offline", "deprovisioning", "decommissioned")

CABLE_TYPES = (
    "cat3", "cat5", "cat5e", "cat6", "cat6a", "cat7", "cat7a", "cat8",
    "om1", "om2", "om3", "om4", "om5", "os1", "os2", "mmf", "smf",
    "multipair", "coaxial", "power", "usb", "dac", "aoc", "other",
)

# Pathways (site format 'pathways:'): trays, conduits and ceiling runs lie on one floor; risers join floors.
PATHWAY_KINDS = ("tray", "conduit", "ceiling", "riser")
VERTICAL_PATHWAY_KINDS = frozenset({"riser"})
# Floor background images the site format accepts (by file suffix).
BACKGROUND_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
# Cable types that are optical fibre (the rest are copper or other).
FIBRE_CABLE_TYPES = frozenset({"om1", "om2", "om3", "om4", "om5", "os1", "os2", "mmf", "smf"})
# Device roles that are the work-area end of a horizontal cable.
OUTLET_ROLES = frozenset({"outlet", "consolidation-point"})

# Outcome of a cable's certification test (a cable's optional ``test: {date, result}``).
TEST_RESULTS = ("pass", "fail")

# Roles of devices that carry or serve the cabling rather than use it; devices of any other role
# (phones, PCs, printers, cameras, access points, servers ...) are end devices (impact, capacity).
INFRASTRUCTURE_ROLES = frozenset({
    "switch", "router", "firewall", "patch-panel", "outlet", "consolidation-point", "block", "pdu", "ups",
    "media-converter", "pbx",
})
# Roles at the top of a site's network: a device that can no longer reach one of these is cut off.
UPSTREAM_ROLES = frozenset({"router", "firewall"})

# Drawing units of an architect's DXF (``cabling import dxf --units``), in metres
DXF_UNITS_M = {"m": 1.0, "cm": 0.01, "mm": 0.001, "in": 0.0254, "ft": 0.3048}
