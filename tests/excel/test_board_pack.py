"""The board pack as a reader and an auditor see it: sheets, layout, print set-up, formulas
that trace, injection-safe text, no macros or links, the command, and the pack as PDF pages."""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from planner import __version__
from planner.analysis.montecarlo import monte_carlo
from planner.analysis.sensitivity import tornado
from planner.cli.export import register
from planner.errors import PlannerError
from planner.excel.board_pack.export import build_board_pack, export_board_pack
from planner.project.document import add_scenario, edit_details, new_project, set_assumption, set_baseline_input
from planner.project.project_file import dumps_project, load_project
from planner.project.scenario_file import RunDef
from tests.conftest import EXAMPLES
from tests.excel.libreoffice import to_pdf

PROJECT = EXAMPLES / "funding-for-growth-programme.ffg"
HOUSING_FIRST = EXAMPLES / "west-midlands-housing-first-2018.json"
PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    '=HYPERLINK("http://evil.example/x","click")',
    "\t=1+2",
    "\r=3+4",
)
MARKERS = ("cmd|", "HYPERLINK", "evil.example", "@SUM", "+1+1", "-2+3", "1+2", "3+4")


@pytest.fixture(scope="module")
def project():
    return load_project(PROJECT)


@pytest.fixture(scope="module")
def pack(project, tmp_path_factory):
    return export_board_pack(project, tmp_path_factory.mktemp("pack") / "board.xlsx")


@pytest.fixture(scope="module")
def saved(pack):
    return load_workbook(pack.path)


def own_sheets(pack) -> list[str]:
    return [t for t in pack.sheets if t not in pack.input_sheets and t != "_planner"]


# ---- what the pack holds --------------------------------------------------------------------


def test_the_sheets_come_in_a_readers_order(pack, project):
    assert pack.sheets[:4] == ["Cover", "Executive summary", "Summary", "Checks"]
    run_sheets = [t for t in pack.sheets if re.match(r"^\d+\.\d+ ", t)]
    # the Baseline's five runs, then only what each scenario changes: the intake scenarios touch
    # Housing First alone; the threshold, the BRS and the programme it feeds; the rent cap, the HRA;
    # no site uplift, the land value run and the programme
    assert run_sheets == [
        "1.1 WMCA BRS 2p over £50,000 RV",
        "1.2 Land value capture and Ente",
        "1.3 WMCA Funding for Growth pro",
        "1.4 Statutory cap",
        "1.5 Housing First award 2018",
        "2.5 Housing First award 2018",
        "3.5 Housing First award 2018",
        "4.1 WMCA BRS 2p over £50,000 RV",
        "4.3 WMCA Funding for Growth pro",
        "5.4 Statutory cap",
        "6.2 Land value capture and Ente",
        "6.3 WMCA Funding for Growth pro",
    ]
    assert pack.sheets.index("Assumptions") > pack.sheets.index(run_sheets[-1])
    assert pack.scenarios == ["Baseline"] + project.scenario_names
    assert pack.input_sheets and pack.sheets.index(pack.input_sheets[0]) > pack.sheets.index("Assumptions")


def test_the_cover_names_the_project_its_inputs_and_the_planner(saved, project, pack):
    cover = {row[0].value: row[1].value for row in saved["Cover"].iter_rows(max_col=2) if row[0].value}
    assert cover["Project"] == project.title
    assert "Planner version" not in cover and __version__ not in str(cover)  # no tool text in a board paper
    assert (
        cover["Input fingerprint"]
        == pack.fingerprint
        == hashlib.sha256(dumps_project(project).encode("utf-8")).hexdigest()[:16]
    )
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", cover["Prepared"])
    assert cover["Master check"] == "='Checks'!C3"
    names = {c.value for row in saved["Cover"].iter_rows(min_col=2, max_col=2) for c in row}
    assert set(pack.scenarios) <= names


def test_the_summary_sets_every_scenario_beside_the_baseline(saved, pack):
    ws = saved["Summary"]
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Run and figure", "Unit", "Baseline"]
    assert header[3:5] == ["Slower intake", "Slower intake: difference"]
    row = next(r for r in range(5, ws.max_row) if ws.cell(r, 1).value == "Total cost")
    for col, sheet in ((3, "1.5 Housing First award 2018"), (4, "2.5 Housing First award 2018")):
        where = re.fullmatch(rf"='{sheet}'!C(\d+)", ws.cell(row, col).value)
        assert where and saved[sheet].cell(int(where[1]), 1).value == "Total cost"
    assert ws.cell(row, 5).value == f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row})),D{row}-C{row},"")'
    expected = pack.expected[("Summary", f"E{row}")].value
    assert expected == pytest.approx(8_966_618 - 9_601_658, abs=1)  # slower intake costs £635,040 less
    checks = next(r for r in range(row, ws.max_row + 1) if ws.cell(r, 1).value == "Checks")
    assert ws.cell(checks, 3).value.startswith("=IF(COUNTIF('Checks'!E")


def test_every_reference_names_a_sheet_of_the_pack(saved, pack):
    quoted = re.compile(r"'((?:[^']|'')+)'!")
    for title in own_sheets(pack):
        for row in saved[title].iter_rows():
            for c in row:
                if c.data_type == "f":
                    for name in quoted.findall(c.value):
                        assert name.replace("''", "'") in pack.sheets, (title, c.coordinate, c.value)


def test_brs_and_housing_first_lines_are_formulas_other_models_values(saved):
    def line_row(ws, label):
        return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)

    brs, hf, hra = (
        saved["1.1 WMCA BRS 2p over £50,000 RV"],
        saved["1.5 Housing First award 2018"],
        saved["1.4 Statutory cap"],
    )
    net = line_row(brs, "Net yield")
    assert brs.cell(net, 3).value == f"=C{net - 4}-C{net - 3}-C{net - 2}-C{net - 1}"  # gross - reliefs - losses - admin
    assert all(brs.cell(net, c).data_type == "f" for c in range(3, 13))
    gross = line_row(brs, "Gross supplement")
    assert re.fullmatch(rf"=C{gross - 1}\*\$C\$\d+/100", brs.cell(gross, 3).value)
    total = line_row(hf, "Total cost")
    assert [hf.cell(total, c).value for c in range(3, 5)] == [
        f"=C{total - 2}+C{total - 1}",
        f"=D{total - 2}+D{total - 1}",
    ]
    assert hf.cell(line_row(hf, "Grant received"), 3).value.startswith("=SUMIF(")
    debt, flows = line_row(hra, "Debt at end of year"), ("Debt at start of year", "New borrowing")
    opening, borrowed, repaid = (line_row(hra, k) for k in (*flows, "Debt repaid from surpluses"))
    assert hra.cell(debt, 3).value == f"=C{opening}+C{borrowed}-C{repaid}"  # the HRA is live too (hra.py)
    interest = line_row(hra, "Interest")
    blocks = [r for r in range(1, hra.max_row + 1) if hra.cell(r, 1).value == "Line"]
    assert len(blocks) == 3 and [hra.cell(b, 3).value for b in blocks] == ["2016-17", "2026-27", "2036-37"]
    total_col = next(c for c in range(3, 20) if str(hra.cell(blocks[0], c).value).startswith("Total"))
    rows = [interest + b - blocks[0] for b in blocks]
    assert hra.cell(interest, total_col).value == "=SUM(" + ",".join(f"C{r}:L{r}" for r in rows) + ")"
    assert all(hra.cell(r, 1).value == "Interest" for r in rows)


def test_present_values_are_sumproducts_with_the_discount_factor_row(saved):
    ws = saved["1.1 WMCA BRS 2p over £50,000 RV"]
    header = next(r for r in range(1, 80) if ws.cell(r, 1).value == "Line")
    pv_col = next(c for c in range(3, 40) if ws.cell(header, c).value == "Present value (Green Book)")
    factors = next(r for r in range(1, 80) if ws.cell(r, 1).value == "Discount factor (end of year)")
    assert any(
        str(ws.cell(r, pv_col).value).startswith("=SUMPRODUCT(") and f"{factors}:" in str(ws.cell(r, pv_col).value)
        for r in range(header + 1, 120)
    )


def test_a_real_appraisal_shows_no_green_book_column_of_cash_on_its_run_sheet(saved):
    # the programme's cash lines are not Green Book PVs: its real PVs are on the Appraisal sheet
    ws = saved["1.3 WMCA Funding for Growth pro"]
    assert not any(ws.cell(r, c).value == "Present value (Green Book)" for r in range(1, 40) for c in range(1, 40))
    assert "Appraisal" in saved.sheetnames and "Prudential" in saved.sheetnames


# ---- presentation and printing ---------------------------------------------------------------


def test_every_sheet_prints_a4_landscape_one_page_wide(saved, pack):
    for title in pack.sheets:
        ws = saved[title]
        if ws.sheet_state != "visible":
            assert not ws.print_area, title  # LibreOffice would print a hidden sheet's print range
            continue
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, title
        if title in ("Appraisal", "Prudential"):  # every year across one row: two pages across, labels repeated
            assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (2, 1) and ws.print_title_cols, title
            continue
        most_pages = {"Cover": 1, "Executive summary": 2}.get(title, 0)  # others as long as they need
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, most_pages), title


def test_the_packs_own_sheets_repeat_titles_and_number_pages(saved, pack, project):
    for title in own_sheets(pack):
        ws = saved[title]
        assert ws.oddFooter.right.text == "Page &P of &N", title
        assert ws.oddFooter.center.text, title
        if title != "Cover":
            assert ws.print_title_rows, title
            assert ws.freeze_panes, title
    title = project.title
    assert saved["1.2 Land value capture and Ente"].oddFooter.left.text == f"{title} — Baseline"
    assert saved["4.1 WMCA BRS 2p over £50,000 RV"].oddFooter.left.text == f"{title} — Threshold £70,000"


def test_money_has_separators_and_brackets_and_styles_name_their_font(saved, pack):
    ws = saved["1.5 Housing First award 2018"]
    label = "Funding balance (grant less cost, cumulative)"
    row = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == label)
    assert ws.cell(row, 7).number_format == "£#,##0;[Red](£#,##0)"
    styles = {s.name: s for s in saved._named_styles}
    for title in own_sheets(pack)[:8]:
        for row in saved[title].iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.style.startswith("FFG "), (title, c.coordinate, c.style)
                    assert styles[c.style].font.name == "Arial"


def test_no_macros_and_no_links_to_other_files(pack):
    with zipfile.ZipFile(pack.path) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    assert not [n for n in names if "vbaProject" in n or "externalLink" in n or n.endswith(".bin")]
    assert "macroEnabled" not in types


# ---- user text is only ever text ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A project with an attack in every text a user types: names, titles, notes, a council."""
    base = load_project(HOUSING_FIRST).runs[0]
    runs = [
        RunDef(PAYLOADS[0], "housing_first", base.inputs, PAYLOADS[4]),
        RunDef(PAYLOADS[3], "brs", {"levy_years": 20}, PAYLOADS[5]),
    ]
    project = new_project(PAYLOADS[1], runs, PAYLOADS[2])
    project = edit_details(project, author=PAYLOADS[4], organisation=PAYLOADS[6])
    project = set_baseline_input(project, PAYLOADS[0], "councils[1].name", PAYLOADS[5])
    project = set_assumption(
        project, PAYLOADS[0], "award", source=PAYLOADS[0], owner=PAYLOADS[1], note=PAYLOADS[4], date="2018-09-06"
    )
    project = add_scenario(project, PAYLOADS[2], PAYLOADS[3], changes=[(PAYLOADS[0], "retention_rate", 0.7)])
    project = add_scenario(
        project, PAYLOADS[6], PAYLOADS[0], based_on=PAYLOADS[2], changes=[(PAYLOADS[3], "threshold", 60000)]
    )
    return export_board_pack(project, tmp_path_factory.mktemp("hostile") / "hostile.xlsx")


def test_no_user_text_becomes_a_formula(hostile):
    wb = load_workbook(hostile.path)
    strangers = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and (
                    (ws.title, c.coordinate) not in hostile.expected or any(m in c.value for m in MARKERS)
                ):
                    strangers.append(f"{ws.title}!{c.coordinate}: {c.value}")
    assert not strangers, strangers[:20]


def test_user_text_is_kept_as_text_with_a_quote_prefix(hostile):
    wb = load_workbook(hostile.path)
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "s":
                    texts.setdefault(c.value, c)
    for payload in PAYLOADS:
        found = texts.get(payload.replace("\r", "\n"))  # a spreadsheet keeps line ends as \n
        assert found is not None, payload
        assert found.quotePrefix, payload
    assert wb["Cover"]["A1"].value == PAYLOADS[1] and wb["Cover"]["A1"].data_type == "s"


def test_user_text_in_sheet_names_and_footers_cannot_act(hostile):
    titles = [t for t in hostile.sheets if re.match(r"^\d+\.\d+ ", t)]
    assert titles[:2] == ["1.1 cmd C calc A0", "1.2 SUM(1)"]
    wb = load_workbook(hostile.path)
    ws = wb[next(t for t in titles if t.startswith("3."))]
    assert ws.oddFooter.left.text.endswith(" — " + PAYLOADS[6].strip())
    with zipfile.ZipFile(hostile.path) as archive:
        assert not [n for n in archive.namelist() if "externalLink" in n or "vbaProject" in n]


# ---- the call and the command ---------------------------------------------------------------


def test_a_subset_of_scenarios_and_the_progress_it_reports(project):
    seen = []
    built = build_board_pack(project, ["Threshold £70,000"], progress=lambda done, total: seen.append((done, total)))
    assert built.scenarios == ["Baseline", "Threshold £70,000"]
    assert sum(1 for t in built.sheets if re.match(r"^\d+\.\d+ ", t)) == 5 + 2  # the BRS and its programme
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1)) and seen[-1][0] == seen[-1][1]


def test_an_unknown_scenario_or_a_folder_that_is_not_there_is_refused(project, tmp_path):
    with pytest.raises(PlannerError, match="Nope"):
        build_board_pack(project, ["Nope"])
    with pytest.raises(PlannerError, match=r"missing/pack\.xlsx: cannot be"):
        export_board_pack(load_project(HOUSING_FIRST), tmp_path / "missing" / "pack.xlsx")


def test_the_export_command(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="planner")
    register(parser.add_subparsers())
    target = tmp_path / "pack.xlsx"
    args = parser.parse_args(["export", str(HOUSING_FIRST), str(target)])
    assert args.handler(args) == 0
    assert "1 scenario (with the Baseline)" in capsys.readouterr().out
    assert load_workbook(target, read_only=True).sheetnames[:5] == [
        "Cover",
        "Executive summary",
        "Summary",
        "Checks",
        "1.1 Housing First award 2018",
    ]
    with pytest.raises(PlannerError, match="already exists"):
        args.handler(args)
    args = parser.parse_args(["export", str(HOUSING_FIRST), str(tmp_path / "pack.txt")])
    with pytest.raises(PlannerError, match=r"must end in \.xlsx"):
        args.handler(args)


def test_the_inputs_in_the_pack_import_back(pack, project):
    from planner.excel.workbook_import import import_workbook

    back = import_workbook(pack.path)
    assert back.scenario_names == project.scenario_names
    for name in ["Baseline"] + project.scenario_names:
        mine, theirs = project.evaluate(name), back.evaluate(name)
        for run, outcome in mine.items():
            assert theirs[run].trial(0).summary == outcome.trial(0).summary, (name, run)


# ---- analysis, and the pack as pages ----------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    project = load_project(HOUSING_FIRST)
    runs, run = project.resolve(), project.runs[0].name
    results = [
        tornado(runs, run, "total_cost"),
        monte_carlo(
            runs,
            run,
            {"retention_rate": "triangular(0.7, 0.8, 0.9)", "support_cost_per_person_year": "normal(4200, 300)"},
            trials=500,
            seed=1,
        ),
    ]
    return results, export_board_pack(project, tmp_path_factory.mktemp("analysed") / "analysed.xlsx", analysis=results)


def test_sensitivity_and_monte_carlo_sheets(analysed):
    (swing, mc), pack = analysed
    wb = pack.workbook
    ws = wb["Sensitivity"]
    top = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Input") + 1
    assert ws.cell(top, 1).value == swing.rows[0].label
    assert ws.cell(top, 7).value == f'=IFERROR(ABS(F{top}-E{top}),"")'
    assert pack.expected[("Sensitivity", f"G{top}")].value == pytest.approx(swing.rows[0].swing)
    assert ws._charts and wb["Monte Carlo"]._charts
    labels = [c.value for c in wb["Monte Carlo"]["A"]]
    assert mc.metrics["total_cost"].label in labels
    row = labels.index(mc.metrics["total_cost"].label) + 1
    assert wb["Monte Carlo"].cell(row, 5).value == pytest.approx(mc.metrics["total_cost"].percentiles[50])


def test_the_pack_prints_as_pdf_pages(analysed, tmp_path):
    _, pack = analysed
    pdf = to_pdf([pack.path], tmp_path)[0]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    visible = [t for t in pack.sheets if pack.workbook[t].sheet_state == "visible"]
    assert pages >= len(visible)
    if shutil.which("pdftoppm"):  # the pages render: what a reader would see
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
            check=True,
            timeout=120,
        )
        assert len(list(tmp_path.glob("page-*.png"))) == 3


def test_the_pack_is_the_same_saved_or_in_memory(pack):
    with io.BytesIO() as buffer:
        pack.workbook.save(buffer)
        assert zipfile.ZipFile(buffer).namelist() == zipfile.ZipFile(pack.path).namelist()


def _chart_title(chart) -> str:
    return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))


def test_each_run_sheet_carries_the_apps_charts_with_their_limits(pack, project):
    """The pack's charts are the app's (planner.charts): the same titles in the same order, and the
    HRA's limits drawn as dashed lines beside the debt, the interest cover and the balance."""
    from planner.charts.definitions import charts_for
    from planner.excel.board_pack.styles import sheet_title

    limits = {"Debt cap", "Threshold", "Minimum balance"}
    seen_hra = False
    for si, scenario in enumerate(pack.scenarios, start=1):
        outcomes = project.evaluate(scenario)
        for ri, run in enumerate(project.resolve(scenario), start=1):
            if sheet_title(f"{si}.{ri}", run.name) not in pack.sheets:
                continue  # as in the Baseline
            ws = pack.workbook[sheet_title(f"{si}.{ri}", run.name)]
            wanted = [c for c in charts_for(outcomes[run.name].trial(0), run.inputs) if c.series]
            assert [_chart_title(c) for c in ws._charts] == [c.title for c in wanted], (scenario, run.name)
            if outcomes[run.name].trial(0).model != "hra":
                continue
            seen_hra = True
            drawn = {s.tx.v: s for c in ws._charts for part in [c, *c._charts] for s in part.series}
            assert limits <= set(drawn)
            assert all(drawn[name].graphicalProperties.line.prstDash == "dash" for name in limits)
    assert seen_hra


# ---- the executive summary and what is printed once -------------------------------------------


def test_the_executive_summary_refers_to_the_run_sheets_and_names_what_fails(pack, project):
    ws = pack.workbook["Executive summary"]
    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    texts = [v for v in cells.values() if isinstance(v, str)]
    # a headline figure of a run a scenario leaves alone is the Baseline's own cell
    row = next(int(k[1:]) for k, v in cells.items() if k.startswith("A") and str(v).strip() == "Grant received")
    header = {v: k[0] for k, v in cells.items() if re.fullmatch(r"[A-Z]6", k) and isinstance(v, str)}
    baseline, threshold = cells[f"{header['Baseline']}{row}"], cells[f"{header['Threshold £70,000']}{row}"]
    assert baseline == threshold and baseline.startswith("='1.5 Housing First award 2018'!")
    failing = {c.message for c in pack_checks(project) if not c.ok}
    assert failing and failing <= set(texts)
    assert any("As Baseline: WMCA BRS: 2p over £50,000 RV" in t for t in texts if t.startswith("Housing First"))
    assert any(t.startswith("WMCA BRS: 2p over £50,000 RV › RV threshold: £50,000 → £70,000") for t in texts)


def pack_checks(project):
    from planner.excel.board_pack.export import evaluate_all

    out = []
    for outcomes in evaluate_all(project, ["Baseline", *project.scenario_names]).values():
        for outcome in outcomes.values():
            out += list(outcome.trial(0).checks)
    return out


def test_the_printed_pack_is_at_most_forty_pages_led_by_a_summary_of_at_most_two(pack, tmp_path):
    """The example (the Baseline and five scenarios, five runs) printed by LibreOffice: a board
    document of at most 40 A4 pages, none blank, the executive summary second and at most two
    pages, and each printed run sheet the Baseline's (a scenario's run sheets are reference only)."""
    pdf = to_pdf([pack.path], tmp_path)[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    assert 20 <= len(pages) <= 40
    firsts = [next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages]
    assert all(firsts), "a blank page"
    assert firsts[1] == "Executive summary"
    assert 1 <= firsts.count("Executive summary") <= 2
    # each sheet's pages come together and are numbered within the whole document
    assert all(f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1))
    footers = [next(line for line in reversed(page.splitlines()) if "—" in line).strip() for page in pages]
    scenario = [f.split("—")[1].split("  ")[0].strip() for f in footers]
    runs = {title.split(" ", 1)[1][:20] for title in pack.sheets if re.match(r"^\d+\.\d+ ", title)}
    printed_runs = [(first, who) for first, who in zip(firsts, scenario) if any(first.startswith(r) for r in runs)]
    assert printed_runs and {who for _, who in printed_runs} == {"Baseline"}
    assert {first for first, _ in printed_runs if first.startswith("Housing First")} == {"Housing First award 2018"}


def test_charts_carry_alt_text_a_screen_reader_reads(pack):
    """Every chart's drawing frame has a title and a description (Excel's Alt Text): what it
    shows, by financial year, and where its figures are."""
    from xml.etree import ElementTree

    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    frames = []
    with zipfile.ZipFile(pack.path) as z:
        for name in z.namelist():
            if name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                root = ElementTree.fromstring(z.read(name))
                frames += root.findall(".//xdr:graphicFrame/xdr:nvGraphicFramePr/xdr:cNvPr", ns)
    charts = sum(len(pack.workbook[t]._charts) for t in pack.sheets)
    assert charts and len(frames) == charts
    assert all(f.get("title") and len(f.get("descr", "")) > len(f.get("title")) for f in frames)
    caseload = next(f.get("descr") for f in frames if f.get("title") == "Caseload")
    assert "People supported" in caseload and "2018-19 to 2022-23" in caseload


def test_the_contents_says_which_sheets_print(saved, pack):
    rows = [[c.value for c in row] for row in saved["Cover"].iter_rows(max_col=3)]
    top = next(i for i, r in enumerate(rows) if r[:3] == ["Sheet", "What it shows", "In print"])
    listed = {r[0]: r[2] for r in rows[top + 1 :] if r[0] and r[2]}
    assert listed["Summary"] == listed["1.5 Housing First award 2018"] == "Printed"
    assert listed["2.5 Housing First award 2018"] == listed["Assumptions log"] == "Reference only (hidden)"
    for title, state in listed.items():
        if title in pack.sheets:
            assert (saved[title].sheet_state == "visible") == (state == "Printed"), title


def test_figures_by_row_are_grouped_out_of_the_printed_summary(saved):
    ws = saved["Summary"]
    shares = [r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Share of investment funded")]
    assert shares and all(ws.row_dimensions[r].hidden and ws.row_dimensions[r].outline_level == 1 for r in shares)
    assert all(str(ws.cell(r, 3).value).startswith("='1.3 ") for r in shares)  # still live figures
    assert "+ shows them" in str(ws.cell(shares[-1] + 1, 1).value)


def test_the_movement_sheet_bridges_each_scenario_from_the_baseline(pack, project):
    from planner.analysis.bridge import explain

    ws = pack.workbook["Movement"]
    groups = [c.value for c in ws["A"] if isinstance(c.value, str) and c.style == "FFG Group"]
    assert [g.split(":")[0] for g in groups] == project.scenario_names
    threshold = next(g for g in groups if g.startswith("Threshold £70,000: "))
    label, run = threshold.removeprefix("Threshold £70,000: ").rsplit(" (", 1)
    spec = project.evaluate("Threshold £70,000")[run.rstrip(")")].spec
    metric = next(m.name for m in spec.metrics if m.label == label)
    bridge = explain(project, "Baseline", "Threshold £70,000", metric, run.rstrip(")"))
    assert bridge.total != 0 and bridge.steps[0].change.path == "threshold"
    figures = [c.value for row in ws.iter_rows(max_col=5) for c in row if isinstance(c.value, float)]
    assert bridge.start in figures and bridge.steps[0].shapley in figures
    statuses = [pack.expected[("Movement", c.coordinate)].value for c in ws["F"] if c.data_type == "f"]
    assert statuses == ["OK"] * len(project.scenario_names)
    assert len(ws._charts) == len(project.scenario_names)


def test_inputs_outside_their_usual_range_are_listed_in_the_executive_summary(project):
    from planner.analysis.unusual import unusual_inputs
    from planner.project.document import set_baseline_input

    hra = next(r.name for r in project.runs if r.model == "hra")
    assert unusual_inputs(project, ["Baseline"]) == []
    odd = set_baseline_input(project, hra, "weekly_rent", 8_000.0)
    odd = set_baseline_input(odd, hra, "new_build[2].cost_per_unit", 2_000_000.0)
    rent, cost = unusual_inputs(odd, ["Baseline", *odd.scenario_names])
    assert rent[:3] == ("Baseline", hra, "Average weekly rent")
    assert rent[3].startswith("£8,000: usually £50 to £250 (about half to twice the England average")
    assert cost[:3] == ("Baseline", hra, "New-build programme, row 2: Cost per home")
    assert cost[3].startswith("£2,000,000: usually £100,000 to £350,000 (about half to just under twice")
    ws = build_board_pack(odd, []).workbook["Executive summary"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Inputs outside their usual range (2)" in texts
    assert f"New-build programme, row 2: Cost per home: {cost[3]}" in texts
