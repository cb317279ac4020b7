"""Writers of site files: the bulk notation and flow mappings the importers write, in-place
edits, the normal layout (``cabling fmt``) and synthetic sites.
"""
