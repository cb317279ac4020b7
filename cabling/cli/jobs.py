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


def run_each(fn, jobs: list, paths: list[str], n: int, preload: tuple[str, ...] = ()) -> list:
    """``[fn(job) for job in jobs]``, ``n`` at a time in worker processes when ``n > 1``.

    ``paths[i]`` is what ``jobs[i]`` reads (to order the work, heaviest first). The modules in ``preload`` are
    imported here first, so that forked workers start with them instead of each importing them again.
    """
    if n <= 1 or len(jobs) <= 1:
        return [fn(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    for name in preload:
        import_module(name)
    order = sorted(range(len(jobs)), key=lambda i: -weight(paths[i]))
    results: list = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=min(n, len(jobs))) as pool:
        futures = {i: pool.submit(fn, jobs[i]) for i in order}
        for i, f in futures.items():
            results[i] = f.result()
    return results
