"""NetBox's devicetype-library, built into cabling (see ``PROVENANCE.md`` beside this file).

:mod:`cabling.library.bundle` reads the packed files and their index; :mod:`cabling.modelsearch` lists,
searches and describes every model a site can use (the site's own, the generic catalogue, this library).
"""
