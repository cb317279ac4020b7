"""One mistake, one error: a failed entry is reported once, what names it is "not checked", never sent elsewhere.

Also: suggestions that point at the right thing, repeated errors capped per entry, positions of rack clashes,
folders that find every site file once, ``models:`` shape checked before use.
"""
from __future__ import annotations

import pytest

from cabling.diagnostics import MAX_REPEATS, InputError
from cabling.readers.loader import load, site_files
from conftest import DATA
from test_loader import BASE, site_text, write

# 24 horizontal cables from 24 outlets to PP-1A-A's rear, and their 24 patch cords: all name PP-1A-A.
CABLES = ("  - {id: 'H-[101-124]', a: '2A-[101-124]:R1', b: 'PP-1A-A:R[1-24]', type: cat6}\n"
          + "".join(f"  - {{id: P-{n}, a: 'PP-1A-A:{n}', b: 'PP-1A-B:{n}', type: cat6}}\n" for n in range(2, 25)))
DEVICES = ("  - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R-1A-1, u: 39}\n"
           "  - {id: 'PP-2A-A', model: cabling-cat6-panel-24, rack: R-1A-1, u: 37}\n"
           "  - {id: '2A-[101-124]', model: cabling-outlet-2, room: OFFICE}\n")


def diagnostics(path) -> list:
    with pytest.raises(InputError) as info:
        load([path])
    return info.value.diagnostics


def broken_panel(tmp_path, change: str, value: str):
    """The base site with PP-1A-A's entry broken by one mistake, and many cables that name PP-1A-A."""
    old = "  - {id: PP-1A-A, model: cabling-cat6-panel-24, rack: R-1A-1, u: 42}\n"
    new = {"u": f"  - {{id: PP-1A-A, model: cabling-cat6-panel-24, rack: R-1A-1, u: {value}}}\n",
           "model": f"  - {{id: PP-1A-A, model: {value}, rack: R-1A-1, u: 42}}\n",
           "room": "  - {id: PP-1A-A, model: cabling-cat6-panel-24, room: }\n",
           "units": "  - {id: 'PP-1A-[A-B]', model: cabling-cat6-panel-24, rack: R-1A-1, u: [42]}\n"}[change]
    text = site_text(devices=DEVICES, cables=CABLES).replace(old, new)
    if change == "units":
        text = text.replace(DEVICES.splitlines(True)[0], "")
    return write(tmp_path / "hq.yaml", text), text.count("\n", 0, text.index(new)) + 1


@pytest.mark.parametrize("change,value,words", [
    ("u", "40-41", "u:"),
    ("model", "cabling-cat6-panel-99", "unknown model"),
    ("model", "Cabling-Cat6-Panel-24", "did you mean cabling-cat6-panel-24?"),
    ("room", "", "room"),
    ("units", "", "'u' gives 1 units for 2 devices"),
])
def test_a_failed_device_is_reported_once_and_its_cables_are_not_checked(tmp_path, change, value, words):
    path, line = broken_panel(tmp_path, change, value)
    diags = diagnostics(path)
    errors = [d for d in diags if d.severity != "note"]
    notes = [d for d in diags if d.severity == "note" and "PP-1A-A" in d.message]
    assert len(errors) == 1, [str(d) for d in errors]
    assert words in errors[0].message and errors[0].mark.line == line
    # 49 cable ends name PP-1A-A (47 here, 2 in the base site): a few are listed, the rest counted;
    # none suggests another device
    assert len(notes) == MAX_REPEATS + 1
    listed = [d for d in notes if "more like it" not in d.message]
    assert len(listed) == MAX_REPEATS
    assert all(f"not checked: device PP-1A-A has errors (line {line})" in d.message for d in listed)
    assert any(f"and {49 - MAX_REPEATS} more like it" in d.message for d in notes)
    assert not any("did you mean" in d.message for d in notes)


def test_a_backwards_range_is_one_error_and_its_names_are_known_as_failed(tmp_path):
    text = site_text(devices="  - {id: 'OUT-[3-1]', model: cabling-outlet-2, room: OFFICE}\n"
                             "  - {id: OUT-4, model: cabling-outlet-2, room: OFFICE}\n",
                     cables="  - {id: X-1, a: 'OUT-2:R1', b: 'PP-1A-A:R2'}\n")
    diags = diagnostics(write(tmp_path / "hq.yaml", text))
    assert [d.severity for d in diags] == ["error", "note"], [str(d) for d in diags]
    assert "runs backwards" in diags[0].message
    assert "not checked: device OUT-2 has errors" in diags[1].message and "OUT-4" not in diags[1].message


def test_a_failed_rack_is_not_suggested_away(tmp_path):
    text = site_text(racks="  - {id: R-1A-2, space: 1A, u_height: 420}\n",
                     devices="  - {id: PP-1A-C, model: cabling-cat6-panel-24, rack: R-1A-2, u: 30}\n")
    diags = diagnostics(write(tmp_path / "hq.yaml", text))
    assert [d.severity for d in diags] == ["error", "note"], [str(d) for d in diags]
    assert "not checked: rack R-1A-2 has errors" in diags[1].message
    assert "R-1A-1" not in diags[1].message


def test_the_cli_counts_errors_apart_from_what_was_not_checked(tmp_path, capsys):
    from cabling.cli import main

    path, _ = broken_panel(tmp_path, "u", "40-41")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "1 error (11 notes on what was not checked" in err


# ------------------------------------------------------------------ suggestions

def suggestion_for(tmp_path, **parts) -> str:
    diags = diagnostics(write(tmp_path / "s.yaml", site_text(**parts)))
    assert len(diags) == 1, [str(d) for d in diags]
    return diags[0].message


def test_a_model_in_the_wrong_case_suggests_the_same_model(tmp_path):
    msg = suggestion_for(tmp_path, devices="  - {id: PP-1A-B, model: Cabling-Cat6A-Panel-48, rack: R-1A-1, u: 38}\n")
    assert "did you mean cabling-cat6a-panel-48?" in msg


@pytest.mark.parametrize("ref,hint", [("PP-1A-A:r16", "did you mean R16?"), ("SW-1A-1:gi1/0/7", "did you mean Gi1/0/7?")])
def test_a_port_in_the_wrong_case_suggests_the_same_port(tmp_path, ref, hint):
    msg = suggestion_for(tmp_path, cables=f"  - {{id: X-1, a: '{ref}', b: '1A-001:R2'}}\n")
    assert hint in msg


@pytest.mark.parametrize("ref,has", [("PP-1A-A:R25", "PP-1A-A has R1..R24"), ("PP-1A-A:25", "PP-1A-A has 1..24"),
                                     ("PP-1A-A:R0", "PP-1A-A has R1..R24"), ("SW-1A-1:Gi1/0/25", "Gi1/0/1..Gi1/0/24")])
def test_a_port_number_past_the_panel_names_the_range_there_is(tmp_path, ref, has):
    msg = suggestion_for(tmp_path, cables=f"  - {{id: X-1, a: '{ref}', b: '1A-001:R2'}}\n")
    assert has in msg and "did you mean" not in msg


@pytest.mark.parametrize("ref,hint", [
    ("O-07:1", "did you mean O-7:1?"),            # zero-padded; not O-17, O-27, ... one letter different
    ("O-O7:1", "did you mean O-7:1?"),            # a letter O for the digit 0
    ("o-7:01", "did you mean O-7:1?"),            # the device in another case and the port padded: both
    ("SW-1A-1:Gi1/0/07", "did you mean Gi1/0/7?"),
    ("PP-9:7", "did you mean 07 (front) or 07 (rear)?"),  # NetBox's panel names front and rear ports alike
])
def test_a_number_written_otherwise_suggests_that_number_not_a_neighbour(tmp_path, ref, hint):
    devices = ("  - {id: 'O-[1-99]', model: cabling-outlet-1, room: OFFICE}\n"
               "  - {id: PP-9, model: DP486X88TGY, rack: R-1A-1, u: 30}\n")
    msg = suggestion_for(tmp_path, devices=devices, cables=f"  - {{id: X-1, a: '{ref}', b: '1A-001:R2'}}\n")
    assert hint in msg


@pytest.mark.parametrize("typo,hint", [("cat6e", "did you mean cat6a or cat5e?"), ("CAT6A", "did you mean cat6a?"),
                                       ("os3", "did you mean os2 or os1?")])
def test_a_mistyped_choice_suggests_the_choices_one_letter_away(tmp_path, typo, hint):
    msg = suggestion_for(tmp_path, cables=f"  - {{id: X-1, a: 'PP-1A-A:R2', b: '1A-001:R2', type: {typo}}}\n")
    assert hint in msg


# ------------------------------------------------------------------ caps and positions

def test_errors_of_one_kind_in_one_bulk_entry_are_capped(tmp_path):
    text = site_text(cables="  - {id: 'X-[1-5000]', a: 'NOPE-[1-5000]:1', b: 'GONE-[1-5000]:2'}\n")
    diags = diagnostics(write(tmp_path / "b.yaml", text))
    assert len(diags) == 2 * (MAX_REPEATS + 1)
    for end in ("a", "b"):
        assert sum(f"cable X-[1-5000] end {end}: and {5000 - MAX_REPEATS:,} more like it" in d.message
                   for d in diags) == 1


def test_schema_errors_repeated_in_one_entry_are_capped(tmp_path):
    points = ", ".join("[1, 2, 3]" for _ in range(500))
    text = BASE.replace("outline: [[0, 0], [50, 0], [50, 30], [0, 30]]", f"outline: [{points}]")
    errors = [d for d in diagnostics(write(tmp_path / "s.yaml", text)) if d.severity == "error"]
    assert len(errors) == MAX_REPEATS + 1
    assert sum(f"floor 1: and {500 - MAX_REPEATS} more like it" in d.message for d in errors) == 1


def test_two_one_unit_devices_at_one_unit_name_that_unit(tmp_path):
    msg = suggestion_for(tmp_path, devices="  - {id: PP-1A-B, model: cabling-cat6-panel-24, rack: R-1A-1, u: 38}\n"
                                           "  - {id: PP-1A-C, model: cabling-cat6-panel-24, rack: R-1A-1, u: 38}\n")
    assert "U38 of rack R-1A-1 is taken by PP-1A-B" in msg


# ------------------------------------------------------------------ files and folders

def test_a_file_reached_twice_is_loaded_once(tmp_path):
    f = write(tmp_path / "hq.yaml", BASE)
    assert site_files([tmp_path, f, tmp_path / "." / "hq.yaml"]) == [tmp_path / "hq.yaml"]
    assert load([tmp_path, f]).files == [str(tmp_path / "hq.yaml")]


def test_folders_find_upper_case_suffixes_and_a_quoted_site_key(tmp_path):
    write(tmp_path / "A.YAML", BASE)
    write(tmp_path / "b.Yml", '"site": hq\nracks:\n  - {id: R-1A-9, space: 1A}\n')
    write(tmp_path / "model.yaml", "manufacturer: X\nmodel: Y\n")
    assert sorted(p.name for p in site_files([tmp_path])) == ["A.YAML", "b.Yml"]
    assert "R-1A-9" in load([tmp_path]).sites["hq"].racks


def test_folders_find_a_site_file_saved_with_a_byte_order_mark_or_windows_line_ends(tmp_path):
    """Notepad saves UTF-8 with a BOM: the file loads when named, so a folder must find it too."""
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    (tmp_path / "crlf.yaml").write_bytes('"site": hq\nracks:\n  - {id: R-1A-9, space: 1A}\n'
                                         .replace("\n", "\r\n").encode())
    assert sorted(p.name for p in site_files([tmp_path])) == ["bom.yaml", "crlf.yaml"]
    assert "R-1A-9" in load([tmp_path]).sites["hq"].racks


def test_models_written_as_a_string_is_one_schema_error_and_no_folder_is_read(tmp_path):
    (tmp_path / "m").mkdir()
    write(tmp_path / "m" / "broken.yaml", "manufacturer: [\n")  # would be an error if it were read
    text = BASE.replace("site:\n", "models: m/\nsite:\n", 1)
    diags = diagnostics(write(tmp_path / "s.yaml", text))
    assert len(diags) == 1 and "models" in diags[0].message and "expected array" in diags[0].message, \
        [str(d) for d in diags]


# ------------------------------------------------------------------ import netbox on what is not NetBox data

@pytest.mark.parametrize("kind", ["text", "binary", "empty folder", "site file", "site folder"])
def test_import_netbox_of_something_that_is_not_netbox_is_an_input_error_that_writes_nothing(tmp_path, capsys, kind):
    import random

    from cabling.cli import main

    source = tmp_path / "source"
    if kind == "text":
        write(source, "Notes from the site survey\nrack 1: 2 panels, 1 switch\n")
    elif kind == "binary":
        source.write_bytes(random.Random(6).randbytes(4000))
    elif kind == "empty folder":
        source.mkdir()
    elif kind == "site file":
        source = write(tmp_path / "hq.yaml", BASE)
    else:
        source.mkdir()
        write(source / "hq.yaml", BASE)
    out = tmp_path / "out"
    assert main(["import", "netbox", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "pg_dump" in err and "bulk-import files" in err
    assert "Traceback" not in err
    if kind.startswith("site"):
        assert "cabling site file" in err
    assert not out.exists()


@pytest.mark.parametrize("name,exit_code", [("devices.csv", 2), ("rear-ports.yaml", 0)])
def test_a_netbox_bulk_file_in_another_encoding_is_named_at_its_line_and_column(tmp_path, capsys, name, exit_code):
    """A CSV saved by Excel in Windows-1251: the file, line and column of the first such byte, and
    'save it as UTF-8' (a bad CSV stops the import; a bad YAML file is skipped with that note)."""
    import shutil

    from cabling.cli import main

    source = tmp_path / "bulk"
    shutil.copytree(DATA / "netbox_csv", source)
    lines = (source / name).read_bytes().split(b"\n")
    lines[1] += " Серверная".encode("cp1251")
    (source / name).write_bytes(b"\n".join(lines))
    column = len(lines[1].decode("cp1251")) - len(" Серверная") + 2
    assert main(["import", "netbox", str(source), "-o", str(tmp_path / "out")]) == exit_code
    err = capsys.readouterr().err
    assert f"{source / name}:2:{column}: byte 0xD1 is not UTF-8" in err and "Windows-1251" in err, err
    assert "save it as UTF-8" in err and "codec" not in err


@pytest.mark.parametrize("old,new,key", [
    ("{id: PP-1A-A, model:", "{idd: PP-1A-A, model:", "idd"),       # the id itself under a key written wrong
    ("{id: PP-1A-A, model:", "{ID: PP-1A-A, model:", "ID"),
    ("PP-1A-A, model: cabling", "PP-1A-A, modle: cabling", "modle"),  # a required key written wrong
])
def test_a_key_written_wrong_is_one_error_and_what_names_the_entry_is_not_checked(tmp_path, old, new, key):
    """Not also "missing required key 'id'", and never "device PP-1A-A does not exist" for its cables."""
    text = site_text(devices=DEVICES, cables=CABLES).replace(old, new, 1)
    diags = diagnostics(write(tmp_path / "k.yaml", text))
    errors = [d for d in diags if d.severity != "note"]
    assert len(errors) == 1 and f"unknown key '{key}'" in errors[0].message, [str(d) for d in errors]
    notes = [d for d in diags if d.severity == "note"]
    assert notes and all("device PP-1A-A has errors" in d.message for d in notes), [str(d) for d in notes]
