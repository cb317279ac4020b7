"""Shared timing helper for the benchmark scripts."""
from __future__ import annotations

import gc
import time


def best(fn, repeat: int):
    """(fastest wall time of ``repeat`` calls, result of the last call); garbage collected before each."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result
