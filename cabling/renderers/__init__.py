"""Renderers: what a person reads, from the analyses (terminal text, capacity charts).
"""
