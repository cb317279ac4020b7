"""How fast hostile input is refused: alias bombs, a bulk entry of 200,000 bad references, odd values.

Each case is loaded (and refused) by the library, best of ``--repeat`` runs, next to a reference measured
in the same run: loading ``sites/office.yaml`` (a valid 175-line site). Prints a Markdown table.

    python benchmarks/bench_safety.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best  # noqa: E402

from cabling.diagnostics import InputError  # noqa: E402
from cabling.readers.loader import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def bomb(levels: int, width: int = 9) -> str:
    lines = ["site:", "  id: hq", "rooms:", "  - id: R0", "    polygon: &a0 [[0, 0], [1, 0], [1, 1]]"]
    for i in range(1, levels + 1):
        lines += [f"  - id: R{i}", f"    polygon: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]"]
    return "\n".join(lines) + "\n"


BASE = (ROOT / "sites" / "office.yaml").read_text(encoding="utf-8")
CASES = {
    "alias bomb, 8 levels of 9 (462 bytes in the issue; 43 million values)": bomb(8),
    "alias bomb, 9 levels of 9 (387 million values)": bomb(9),
    "alias bomb, 30 levels of 2 (a billion values)": bomb(30, 2),
    "one bulk entry with 200,000 bad references": "site:\n  id: hq\ncables:\n"
        "  - {id: 'X-[1-200000]', a: 'NOPE-[1-200000]:1', b: 'GONE-[1-200000]:1'}\n",
    "length: 1e999": BASE.replace("length: 1.5", "length: 1e999", 1),
    "models: models/ (a string, not a list)": BASE.replace("site:", "models: /\nsite:", 1),
    "a room polygon nested 10,000 levels deep": "site:\n  id: hq\nrooms:\n  - id: R\n    polygon: "
        + "[" * 10_000 + "]" * 10_000 + "\n",
    "a range expanding to 2,000,000 outlets": "site:\n  id: hq\ndevices:\n"
        "  - {id: 'O-[1-2000000]', model: cabling-outlet-1}\n",
}

LOOP = ROOT / "tests" / "data" / "loops" / "tie-and-patch.yaml"  # two panels tied rear to rear and patched front to front


def refuse(path: Path) -> int:
    try:
        load([path])
    except InputError as exc:
        return len(exc.diagnostics)
    raise SystemExit(f"{path} was accepted")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ref, _ = best(lambda: load([ROOT / "sites" / "office.yaml"]), args.repeat)
        print(f"reference: load sites/office.yaml: {ref:.3f} s\n")
        print("| input | refused in (s) | / reference | diagnostics |")
        print("|---|---:|---:|---:|")
        for n, (what, text) in enumerate(CASES.items()):
            path = Path(tmp) / f"case{n}.yaml"
            path.write_text(text, encoding="utf-8")
            seconds, count = best(lambda: refuse(path), args.repeat)
            print(f"| {what} | {seconds:.3f} | {seconds / ref:.1f}x | {count} |")
        from cabling.readers.loader import resolve_ref
        from cabling.analysis.trace import trace

        inv = load([LOOP])
        port, _ = resolve_ref(inv, "PP-A:1")
        seconds, paths = best(lambda: trace(port), args.repeat)
        assert any(p.loop for p in paths)
        print(f"| a trace into a cabling loop (tie and patch), stopped and marked | {seconds:.6f} | "
              f"{seconds / ref:.4f}x | loop at {', '.join(inv.ref(x) for x in paths[0].loop_at)} |")
        # a file far over the size limit, through the CLI's way in (the cache works out a key from the files)
        from cabling.readers import cache

        huge = Path(tmp) / "huge.yaml"
        with open(huge, "wb") as fh:  # sparse: 600 MB long
            fh.write(b"site: {id: hq}\n")
            fh.truncate(600 * 2**20)

        def refuse_cached() -> int:
            try:
                cache.load([huge])
            except InputError as exc:
                return len(exc.diagnostics)
            raise SystemExit(f"{huge} was accepted")

        seconds, count = best(refuse_cached, args.repeat)
        print(f"| a file of 600 MB, as the CLI loads it (through the cache) | {seconds:.3f} | {seconds / ref:.1f}x | "
              f"{count} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
