"""Reading the VOA's list entries file: what is kept, what is refused and how, and the project it feeds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import threading
import zipfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.brs.rating_list import parse
from planner.cli.main import main
from planner.errors import FileFormatError, PlannerError
from planner.project.project_file import load_project
from planner.rating_list import Cancelled, read_rating_list
from planner.rating_list import reader as reader_module
from planner.rating_list.reader import read_entries
from tools.make_rating_list import line, name, synthetic, write_zip

FIRM, STREET = "ACME WIDGETS LTD", "ZEBRA ROAD"


def _lines():
    return [
        line(1, "4605", "60000", "CS", firm=FIRM, street=STREET),
        line(2, "4605", "50000", "CO"),  # equal to the threshold: read, never liable
        line(3, "4610", "125000", "IF3", current_to="31-MAR-2024"),  # ended before the date read: left out
        line(4, "4610", "80000", "CS", current_to="31-MAR-2099"),  # ends later: current
        line(5, "4610", "", "CS"),  # no RV (a deletion record): left out
        line(6, "0114", "999999", "CS"),  # another authority, zero-padded
        line(7, "4615", "12345", "CW3"),
    ]


@pytest.fixture
def listing(tmp_path):
    historic = [line(90, "4605", "7", current_to="31-MAR-2023")]
    return write_zip(tmp_path / name(2023, "0019"), _lines(), historic)


def test_keeps_the_current_entries_of_the_authorities_asked_for(listing):
    value = read_rating_list(listing, ["4605", "4610"])
    rl = parse(value)
    assert rl.rv.tolist() == [50_000.0, 60_000.0, 80_000.0]
    assert [rl.authorities[a] for a in rl.authority] == ["4605", "4605", "4610"]
    assert [rl.descriptions[d] for d in rl.description] == ["CO", "CS", "CS"]
    p = value["provenance"]
    assert (p["list_year"], p["epoch"], p["entries_read"], p["entries_kept"]) == (2023, "0019", 7, 3)
    assert (p["not_current"], p["without_rv"], p["kept_by_authority"]) == (1, 1, {"4605": 2, "4610": 1})
    assert p["sha256"] == hashlib.sha256(listing.read_bytes()).hexdigest()
    assert p["member"].endswith("-baseline-csv.csv")  # not the historic file beside it


def test_a_zero_padded_code_is_read_as_text(listing):
    rl = parse(read_rating_list(listing, ["114"]))
    assert rl.authorities == ("0114",) and rl.rv.tolist() == [999_999.0]


def test_one_authority_equals_the_whole_list_filtered(tmp_path):
    path = write_zip(tmp_path / name(), synthetic(3_000, seed=7))
    codes = ["4605", "4610", "4615", "4620", "4625", "4630", "4635"]
    whole = parse(read_rating_list(path, codes))
    alone = parse(read_rating_list(path, ["4620"]))
    mine = whole.rv[whole.authority == codes.index("4620")]
    np.testing.assert_array_equal(alone.rv, mine)
    assert alone.total == float(mine.sum())


def test_the_csv_itself_reads_as_the_zip_does(listing, tmp_path):
    with zipfile.ZipFile(listing) as zf:
        member = next(n for n in zf.namelist() if "historic" not in n)
        csv = tmp_path / member
        csv.write_bytes(zf.read(member))
    a, b = read_rating_list(listing, ["4605"]), read_rating_list(csv, ["4605"])
    assert (a["rv"], a["authority"]) == (b["rv"], b["authority"])


def test_lines_across_blocks_keep_their_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(reader_module, "BLOCK", 300)  # a few lines a block: every boundary is crossed
    lines = [line(i, "4605", str(1000 * i)) for i in range(1, 40)]
    lines[30] = lines[30].replace("*31000*", "*31,000*")
    path = write_zip(tmp_path / name(), lines)
    with pytest.raises(FileFormatError, match=r"line 31: field 18 \(rateable value\) is '31,000'; expected a number"):
        read_entries(path, ["4605"])
    lines[30] = line(31, "4605", "31000.50")  # a decimal RV is read exactly, in pence
    (tmp_path / "b").mkdir()
    rl = parse(read_rating_list(write_zip(tmp_path / "b" / name(), lines), ["4605"]))
    assert rl.rv.size == 39 and rl.total == sum(1000 * i for i in range(1, 40)) + 0.5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda s: s + "*extra", r"line 3: found 30 '\*'-separated fields; a list entries line has 28 fields"),
        (lambda s: s.rsplit("*", 3)[0], r"line 3: found 26 '\*'-separated fields"),
        (lambda s: s.replace("*60000*", "*SIXTY*"), r"line 3: field 18 \(rateable value\) is 'SIXTY'"),
        (lambda s: s.replace("*60000*", "*-5*"), r"line 3: field 18 \(rateable value\) is '-5'"),
        (lambda s: s[:-1] + "31/03/2024*", r"line 3: field 28 \(current to date\) is '31/03/2024'; expected a date"),
        (lambda s: s[:-1] + "31-XYZ-2024*", r"line 3: field 28 \(current to date\) is '31-XYZ-2024'"),
        (lambda s: s + "oops", r"line 3: text after field 28, the last; expected nothing"),
    ],
)
def test_a_bad_line_is_named_with_what_was_expected(tmp_path, bad, message):
    lines = [line(1, "4605", "1000"), line(2, "4605", "2000"), bad(line(3, "4605", "60000"))]
    path = write_zip(tmp_path / name(), lines)
    with pytest.raises(FileFormatError, match=message):
        read_entries(path, ["4605"])


def test_an_authority_not_in_the_file_lists_those_that_are(listing):
    with pytest.raises(
        FileFormatError,
        match=r"billing authority 4635 \(Wolverhampton\) is not in the file; the codes "
        r"in it are: 0114, 4605, 4610, 4615",
    ):
        read_entries(listing, ["4605", "4635"])
    with pytest.raises(FileFormatError, match="enter one or more 4-digit billing authority codes"):
        read_entries(listing, ["Birmingham"])


def test_files_that_are_not_the_list_entries_are_named(tmp_path):
    smv = tmp_path / "uk-englandwales-ndr-2023-summaryvaluations-compiled-epoch-0019-baseline-csv.zip"
    with zipfile.ZipFile(smv, "w") as zf:
        zf.writestr("uk-englandwales-ndr-2023-summaryvaluations-compiled-epoch-0019-baseline-csv.csv", "01*1*2*\n")
    with pytest.raises(FileFormatError, match="is the VOA's summary valuations file"):
        read_entries(smv, ["4605"])
    renamed = tmp_path / "list.csv"
    renamed.write_text("01*123*456*4605*FIRM*1*\n02*1*GROUND*SHOP*50*100*5000*\n")
    with pytest.raises(FileFormatError, match="record type '01': it is the VOA's summary valuations file"):
        read_entries(renamed, ["4605"])
    historic = tmp_path / "only-historic.zip"
    with zipfile.ZipFile(historic, "w") as zf:
        zf.writestr("uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-historic-csv.csv", "x\n")
    with pytest.raises(FileFormatError, match="is the VOA's historic file"):
        read_entries(historic, ["4605"])
    other = tmp_path / "councils.csv"
    other.write_text("code,name,population\n4605,Birmingham,1144900\n")
    with pytest.raises(FileFormatError, match=r"line 1 \('code,name,population'\) is a comma-separated file"):
        read_entries(other, ["4605"])
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.csv", "x\n")
        zf.writestr("b.csv", "y\n")
    with pytest.raises(FileFormatError, match="expected one list entries file in the zip.*a.csv, b.csv"):
        read_entries(two, ["4605"])


def test_cancel_stops_the_read_and_progress_counts_bytes(listing):
    seen = []
    read_entries(listing, ["4605"], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled, match="nothing was changed"):
        read_entries(listing, ["4605"], cancel=stop)


def test_the_project_keeps_no_firm_name_or_address(listing, tmp_path, capsys):
    out = tmp_path / "brs.ffg"
    assert main(["rating-list", str(listing), "--authorities", "4605,4610", "--out", str(out)]) == 0
    text = out.read_text()
    assert FIRM not in text and STREET not in text and "HIGH STREET" not in text
    project = load_project(out)
    run = project.runs[0]
    assert run.inputs["bands"] == [] and parse(run.inputs["rating_list"]).rv.size == 3
    log = project.assumptions[run.name]["rating_list"]
    assert "epoch 0019" in log.source and "7 entries read, 3 kept" in log.source and log.date
    result = project.evaluate()[run.name].trial(0)
    assert result.summary["liable_rv"] == 140_000.0  # 60,000 and 80,000; the £50,000 one does not exceed £50,000
    assert "wrote" in capsys.readouterr().out


def test_a_failed_read_leaves_the_project_as_it_was(listing, tmp_path, capsys):
    out = tmp_path / "brs.ffg"
    main(["rating-list", str(listing), "--authorities", "4605", "--out", str(out)])
    before = out.read_bytes()
    assert main(["rating-list", str(listing), "--authorities", "4635", "--out", str(out)]) == 2
    assert "is not in the file" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_json_summary(listing, capsys):
    assert main(["rating-list", str(listing), "--authorities", "4605,4610", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["hereditaments"] == 3 and s["rv"] == 190_000.0
    assert [(a["code"], a["name"], a["hereditaments"]) for a in s["authorities"]] == [
        ("4605", "Birmingham", 2),
        ("4610", "Coventry", 1),
    ]
    assert sum(b["hereditaments"] for b in s["bands"]) == 3


def test_a_list_only_goes_into_a_brs_run(listing, tmp_path):
    from planner.project.document import new_project
    from planner.project.project_file import save_project
    from planner.project.scenario_file import RunDef
    from planner.rating_list.apply import use_rating_list

    project = new_project("Two runs", [RunDef("HF", "housing_first", {})])
    with pytest.raises(PlannerError, match="run 'HF' is a housing_first run; a rating list belongs to a Business"):
        use_rating_list(project, "HF", read_rating_list(listing, ["4605"]))
    out = tmp_path / "hf.ffg"
    save_project(project, out)
    assert main(["rating-list", str(listing), "--authorities", "4605", "--out", str(out)]) == 2


def test_a_project_with_a_list_saves_and_loads_to_the_same_bytes(listing, tmp_path):
    from planner.project.project_file import save_project

    out = tmp_path / "brs.ffg"
    main(["rating-list", str(listing), "--authorities", "4605,4610", "--out", str(out)])
    first = out.read_bytes()
    save_project(load_project(out), out)
    assert out.read_bytes() == first
    assert json.loads(first)["schema_version"] == 2  # one more optional input: the schema is unchanged


ENTRY = st.tuples(
    st.sampled_from(["4605", "4610", "0114"]),
    st.one_of(st.just(""), st.integers(0, 3_000_000).map(str)),
    st.sampled_from(["", "31-MAR-2024", "01-APR-2099"]),
    st.sampled_from(["CS", "IF3", ""]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(ENTRY, max_size=60), st.integers(200, 5_000))
def test_what_is_kept_is_the_brute_force_filter(entries, block):
    lines = [line(i + 1, a, rv, code, to) for i, (a, rv, to, code) in enumerate(entries)]
    lines[:0] = [line(0, "4605", "5"), line(0, "4610", "")]  # both authorities are always in the file
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(reader_module, "BLOCK", block):
        path = write_zip(Path(folder) / name(), lines)
        got = read_entries(path, ["4605", "4610"], as_at=dt.date(2026, 12, 3))
    wanted = [(0, 500, "CS")] + [
        (("4605", "4610").index(a), int(rv) * 100, code)
        for a, rv, to, code in entries
        if a in ("4605", "4610") and rv and to != "31-MAR-2024"
    ]
    kept = [(int(a), int(rv), got.descriptions[d]) for a, rv, d in zip(got.authority, got.rv_pence, got.description)]
    assert sorted(kept) == sorted(wanted)  # the 4610 entry without an RV is read, never kept
    assert got.entries_read == len(lines)
