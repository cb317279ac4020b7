"""NetBox's devicetype-library, built into cabling (see ``PROVENANCE.md`` beside this file).

:mod:`cabling.library.bundle` reads the packed files; :mod:`cabling.library.search` lists, searches
and describes every model a site can use (the site's own, the generic catalogue, the built-in library).
"""
