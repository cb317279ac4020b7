"""Every standards figure cabling relies on, each with its source.

The standards texts (ANSI/TIA-568, TIA-569, TIA-606, ISO/IEC 11801, IEEE 802.3) are sold, not
public; the figures here come from the public secondary sources named beside each one. Analyses
read them from here and only from here, so a user can check a figure and a site can override it
(see the site format's ``rules:`` settings where an analysis offers that).

Add a figure here with its source before any code uses it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A number from a standard, with its unit and where it comes from."""

    value: float
    unit: str
    source: str

    def __float__(self) -> float:
        return float(self.value)


_TIA568_LENGTHS = ("ANSI/TIA-568 / ISO/IEC 11801 horizontal distances; public summaries: Siemon "
                   "'horizontal distances of copper links', cat6.com FAQ on patch cords")
_TIA568_CONNECTIONS = "ANSI/TIA-568 channel model; public summary: cablinginstall.com (maximum cross-connects per run)"
_ISO11801_CLASSES = "ISO/IEC 11801 categories and classes; public summary: liquisearch on ISO/IEC 11801"
_POE = "IEEE 802.3af/at/bt power classes; public summary: TRENDnet TC-NTP1 manual, public PoE notes"
_TIA569_FILL = "TIA-569 / NEC chapter 9 conduit fill; cable tray planning practice (40-50 % fill)"
_COLOUR_CODE = "25-pair colour code; public summaries: Wikipedia '66 block', deluisio.com 25-pair colour code"
_TIA606 = ("TIA-606-D (2021) identifiers; public summaries: cablepro-network-software.com, Fluke DTX manual, "
           "cablinginstall.com on TIA-606-C")

# --------------------------------------------------------------------------- copper horizontal cabling
PERMANENT_LINK_MAX_M = Figure(90, "m", _TIA568_LENGTHS)  # outlet to panel, the fixed cable
CHANNEL_MAX_M = Figure(100, "m", _TIA568_LENGTHS)  # end device to switch, every cord included
CORDS_MAX_M = Figure(10, "m", _TIA568_LENGTHS)  # patch, equipment and work-area cords together
EQUIPMENT_CORD_RECOMMENDED_M = Figure(5, "m", _TIA568_LENGTHS)
CHANNEL_MAX_CONNECTIONS = Figure(4, "connections", _TIA568_CONNECTIONS)  # cross-connect 2, panel/CP/outlet 1 each
CROSS_CONNECT_CONNECTIONS = Figure(2, "connections", _TIA568_CONNECTIONS)
CONSOLIDATION_POINT_MIN_FROM_TR_M = Figure(15, "m", _TIA568_LENGTHS)
CONSOLIDATION_POINT_MAX_WORK_AREAS = Figure(12, "work areas", _TIA568_LENGTHS)
MUTOA_WORK_AREA_CORD_MAX_M = Figure(20, "m", "ISO/IEC 11801 (TIA-568-B allows 22 m); " + _TIA568_LENGTHS)

# Category -> (ISO/IEC 11801 class, bandwidth in MHz). A channel performs at its lowest part.
COPPER_CATEGORIES = {
    "cat5e": ("D", 100),
    "cat6": ("E", 250),
    "cat6a": ("EA", 500),
    "cat7": ("F", 600),
    "cat7a": ("FA", 1000),
}
COPPER_CATEGORIES_SOURCE = _ISO11801_CLASSES
# 10GBASE-T over 100 m needs Cat6A.
TEN_GBASE_T_MIN_CATEGORY = "cat6a"
TEN_GBASE_T_SOURCE = _ISO11801_CLASSES
# Copper categories from lowest to highest (a channel is rated at its lowest part).
COPPER_CATEGORY_ORDER = ("cat3", "cat5", "cat5e", "cat6", "cat6a", "cat7", "cat7a", "cat8")
COPPER_CATEGORY_ORDER_SOURCE = ("ANSI/TIA-568 categories 3, 5, 5e, 6, 6A and ISO/IEC 11801 / TIA-568.2-D categories 7, 7A, 8 "
                                "in order of bandwidth; " + _ISO11801_CLASSES)
# The lowest category each BASE-T interface type (NetBox's interface type) needs over a 100 m channel.
_BASE_T = ("IEEE 802.3 BASE-T media: 100BASE-TX over Cat5 (802.3u), 1000BASE-T over Cat5e (802.3ab; TIA-568 "
           "recommends Cat5e), 2.5GBASE-T over Cat5e and 5GBASE-T over Cat6 (802.3bz), 10GBASE-T over Cat6A "
           "(802.3an); public summaries: Wikipedia 'Fast Ethernet', 'Gigabit Ethernet', '2.5GBASE-T and "
           "5GBASE-T', " + _ISO11801_CLASSES)
INTERFACE_MIN_CATEGORY = {
    "100base-tx": "cat5",
    "1000base-t": "cat5e",
    "2.5gbase-t": "cat5e",
    "5gbase-t": "cat6",
    "10gbase-t": TEN_GBASE_T_MIN_CATEGORY,
}
INTERFACE_MIN_CATEGORY_SOURCE = _BASE_T

# --------------------------------------------------------------------------- fibre
_FIBRE = "TIA-568 fibre types; public summaries of OM/OS fibre classes and 10GBASE-SR reach"
MODAL_BANDWIDTH_850NM_MHZ_KM = {"om1": 200, "om2": 500, "om3": 2000, "om4": 4700}
TEN_GBASE_SR_REACH_M = {"om3": 300, "om4": 400}
OS2_ATTENUATION_DB_PER_KM = Figure(0.4, "dB/km", _FIBRE)
MPO_FIBRE_COUNTS = (8, 12, 24)
FIBRE_SOURCE = _FIBRE
# Loss budget of a fibre link: fibre attenuation by length plus a loss per mated connector pair and per
# splice (TIA-568 maxima). Not in the project's reference notes: from the Fiber Optic Association's public
# "loss budget" guide, which quotes the EIA/TIA-568 maxima.
_FIBRE_LOSS = ("EIA/TIA-568 maximum component losses, as quoted by the Fiber Optic Association (thefoa.org) "
               "guide 'Fiber optic loss budget': 0.75 dB per mated connector pair, 0.3 dB per splice, "
               "3.5 dB/km multimode at 850 nm; single-mode 0.4 dB/km from " + _FIBRE)
FIBRE_CONNECTOR_LOSS_DB = Figure(0.75, "dB", _FIBRE_LOSS)  # per mated connector pair
FIBRE_SPLICE_LOSS_DB = Figure(0.3, "dB", _FIBRE_LOSS)
FIBRE_ATTENUATION_DB_PER_KM = {  # the worst case a fibre type is allowed, at its usual wavelength
    "om1": 3.5, "om2": 3.5, "om3": 3.5, "om4": 3.5, "om5": 3.5, "mmf": 3.5,
    "os1": float(OS2_ATTENUATION_DB_PER_KM), "os2": float(OS2_ATTENUATION_DB_PER_KM), "smf": float(OS2_ATTENUATION_DB_PER_KM),
}
FIBRE_LOSS_SOURCE = _FIBRE_LOSS
POLARITY_METHODS = ("A", "B", "C")  # TIA-568 polarity methods; a property of the site, never assumed
POLARITY_SOURCE = "ANSI/TIA-568 fibre polarity methods A, B and C"

# --------------------------------------------------------------------------- labelling
# Horizontal link identifier fs-an: telecom space (floor + letter), panel letter(s), port number.
TIA606_LINK_ID_EXAMPLE = "2A-B17"
# The same identifier as a label scheme (see a site's ``rules: {label_scheme: ...}``): telecom space, '-',
# panel letter(s), port number in two digits.
TIA606_LINK_ID_SCHEME = "{space}-{panel}{port:02}"
TIA606_LABEL_WITHIN_MM_OF_END = Figure(300, "mm", _TIA606)
TIA606_SOURCE = _TIA606

# --------------------------------------------------------------------------- pathways
CONDUIT_FILL_MAX = {1: 0.53, 2: 0.31, 3: 0.40}  # cables in the conduit (3 = three or more) -> fraction
TRAY_FILL_PLANNING_MAX = Figure(0.40, "fraction", _TIA569_FILL)
PATHWAY_FILL_SOURCE = _TIA569_FILL
# Typical outer diameter of one cable, by type, for pathway fill (a site's real cable may differ).
_CABLE_OD = ("typical outer diameters from manufacturers' data sheets (e.g. Belden, CommScope, Panduit "
             "U/UTP and F/UTP datasheets; 2-fibre and 12-fibre OM/OS indoor cables)")
CABLE_DIAMETER_MM = {
    "cat3": 4.5, "cat5": 5.0, "cat5e": 5.5, "cat6": 6.2, "cat6a": 7.5, "cat7": 8.0, "cat7a": 8.0, "cat8": 8.3,
    "om1": 3.0, "om2": 3.0, "om3": 3.0, "om4": 3.0, "om5": 3.0, "os1": 3.0, "os2": 3.0, "mmf": 3.0, "smf": 3.0,
    "multipair": 12.0, "coaxial": 7.0, "power": 10.0,
}
CABLE_DIAMETER_DEFAULT_MM = Figure(6.2, "mm", _CABLE_OD)  # a cable of unknown type counts as Cat6
CABLE_DIAMETER_SOURCE = _CABLE_OD

# --------------------------------------------------------------------------- routes (service loops)
_SLACK = ("ANSI/TIA-568 installation guidance on service loops; public summaries: Fluke Networks and "
          "cablinginstall.com 'how much slack to leave' (about 3 m / 10 ft in the telecom room, "
          "0.3 m / 12 in at a copper outlet, 1 m at a fibre outlet)")
RACK_SLACK_M = Figure(3.0, "m", _SLACK)  # service loop at the telecom-room end of a horizontal cable
OUTLET_SLACK_COPPER_M = Figure(0.3, "m", _SLACK)  # at the work-area outlet, copper
OUTLET_SLACK_FIBRE_M = Figure(1.0, "m", _SLACK)  # at the work-area outlet, fibre
SLACK_SOURCE = _SLACK
# Floor-to-floor height assumed for a riser when a floor gives no 'height' (the route is then marked estimated).
DEFAULT_STOREY_HEIGHT_M = Figure(3.5, "m", "assumption: a common office floor-to-floor height (3-4 m); "
                                           "give each floor's 'height' in the site file instead")

# --------------------------------------------------------------------------- telephony
PAIR_TIP_COLOURS = ("white", "red", "black", "yellow", "violet")
PAIR_RING_COLOURS = ("blue", "orange", "green", "brown", "slate")
PAIRS_PER_BINDER = 25
LSA_PLUS_PAIRS_PER_STRIP = 10
BLOCK_66_ROWS = 50  # 25 pairs on 50 rows
COLOUR_CODE_SOURCE = _COLOUR_CODE


def pair_colours(pair: int) -> tuple[str, str]:
    """Tip and ring colour of pair ``pair`` (1-based) within its 25-pair binder."""
    if pair < 1:
        raise ValueError(f"pair numbers start at 1, not {pair}")
    n = (pair - 1) % PAIRS_PER_BINDER
    return PAIR_TIP_COLOURS[n // 5], PAIR_RING_COLOURS[n % 5]


def binder_of(pair: int) -> int:
    """The 25-pair binder (1-based) that pair ``pair`` of a larger cable lies in."""
    if pair < 1:
        raise ValueError(f"pair numbers start at 1, not {pair}")
    return (pair - 1) // PAIRS_PER_BINDER + 1


def binder_colours(pair: int) -> tuple[str, str]:
    """Colours of the binder ribbon around the 25-pair group that pair ``pair`` lies in.

    Binders of a larger cable are marked with the same code as the pairs: binder 1
    white/blue, binder 2 white/orange, ... (the code repeats after 25 binders).
    """
    return pair_colours(binder_of(pair))


def colour_text(pair: int) -> str:
    """``red/orange`` for pair 7; ``binder 2 white/orange, white/blue`` for pair 26 of a larger cable."""
    tip, ring = pair_colours(pair)
    if pair <= PAIRS_PER_BINDER:
        return f"{tip}/{ring}"
    btip, bring = binder_colours(pair)
    return f"binder {binder_of(pair)} {btip}/{bring}, {tip}/{ring}"


# Pairs per row or strip of each kind of cross-connect block (the site format's block 'kind').
BLOCK_PAIRS_PER_ROW = {"110": PAIRS_PER_BINDER, "66": PAIRS_PER_BINDER, "lsa-plus": LSA_PLUS_PAIRS_PER_STRIP}
BLOCK_ROW_WORD = {"110": "row", "66": "block", "lsa-plus": "strip"}

# Pair of a 4-pair horizontal cable that carries an analog line on the jack's centre pins
# (RJ11 pins 3-4 on an RJ45 jack's pins 4-5): pair 1, white/blue, in T568A and T568B alike.
HORIZONTAL_VOICE_PAIR = 1
HORIZONTAL_VOICE_PAIR_SOURCE = "ANSI/TIA-568 T568A/T568B pin-outs (pair 1 on pins 4/5); public summary: Wikipedia 'TIA-568'"

# --------------------------------------------------------------------------- telephone numbers (E.164)
_E164 = ("ITU-T E.164 country calling codes and national trunk prefixes; public summary: Wikipedia "
         "'List of country calling codes' and 'Trunk prefix'")
# ISO 3166 country -> (country calling code, national trunk prefix or '' where none is dialled,
# digits of a national significant number where all have one length, else None).
COUNTRY_CALLING = {
    "RU": ("7", "8", 10), "KZ": ("7", "8", 10), "US": ("1", "1", 10), "CA": ("1", "1", 10),
    "BY": ("375", "8", 9), "UA": ("380", "0", 9), "GB": ("44", "0", None), "DE": ("49", "0", None),
    "FR": ("33", "0", 9), "IT": ("39", "", None), "ES": ("34", "", 9), "NL": ("31", "0", 9),
    "PL": ("48", "", 9), "TR": ("90", "0", 10), "CN": ("86", "0", None), "IN": ("91", "0", 10),
    "JP": ("81", "0", None), "AU": ("61", "0", 9),
}
E164_MAX_DIGITS = 15
E164_SOURCE = _E164


# --------------------------------------------------------------------------- PoE
# Power at the switch port (PSE) by class, in watts.
POE_CLASS_PSE_W = {0: 15.4, 1: 4.0, 2: 7.0, 3: 15.4, 4: 30.0, 5: 45.0, 6: 60.0, 7: 75.0, 8: 90.0}
# Standard -> (type, PSE W, PD W, pairs, classes).
POE_STANDARDS = {
    "802.3af": (1, 15.4, 12.95, 2, range(0, 4)),
    "802.3at": (2, 30.0, 25.5, 2, range(4, 5)),
    "802.3bt-type3": (3, 60.0, 51.0, 4, range(5, 7)),
    "802.3bt-type4": (4, 90.0, 71.3, 4, range(7, 9)),
}
POE_SOURCE = _POE
# NetBox's interface PoE types (its InterfacePoETypeChoices, also the devicetype-library's
# ``poe_type``) -> the IEEE standard above. Passive PoE follows no standard: no figure.
POE_TYPE_STANDARD = {
    "type1-ieee802.3af": "802.3af",
    "type2-ieee802.3at": "802.3at",
    "type3-ieee802.3bt": "802.3bt-type3",
    "type4-ieee802.3bt": "802.3bt-type4",
}
POE_TYPE_SOURCE = "NetBox dcim InterfacePoETypeChoices (Apache-2.0), mapped onto " + _POE
# A powered device that gives no class draws as class 0, the 802.3af default (15.4 W at the PSE).
POE_DEFAULT_CLASS = 0

# --------------------------------------------------------------------------- racks
# One rack unit (U) is 1.75 in: the height a patch cord climbs per unit between a panel and a switch.
RACK_UNIT_M = Figure(0.04445, "m", "EIA-310-D / IEC 60297 rack unit: 1.75 in (44.45 mm)")

# --------------------------------------------------------------------------- printed documents (work orders, labels)
_PAPER = "ISO 216 (A4 210 x 297 mm) and ANSI/ASME Y14.1 letter (8.5 x 11 in); public summary: Wikipedia 'Paper size'"
PAPER_MM = {"a4": (Figure(210, "mm", _PAPER), Figure(297, "mm", _PAPER)),
            "letter": (Figure(215.9, "mm", _PAPER), Figure(279.4, "mm", _PAPER))}
# The light margin a QR code needs around it to be read: 4 modules on every side.
QR_QUIET_ZONE_MODULES = Figure(4, "modules", "ISO/IEC 18004 quiet zone; public summaries: Wikipedia 'QR code', "
                                             "the segno documentation (border)")
