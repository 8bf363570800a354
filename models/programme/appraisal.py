"""The programme's appraisal inputs and PVs: cash at the borrowing rate apart from real Green Book PVs.

Financing is in cash at the borrowing rate; the appraisal deflates the same cash to real prices
of the price base year with the GDP deflator, then discounts on the Green Book schedule with the
discount base year undiscounted (models.core.appraisal). The programme has costs (its uses) and
sources but no benefits of its own, so it reports no NPSV or BCR; the land value run does.

Choices the guidance leaves open:
- The deflator for a year is the `deflator` table's growth for that year where entered, else
  the `deflator_growth` rate (the Green Book extrapolates the OBR's last forecast year's rate).
- The cash PVs discount at the borrowing rate with the same timing (the discount base year
  undiscounted), so the two PVs differ only by price basis and rate.
"""

from __future__ import annotations

import numpy as np

from models.core import appraisal as ap
from models.core import usual
from models.core.declare import Field, Metric, TableSpec
from models.core.finance import col
from models.core.tables import by_year, one_if_same
from models.core.validation import Inputs
from models.core.years import into
from models.programme.sources import one_row

GROUP = "Appraisal"
GREEN_BOOK = (
    "HM Treasury, The Green Book (2020/2022 edition) paras 5.11-5.12 and Table 1; chapter 6 of the 2026 "
    "edition (5 February 2026) (https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-"
    "in-central-government; checked 3 December 2026)"
)
DEFLATOR_SOURCE = (
    "Must be entered from the current OBR Economic and fiscal outlook (GDP deflator, Table 1.7) or HM Treasury's "
    "'GDP deflators at market prices, and money GDP' series (https://www.gov.uk/government/collections/"
    "gdp-deflators-at-market-prices-and-money-gdp); the default 2% is the Green Book's own illustration "
    "(Table 1), not a forecast. " + GREEN_BOOK
)

FIELDS = (
    ap.base_year(
        "price_base_year",
        "Price base year",
        GROUP,
        "Real PVs are in this year's prices; empty: the first year modelled (the Green Book: the first year of "
        "the proposal).",
        GREEN_BOOK,
    ),
    ap.base_year("discount_base_year", "Discount base year", GROUP, ap.DISCOUNT_BASE_HELP, ap.DISCOUNT_SOURCE),
    Field(
        "deflator_growth",
        "GDP deflator growth (years not in the table)",
        "% a year",
        0.02,
        -0.2,
        0.5,
        fmt="pct",
        group=GROUP,
        help="Whole-economy inflation used to turn cash into real terms where the deflator table has no year.",
        source=DEFLATOR_SOURCE,
        **usual.DEFLATOR,
    ),
)

DEFLATOR = TableSpec(
    "deflator",
    "GDP deflator growth by year",
    (
        Field("year", "Financial year", "year", 2017, 1990, 2200, fmt="year", structural=True, group=GROUP),
        Field("growth", "GDP deflator growth", "% a year", 0.0, -0.2, 0.5, fmt="pct", group=GROUP, **usual.DEFLATOR),
    ),
    (),
    help="Growth in the GDP deflator in each year over the year before; one row per year.",
    source=DEFLATOR_SOURCE,
    key="year",
)

METRICS = (
    Metric("pv_sources_real", "PV of sources (real, Green Book)"),
    Metric("pv_investment_real", "PV of uses (real, Green Book)"),
    Metric("pv_sources_cash", "PV of sources (cash at the borrowing rate)"),
    Metric("pv_investment_cash", "PV of uses (cash at the borrowing rate)"),
)


def deflator_growth(inputs: Inputs) -> np.ndarray:
    """Each year's deflator growth (n or 1, T): the table's where entered, else the default rate."""
    rows = inputs.rows("deflator")
    base = col(one_if_same(inputs.deflator_growth))
    growth = np.broadcast_to(base, (base.shape[0], inputs.horizon))
    if rows:
        years = np.array([row["year"] for row in rows])
        entered = by_year(years, np.stack([row["growth"] for row in rows], axis=1), inputs.start_year, inputs.horizon)
        listed = by_year(years, np.ones((1, len(rows))), inputs.start_year, inputs.horizon) > 0
        growth = np.where(listed, entered, growth)
    return growth


def present_values(inputs: Inputs, sources: np.ndarray, uses: np.ndarray) -> dict[str, np.ndarray]:
    """Real Green Book PVs and cash PVs at the borrowing rate of total sources and total uses.

    Each PV is the sum over the years of cash x (index[price base] / index) x factor, taken on
    (n, T) products laid out trial by trial (models.core.years.year_sums: the same digits
    however the lines are held), a line the same in every trial as its one row."""
    index = ap.deflator_index(deflator_growth(inputs))
    price, base = (_year(inputs, name) - inputs.start_year for name in ("price_base_year", "discount_base_year"))
    real = ap.discount_factors(one_if_same(inputs.appraisal_rate), inputs.horizon, base)
    cash = ap.discount_factors(one_if_same(inputs.borrowing_rate), inputs.horizon, base)
    to_price = index[:, price : price + 1] / index  # real_t = cash_t * to_price_t (ap.to_real)
    products = np.empty((max(len(sources), len(uses)), inputs.horizon))

    def pv(flows: np.ndarray, *factors: np.ndarray) -> np.ndarray:
        product = one_row(flows)
        for factor in factors:
            product = into(products, np.multiply, product, factor)
        return product.sum(axis=1)

    return {
        "pv_sources_real": pv(sources, to_price, real),
        "pv_investment_real": pv(uses, to_price, real),
        "pv_sources_cash": pv(sources, cash),
        "pv_investment_cash": pv(uses, cash),
    }


def _year(inputs: Inputs, name: str) -> int:
    year = getattr(inputs, name)
    return inputs.start_year if year is None else year


def year_errors(inputs: Inputs) -> list[tuple[str, int]]:
    """(input path, year) of each appraisal year outside the years modelled."""
    first, last = inputs.start_year, inputs.start_year + inputs.horizon - 1
    out = [(name, _year(inputs, name)) for name in ("price_base_year", "discount_base_year")]
    out += [(f"deflator[{i}].year", row["year"]) for i, row in enumerate(inputs.rows("deflator"), start=1)]
    return [(where, year) for where, year in out if not first <= year <= last]
