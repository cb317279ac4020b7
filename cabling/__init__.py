"""cabling: structured-cabling and site-infrastructure modelling.

Data flows one way: YAML (:mod:`cabling.readers.loader`) -> validated model
(:mod:`cabling.model`) -> graph (:mod:`cabling.graph`) -> analyses
(:mod:`cabling.analysis.trace`, ...) -> views (:mod:`cabling.cli`).
"""
__version__ = "0.1.0"
