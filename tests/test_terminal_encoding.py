"""``python -m cabling`` on a terminal whose encoding is not UTF-8 (``LC_ALL=C`` without Python's UTF-8 mode, or
``PYTHONIOENCODING=ascii``): Cyrillic names typed on the command line are understood, what the terminal cannot
show is printed as ``\\u0422`` escapes, and nothing ends in a traceback, also with a Cyrillic file name.
(``tests/test_yaml_safety.py`` checks the same output under PYTHONIOENCODING=ascii, cp1251 and latin-1.)"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = """\
site: {id: kzn, name: Казань}
floors:
  - {id: '1', level: 0}
rooms:
  - {id: Кабинет-1, floor: '1', name: Бухгалтерия}
racks:
  - {id: Стойка-1, room: Кабинет-1}
devices:
  - {id: Коммутатор, model: cabling-switch-24-poe, rack: Стойка-1, u: 10}
  - {id: Телефон, model: cabling-ip-phone, room: Кабинет-1}
cables:
  - {id: Шнур-1, a: 'Телефон:LAN', b: 'Коммутатор:Gi1/0/1', length: 2}
"""
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
TERMINALS = {"LC_ALL=C": C_LOCALE, "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"}}


def escaped(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode()


def cabling(args, env_extra, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8")}
    env.update(env_extra, PYTHONPATH=str(ROOT))
    # the command line as a shell sends it: UTF-8 bytes, whatever the locale says
    r = subprocess.run([sys.executable, "-m", "cabling", *[a.encode() for a in args]], capture_output=True,
                       env=env, cwd=cwd, timeout=120)
    return r.returncode, r.stdout.decode("ascii"), r.stderr.decode("ascii")


@pytest.mark.parametrize("terminal", sorted(TERMINALS))
@pytest.mark.parametrize("file_name", ["kzn.yaml", "Казань.yaml"])
def test_trace_of_cyrillic_names_on_a_terminal_that_is_not_utf8(tmp_path, terminal, file_name):
    (tmp_path / file_name).write_text(SITE, encoding="utf-8")
    code, out, err = cabling(["trace", file_name, "Телефон:LAN"], TERMINALS[terminal], tmp_path)
    assert code == 0 and "Traceback" not in err, err
    assert f"Trace from {escaped('Телефон')}:LAN (interface port of phone {escaped('Телефон')}" in out
    assert f"-> ends at {escaped('Коммутатор')}:Gi1/0/1 (switch {escaped('Коммутатор')})" in out
    assert f"cable {escaped('Шнур-1')}" in out

    code, out, err = cabling(["trace", file_name, "Нет:1"], TERMINALS[terminal], tmp_path)
    assert code == 2 and "Traceback" not in err and f"port {escaped('Нет')}:1 does not exist" in err

    code, out, err = cabling(["fmt", "--diff", file_name], TERMINALS[terminal], tmp_path)
    assert code == 0 and "Traceback" not in err, err
    assert f"+  - {{id: {escaped('Кабинет-1')}, name: {escaped('Бухгалтерия')}, floor: '1'}}" in out
