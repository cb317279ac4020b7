"""The YAML reader under hostile or odd input: alias bombs, tags, merge keys, numbers, bytes and encodings.

Each class of input is refused with one positioned error (or, for merge keys, works as YAML says).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cabling.diagnostics import InputError
from cabling.readers.loader import load
from test_loader import BASE, site_text, write

ROOT = Path(__file__).resolve().parents[1]


def errors_of(path) -> list:
    with pytest.raises(InputError) as info:
        load([path])
    return info.value.diagnostics


def bomb(levels: int, width: int = 9) -> str:
    lines = ["site:", "  id: hq", "rooms:", "  - id: R0", "    polygon: &a0 [[0, 0], [1, 0], [1, 1]]"]
    for i in range(1, levels + 1):
        items = ", ".join([f"*a{i - 1}"] * width)
        lines += [f"  - id: R{i}", f"    polygon: &a{i} [{items}]"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels,width", [(8, 9), (9, 9), (20, 2), (4, 100)])
def test_an_alias_bomb_is_refused_with_one_error_at_the_alias(tmp_path, levels, width):
    f = write(tmp_path / "bomb.yaml", bomb(levels, width))
    diags = errors_of(f)
    assert len(diags) == 1, [str(d) for d in diags]
    assert "alias" in diags[0].message and "100,000" in diags[0].message
    assert diags[0].mark.line > 5  # at an alias, not at the top of the file


def test_aliases_that_share_a_few_values_still_work(tmp_path):
    text = site_text(rooms="  - {id: STORE, floor: '1', polygon: &p [[20, 20], [25, 20], [25, 25]]}\n"
                           "  - {id: STORE-2, floor: '1', polygon: *p}\n")
    inv = load([write(tmp_path / "s.yaml", text)])
    rooms = inv.sites["hq"].rooms
    assert rooms["STORE-2"].polygon == rooms["STORE"].polygon == [(20, 20), (25, 20), (25, 25)]


@pytest.mark.parametrize("tag,shown", [("!include other.yaml", "!include"),
                                       ("!!python/object/apply:os.system ['ls']", "!!python/object/apply:os.system"),
                                       ("!!python/name:os.system", "!!python/name:os.system"),
                                       ("!custom {a: 1}", "!custom"),
                                       ("!!int 3", "!!int"),
                                       ("!!set {a, b}", "!!set"),  # not also "'a' has no ':'" inside it
                                       ("!!omap [a: 1, b: 2]", "!!omap")])
def test_an_unknown_tag_is_an_error_that_names_it(tmp_path, tag, shown):
    f = write(tmp_path / "t.yaml", f"site:\n  id: hq\n  name: {tag}\n")
    diags = errors_of(f)
    tagged = [d for d in diags if f"'{shown}'" in d.message]
    assert len(tagged) == 1 and tagged[0].mark.line == 3 and tagged[0].mark.column == 9, [str(d) for d in diags]
    assert len(diags) == 1, [str(d) for d in diags]  # one mistake, one error: not also "expected string"


@pytest.mark.parametrize("old,new", [("length: 25", "length: !!int 25"), ("length: 25", "length: !!float 25"),
                                     ("u: 42}", "u: !!int 42}"), ("at: [10, 10]", "at: !!python/tuple [10, 10]"),
                                     ("at: [10, 10]", "at: [!!float 10, 10]"),
                                     ("polygon: [[0, 0]", "polygon: !points [[0, 0]")])
def test_a_tagged_value_is_one_error_wherever_it_is(tmp_path, old, new):
    """Under a key that holds a number or a list the value keeps its text: the tag is the one error."""
    diags = errors_of(write(tmp_path / "t.yaml", BASE.replace(old, new, 1)))
    errors = [d for d in diags if d.severity != "note"]
    assert len(errors) == 1 and "YAML tag" in errors[0].message, [str(d) for d in diags]


def test_merge_keys_work_as_yaml_says(tmp_path):
    text = site_text(devices="  - &outlet {id: 1A-002, model: cabling-outlet-2, room: OFFICE, at: [12, 10]}\n"
                             "  - {<<: *outlet, id: 1A-003}\n"
                             "  - <<: [*outlet, {description: second}]\n"
                             "    id: 1A-004\n"
                             "    at: [14, 10]\n")
    inv = load([write(tmp_path / "m.yaml", text)])
    devices = inv.sites["hq"].devices
    assert devices["1A-003"].at == (12, 10) and devices["1A-003"].room.id == "OFFICE"
    assert devices["1A-004"].at == (14, 10)  # a key of its own wins over the merged one
    assert devices["1A-004"].description == "second"


def test_defaults_for_merge_keys_live_under_an_x_key_at_the_top(tmp_path):
    """A block of defaults that many entries merge needs a home outside the sections: ``x-`` keys are read
    by no one (as in docker-compose); any other unknown key at the top stays an error."""
    defaults = "x-defaults:\n  cat6: &cat6 {type: cat6a, length: 12.5}\n"
    cables = "  - {<<: *cat6, id: X-1, a: 1A-001:R2, b: PP-1A-A:R2}\n  - {<<: *cat6, id: X-2, a: PP-1A-A:5, b: PP-1A-A:6, length: 3}\n"
    inv = load([write(tmp_path / "d.yaml", defaults + site_text(cables=cables))])
    x1, x2 = inv.sites["hq"].cables["X-1"], inv.sites["hq"].cables["X-2"]
    assert (x1.type, x1.length) == ("cat6a", 12.5) and (x2.type, x2.length) == ("cat6a", 3)
    diags = errors_of(write(tmp_path / "e.yaml", defaults.replace("x-defaults", "defaults") + site_text(cables=cables)))
    assert any("unknown key 'defaults'" in d.message for d in diags), [str(d) for d in diags]


def test_a_merge_key_that_is_not_a_mapping_is_refused_by_name(tmp_path):
    f = write(tmp_path / "m.yaml", "site: {id: hq, <<: just text}\n")
    diags = errors_of(f)
    assert any("merge key (<<)" in d.message for d in diags), [str(d) for d in diags]


@pytest.mark.parametrize("value", ["1e999", "-1e999", ".inf", "-.inf", ".nan", "9" * 400])
def test_a_number_that_is_not_finite_is_an_error(tmp_path, value):
    f = write(tmp_path / "n.yaml", site_text(cables=f"  - {{id: X-1, a: 1A-001:R2, b: PP-1A-A:R2, length: {value}}}\n"))
    diags = errors_of(f)
    assert len(diags) == 1 and "not a finite number" in diags[0].message and "length" in diags[0].message, \
        [str(d) for d in diags]


@pytest.mark.parametrize("key,value", [("length", "10000000"), ("length", "1e7"), ("level", "1e50"),
                                       ("height", "3500"), ("u", "4100"), ("at", "[1e9, 0]")])
def test_numbers_out_of_sane_bounds_for_their_quantity_are_errors(tmp_path, key, value):
    entries = {
        "length": lambda v: site_text(cables=f"  - {{id: X-1, a: 1A-001:R2, b: PP-1A-A:R2, length: {v}}}\n"),
        "level": lambda v: BASE.replace("level: 0", f"level: {v}"),
        "height": lambda v: BASE.replace("height: 3.5", f"height: {v}"),
        "u": lambda v: BASE.replace("rack: R-1A-1, u: 42}", f"rack: R-1A-1, u: {v}}}"),
        "at": lambda v: BASE.replace("at: [10, 10]", f"at: {v}"),
    }
    diags = errors_of(write(tmp_path / "b.yaml", entries[key](value)))
    assert any("must be at most" in d.message for d in diags), [str(d) for d in diags]


@pytest.mark.parametrize("at,words,written", [("[1e999, 10]", "at: '1e999' is not a finite number", "1e999"),
                                              ("[.inf, 10]", "at: '.inf' is not a finite number", ".inf"),
                                              ("[[10, 10], [1e999, 10]]", "at: '1e999' is not a finite number", "1e999"),
                                              ("['x', 10]", "at: expected number, got 'x'", "'x'"),
                                              ("[1e9, 10]", "at: 1000000000.0 must be at most 100000", "1e9")])
def test_a_bad_coordinate_is_named_where_a_point_or_a_list_of_points_may_stand(tmp_path, at, words, written):
    """`at` is a point or a list of points: the message is about the coordinate, at the coordinate, not
    'expected array, got 10' about the list of points the value is not."""
    text = BASE.replace("at: [10, 10]", f"at: {at}")
    (d,) = [d for d in errors_of(write(tmp_path / "p.yaml", text)) if d.severity != "note"]
    assert words in d.message, str(d)
    assert text.splitlines()[d.mark.line - 1][d.mark.column - 1:].startswith(written), str(d)


@pytest.mark.parametrize("value", ["'25'", '"2.5"', "'1e3'"])
def test_a_number_in_quotes_is_named_as_text_in_quotes(tmp_path, value):
    f = write(tmp_path / "q.yaml", BASE.replace("length: 25", f"length: {value}"))
    (d,) = errors_of(f)
    assert "in quotes, so it is text" in d.message and "not a finite number" not in d.message, str(d)


def test_a_sane_long_fibre_run_is_accepted(tmp_path):
    text = site_text(cables="  - {id: X-1, a: 1A-001:R2, b: PP-1A-A:R2, length: 12000}\n")
    assert load([write(tmp_path / "ok.yaml", text)]).sites["hq"].cables["X-1"].length == 12000


def test_a_decimal_comma_is_named(tmp_path):
    block = write(tmp_path / "a.yaml", BASE.replace("height: 3.5", "height: 3,5"))
    (d,) = errors_of(block)
    assert "decimal comma" in d.message and "3.5" in d.message
    flow = write(tmp_path / "b.yaml", site_text(cables="  - {id: X-1, a: 1A-001:R2, b: PP-1A-A:R2, length: 27,5}\n"))
    (d,) = errors_of(flow)
    assert "decimal comma" in d.message and "27.5" in d.message


def test_a_comma_inside_an_unquoted_flow_value_is_named(tmp_path):
    f = write(tmp_path / "c.yaml", site_text(racks="  - {id: R-1A-2, space: 1A, name: Rack two, left}\n"))
    (d,) = errors_of(f)
    assert "comma inside { }" in d.message and '"Rack two, left"' in d.message


@pytest.mark.parametrize("bad,what", [(b"\x00", "NUL byte"), (b"\x07", "U+0007")])
def test_a_control_character_is_reported_at_its_line_and_column(tmp_path, bad, what):
    f = tmp_path / "c.yaml"
    f.write_bytes(b"site:\n  id: hq\n  name: Head" + bad + b" office\n")
    (d,) = errors_of(f)
    assert what in d.message and (d.mark.line, d.mark.column) == (3, 13)


def test_a_byte_that_is_not_utf8_is_reported_at_its_line_and_column(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_bytes("site:\n  id: hq\n  name: Zürich ".encode() + b"\xff\n")
    (d,) = errors_of(f)
    assert "0xFF" in d.message and "UTF-8" in d.message and (d.mark.line, d.mark.column) == (3, 16)


@pytest.mark.parametrize("encoding,named", [("cp1251", "Windows-1251"), ("cp1252", "Windows-1252"),
                                            ("utf-16", "UTF-16")])
def test_a_file_in_another_encoding_is_named_with_save_as_utf8(tmp_path, encoding, named):
    text = {"cp1251": "site:\n  id: kazan\n  name: Казань, офис на Баумана\n",
            "cp1252": "site:\n  id: hq\n  name: Genève, façade nord\n",
            "utf-16": "site:\n  id: hq\n  name: Genève\n"}[encoding]
    f = tmp_path / "e.yaml"
    f.write_bytes(text.encode(encoding))
    (d,) = errors_of(f)
    assert named in d.message and "save it as UTF-8" in d.message


def big_bad_site(tmp_path) -> Path:
    cables = "".join(f"  - {{id: X-{i}, a: NOPE-{i}:1, b: PP-1A-A:R{i % 24 + 1}, type: cat6}}\n"
                     for i in range(2000))
    return write(tmp_path / "bad.yaml", site_text(cables=cables))


@pytest.mark.parametrize("args,code", [(["validate"], 1), (["validate", "--json"], 1)])
def test_a_closed_pipe_keeps_the_exit_code_of_the_findings_and_is_quiet(tmp_path, args, code):
    bad = big_bad_site(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "cabling.cli", *args, str(bad)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.readline()  # like `| head -1`: read a little, then close the pipe
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == code
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("command", [["trace", "--json"], ["export", "netbox"], ["validate", "--json"]])
def test_an_infinite_length_never_reaches_json_or_an_export(tmp_path, capsys, command):
    from cabling.cli import main

    f = write(tmp_path / "s.yaml", BASE.replace("length: 25", "length: 1e999"))
    args = {"trace": [*command, str(f), "1A-001:R1"], "export": [*command, str(f), "-o", str(tmp_path / "out")],
            "validate": [*command, str(f)]}[command[0]]
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (1, 2) and "Infinity" not in out and "Traceback" not in err
    assert "not a finite number" in out + err
    assert not (tmp_path / "out").exists()


def test_a_site_at_the_bounds_exports_and_traces(tmp_path, capsys):
    import json

    from cabling.cli import main

    f = write(tmp_path / "s.yaml", BASE.replace("length: 25", "length: 100000"))
    assert main(["trace", "--json", str(f), "1A-001:R1"]) in (0, 1)  # 1: the jack side is not cabled
    data = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(c))
    assert any(p["length_m"] == 100001.5 for p in data["paths"])
    assert main(["export", "netbox", str(f), "-o", str(tmp_path / "out")]) == 0
    assert "100000" in (tmp_path / "out" / "cables.csv").read_text()


# ------------------------------------------------------------------ YAML 1.1 traps and absurd sizes
def test_words_numbers_and_dates_yaml_1_1_would_change_stay_the_text_written(tmp_path):
    """test_loader covers 017, no, on, 1:30, 2e3 and 0x1F; these are the rest of YAML 1.1's surprises."""
    ids = ["yes", "off", "True", "Null-1", ".inf", "2024-01-01", "12:30:00", "1_000", "+12", "0o17"]
    devices = "".join(f"  - {{id: {i}, model: cabling-outlet-1}}\n" for i in ids)
    f = write(tmp_path / "traps.yaml", f"site: {{id: t}}\ndevices:\n{devices}cables:\n"
              "  - {id: 2024-01-02, a: 'yes:R1', b: 'off:R1', length: 2e3}\n")
    site = load([f]).sites["t"]
    assert list(site.devices) == ids
    cable = site.cables["2024-01-02"]
    assert [p.device.id for p in cable.a + cable.b] == ["yes", "off"]
    assert cable.length == 2000  # a key the schema declares a number reads 2e3 as a number


@pytest.mark.parametrize("written", ["~", "null", ""])
def test_an_empty_id_says_that_it_is_empty_and_how_to_mean_the_text(tmp_path, written):
    f = write(tmp_path / "null.yaml", f"site: {{id: t}}\ndevices:\n  - {{id: {written}, model: cabling-outlet-1}}\n")
    [d] = errors_of(f)
    assert d.mark.line == 3
    assert "nothing (an empty value, ~ or null; quote '~' or 'null' to mean that text)" in d.message
    assert "None" not in d.message


def test_a_range_expanding_to_millions_is_one_error_at_its_entry(tmp_path):
    f = write(tmp_path / "range.yaml", "site: {id: t}\ndevices:\n  - {id: 'O-[0000000-9999999]', model: cabling-outlet-1}\n")
    [d] = errors_of(f)
    assert d.mark.line == 3 and "longer than 1,000,000" in d.message


@pytest.mark.parametrize("devices,limit", [
    ("  - {id: 'O3-[1-1000000]', model: cabling-outlet-4}\n", None),  # 70 bytes for 8 million ports (over 10 GB)
    ("".join(f"  - {{id: 'O{k}-[1-150]', model: cabling-outlet-1}}\n" for k in range(4)), 1000),  # all entries count
])
def test_a_site_of_more_ports_than_a_load_makes_is_one_error_at_the_entry_that_passes_it(tmp_path, monkeypatch,
                                                                                       devices, limit):
    from cabling.readers import devices as loaded_devices

    if limit is not None:  # the same rule at a size a test can afford to build up to
        monkeypatch.setattr(loaded_devices, "MAX_PORTS", limit)
    text = f"site: {{id: t}}\ndevices:\n{devices}cables:\n  - {{id: C, a: 'O3-7:1', b: 'O3-8:1'}}\n"
    diags = errors_of(write(tmp_path / "many.yaml", text))
    errors = [d for d in diags if d.severity != "note"]
    assert len(errors) == 1 and f"at most {loaded_devices.MAX_PORTS:,}" in errors[0].message, [str(d) for d in diags]
    assert errors[0].mark.line == 2 + len(devices.splitlines())  # the entry that passes the limit
    assert any("not checked: device O3-7 has errors" in d.message for d in diags)  # its names are known as failed


def test_generate_refuses_more_outlets_than_a_site_may_load(capsys):
    from cabling.cli import main

    assert main(["generate", "--outlets", "1000000000", "-o", "-"]) == 2  # a typo: would run for hours
    assert "more than 150,000" in capsys.readouterr().err
    assert main(["generate", "--outlets", "100001", "--expanded", "-o", "-"]) == 2  # its file would pass 32 MB
    assert "more than 100,000" in capsys.readouterr().err


def test_nesting_ten_thousand_deep_is_refused_at_its_place(tmp_path):
    f = write(tmp_path / "deep.yaml", "site: {id: t}\nrooms: " + "[" * 10_000 + "]" * 10_000 + "\n")
    [d] = errors_of(f)
    assert d.mark.line == 2 and "nesting depth" in d.message
    assert d.mark.column == len("rooms: ") + 51  # the bracket that opens level 51


def test_deep_nesting_written_other_ways_is_refused_too(tmp_path):
    """Brackets spaced out, braces, and nesting with values between: all at the 51st level."""
    texts = {"spaced": "[ " * 60 + "]" * 60, "braces": "{a: " * 60 + "1" + "}" * 60,
             "values": "[1, " * 60 + "1" + "]" * 60, "lines": "[\n" * 60 + "]" * 60}
    for name, body in texts.items():
        f = write(tmp_path / f"{name}.yaml", "site: {id: t}\nrooms: " + body + "\n")
        [d] = errors_of(f)
        assert "nest more than 50 levels" in d.message and d.mark.line >= 2, name


@pytest.mark.parametrize("body", ["- " * 10_000 + "x", "".join(" " * i + "a:\n" for i in range(1, 400)) + " " * 400 + "1"])
def test_deep_nesting_in_block_style_is_refused_at_its_place_and_named_so(tmp_path, body):
    """'- - - ...' and keys indented one deeper each line: the same limit, and no talk of brackets."""
    [d] = errors_of(write(tmp_path / "deep.yaml", "site: {id: t}\nrooms:\n" + body + "\n"))
    assert "nest more than 50 levels" in d.message and "indent less" in d.message and "bracket" not in d.message
    assert d.mark.line >= 3


def test_a_file_of_100_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    f = tmp_path / "huge.yaml"
    with open(f, "wb") as fh:  # sparse: 100 MB long, nothing written
        fh.write(b"site: {id: t}\n")
        fh.truncate(100 * 2**20)
    read = []
    real_open = open

    def spy(path, mode="r", *args, **kw):
        fh = real_open(path, mode, *args, **kw)
        if str(path) == str(f):
            real_read = fh.read
            fh.read = lambda *a: read.append(a) or real_read(*a)  # noqa: E731
        return fh

    import cabling.readers.yamlsource as ys

    monkeypatch.setattr(ys, "open", spy, raising=False)
    [d] = errors_of(f)
    assert "the file is 100 MB" in d.message and "at most 32 MB" in d.message and (d.mark.line, d.mark.column) == (1, 1)
    assert read == []


def test_the_cli_refuses_a_file_of_100_mb_named_or_in_a_folder_without_reading_it(tmp_path, monkeypatch, capsys):
    """Through the CLI the cache works out a key from the files' contents and a folder is searched for site
    files: neither may read a file the loader refuses for its size (600 MB took 5 s and 640 MB to refuse)."""
    import io

    from cabling.readers import loader
    from cabling.cli import main
    folder = tmp_path / "site"
    folder.mkdir()
    f = folder / "huge.yaml"
    with open(f, "wb") as fh:
        fh.write(b"site: {id: t}\n")
        fh.truncate(100 * 2**20)
    read = []  # bytes read from the file, however it is read
    real_open, real_read_bytes = io.open, Path.read_bytes

    def spy_open(path, mode="r", *args, **kw):
        fh = real_open(path, mode, *args, **kw)
        if str(path) == str(f):
            real_read = fh.read
            fh.read = lambda *a: (lambda data: read.append(len(data)) or data)(real_read(*a))  # noqa: E731
        return fh

    def spy_read_bytes(self):
        data = real_read_bytes(self)
        if str(self) == str(f):
            read.append(len(data))
        return data

    monkeypatch.setattr(loader, "open", spy_open, raising=False)
    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    for target in (f, folder):
        assert main(["validate", str(target)]) == 2
        out = capsys.readouterr()
        assert "the file is 100 MB" in out.out + out.err
    assert sum(read) <= 2 * 2**20  # the folder searched (twice) for site files: the start of the file, 1 MB


CYRILLIC = """\
site: {id: kzn, name: Казань}
floors:
  - {id: '1', level: 0}
rooms:
  - {id: Кабинет-1, floor: '1', name: Бухгалтерия}
devices:
  - {id: Розетка-1, model: cabling-outlet-1, room: Кабинет-1}
  - {id: Телефон, model: cabling-ip-phone, room: Кабинет-1}
cables:
  - {id: W-1, a: 'Розетка-1:1', b: 'Телефон:LAN', length: 2}
"""


@pytest.mark.parametrize("encoding", ["ascii", "cp1251", "latin-1"])
def test_cyrillic_names_print_on_a_terminal_that_is_not_utf8(tmp_path, encoding):
    import os

    f = write(tmp_path / "kzn.yaml", CYRILLIC)
    env = {**os.environ, "PYTHONIOENCODING": encoding}

    def shown(name: str) -> str:  # what such a terminal can show: the letters, or an escape naming each
        return name if encoding == "cp1251" else name.encode("ascii", "backslashreplace").decode()

    for args, code, stream, expected in (
            (["trace", f, "Розетка-1:1"], 1, "out", f"-> ends at {shown('Телефон')}:LAN (phone {shown('Телефон')})"),
            (["trace", f, "Нет:1"], 2, "err", f"port {shown('Нет')}:1 does not exist"),
            (["validate", f], 0, "out", "ok: ")):
        r = subprocess.run([sys.executable, "-m", "cabling.cli", *map(str, args)], capture_output=True, env=env,
                           cwd=ROOT, timeout=120)
        out, err = r.stdout.decode(encoding), r.stderr.decode(encoding)
        assert r.returncode == code and "Traceback" not in err, err
        assert expected in (out if stream == "out" else err), (out, err)


# ------------------------------------------------------------------ writes
KILLED_WRITER = """\
import os, sys, time
from cabling import fileio

def stall(fd):  # the new bytes are in the temporary file, not yet renamed: the writer is killed here
    print("writing", flush=True)
    time.sleep(120)

os.fsync = stall
fileio.write_bytes_atomic(sys.argv[1], b"new text\\n" * 100_000, overwrite=True)
"""


def test_a_writer_killed_midway_leaves_the_old_file_whole(tmp_path):
    import signal

    target = tmp_path / "site.yaml"
    target.write_text("site: {id: old}\n", encoding="utf-8")
    target.chmod(0o640)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout.readline() == b"writing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == "site: {id: old}\n"
    assert load([target]).sites["old"]  # still loads
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert all(n.startswith(".site.yaml.") and n.endswith(".tmp") for n in leftovers)  # hidden, never *.yaml
    assert leftovers  # (the killed writer had one)


def test_an_atomic_write_keeps_permissions_and_never_replaces_a_file_unasked(tmp_path):
    from cabling.fileio import write_text_atomic

    target = tmp_path / "plan.yaml"
    target.write_text("mine\n", encoding="utf-8")
    target.chmod(0o600)
    with pytest.raises(FileExistsError):
        write_text_atomic(target, "theirs\n")
    assert target.read_text(encoding="utf-8") == "mine\n"
    write_text_atomic(target, "replaced\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "replaced\n" and target.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "new.yaml"
    write_text_atomic(fresh, "new\n")
    assert fresh.read_text(encoding="utf-8") == "new\n" and sorted(p.name for p in tmp_path.iterdir()) == [
        "new.yaml", "plan.yaml"]


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path, monkeypatch):
    import cabling.fileio as fileio

    target = tmp_path / "out.yaml"
    real_fsync = fileio.os.fsync

    def someone_else_writes(fd):  # between the check and the rename, another program makes the file
        real_fsync(fd)
        target.write_text("theirs\n", encoding="utf-8")

    monkeypatch.setattr(fileio.os, "fsync", someone_else_writes)
    with pytest.raises(FileExistsError):
        fileio.write_text_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]  # no temporary file left
