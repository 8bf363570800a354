"""Build examples/hra-business-plan-2026.json: a 30-year HRA business plan from 2026-27.

    .venv/bin/python tools/build_hra_example.py [--output PATH]

A West Midlands metropolitan council's plan, scaled on Wolverhampton's published HRA business
plan 2025-26 (its five-year capital programme) and the national figures in the research notes:
rents under the Rent Standard 2026 with Social Rent convergence, the Right to Buy rules of 2024-25,
the PWLB HRA rate, Awaab's Law and the EPC C standard for 2030. What no published source gives
(stock by archetype, the rent roll, the loan book, the stock condition survey) is illustrative,
and each source says so and what to replace it with. Every input has its source; the run is
checked by the model before the file is written, and the file is rewritten byte for byte the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.hra.model import SPEC  # noqa: E402  (the path above makes the project importable)
from models.hra.solvers import max_extra_units  # noqa: E402

OUTPUT = ROOT / "examples" / "hra-business-plan-2026.json"
WOLVES = "Wolverhampton Cabinet, HRA Business Plan 2025-2026 (https://wolverhampton.moderngov.co.uk/ieDecisionDetails.aspx?ID=9585)"
ILLUSTRATIVE = "Illustrative: replace with "
RSH_RENT = (
    "RSH statistical release (28 October 2025): average general needs social rent £113.69 a week at 31 March 2025 "
    "(councils and housing associations together), raised by 2.7% for 2025-26 and 4.8% for 2026-27 "
    "(September CPI + 1%)"
)
ARCHETYPES = [
    ("Houses", 9000, 104.50, 110.00, 0.0, 0.012, 25),
    ("Low-rise flats", 6500, 95.80, 101.50, 3.50, 0.018, 12),
    ("High-rise flats", 3500, 93.20, 99.80, 9.00, 0.025, 3),
    ("Sheltered", 1000, 91.00, 96.00, 16.00, 0.030, 0),
]
# (component, life in years, £ a home at 2026-27 prices, last replaced by archetype)
COMPONENTS = [
    ("Kitchens", 20, 9000.0, {"Houses": 2008, "Low-rise flats": 2010, "High-rise flats": 2012, "Sheltered": 2014}),
    ("Bathrooms", 30, 6000.0, {"Houses": 2000, "Low-rise flats": 2002, "High-rise flats": 2005, "Sheltered": 2009}),
    ("Roofs", 50, 9500.0, {"Houses": 1980, "Low-rise flats": 1985}),
    ("Windows and doors", 30, 6500.0, {"Houses": 1998, "Low-rise flats": 2000, "High-rise flats": 2004}),
    ("Heating", 15, 4500.0, {"Houses": 2013, "Low-rise flats": 2014, "High-rise flats": 2016, "Sheltered": 2018}),
    ("Electrics", 30, 3500.0, {"Houses": 1999, "Low-rise flats": 2001, "High-rise flats": 2003, "Sheltered": 2006}),
    ("External works", 25, 2500.0, {"Houses": 2004, "Low-rise flats": 2006, "High-rise flats": 2008}),
]
LOANS = [  # (lender, £m, rate, fixed or variable, maturity year)
    ("PWLB self-financing 2012 (1)", 40, 0.0321, "fixed", 2027),
    ("PWLB self-financing 2012 (2)", 40, 0.0335, "fixed", 2030),
    ("PWLB self-financing 2012 (3)", 40, 0.0344, "fixed", 2033),
    ("PWLB self-financing 2012 (4)", 40, 0.0349, "fixed", 2037),
    ("PWLB self-financing 2012 (5)", 40, 0.0350, "fixed", 2041),
    ("PWLB maturity 2019", 25, 0.0265, "fixed", 2044),
    ("PWLB HRA rate 2024", 30, 0.0520, "fixed", 2049),
    ("Market LOBO", 15, 0.0450, "variable", 2054),
    ("Short-term local authority loans", 10, 0.0470, "variable", 2026),
]


def inputs() -> tuple[dict, dict]:
    """The run's inputs and the source of each."""
    values, sources = {}, {}

    def put(name, value, source):
        values[name], sources[name] = value, source

    put("start_year", "2026-27", "The first year of the ten-year rent settlement (1 April 2026 to 31 March 2036)")
    put("horizon", 30, "A 30-year HRA business plan, the norm since self-financing (April 2012)")
    homes = sum(a[1] for a in ARCHETYPES)
    put("opening_stock", float(homes), "The archetype table's homes (this input is used only without the table)")
    put("weekly_rent", 100.0, "Unused with the archetype table; " + RSH_RENT)
    put("rent_weeks", 52, ILLUSTRATIVE + "the council's rent-setting report (52 weeks: no rent-free weeks)")
    put("rent_change", 0.025, ILLUSTRATIVE + "the council's assumption after the settlement ends in 2036: CPI + 0.5%")
    put("rents_follow", "rent limit", "The council raises rents by the most the Rent Standard allows (" + WOLVES + ")")
    put("market_rent_growth", 0.02, ILLUSTRATIVE + "the council's market rent forecast")
    put("rent_limit", [dict(r) for r in SPEC.table("rent_limit").default], SPEC.table("rent_limit").source)
    put(
        "archetypes",
        [
            {
                "name": name,
                "tenure": "Social Rent",
                "homes": float(n),
                "weekly_rent": rent,
                "formula_rent": formula,
                "service_charge": service,
                "void_rate": void,
                "bad_debt_rate": 0.01,
                "rtb_sales": float(sales),
                "market_rent": 0.0,
                "lha": 0.0,
            }
            for name, n, rent, formula, service, void, sales in ARCHETYPES
        ],
        ILLUSTRATIVE + "the council's stock records and rent roll at 1 April 2026: 20,000 homes at about £100 a week, "
        "below the " + RSH_RENT + "; sheltered homes are excluded from the Right to Buy (Housing Act 1985 Sch. 5)",
    )
    put("void_rate", 0.015, "Unused with the archetype table; " + ILLUSTRATIVE + "the council's void rent loss")
    put("bad_debt_rate", 0.01, "Unused with the archetype table; " + ILLUSTRATIVE + "the council's arrears record")
    put("other_income_per_unit", 60.0, ILLUSTRATIVE + "garage rents and shops (" + WOLVES + ", Appendix 3)")
    put("rtb_sales", 100.0, "Unused with the archetype table (sales by archetype)")
    put(
        "rtb_receipt",
        90000.0,
        ILLUSTRATIVE + "the council's pooling returns: a £116,000 home less the West Midlands cap on discount of "
        "£26,000 (Housing (Right to Buy) (Limits on Discount) (England) Order 2024, SI 2024/1073, "
        "from 21 November 2024)",
    )
    put(
        "rtb_retained_share",
        1.0,
        "Councils keep the Treasury share of receipts from 2024-25 (Autumn Budget, 30 October 2024; secondary sources)",
    )
    put(
        "rtb_max_share_of_cost",
        1.0,
        "Receipts may pay up to 100% of a replacement home from 2024-25, made indefinite on 2 July 2025 (gov.uk, "
        "Retained Right to Buy receipts and their use for replacement supply: guidance, updated 10 July 2025)",
    )
    put("rtb_spend_years", 5, "Five years to spend receipts from 1 April 2021 (gov.uk guidance above)")
    new_homes = (
        "Homes a year calibrated to Wolverhampton's £98 million for new homes, 2025-26 to 2029-30 (" + WOLVES + ")"
    )
    put(
        "new_build",
        [
            {
                "year": year,
                "units": 70.0,
                "cost_per_unit": 220000.0,
                "grant_share": 0.3,
                "weekly_rent": 118.0,
                "build_years": 2,
                "kind": "new build",
                "replacement": True,
            }
            for year in range(2027, 2031)
        ]
        + [
            {
                "year": year,
                "units": 25.0,
                "cost_per_unit": 165000.0,
                "grant_share": 0.0,
                "weekly_rent": 110.0,
                "build_years": 1,
                "kind": "acquisition",
                "replacement": True,
            }
            for year in range(2026, 2029)
        ],
        new_homes + "; costs, grant (Homes England, which receipts may now be combined with) and rents illustrative",
    )
    put("first_let_void_weeks", 4.0, ILLUSTRATIVE + "the council's lettings record for new homes")
    put(
        "extra_units_per_year",
        0.0,
        "The plan as approved: no homes beyond the programme (the solver finds how many more)",
    )
    put("extra_cost_per_unit", 220000.0, ILLUSTRATIVE + "the council's development appraisals")
    put("extra_grant_share", 0.3, ILLUSTRATIVE + "Homes England grant per home where bid for")
    put("extra_weekly_rent", 118.0, ILLUSTRATIVE + "formula rent for new homes")
    put("extra_first_year", "2031-32", "After the approved five-year programme")
    put("extra_years", 10, ILLUSTRATIVE + "the council's development pipeline")
    put("management_per_unit", 950.0, ILLUSTRATIVE + "the council's management fee to its ALMO (" + WOLVES + ")")
    put("repairs_per_unit", 1050.0, ILLUSTRATIVE + "the responsive and cyclical repairs budget (" + WOLVES + ")")
    put("major_repairs_per_unit", 1450.0, ILLUSTRATIVE + "depreciation in the HRA accounts (credited to the reserve)")
    put("cost_inflation", 0.025, ILLUSTRATIVE + "the plan's cost inflation: CPI 2% + 0.5%")
    put(
        "components",
        [
            {"component": c, "archetype": a, "unit_cost": cost, "life": life, "last_replaced": last, "spread": 5}
            for c, life, cost, by_type in COMPONENTS
            for a, last in by_type.items()
        ],
        ILLUSTRATIVE + "the council's stock condition survey; the scale of it calibrated to Wolverhampton's £110 "
        "million for internal decency over five years (" + WOLVES + ")",
    )
    put(
        "works",
        [
            {
                "programme": "Building and fire safety (high rise)",
                "homes": 3500.0,
                "cost_per_home": 23400.0,
                "target_year": 2029,
            },
            {"programme": "Damp and mould", "homes": 2000.0, "cost_per_home": 3000.0, "target_year": 2027},
            {"programme": "Energy retrofit to EPC C", "homes": 8000.0, "cost_per_home": 10000.0, "target_year": 2029},
        ],
        "High rise: £82 million for high-rise estates incl. building safety, 2025-26 to 2029-30 (" + WOLVES + "); "
        "damp and mould: Awaab's Law in force 27 October 2025 (homes and cost illustrative); EPC C by 1 April 2030 "
        "with a proposed £10,000 cost cap a home (gov.uk, 28 January 2026; homes illustrative)",
    )
    put(
        "loans",
        [
            {"lender": lender, "principal": m * 1e6, "rate": rate, "kind": kind, "maturity": year}
            for lender, m, rate, kind, year in LOANS
        ],
        ILLUSTRATIVE + "the council's treasury management loan schedule (£280 million: the 2012 self-financing "
        "loans and later borrowing)",
    )
    put("opening_debt", 280_000_000.0, "Unused with the loan book (the book's principal)")
    put("existing_debt_rate", 0.035, "Unused with the loan book (its consolidated rate)")
    put("new_debt_rate", 0.054, "Unused with a gilt yield (gilts + the PWLB HRA margin)")
    put("gilt_yield", 0.05, ILLUSTRATIVE + "the treasury adviser's 25-year gilt forecast")
    put("pwlb_hra_margin", 0.004, SPEC.field("pwlb_hra_margin").source)
    put("variable_rate_shift", 0.0, "No stress on variable rates in the central case")
    put("balance_interest_rate", 0.035, ILLUSTRATIVE + "the treasury management strategy's return on cash")
    put(
        "debt_cap",
        700_000_000.0,
        ILLUSTRATIVE + "the council's authorised limit for HRA debt under the CIPFA Prudential Code (no "
        "statutory cap since 30 October 2018)",
    )
    put("opening_balance", 12_000_000.0, ILLUSTRATIVE + "the HRA working balance at 31 March 2026")
    put("minimum_balance", 8_000_000.0, ILLUSTRATIVE + "the prudent minimum in the council's reserves policy")
    put("icr_threshold", 1.25, "A common HRA business-plan covenant (MODELS.md section 4)")
    repays = ILLUSTRATIVE + "the council's debt strategy: the balance above the minimum repays debt"
    put("surplus_repays_debt", True, repays)
    return values, sources


def scenario() -> dict:
    values, sources = inputs()
    SPEC.run(values)  # the model checks every input before anything is written
    most = max_extra_units(values)
    stretched = dict(values, extra_units_per_year=float(most))
    why = dict(sources, extra_units_per_year="The most-homes solver: the most extra homes a year within every limit")
    return {
        "schema_version": 1,
        "title": "A West Midlands council's HRA business plan, 2026-27 to 2055-56",
        "description": (
            "A 30-year HRA business plan for a metropolitan council of 20,000 homes, scaled on Wolverhampton's HRA "
            "Business Plan 2025-2026 (£98m new homes, £82m high-rise, £110m internal decency over five years). Rents "
            "rise by CPI + 1% under the Rent Standard 2026 with Social Rent convergence of £1 a week from April 2027 "
            "and £2 from April 2028; four archetypes, a component programme, building safety, damp and mould and "
            "EPC C works, a £280m loan book refinanced at gilts + the PWLB HRA margin, and new homes built over two "
            "years or bought. Stock, rents, costs and loans are illustrative, each labelled with where the real "
            "figure comes from. Built by tools/build_hra_example.py."
        ),
        "runs": [
            {
                "name": "Business plan 2026",
                "model": "hra",
                "description": "The plan as approved: the five-year programme, then no further homes.",
                "inputs": values,
                "sources": sources,
            },
            {
                "name": "Most extra homes",
                "model": "hra",
                "description": f"The plan with the most extra homes a year from 2031-32 for ten years that keeps debt "
                f"within the authorised limit, the balance above its minimum and interest cover at 1.25 ({most}).",
                "inputs": stretched,
                "sources": why,
            },
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    args.output.write_text(json.dumps(scenario(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
