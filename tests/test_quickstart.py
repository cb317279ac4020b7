"""The README's quick start is what a new user and CI run: two commands, the second is .ci/run's last line."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_two_commands_the_first_starts_the_viewer():
    first, second = quick_start()
    assert first == "python -m pip install -q -e . && streamlit run app.py"
    assert (ROOT / "app.py").is_file()
    assert second == 'python -m pip install -q -e ".[test]" && python -m pytest -q'


def test_ci_runs_the_test_command_after_installing_chromium():
    lines = [ln for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[-1] == quick_start()[1]
    chromium = next(i for i, ln in enumerate(lines) if "apt-get install -y chromium" in ln)
    assert "command -v chromium" in lines[chromium] and chromium < len(lines) - 1
