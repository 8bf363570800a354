"""Workbooks as users have them (generated in tests/excel/foreign.py): what Power Query, add-ins, Excel
and users add is read past; other spreadsheet formats are named, with the step that converts them; a
stylesheet openpyxl cannot parse does not stop the import; damage is called damage; and no line of a
refusal carries a library's path or an exception's name."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import re
import shutil
import subprocess
import warnings
import zipfile

import openpyxl
import pytest

from planner.cli.main import main
from planner.errors import PlannerError
from planner.excel.template import template_project
from planner.excel.workbook_import import import_workbook, read_workbook
from tests.excel.corpus import FILE, LAUGHS, Xlsx, build, hostile_cases, index, template, workbook_cases
from tests.excel.corpus_zip import _corrupt, _patch_crc
from tests.excel.foreign import (
    codecs_utf16,
    compound,
    data_validation_extension,
    ods,
    power_query,
    shared_strings,
    strict,
    xlsb,
)
from tests.excel.test_import import canonical, edited

SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx), then import the .xlsx file"
FORMATS = {
    "strict": (
        lambda: strict(Xlsx(template("brs"))),
        f"{FILE}: is saved as a Strict Open XML Spreadsheet, a variant of .xlsx the planner does not read; "
        f"open it in Excel and use File > Save As > Excel Workbook (.xlsx) (not 'Strict Open XML Spreadsheet')",
    ),
    "ods": (
        ods,
        f"{FILE}: is an OpenDocument spreadsheet (.ods), not an Excel workbook. In LibreOffice Calc use File > "
        f"Save As, choose the file type 'Excel 2007-365 (.xlsx)'",
    ),
    "xlsb": (xlsb, f"{FILE}: is an Excel Binary Workbook (.xlsb), which the planner does not read; {SAVE_AS}"),
    "xls": (
        lambda: compound({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(500)}),
        f"{FILE}: is an Excel 97-2003 workbook (.xls), an older format the planner does not read; {SAVE_AS}",
    ),
    "xls-biff5": (lambda: compound({"Book": bytes(600)}), f"{FILE}: is an Excel 97-2003 workbook (.xls)"),
    "encrypted": (
        lambda: compound({"EncryptionInfo": bytes(200), "EncryptedPackage": bytes(5000)}),
        f"{FILE}: is password-protected (encrypted), so it cannot be read; open it in Excel, remove the password "
        f"(File > Info > Protect Workbook > Encrypt with Password",
    ),
}


def _never(*args, **kwargs):
    raise AssertionError("openpyxl opened a file the guard should have named")


# ---- what Power Query and add-ins leave -------------------------------------------------------


def test_a_template_through_power_query_and_an_add_in_imports(save, example):
    """UTF-16 XML under customXml/ and a binary add-in part (with bytes like '<!ENTITY' in it) are not refused."""
    x = Xlsx(template("project"))
    data = power_query(x)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("customXml/item1.xml").startswith(b"\xff\xfe<\x00?\x00x\x00m\x00l\x00")
        assert b"<!ENTITY" in z.read("xl/customProperty1.bin")
    imported = read_workbook(save(data))
    assert canonical(imported.project) == canonical(example)
    assert imported.warnings == []


@pytest.mark.parametrize(
    "encode",
    [
        codecs_utf16,
        lambda t: t.replace("utf-16", "UTF-16BE").encode("utf-16-be"),  # no byte order mark: told by its first bytes
        lambda t: t.replace("utf-16", "UTF-32").encode("utf-32"),
        lambda t: t.replace("utf-16", "UTF-8").encode("utf-8-sig"),
        lambda t: t.replace("utf-16", "windows-1252").encode("cp1252"),
    ],
    ids=["utf-16", "utf-16-be", "utf-32", "utf-8-bom", "windows-1252"],
)
def test_a_doctype_in_xml_of_any_encoding_is_still_refused(encode, save, monkeypatch):
    text = '<?xml version="1.0" encoding="utf-16"?>' + LAUGHS.decode() + '<DataMashup xmlns="x">&lol3;</DataMashup>'
    path = save(power_query(Xlsx(template("brs")), encode(text)))
    monkeypatch.setattr(openpyxl, "load_workbook", _never)
    with pytest.raises(PlannerError) as refused:
        import_workbook(path)
    assert refused.value.problems == [
        f"{FILE}: part customXml/item1.xml declares XML entities or a DOCTYPE, which Excel never writes and "
        f"which can make a reader expand it without limit; the file was refused"
    ]


# ---- other formats, named --------------------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
def test_each_other_format_is_named_with_its_save_as_step(kind, save, monkeypatch):
    make, said = FORMATS[kind]
    monkeypatch.setattr(openpyxl, "load_workbook", _never)
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(make()))
    assert len(refused.value.problems) == 1 and refused.value.problems[0].startswith(said), refused.value.problems


def test_the_formats_messages_differ(save):
    kinds = [k for k in FORMATS if k != "xls-biff5"]  # an older .xls: the same message
    said = set()
    for kind in kinds:
        with pytest.raises(PlannerError) as refused:
            import_workbook(save(FORMATS[kind][0]()))
        said.add(refused.value.problems[0])
    assert len(said) == len(kinds)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_real_xls_and_ods_files_are_named(tmp_path):
    """The template saved by LibreOffice as Excel 97-2003 and as OpenDocument, then imported."""
    source = tmp_path / "inputs.xlsx"
    source.write_bytes(template("brs"))
    for suffix, said in (("xls", FORMATS["xls"][1]), ("ods", FORMATS["ods"][1])):
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", suffix]
            + ["--outdir", str(tmp_path / suffix), str(source)],
            capture_output=True,
            timeout=120,
        )
        converted = tmp_path / suffix / f"inputs.{suffix}"
        assert done.returncode == 0 and converted.exists(), done.stderr
        renamed = converted.rename(tmp_path / suffix / FILE)  # named as a workbook, as users send them
        with pytest.raises(PlannerError) as refused:
            import_workbook(renamed)
        assert refused.value.problems[0].startswith(said.replace(FILE, FILE)), refused.value.problems


# ---- styles openpyxl cannot parse: the values are read without them --------------------------


def _styles(x: Xlsx, edit) -> bytes:
    return x.build({"xl/styles.xml": edit(x.parts["xl/styles.xml"].decode()).encode()})


BROKEN_STYLES = {
    "fill-without-pattern": lambda s: re.sub(r"<fill>.*?</fill>", "<fill/>", s, count=1),  # Fill() takes no arguments
    "unknown-pattern": lambda s: s.replace('patternType="gray125"', 'patternType="grey"'),
    "font-size-text": lambda s: re.sub(r'<sz val="[\d.]+" />', '<sz val="big" />', s, count=1),
    "font-index-past-the-end": lambda s: re.sub(r'fontId="\d+"', 'fontId="99"', s),
    "no-font-list": lambda s: re.sub(r"<fonts.*?</fonts>", "", s),
}


@pytest.mark.parametrize("broken", BROKEN_STYLES)
def test_a_stylesheet_openpyxl_cannot_parse_still_imports_its_values(broken, save, example):
    x = Xlsx(shared_strings(Xlsx(template("project"))))  # text shared, as Excel saves it
    data = _styles(x, BROKEN_STYLES[broken])
    with pytest.raises(Exception):  # noqa: B017 - openpyxl itself fails, on any of several errors
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    imported = read_workbook(save(data))
    assert canonical(imported.project) == canonical(example)
    assert imported.warnings == [
        f"{FILE}: parts of the workbook other than its values (its formatting, say) could not be read, so the "
        f"values were read without them"
    ]


def test_without_openpyxl_dates_are_still_read_as_dates(save):
    def dates(wb):
        wb["Project"]["C9"] = dt.datetime(2024, 5, 1, 9, 30)
        ws = wb["Business Rate Supplement"]
        ws.cell(index("brs").rows[ws.title]["threshold"], 9).value = dt.date(2018, 9, 6)

    x = Xlsx(shared_strings(Xlsx(edited("brs", dates))))
    project = read_workbook(save(_styles(x, BROKEN_STYLES["fill-without-pattern"]))).project
    assert project.metadata.created == "2024-05-01T09:30:00Z"
    assert project.assumptions["Business Rate Supplement"]["threshold"].date == "2018-09-06"


def test_a_stylesheet_past_reading_leaves_the_values_and_says_dates_may_read_as_numbers(save):
    imported = read_workbook(save(_styles(Xlsx(template("brs")), lambda s: s[: len(s) // 2])))
    assert canonical(imported.project, False) == canonical(template_project(["brs"]), False)
    assert imported.warnings[0].endswith("; dates typed in input cells may read as numbers")


def test_a_shared_strings_part_named_but_missing(save):
    """Text cells with no text to refer to cannot be read; with no text cells, the part is not needed."""
    x = Xlsx(shared_strings(Xlsx(template("brs"))))
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(x.build(dropped=("xl/sharedStrings.xml",))))
    assert refused.value.problems == [
        f"{FILE}: cannot be read as an Excel workbook: its cells refer to text (shared strings) the file does "
        f"not hold; open it in Excel and save it again"
    ]
    plain = Xlsx(template("brs"))
    named_only = Xlsx(shared_strings(plain)).build(
        {p: plain.parts[p] for p in plain.sheets.values()}, dropped=("xl/sharedStrings.xml",)
    )
    imported = read_workbook(save(named_only))
    assert canonical(imported.project, False) == canonical(template_project(["brs"]), False)
    assert len(imported.warnings) == 1


def test_a_sheet_whose_xml_is_broken_is_named_plainly(save):
    x = Xlsx(template("brs"))
    part = x.sheets["Business Rate Supplement"]
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(x.build({part: x.parts[part].replace(b"</sheetData>", b"</sheetDat>")})))
    assert refused.value.problems == [
        f"{FILE}, sheet 'Business Rate Supplement': cannot be read: its cells' XML is damaged; open the workbook "
        f"in Excel and save it again"
    ]


# ---- library noise ---------------------------------------------------------------------------


def test_openpyxls_warnings_never_reach_the_user(save, capsys, tmp_path):
    data = data_validation_extension(Xlsx(template("brs")), "Business Rate Supplement")
    with warnings.catch_warnings(record=True) as raw:  # openpyxl, on its own, warns
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for ws in wb.worksheets:
            list(ws.iter_rows(values_only=True))
        wb.close()
    assert any("extension is not supported and will be removed" in str(w.message) for w in raw)
    path = save(data)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        imported = read_workbook(path)
    assert seen == [] and imported.warnings == []
    capsys.readouterr()
    assert main(["import", str(path), str(tmp_path / "out.ffg")]) == 0
    assert capsys.readouterr().err == ""


EXCEPTIONS = {c.__name__ for c in vars(builtins).values() if isinstance(c, type) and issubclass(c, BaseException)} | {
    "BadZipFile",
    "InvalidFileException",
    "ParseError",
    "DefusedXmlException",
    "DTDForbidden",
    "EntitiesForbidden",
}
NAMES = re.compile(r"\b(?:" + "|".join(sorted(EXCEPTIONS)) + r")\b")


def _plain(line: str) -> bool:
    return "site-packages" not in line and ".py" not in line and "Traceback" not in line and not NAMES.search(line)


def test_no_refusal_names_a_library_path_or_an_exception(save):
    files = [build(c)[0] for c in hostile_cases() + workbook_cases()[::7]]
    files += [make() for make, _ in FORMATS.values()]
    files.append(Xlsx(template("brs")).build(dropped=("xl/_rels/workbook.xml.rels",)))
    files.append(Xlsx(shared_strings(Xlsx(template("brs")))).build(dropped=("xl/sharedStrings.xml",)))
    x = Xlsx(template("brs"))
    files.append(x.build({x.sheets["Project"]: x.parts[x.sheets["Project"]].replace(b"</sheetData>", b"</sheet>")}))
    files += [_styles(x, edit) for edit in BROKEN_STYLES.values()]
    lines = []
    for data in files:
        try:
            lines += read_workbook(save(data)).warnings
        except PlannerError as exc:
            lines += exc.problems
    assert len(lines) >= len(files)
    assert [line for line in lines if not _plain(line)] == []


def test_the_command_lines_refusals_are_plain(save, tmp_path, capsys):
    for make, _ in FORMATS.values():
        assert main(["import", str(save(make())), str(tmp_path / "out.ffg")]) == 2
    broken = _styles(Xlsx(template("brs")), BROKEN_STYLES["fill-without-pattern"])
    assert main(["import", str(save(broken)), str(tmp_path / "out.ffg")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(FORMATS) + 1
    assert all(line.startswith(("error: inputs.xlsx: ", "warning: inputs.xlsx: ")) and _plain(line) for line in err)


# ---- damage ----------------------------------------------------------------------------------


def test_a_bad_checksum_is_called_damage(save):
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(_patch_crc(template("brs"), "xl/styles.xml")))
    assert refused.value.problems == [
        f"{FILE}: the file is damaged: part xl/styles.xml failed its checksum; it may have been cut short or "
        f"corrupted in copying; use a saved copy, or open it in Excel (which may repair it) and save it again"
    ]


@pytest.mark.parametrize("part", Xlsx(template("brs")).parts)
def test_bytes_changed_in_copying_are_called_damage_never_a_zip_bomb(part, save):
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(_corrupt(template("brs"), part)))
    (said,) = refused.value.problems
    assert said.startswith(f"{FILE}: the file is damaged: part {part} ") and "bomb" not in said, said


# ---- what users add --------------------------------------------------------------------------


def test_what_users_add_is_read_past(save):
    """A notes column beside the values and beside a table, a sheet of their own, comments, a filter,
    merged cells, a drop-down list kept in Excel's extension: the same project as the template."""
    from openpyxl.comments import Comment

    bands_sheet = index("brs").sheet("table", "Business Rate Supplement", "bands")

    def add(wb):
        ws = wb["Business Rate Supplement"]
        ws.insert_cols(4)
        ws["D4"] = "Notes"
        ws["D9"] = "checked against the 2023 list"
        ws["C9"].comment = Comment("Agreed at the March board", "FD")
        ws.merge_cells("F1:H2")
        bands = wb[bands_sheet]
        bands.cell(3, bands.max_column + 2).value = "Comment"
        bands.cell(5, bands.max_column).value = "band from the VOA"
        bands.auto_filter.ref = f"A3:F{bands.max_row}"
        mine = wb.create_sheet("My workings")
        mine["A1"], mine["B1"], mine["B2"] = "threshold check", 50000, "=B1*2"
        mine.merge_cells("A3:C4")

    x = Xlsx(edited("brs", add))
    assert any(p.endswith(".vml") for p in x.parts) and any("comments" in p for p in x.parts)
    data = data_validation_extension(x, "Business Rate Supplement")
    imported = read_workbook(save(data))
    assert canonical(imported.project, False) == canonical(template_project(["brs"]), False)
    assert imported.warnings == []


def test_a_missing_sheet_lists_every_sheet(save):
    x = Xlsx(template("project"))
    sheets = [s for s in x.sheets if s != "_planner"]
    assert len(sheets) > 12
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(x.rename("Statutory cap", "Statutory cap (2)")))
    (said,) = refused.value.problems
    assert said.startswith(f"{FILE}, sheet 'Statutory cap': is missing")
    listed = said.split("sheets are: ", 1)[1]
    assert all(repr(s if s != "Statutory cap" else "Statutory cap (2)") in listed for s in sheets)


@pytest.mark.parametrize("where", ["run-header", "table-header", "table-deleted", "baseline-column"])
def test_one_missing_header_gives_one_message(where, save):
    ix = index("project")
    run = "WMCA BRS 2p over £50,000 RV"
    table = ix.sheet("table", "WMCA BRS: 2p over £50,000 RV", "bands")
    x = Xlsx(template("project"))
    data = {
        "run-header": lambda: x.cells(run, {"A4": None}),
        "table-header": lambda: x.cells(table, {f"{c}3": None for c in "ABCDEF"}),
        "table-deleted": lambda: x.drop(table),
        "baseline-column": lambda: x.cells(run, {"C4": None}),
    }[where]()
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(data))
    assert len(refused.value.problems) == 1, refused.value.problems
