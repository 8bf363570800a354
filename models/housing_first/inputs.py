"""The Housing First model's inputs, declared once; the West Midlands 2018 award is the default.

Source: WMCA Public Service Reform Board, 6 September 2018, item 7 (seed 003): £9.6m for
2018-21, paid £1.44m / £3m / £5.16m; 225 people a year for three years across seven councils;
25% of each year's units targeted by March 2019.
"""

from __future__ import annotations

from typing import Any

from models.core import usual
from models.core.declare import Field, TableSpec

PSR_BOARD = "WMCA PSR Board, 6 Sept 2018, Housing First report"
AWARD = 9_600_000.0
PILOTS = (
    "the three regional Housing First pilots (Greater Manchester, Liverpool City Region, West Midlands) "
    "housed 1,061 people with £28m from 2017 and £13.9m more from 2022 (Homeless Link on the final "
    "evaluation, Oct 2024, "
    "https://homeless.org.uk/news/building-a-case-for-housing-first-regional-pilots-final-evaluation-report)"
)
SUPPORT_COST = usual.usual(
    2_000.0,
    15_000.0,
    "a range reasoned from the pilots, not a published unit cost: " + PILOTS + ", £26,000 to £40,000 a "
    "person over up to five years of support; " + usual.CHECKED,
)
SUSTAINMENT = usual.usual(
    0.7,
    1.0,
    "tenancy sustainment in the pilots was 84% after three years, about 94% a year (Homeless Link, 2025, "
    "https://hu6zg0fcclhktccq4kuppxhub.js.wpenginepowered.com/opinion/housing-first-homelessness-2025-homeless-"
    "link); " + PILOTS + "; " + usual.CHECKED,
)

TRANCHES = (
    {"year": 2018, "amount": 1_440_000.0},
    {"year": 2019, "amount": 3_000_000.0},
    {"year": 2020, "amount": 5_160_000.0},
)

COUNCILS = (
    {"name": "Birmingham", "units_per_year": 100.0, "hf_support": 2_839_656.0, "other_support": 1_191_150.0},
    {"name": "Coventry", "units_per_year": 40.0, "hf_support": 1_148_625.0, "other_support": 525_100.0},
    {"name": "Dudley", "units_per_year": 5.0, "hf_support": 127_625.0, "other_support": 127_650.0},
    {"name": "Sandwell", "units_per_year": 20.0, "hf_support": 574_313.0, "other_support": 388_800.0},
    {"name": "Solihull", "units_per_year": 10.0, "hf_support": 287_156.0, "other_support": 238_150.0},
    {"name": "Walsall", "units_per_year": 32.0, "hf_support": 893_375.0, "other_support": 444_800.0},
    {"name": "Wolverhampton", "units_per_year": 18.0, "hf_support": 510_500.0, "other_support": 303_100.0},
)

# 25% of the year's target by March 2019 (report §2.12); the later years catch up so that the
# bid's 675 people are housed by March 2021. The phasing after 2018-19 is illustrative.
INTAKE = ({"year": 2018, "share": 0.25}, {"year": 2019, "share": 1.375}, {"year": 2020, "share": 1.375})

# The "other support" allocation (£3,218,750: outreach, nursing, substance misuse support,
# accommodation access, crisis) spread evenly over the three pilot years: illustrative phasing.
OTHER_COSTS = tuple({"year": y, "amount": 3_218_750.0 / 3} for y in (2018, 2019, 2020))

MONEY: dict[str, Any] = dict(fmt="gbp", low=0.0, high=1e10)
RATE: dict[str, Any] = dict(fmt="pct", low=0.0, high=1.0)

FIELDS = (
    Field(
        "start_year",
        "First financial year",
        "year",
        2018,
        1990,
        2100,
        fmt="year",
        structural=True,
        group="Timing",
        help="Calendar year in which the first financial year starts (2018 = 2018-19).",
        source=PSR_BOARD,
    ),
    Field(
        "horizon",
        "Years modelled",
        "years",
        5,
        1,
        125,
        fmt="int",
        structural=True,
        group="Timing",
        help="Number of financial years to model; the pilot's support runs to 2022-23.",
        source=PSR_BOARD + " §2.4: 2018-21 plus two years of legacy support",
    ),
    Field(
        "award",
        "Grant award",
        "£",
        AWARD,
        group="Grant",
        **MONEY,
        help="The total grant awarded; the tranches and the council allocations must sum to it.",
        source=PSR_BOARD + " §2.4: £9.6m",
    ),
    Field(
        "annual_target",
        "People housed a year (target)",
        "people",
        225.0,
        0,
        1e6,
        group="Intake",
        help="The annual target; the councils' units must sum to it.",
        source=PSR_BOARD + " §2.6",
    ),
    Field(
        "support_cost_per_person_year",
        "Support cost per person a year",
        "£ per person-year",
        4_200.0,
        group="Costs",
        help="The full-year cost of intensive Housing First support for one person.",
        source="Illustrative: about what the HF support allocation (£6,381,250) buys over 2018-23 at 80% "
        "sustainment; replace with the commissioned cost per person (Task Group role "
        "profiles and costs)",
        **MONEY,
        **SUPPORT_COST,
    ),
    Field(
        "entry_year_fraction",
        "Share of a year supported in the year housed",
        "%",
        0.5,
        group="Costs",
        help="People are housed through the year, so on average they cost half a year in that year.",
        source="Convention: mid-year entry",
        **RATE,
    ),
    Field(
        "support_years",
        "Most years a person is supported",
        "years",
        5,
        1,
        125,
        fmt="int",
        group="Costs",
        help="Years of support from the year housed, that year included.",
        source="Illustrative: the pilot funds support to March 2023",
    ),
    Field(
        "retention_rate",
        "Tenancy sustainment a year",
        "%",
        0.8,
        group="Costs",
        help="Share of people still housed and supported a year later.",
        source="Illustrative: replace with the pilot's tenancy sustainment (Heriot-Watt evaluation)",
        **RATE,
        **SUSTAINMENT,
    ),
    Field(
        "cost_inflation",
        "Cost inflation",
        "% a year",
        0.0,
        -0.5,
        1.0,
        fmt="pct",
        group="Costs",
        help="Annual change in support and other costs (0 = cash flat, as the award was set).",
        source="Assumption: costs held at the award's cash values",
        **usual.INFLATION,
    ),
    Field(
        "cost_avoided_per_person_year",
        "Public cost avoided per person a year",
        "£ per person-year",
        0.0,
        group="Value for money",
        help="Public service costs avoided for each person-year supported "
        "(health, criminal justice, emergency accommodation); 0 leaves value for money out.",
        source="Optional: e.g. MHCLG Housing First evaluation unit costs",
        **MONEY,
    ),
)

TABLES = (
    TableSpec(
        "tranches",
        "Grant tranches",
        (
            Field("year", "Financial year", "year", 2018, 1990, 2100, fmt="year", help="Year the tranche is paid."),
            Field("amount", "Amount", "£", 0.0, help="Grant paid in the year.", **MONEY),
        ),
        TRANCHES,
        help="The grant by year.",
        source=PSR_BOARD + " §2.4",
        min_rows=1,
        key="year",
    ),
    TableSpec(
        "councils",
        "Councils",
        (
            Field("name", "Council", "", "", fmt="text", help="The delivering council."),
            Field("units_per_year", "Units a year", "units", 0.0, 0, 1e6, help="People housed a year."),
            Field(
                "hf_support", "Housing First support allocation", "£", 0.0, help="Allocation for HF support.", **MONEY
            ),
            Field(
                "other_support",
                "Other support allocation",
                "£",
                0.0,
                help="Outreach, nursing, access, crisis.",
                **MONEY,
            ),
        ),
        COUNCILS,
        help="Units and allocations by council.",
        source=PSR_BOARD + " §2.7 table",
        key="name",
    ),
    TableSpec(
        "intake",
        "Intake profile",
        (
            Field("year", "Financial year", "year", 2018, 1990, 2100, fmt="year", help="Year people are housed."),
            Field(
                "share",
                "Share of the annual target housed",
                "%",
                1.0,
                0.0,
                10.0,
                fmt="pct",
                help="People housed in the year as a share of the annual target.",
            ),
        ),
        INTAKE,
        help="When people are housed.",
        source=PSR_BOARD + " §2.12: 25% by March 2019; later years illustrative catch-up to 675",
        min_rows=1,
        key="year",
    ),
    TableSpec(
        "other_costs",
        "Other costs",
        (
            Field("year", "Financial year", "year", 2018, 1990, 2100, fmt="year", help="Year the cost falls."),
            Field("amount", "Amount", "£", 0.0, help="Outreach, nursing, access, crisis, project management.", **MONEY),
        ),
        OTHER_COSTS,
        help="Fixed costs by year, not per person.",
        source="Illustrative: other support allocation of £3,218,750 phased evenly over 2018-21",
        key="year",
    ),
)
