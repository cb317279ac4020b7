"""Analyses: pure functions over a loaded model that return dataclasses (trace, loops, outlet
states, PoE, capacity, impact, ports, lookup and search, labels, site differences).
"""
