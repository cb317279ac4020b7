"""Geometry of a site: the pathway network, cable routes, geometric checks, floor plans, DXF import.

Everything here is a pure function of a loaded :class:`~cabling.model.Inventory`; the CLI,
the viewer and the faults all call the same functions.
"""
from __future__ import annotations

from .network import Network, network
from .routes import Leg, Route, horizontal_ends, route_of, routes

__all__ = ["Leg", "Network", "Route", "horizontal_ends", "network", "route_of", "routes"]
