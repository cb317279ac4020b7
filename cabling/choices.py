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
# Device roles at the user's end of a channel: their interfaces must reach a network device.
END_DEVICE_ROLES = frozenset({"phone", "analog-phone", "pc", "printer", "access-point", "camera", "ata", "server"})
# Device roles a channel is expected to end on (the active equipment in the telecom space).
NETWORK_ROLES = frozenset({"switch", "router", "firewall"})
# Roles that serve telephony: a phone whose path ends on one of these is connected (an analog phone on a PBX extension).
VOICE_ROLES = frozenset({"pbx", "ata"})
# Device roles whose front ports are patched (panels), as against outlets at the work area.
PANEL_ROLES = frozenset({"patch-panel"})
# Port types (NetBox's) that take copper plugs only, and those that take fibre only.
COPPER_PORT_TYPES = frozenset({"8p8c", "8p6c", "8p4c", "8p2c", "6p6c", "6p4c", "6p2c", "4p4c", "4p2c", "rj-45", "110-punch",
                               "bnc", "f", "n", "gg45", "tera-4p", "tera-2p", "tera-1p", "splice"})
FIBRE_PORT_TYPES = frozenset({"lc", "lc-pc", "lc-upc", "lc-apc", "lsh", "lsh-pc", "lsh-upc", "lsh-apc", "mpo", "mtrj",
                              "sc", "sc-pc", "sc-upc", "sc-apc", "st", "cs", "sn", "sma-905", "sma-906", "urm-p2",
                              "urm-p4", "urm-p8", "fc", "fc-pc", "fc-upc", "fc-apc", "mu", "mu-pc", "mu-upc", "mu-apc"})

# Roles of devices that carry or serve the cabling rather than use it; devices of any other role
# (phones, PCs, printers, cameras, access points, servers ...) are end devices (impact, capacity).
INFRASTRUCTURE_ROLES = frozenset({
    "switch", "router", "firewall", "patch-panel", "outlet", "consolidation-point", "block", "pdu", "ups",
    "media-converter", "pbx",
})
# Roles at the top of a site's network: a device that can no longer reach one of these is cut off.
UPSTREAM_ROLES = frozenset({"router", "firewall"})

# What a cable may join, by kind of port: NetBox's dcim.constants.COMPATIBLE_TERMINATION_TYPES
# (NetBox 4.x; powerfeed left out: cabling has no power feeds), in this package's kind names.
COMPATIBLE_KINDS = {
    "circuit-termination": ("interface", "front", "rear", "circuit-termination"),
    "console": ("console-server", "front", "rear"),
    "console-server": ("console", "front", "rear"),
    "interface": ("interface", "circuit-termination", "front", "rear"),
    "front": ("console", "console-server", "interface", "front", "rear", "circuit-termination"),
    "power-outlet": ("power",),
    "power": ("power-outlet",),
    "rear": ("console", "console-server", "interface", "front", "rear", "circuit-termination"),
}
KIND_NAMES = {
    "interface": "interface", "front": "front port", "rear": "rear port", "console": "console port",
    "console-server": "console server port", "power": "power port", "power-outlet": "power outlet",
    "circuit-termination": "circuit termination",
}
POWER_KINDS = frozenset({"power", "power-outlet"})
# Interface types NetBox will not cable (its NONCONNECTABLE_IFACE_TYPES: virtual and wireless).
NONCONNECTABLE_INTERFACE_TYPES = frozenset({
    "virtual", "bridge", "lag",
    "ieee802.11a", "ieee802.11g", "ieee802.11n", "ieee802.11ac", "ieee802.11ad", "ieee802.11ax",
    "ieee802.11ay", "ieee802.11be", "ieee802.15.1", "other-wireless", "gsm", "cdma", "lte", "4g", "5g",
})
# Interface types that join switches into a stack or virtual chassis (NetBox's InterfaceTypeChoices,
# group "Stacking"; 'stacking' is how some devicetype-library files write it): not for end devices.
STACKING_INTERFACE_TYPES = frozenset({
    "cisco-stackwise", "cisco-stackwise-plus", "cisco-flexstack", "cisco-flexstack-plus", "cisco-stackwise-80",
    "cisco-stackwise-160", "cisco-stackwise-320", "cisco-stackwise-480", "cisco-stackwise-1t", "juniper-vcp",
    "extreme-summitstack", "extreme-summitstack-128", "extreme-summitstack-256", "extreme-summitstack-512",
    "stacking",
})


def is_service_interface(template) -> bool:
    """A switch port that can serve an outlet or device: an interface that is not for management only,
    not virtual or wireless, and not a stacking port."""
    return (template.kind == "interface" and not template.mgmt_only
            and template.type not in NONCONNECTABLE_INTERFACE_TYPES and template.type not in STACKING_INTERFACE_TYPES)

# The medium of a cable type; types not listed (dac, aoc, usb, other) are not checked against ports.
TWISTED_PAIR, FIBRE, COAXIAL, POWER = "twisted pair", "fibre", "coaxial", "power"
CABLE_TYPE_MEDIA = {
    **{t: TWISTED_PAIR for t in ("cat3", "cat5", "cat5e", "cat6", "cat6a", "cat7", "cat7a", "cat8", "multipair")},
    **{t: FIBRE for t in FIBRE_CABLE_TYPES},
    "coaxial": COAXIAL,
    "power": POWER,
}
# The medium of a port type (NetBox's front/rear port, interface and console port types). Cages that
# take a module (SFP, QSFP, ...), 'splice', 'other' and unknown types take any medium and are not checked.
_PORT_TYPE_MEDIA = {
    **{t: TWISTED_PAIR for t in ("8p8c", "8p6c", "8p4c", "8p2c", "6p6c", "6p4c", "6p2c", "4p4c", "4p2c", "gg45",
                                 "tera-4p", "tera-2p", "tera-1p", "110-punch", "mrj21", "rj-11", "rj-12", "rj-45")},
    **{t: COAXIAL for t in ("bnc", "f", "n")},
    **{t: FIBRE for t in ("fc", "lc", "lsh", "lx5", "mpo", "mtrj", "sc", "st", "cs", "sn", "sma-905", "sma-906",
                          "urm-p2", "urm-p4", "urm-p8")},
}
_FIBRE_POLISH = ("-pc", "-upc", "-apc")  # lc-apc, sc-upc, lsh-pc, ...
# fixed optics of interfaces: 1000base-sx, 10gbase-lr, 100gbase-sr4, ... (cages are '...base-x-sfp...')
_FIBRE_OPTICS = ("sx", "lx", "fx", "lfx", "sr", "lr", "er", "zr", "bx", "lrm", "ex", "zx", "dr", "fr")
_COPPER_INTERFACE = ("t", "tx", "t1", "te", "t2")


def port_type_medium(port_type: str | None) -> str | None:
    """The medium a port of NetBox type ``port_type`` takes, or None when it takes any or is not known."""
    if not port_type:
        return None
    found = _PORT_TYPE_MEDIA.get(port_type)
    if found is not None:
        return found
    for polish in _FIBRE_POLISH:
        if port_type.endswith(polish) and _PORT_TYPE_MEDIA.get(port_type[:-len(polish)]) == FIBRE:
            return FIBRE
    base, sep, rest = port_type.partition("base-")
    if sep and base[:1].isdigit():
        if rest in _COPPER_INTERFACE:
            return TWISTED_PAIR
        if rest.startswith(_FIBRE_OPTICS) and "-x-" not in port_type and not rest.startswith("x-"):
            return FIBRE
    return None


# Drawing units of an architect's DXF (``cabling import dxf --units``), in metres
DXF_UNITS_M = {"m": 1.0, "cm": 0.01, "mm": 0.001, "in": 0.0254, "ft": 0.3048}
