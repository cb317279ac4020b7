"""What the built-in device-type library costs a cold ``cabling validate`` (one whole process).

Two sites of the same shape: a rack with a PoE switch, a 48-port panel and a PDU, 24 wall outlets of two
jacks, each cabled to the panel and patched to the switch, and an access point on 12 of them. One uses
five models of the built-in library (read from its index and one packed chunk each), the other the five
catalogue models of the same kind. Each is validated by a fresh ``python -m cabling.cli validate
--no-cache`` process (cold: no cached inventory), alternating, ``--repeat`` times; a fresh ``python -c "import cabling.cli"`` is the reference
(the cost of starting Python and importing cabling). Prints a table of medians, wall time and CPU time
(user + system, the steadier figure on a shared machine); target: the library site at most 50 ms
slower than the catalogue site.

    python benchmarks/bench_models.py [--repeat 15]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cabling.readers.devicetypes import default_library  # noqa: E402

# role -> (catalogue model, built-in library model)
MODELS = {
    "switch": ("cabling-switch-48-poe", "cisco-c9200l-48p-4x"),
    "panel": ("cabling-cat6a-panel-48", "panduit-dp486x88tgy"),
    "pdu": ("cabling-pdu-8", "apc-ap7920"),
    "outlet": ("cabling-outlet-2", "generic-wall-box-2-utp-plugs"),
    "ap": ("cabling-access-point", "cisco-air-ap2802i-e-k9"),
}
OUTLETS = 24


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def site_text(which: int) -> str:
    """The site with the catalogue's models (which=0) or the library's (which=1)."""
    lib = default_library()
    dt = {role: lib.get(names[which]) for role, names in MODELS.items()}

    def names(role, kind):
        return [p.name for p in dt[role].ports if p.kind == kind]

    def ref(device, role, kind, i):
        name = names(role, kind)[i]
        both = name in names(role, "front") and name in names(role, "rear")
        return _q(f"{device}:{name}" + (f" ({kind})" if both else ""))

    sw_ports = [p.name for p in dt["switch"].ports if p.kind == "interface" and p.poe_mode == "pse"]
    ap_port = next(p.name for p in dt["ap"].ports if p.kind == "interface")
    lines = ["site: {id: bench}", "racks:", "  - {id: R1}", "devices:",
             f"  - {{id: SW1, model: {MODELS['switch'][which]}, rack: R1, u: 40, poe_budget_w: 370}}",
             f"  - {{id: PP1, model: {MODELS['panel'][which]}, rack: R1, u: 41}}",
             f"  - {{id: PDU1, model: {MODELS['pdu'][which]}, rack: R1, u: 1}}"]
    lines += [f"  - {{id: WO{n}, model: {MODELS['outlet'][which]}}}" for n in range(1, OUTLETS + 1)]
    lines += [f"  - {{id: AP{n}, model: {MODELS['ap'][which]}}}" for n in range(1, OUTLETS // 2 + 1)]
    lines.append("cables:")
    k = 0
    for n in range(1, OUTLETS + 1):
        for jack in range(2):
            lines.append(f"  - {{id: H{n}-{jack}, a: {ref(f'WO{n}', 'outlet', 'rear', jack)}, "
                         f"b: {ref('PP1', 'panel', 'rear', k)}, type: cat6a, length: 30}}")
            lines.append(f"  - {{id: P{n}-{jack}, a: {ref('PP1', 'panel', 'front', k)}, "
                         f"b: {_q('SW1:' + sw_ports[k])}, type: cat6a, length: 1}}")
            k += 1
        if n <= OUTLETS // 2:
            lines.append(f"  - {{id: W{n}, a: {ref(f'WO{n}', 'outlet', 'front', 0)}, b: {_q(f'AP{n}:{ap_port}')}, "
                         "type: cat6a, length: 3}")
    return "\n".join(lines) + "\n"


def cold(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one process running ``cmd``.

    On a shared machine the CPU time is the steadier figure: wall time also counts waiting for a core.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for which, name in enumerate(("catalogue", "library")):
            f = Path(tmp) / f"{name}.yaml"
            f.write_text(site_text(which), encoding="utf-8")
            files.append(f)
        runs = {"import cabling.cli (reference)": [sys.executable, "-c", "import cabling.cli"],
                "validate, 5 catalogue models": [sys.executable, "-m", "cabling.cli", "validate", "--no-cache", str(files[0])],
                "validate, 5 library models": [sys.executable, "-m", "cabling.cli", "validate", "--no-cache", str(files[1])]}
        times = {k: [] for k in runs}
        for cmd in runs.values():  # warm the file cache once
            cold(cmd)
        for _ in range(args.repeat):
            for k, cmd in runs.items():
                times[k].append(cold(cmd))
    med = {k: (statistics.median(w for w, _ in ts), statistics.median(c for _, c in ts)) for k, ts in times.items()}
    ref_wall, ref_cpu = med["import cabling.cli (reference)"]
    print(f"cold processes, median of {args.repeat}, Python {sys.version.split()[0]}")
    print("| run | wall (s) | CPU user+sys (s) | CPU / reference |")
    print("|---|---:|---:|---:|")
    for k, (wall, cpu) in med.items():
        print(f"| {k} | {wall:.3f} | {cpu:.3f} | {cpu / ref_cpu:.2f}x |")
    (cat_wall, cat_cpu), (lib_wall, lib_cpu) = med["validate, 5 catalogue models"], med["validate, 5 library models"]
    extra_ms = (lib_cpu - cat_cpu) * 1000
    print(f"\nlibrary site - catalogue site: {extra_ms:+.0f} ms CPU ({(lib_wall - cat_wall) * 1000:+.0f} ms wall), "
          f"ratio {lib_cpu / cat_cpu:.2f}x; target at most +50 ms: {'met' if extra_ms <= 50 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
