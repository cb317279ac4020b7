"""The command line on a terminal and in a pipe: colour only on a terminal (or when asked), NO_COLOR
honoured, JSON never styled, tables cut to the terminal's width, a progress spinner on standard error
only on a terminal. The commands run in a real pseudo-terminal (pty) and through a real pipe."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_pty(args, stdout=None, **env) -> str:
    """What a terminal shows of ``cabling ARGS`` (stdout and stderr both on the terminal, or stdout to the file
    ``stdout``)."""
    master, slave = pty.openpty()
    # no spinner unless a test asks for one (CABLING_PROGRESS_DELAY=0): a slow machine must not add one
    e = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color", "CABLING_PROGRESS_DELAY": "600", **env}
    e.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    proc = subprocess.Popen([sys.executable, "-m", "cabling.cli", *args], stdin=slave,
                            stdout=slave if stdout is None else stdout, stderr=slave, cwd=ROOT, env=e, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError(f"no output for 120 s from {args}")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def in_pipe(args, **env) -> subprocess.CompletedProcess:
    e = {**os.environ, **env}
    e.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    return subprocess.run([sys.executable, "-m", "cabling.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=e, timeout=120)


def test_faults_are_coloured_by_severity_on_a_terminal_and_plain_in_a_pipe():
    args = ["faults", "sites/faulty.yaml"]
    shown = in_pty(args)
    piped = in_pipe(args)
    assert piped.returncode == 1 and not ANSI.search(piped.stdout)
    assert "\x1b[1;31merror\x1b[0m" in shown and "\x1b[33mwarning\x1b[0m" in shown  # red errors, yellow warnings
    assert ANSI.sub("", shown) == piped.stdout  # the same characters: colour only adds styles


def test_the_far_end_of_a_trace_is_highlighted():
    shown = in_pty(["trace", "sites/branch.yaml", "2A-V01:1"])
    assert re.search(r"\x1b\[1;32m-> ends at PBX-1A-1:FXS3 \(pbx PBX-1A-1\)\x1b\[0m", shown)


def test_color_never_no_color_and_always():
    args = ["faults", "sites/faulty.yaml"]
    assert not ANSI.search(in_pty(args + ["--color", "never"]))
    assert not ANSI.search(in_pty(args, NO_COLOR="1"))
    forced = in_pipe(args + ["--color", "always"])
    assert "\x1b[1;31merror" in forced.stdout


def test_json_is_never_styled_and_is_the_same_on_a_terminal():
    args = ["faults", "sites/faulty.yaml", "--json"]
    shown = in_pty(args, CABLING_PROGRESS_DELAY="0")
    assert not ANSI.search(shown)
    assert json.loads(shown) == json.loads(in_pipe(args).stdout)


def test_tables_fit_the_terminal_and_stay_whole_in_a_pipe():
    args = ["capacity", "sites/branch.yaml"]
    shown = ANSI.sub("", in_pty(args, COLUMNS="80"))
    lines = [line for line in shown.split("\n") if line.strip()]
    assert lines and all(len(line) <= 80 for line in lines)
    assert "SPACE" in lines[0] and sum(line.startswith("SPACE ") for line in lines) > 1  # in parts, each with its key
    piped = in_pipe(args).stdout
    assert max(len(line) for line in piped.split("\n")) > 80 and "\u2026" not in piped


def test_a_spinner_shows_long_work_on_a_terminal_only():
    args = ["validate", "sites/campus.yaml", "--no-cache"]
    shown = in_pty(args, CABLING_PROGRESS_DELAY="0")
    assert "cabling validate: loading sites/campus.yaml" in ANSI.sub("", shown)
    assert "ok: sites/campus.yaml" in ANSI.sub("", shown)
    quiet = in_pty(args + ["--quiet"], CABLING_PROGRESS_DELAY="0")
    assert "loading" not in quiet
    piped = in_pipe(args, CABLING_PROGRESS_DELAY="0")
    assert "loading" not in piped.stderr and not ANSI.search(piped.stderr + piped.stdout)


def test_output_sent_to_a_file_goes_there_while_the_spinner_shows_on_the_terminal(tmp_path):
    """Standard output to a file, standard error on a terminal: the spinner on the terminal, the report in the file
    (rich's status line used to catch standard output while it ran and show it on the terminal instead)."""
    out = tmp_path / "report.txt"
    with open(out, "w", encoding="utf-8") as fh:
        shown = ANSI.sub("", in_pty(["faults", "sites/campus.yaml", "--no-cache"], stdout=fh,
                                    CABLING_PROGRESS_DELAY="0"))
    report = out.read_text(encoding="utf-8")
    assert "cabling faults: checking rules" in shown
    assert re.search(r"^0 errors, 0 warnings, \d+ info in sites/campus.yaml$", report, re.M)
    assert "info in sites/campus.yaml" not in shown


def test_long_work_shows_what_it_is_doing_with_a_count_of_how_far_it_is():
    shown = ANSI.sub("", in_pty(["faults", "sites/campus.yaml", "--no-cache"], CABLING_PROGRESS_DELAY="0"))
    counts = re.findall(r"cabling faults: checking rules \S+ (\d+)/(\d+) (\d+)%", shown)
    assert counts, shown[-2000:]
    assert all(int(done) < int(total) and int(pct) == 100 * int(done) // int(total) for done, total, pct in counts)
    assert re.search(r"^0 errors, 0 warnings, \d+ info in sites/campus.yaml$", shown, re.M)  # on a line of its own
    piped = in_pipe(["faults", "sites/campus.yaml", "--no-cache"], CABLING_PROGRESS_DELAY="0")
    assert "checking rules" not in piped.stderr + piped.stdout


def test_generating_a_campus_counts_its_buildings(tmp_path):
    out = tmp_path / "campus.yaml"
    shown = ANSI.sub("", in_pty(["generate", "--outlets", "3000", "-o", str(out)], CABLING_PROGRESS_DELAY="0"))
    assert re.search(r"cabling generate: buildings \S+ \d+/\d+ \d+%", shown), shown[-2000:]
    assert f"wrote {out}: 3,000 outlets" in shown.replace("\n", "")
    assert out.read_text(encoding="utf-8").count("outlets") > 0


def test_the_progress_bar_uses_ascii_on_a_terminal_that_cannot_show_box_drawing():
    shown = in_pty(["faults", "sites/campus.yaml", "--no-cache"], CABLING_PROGRESS_DELAY="0",
                   PYTHONIOENCODING="latin-1")
    assert re.search(r"checking rules [#-]+ \d+/\d+", ANSI.sub("", shown)), shown[-2000:]
    assert "\u2501" not in shown
