"""The examples at the end of every command's ``--help``: real command lines on the bundled sites.

Run from the repository (or any folder holding its ``sites/``), in order: a later example may read
what an earlier one wrote (``export netbox`` before ``import netbox``). ``tests/test_cli_help.py``
runs every one of them, so none can fall behind the commands.
"""
from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "validate": ("cabling validate sites/branch.yaml",
                 "cabling validate sites/ --json",
                 "cabling validate sites/branch.yaml sites/office.yaml -j 2"),
    "faults": ("cabling faults sites/faulty.yaml",
               "cabling faults sites/branch.yaml --select telephony,V1 --severity warning",
               "cabling faults sites/faulty.yaml sites/office.yaml -j 2 --sarif"),
    "rules": ("cabling rules",
              "cabling rules V103",
              "cabling rules --example-base"),
    "trace": ("cabling trace sites/branch.yaml 2A-017",
              "cabling trace sites/branch.yaml PP-2A-A:17 --json",
              "cabling trace sites/branch.yaml 2A-V01:1"),
    "impact": ("cabling impact sites/branch.yaml SW-2A-1",
               "cabling impact sites/branch.yaml H-1A-A33 --json",
               "cabling impact sites/branch.yaml PBX-1A-1"),
    "capacity": ("cabling capacity sites/branch.yaml",
                 "cabling capacity sites/branch.yaml --by floor",
                 "cabling capacity sites/faulty.yaml --csv"),
    "plan": ("cabling plan sites/branch.yaml sites/plans/branch-expansion.yaml",
             "cabling plan sites/branch.yaml sites/plans/branch-expansion.yaml --json"),
    "workorders": ("cabling workorders sites/branch.yaml sites/plans/branch-expansion.yaml -o wo/",
                   "cabling workorders sites/branch.yaml sites/plans/branch-expansion.yaml -o wo/ --format xlsx --force",
                   "cabling workorders sites/branch.yaml sites/plans/branch-expansion.yaml -o wo-us/ --format html "
                   "--paper letter"),
    "ports": ("cabling ports sites/branch.yaml --free --device 'PP-3A-*'",
              "cabling ports sites/branch.yaml --device SW-2A-1 --kind interface --json"),
    "find": ("cabling find sites/branch.yaml 214",
             "cabling find sites/branch.yaml '0113 496 0101'",
             "cabling find sites/branch.yaml 'DECT handset'"),
    "directory": ("cabling directory sites/branch.yaml",
                  "cabling directory sites/branch.yaml --csv"),
    "models": ("cabling models --role patch-panel --from catalogue",
               "cabling models cisco c9200l-48p",
               "cabling models show cabling-pbx-24"),
    "floorplan": ("cabling floorplan sites/branch.yaml --floor 2 --routes -o floor-2.pdf",
                  "cabling floorplan sites/branch.yaml --floor 3 -o floor-3.svg"),
    "generate": ("cabling generate --outlets 1000 --seed 1 -o campus-1k.yaml",
                 "cabling generate --outlets 2000 --seed 7 --expanded -o campus-2k.yaml",
                 "cabling generate --outlets 500 --layout building -o building.yaml"),
    "fmt": ("cabling fmt --check sites/",
            "cabling fmt --diff sites/kazan.yaml",
            "cabling fmt sites/office.yaml"),
    "export netbox": ("cabling export netbox sites/branch.yaml -o netbox-branch/",
                      "cabling export netbox sites/branch.yaml sites/office.yaml --templates -o netbox-two/"),
    "import netbox": ("cabling import netbox netbox-branch/ -o from-netbox/",
                      "cabling import netbox netbox-two/ -o from-netbox-two/"),
    "import journal": ("cabling import journal sites/journal/kazan-journal.xlsx -o kazan-journal.yaml",
                       "cabling import journal sites/journal/kazan-journal-b.csv -o kazan-b.yaml"),
    "export journal": ("cabling export journal sites/branch.yaml -o branch-journal.xlsx",
                       "cabling export journal sites/kazan.yaml -o kazan.csv --delimiter ';'"),
    "import dxf": ("cabling import dxf sites/drawings/branch-floor2.dxf --floor 2 --units mm --site acme-branch "
                   "-o rooms-2.yaml",
                   "cabling import dxf sites/drawings/branch-floor2.dxf --floor 2 --units mm --layer ROOMS -o rooms.yaml"),
    "completion": ('eval "$(cabling completion bash)"',
                   "cabling completion fish > ~/.config/fish/completions/cabling.fish"),
    "diff": ("cabling diff sites/journal/kazan-journal.yaml kazan-journal.yaml",
             "cabling diff sites/journal/kazan-journal.yaml kazan-b.yaml --json"),
    "apply": ("cabling apply sites/branch.yaml sites/plans/branch-expansion.yaml --dry-run",
              "cabling apply sites/branch.yaml sites/plans/branch-expansion.yaml "
              "--results sites/plans/branch-expansion-tester.csv --dry-run --json"),
}


def epilog(command: str) -> str | None:
    lines = EXAMPLES.get(command)
    if not lines:
        return None
    return "examples:\n" + "".join(f"  {line}\n" for line in lines)
