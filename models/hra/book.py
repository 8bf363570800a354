"""The deeper HRA plan's declarations: stock by archetype, the Rent Standard's limit on rents, the
loan book and the rates around it. Each table empty (or field at its default) leaves the simple
single-archetype plan of models.hra.inputs exactly as it was.

The rent limit and the PWLB HRA margin are dated legal values entered here as inputs, with the
instrument or page each default comes from, until a shared rulebook supplies them.
"""

from __future__ import annotations

from models.core import usual
from models.core.declare import Field, TableSpec
from models.core.errors import InputError
from models.core.validation import Inputs

TENURES = ("Social Rent", "Affordable Rent", "Shared ownership")
SURVEY = "Illustrative: replace with the council's stock records and rent roll"

RENT_STANDARD = (
    "2016-17 to 2019-20: rents cut by at least 1% a year, Welfare Reform and Work Act 2016 s.23; "
    "from 2020-21 CPI (September before) + 1%, Direction on the Rent Standard 2019 and the Policy "
    "statement on rents for social housing; 2023-24 capped at 7%, Direction on the Rent Standard 2023; "
    "2026-27 to 2035-36 CPI + 1% with Social Rent convergence of up to £1 a week more from April 2027 "
    "and £2 a week from April 2028 until formula rent, Rent Standard 2026 and the revised Policy statement "
    "(28 January 2026, https://www.gov.uk/government/consultations/how-to-implement-social-rent-convergence/"
    "outcome/outcome-to-consultations-on-future-social-housing-rent-policy-and-social-rent-convergence). "
    "September CPI 2019-2024 from the gov.uk 'Limit on annual rent increases 2024-25' tables and providers' "
    "notices (6.7% Sept 2023; 1.7% Sept 2024; 3.8% Sept 2025); from 2027-28 CPI 2.0% is an assumption "
    "(the Bank of England target), checked 3 December 2026"
)
PWLB = (
    "DMO, PWLB concessionary rates (https://www.dmo.gov.uk/responsibilities/local-authority-lending/"
    "concessionary-rates/): the HRA rate, gilt yield + 0.40%, from 15 June 2023; extended to 31 March 2027 "
    "(Arlingclose, secondary); the certainty rate, gilt + 0.80%, applies after that unless extended"
)
INTERNAL_BORROWING = (
    "Internal borrowing: cash from usable reserves funding capital expenditure in place of loans, so it earns no "
    "interest (Arlingclose, 'HRA interest costs', https://www.arlingclose.com/insights/hra-interest-costs, "
    "secondary); the HRA cap of 2012-18 measured on the HRA capital financing requirement (Limits on "
    "Indebtedness Determination 2012, Annex A, in the HRA Self-financing Determinations, "
    "https://www.gov.uk/government/consultations/the-housing-revenue-account-self-financing-determinations); "
    "the authorised limit is for external debt (CIPFA Prudential Code); checked 3 December 2026"
)
FIRST_LET_VOID = usual.usual(
    0.0,
    12.0,
    "a level for a second look, not a published figure: English councils took 79 days (about 11 weeks) on "
    "average to relet a home in 2024-25 (LAHS, as reported at https://thelabourcampaignforcouncilhousing.org/"
    "2025/12/08/social-rent-council-homes-fall-below-1-5-million), and a new home should let sooner; " + usual.CHECKED,
)
PWLB_MARGIN = usual.usual(
    0.004,
    0.01,
    "from the HRA rate (gilts + 0.40%, from 15 June 2023) to the standard rate (gilts + 1.00%) (UK Debt "
    "Management Office, PWLB concessionary rates, https://www.dmo.gov.uk/responsibilities/local-authority-"
    "lending/concessionary-rates/); " + usual.CHECKED,
)

FIELDS = (
    Field(
        "rents_follow",
        "Archetype rents rise by",
        "",
        "rent path",
        fmt="choice",
        choices=("rent path", "rent limit"),
        group="Stock and rents",
        source="The council's rent-setting policy",
        help="For the archetype table: the plan's rent path (annual change and rent path table), or the "
        "Rent Standard's limit in force each year (the rent limit table; the annual change where it has no year).",
    ),
    Field(
        "market_rent_growth",
        "Market rent growth",
        "% a year",
        0.02,
        -0.2,
        0.2,
        fmt="pct",
        group="Stock and rents",
        source="Illustrative: replace with the council's market rent forecast",
        help="Moves the market rent and the Local Housing Allowance of Affordable Rent archetypes.",
    ),
    Field(
        "first_let_void_weeks",
        "First-let void",
        "weeks",
        0.0,
        0,
        26,
        group="Extra homes",
        source="Illustrative: replace with the council's void turnaround for new homes",
        help="Weeks of rent lost on each new home in the year it is completed, before its first let.",
        **FIRST_LET_VOID,
    ),
    Field(
        "variable_rate_shift",
        "Change in variable rates",
        "% points",
        0.0,
        -0.2,
        0.2,
        fmt="pct",
        group="Debt and balances",
        source="Treasury management strategy: the stress the council tests",
        help="Added to the rate of every variable loan in the loan book from the first year.",
    ),
    Field(
        "gilt_yield",
        "Gilt yield for new borrowing",
        "% a year",
        None,
        0,
        0.2,
        fmt="pct",
        group="Debt and balances",
        optional=True,
        source="Illustrative: replace with the treasury adviser's gilt forecast",
        help="When set, new borrowing and refinancing cost this plus the PWLB HRA margin (in place of the "
        "rate on new borrowing).",
        **usual.GILT_YIELD,
    ),
    Field(
        "pwlb_hra_margin",
        "PWLB HRA margin over gilts",
        "% a year",
        0.004,
        0,
        0.05,
        fmt="pct",
        group="Debt and balances",
        source=PWLB,
        help="The margin the PWLB charges over the gilt yield for HRA borrowing.",
        **PWLB_MARGIN,
    ),
    Field(
        "balance_interest_rate",
        "Interest on balances",
        "% a year",
        0.0,
        0,
        0.2,
        fmt="pct",
        group="Debt and balances",
        source="Illustrative: replace with the treasury management strategy's investment return",
        help="Earned on the HRA balance at the start of each year and added to the surplus.",
        **usual.INVESTMENT_RATE,
    ),
    Field(
        "internal_borrowing",
        "Balances lent to capital (internal borrowing)",
        "",
        False,
        fmt="bool",
        group="Debt and balances",
        source=INTERNAL_BORROWING,
        help="When ticked, the HRA balance used on new homes and investment, and any used to repay loans, is "
        "internal borrowing: the capital financing requirement keeps it and the HRA reserve still holds it, "
        "but it is no longer cash. The cash is the same either way. The statutory cap (2012-13 to 2018-19) "
        "is then judged on the capital financing requirement, and the council's own limit on the external debt.",
    ),
)

ARCHETYPES = TableSpec(
    "archetypes",
    "Stock by archetype",
    key="name",
    columns=(
        Field("name", "Archetype", "", "Houses", fmt="text"),
        Field("tenure", "Tenure", "", "Social Rent", fmt="choice", choices=TENURES),
        Field("homes", "Homes", "homes", 1000.0, 0, None),
        Field("weekly_rent", "Average actual rent", "£ a week", 100.0, 0, None, fmt="gbp", **usual.SOCIAL_RENT),
        Field("formula_rent", "Formula rent", "£ a week", 0.0, 0, None, fmt="gbp", help="0 for none."),
        Field("service_charge", "Service charge", "£ a week", 0.0, 0, None, fmt="gbp"),
        Field("void_rate", "Void rate", "% of rent", 0.015, 0, 1, fmt="pct", **usual.VOID_RATE),
        Field("bad_debt_rate", "Bad debt rate", "% of rent", 0.01, 0, 1, fmt="pct", **usual.BAD_DEBT_RATE),
        Field("rtb_sales", "Right to Buy sales", "homes a year", 0.0, 0, None),
        Field("market_rent", "Market rent", "£ a week", 0.0, 0, None, fmt="gbp", help="Affordable Rent: 0 for none."),
        Field("lha", "Local Housing Allowance", "£ a week", 0.0, 0, None, fmt="gbp", help="0 for none."),
    ),
    help="The existing homes by archetype (rents at first-year prices). Empty: one archetype from the stock "
    "and rent inputs. Social Rent below formula rent converges on it; Affordable Rent (with service charges) "
    "stays within 80% of market rent and the Local Housing Allowance; service charges move with cost inflation.",
    source=SURVEY + ". Affordable Rent at up to 80% of market rent inclusive of service charges: Policy "
    "statement on rents for social housing para 1.6. The LHA cap is a grant condition of the Affordable Homes "
    "Programme, not part of the Rent Standard (research note: not verified in a primary text)",
)

RENT_LIMIT = TableSpec(
    "rent_limit",
    "Rent Standard limit",
    key="year",
    columns=(
        Field("year", "Year", "year", 2026, 1990, 2225, fmt="year", structural=True),
        Field("cpi", "CPI (September before)", "%", None, -0.2, 0.5, fmt="pct", optional=True),
        Field("over_cpi", "Over CPI", "% points", 0.01, -0.2, 0.2, fmt="pct"),
        Field("ceiling", "Ceiling", "% a year", None, -0.2, 0.5, fmt="pct", optional=True),
        Field("convergence", "Convergence allowance", "£ a week", 0.0, 0, None, fmt="gbp"),
    ),
    default=tuple({"year": y, "cpi": None, "over_cpi": -0.01} for y in range(2016, 2020))
    + tuple(
        {"year": y, "cpi": c, "over_cpi": 0.01} | ({"ceiling": 0.07} if y == 2023 else {})
        for y, c in zip(range(2020, 2027), (0.017, 0.005, 0.031, 0.101, 0.067, 0.017, 0.038))
    )
    + tuple({"year": y, "cpi": 0.02, "over_cpi": 0.01, "convergence": min(y - 2026, 2)} for y in range(2027, 2036)),
    help="The most a rent may rise each financial year: CPI + the amount over CPI (the amount alone with no "
    "CPI), at most the ceiling; Social Rent below formula rent may rise by the convergence allowance more, "
    "up to formula rent. Years without a row have no limit.",
    source=RENT_STANDARD,
)

LOANS = TableSpec(
    "loans",
    "Loan book",
    key="lender",
    columns=(
        Field("lender", "Lender", "", "PWLB", fmt="text"),
        Field("principal", "Principal", "£", 10_000_000.0, 0, None, fmt="gbp"),
        Field("rate", "Rate", "% a year", 0.035, 0, 0.2, fmt="pct", **usual.BORROWING_RATE),
        Field("kind", "Fixed or variable", "", "fixed", fmt="choice", choices=("fixed", "variable")),
        Field("maturity", "Year it matures", "year", 2030, 1990, 2225, fmt="year", structural=True),
    ),
    help="The HRA's loans at the start of the plan, in place of the opening debt and its rate when not empty. "
    "A loan is repaid at the end of the year it matures and refinanced at the rate on new borrowing; "
    "interest is charged on one pool at the consolidated rate.",
    source="Illustrative: replace with the council's treasury management loan schedule",
)

TABLES = (ARCHETYPES, RENT_LIMIT, LOANS)


def cross_validate(inputs: Inputs) -> list[InputError]:
    """Loans mature inside the plan or after it; the rent limit names each year once."""
    errors, seen = [], set()
    for i, row in enumerate(inputs.rows("loans"), start=1):
        if row["maturity"] < inputs.start_year:
            errors.append(
                InputError(
                    f"loans[{i}].maturity",
                    row["maturity"],
                    f"enter a year from {inputs.start_year} on (a loan repaid before the plan is not in the book)",
                    "Year it matures",
                )
            )
    for i, row in enumerate(inputs.rows("rent_limit"), start=1):
        if row["year"] in seen:
            errors.append(InputError(f"rent_limit[{i}].year", row["year"], "enter each year once", "Year"))
        seen.add(row["year"])
    return errors
