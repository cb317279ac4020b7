"""``-j N``: run one job per PATH in N processes, answers in the order of the PATHs.

Each PATH is a site of its own (a branch folder, say), so the jobs share nothing and the speed-up is bounded
by the free cores. The heaviest PATHs (by the bytes of their files) start first, so that one large campus
does not start last and keep the others waiting; the answers still come back in the order given.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path


def weight(path: str) -> int:
    """The bytes of the files under ``path`` (a file or a folder): how long its job will take, roughly."""
    p = Path(path)
    try:
        if p.is_dir():
            return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        return p.stat().st_size
    except OSError:
        return 0


def run_each(fn, jobs: list, paths: list[str], n: int, preload: tuple[str, ...] = (), done=None) -> list:
    """``[fn(job) for job in jobs]``, ``n`` at a time in worker processes when ``n > 1``.

    ``paths[i]`` is what ``jobs[i]`` reads (to order the work, heaviest first). The modules in ``preload`` are
    imported here first, so that forked workers start with them instead of each importing them again.
    ``done(k)`` is called as the k-th job finishes (a progress count), in the parent.
    """
    if n <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            results.append(fn(job))
            if done is not None:
                done(len(results))
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    for name in preload:
        import_module(name)
    order = sorted(range(len(jobs)), key=lambda i: -weight(paths[i]))
    results: list = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=min(n, len(jobs))) as pool:
        futures = {pool.submit(_in_worker, fn, jobs[i]): i for i in order}
        for k, f in enumerate(as_completed(futures), 1):
            results[futures[f]] = f.result()
            if done is not None:
                done(k)
    return results


def _in_worker(fn, job):
    from . import progress

    progress._current = None  # forked from a process showing a spinner: only the parent draws it
    return fn(job)
