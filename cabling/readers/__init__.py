"""Readers: site files (strict YAML with positions, the schemas), device types and the built-in
library, loaded into a validated :class:`~cabling.model.Inventory` (and the cache of loaded sites).
"""
