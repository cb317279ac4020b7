"""NetBox import benchmark: `python benchmarks/bench_netbox.py [--repeat 5]`.

Times the import of NetBox's demo database (``tests/data/netbox-demo``, gzipped)
step by step, each next to a reference measured in the same run: a bare read
of the dump's bytes, gunzipped and split into lines.
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import tempfile
import time
from pathlib import Path

from cabling.analysis.trace import trace
from cabling.cli import main as cli
from cabling.netbox import read_dump
from cabling.netbox.convert import convert
from cabling.readers.loader import load
from timing import best

DUMP = Path(__file__).resolve().parents[1] / "tests" / "data" / "netbox-demo" / "netbox-demo-v4.2.sql.gz"




def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"# NetBox demo import, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, best of {args.repeat}; dump {DUMP.stat().st_size / 2**20:.1f} MiB")
    print()
    t_bare, _ = best(lambda: gzip.decompress(DUMP.read_bytes()).splitlines(), args.repeat)
    t_read, ds = best(lambda: read_dump(DUMP), args.repeat)
    t_conv, _ = best(lambda: convert(ds), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        def whole():
            return cli(["import", "netbox", str(DUMP), "-o", tmp, "--force"])
        import contextlib
        import io
        with contextlib.redirect_stderr(io.StringIO()):
            t_cmd, _ = best(whole, args.repeat)
        t_load, inv = best(lambda: load([tmp]), args.repeat)
        conv = convert(ds)

        def trace_all():
            n = 0
            for cp in ds.cable_paths.values():
                site, dev, name, kind = conv.port_of[cp.origin[0]]
                n += len(trace(inv.sites[site].devices[dev].port(name, kind)))
            return n
        t_trace, n = best(trace_all, args.repeat)
    rows = [
        ("bare read of the dump, split into lines (reference)", t_bare),
        ("read_dump: parse the COPY blocks into a dataset", t_read),
        ("convert: dataset to site and model files (in memory)", t_conv),
        ("`cabling import netbox` whole command (read, convert, write)", t_cmd),
        ("load the 24 imported site files", t_load),
        (f"trace the {n} NetBox path origins", t_trace),
    ]
    print("| step | seconds | ratio to bare read |")
    print("|---|---:|---:|")
    for name, t in rows:
        print(f"| {name} | {t:.4f} | {t / t_bare:.1f}x |")


if __name__ == "__main__":
    main()
