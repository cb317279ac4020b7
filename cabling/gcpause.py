"""Pausing Python's cyclic garbage collector while big object graphs are built.

Loading a campus makes hundreds of thousands of small objects and no garbage
cycles; without a pause the collector walks them again and again and doubles
the time taken (see benchmarks/RESULTS.md).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
