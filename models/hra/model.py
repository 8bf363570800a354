"""Housing Revenue Account 30-year business plan under a borrowing cap (MODELS.md section 4).

Choices MODELS.md leaves open (see also models.hra.inputs and models.hra.engine):
- Price base: per-home rents and costs are entered at first-year prices; rents follow the rent
  path (the annual rent change, overridden year by year by the `rent_path` table, the first
  year's rent being the weekly rent as entered), costs and other income follow cost inflation.
- The cap applies to the closing debt (HRA CFR) of each year. Debt exactly at the cap is within
  it; a breach is debt more than half a penny over. With no cap, headroom is NaN (not
  applicable) and the cap check passes. In the years the statutory cap stood (2012-13 to
  2018-19) it is a statutory limit; in every other year the council's own (models.hra.lawful).
- The law comes from the rulebook (models.rules), read for each plan year: a debit balance is
  unlawful (s. 76), the rent and Right to Buy rules are statutory limits; the minimum balance
  and interest cover are the council's own policy.
- Interest cover is NOI / interest; in a year with no interest it is NaN and cannot breach (nor
  where interest is so small the ratio overflows; the breach test, NOI < threshold × interest,
  needs no division).
- The checks look at every year of the plan; a breach's year is the first year it happens.
- Solvers: `max_extra_units` and `cap_needed`, in models.hra.solvers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from models.core.declare import LineItem, Metric, ModelSpec
from models.core.result import CheckOutcome, Outcome, amount_at, first_true
from models.core.timeline import year_labels
from models.core.validation import Inputs
from models.hra import book, internal, investment
from models.hra.engine import CARRIED, compute_lines
from models.hra.homes import cross_validate
from models.hra.inputs import FIELDS, TABLES
from models.hra.lawful import cap_checks, debit_balance_check, rent_check, rtb_checks, statutory_years
from models.hra.rents import first_breach
from models.hra.same import spread
from models.hra.ties import tie as _tie

__all__ = ["SPEC"]

AT_CAP = 0.005  # £: within half a penny of a limit is at it, so a cap equal to peak debt is met
LINES = (
    LineItem("opening_stock", "Homes at start of year", "homes", total=False),
    LineItem("homes_sold", "Right to Buy sales", "homes"),
    LineItem("homes_built", "New homes completed", "homes"),
    LineItem("homes_replacing", "of which Right to Buy replacements", "homes"),
    LineItem("closing_stock", "Homes at end of year", "homes", total=False),
    LineItem("rent_per_unit", "Average rent per home", "£ a home", "Gross rent / average stock.", total=False),
    LineItem("average_rent", "Average rent of existing homes", "£ a week", "Weighted by homes.", total=False),
    LineItem("formula_rent", "Average formula rent", "£ a week", "Archetypes with one (0 for none).", total=False),
    LineItem(
        "limit_rent",
        "Most rent the limit allows",
        "£ a week",
        "Last year's rent × (1 + limit) + convergence; the rent where no limit applies.",
        False,
    ),
    LineItem("gross_rent", "Gross rent debit", help="Average stock × weekly rent × rent weeks."),
    LineItem("net_rent", "Net rent", help="Gross rent less voids and bad debts."),
    LineItem("other_income", "Other income"),
    LineItem("management", "Management"),
    LineItem("repairs", "Repairs"),
    LineItem("major_repairs", "Major repairs"),
    LineItem("noi", "Net operating income", help="Net rent + other income − running costs."),
    LineItem("interest_existing", "Interest on existing debt", help="Opening existing debt × its rate."),
    LineItem("interest_new", "Interest on new borrowing", help="Opening new debt × the new rate."),
    LineItem("interest", "Interest"),
    LineItem("interest_earned", "Interest on balances", help="Opening HRA balance × the rate earned."),
    LineItem("surplus", "Surplus", help="NOI − interest + interest on balances, added to the HRA balance."),
    LineItem("new_build_cost", "New-build cost"),
    LineItem("grant", "Grant"),
    LineItem("receipts_retained", "Right to Buy receipts kept"),
    LineItem("receipts_used", "Receipts used on new homes"),
    LineItem(
        "receipts_returned", "Receipts paid over unspent", help="Receipts not spent in time, paid over to government."
    ),
    LineItem("receipts_unspent", "Receipts carried forward", total=False),
    LineItem("investment", "Investment in existing homes", help="Components falling due and works, at outturn."),
    LineItem("mrr_credit", "Depreciation to the Major Repairs Reserve", help="Major repairs, with an investment plan."),
    LineItem("mrr_used", "Major Repairs Reserve used"),
    LineItem("opening_mrr", "Major Repairs Reserve at start of year", total=False),
    LineItem("closing_mrr", "Major Repairs Reserve at end of year", total=False),
    LineItem("balance_used", "HRA balance used on new homes and investment"),
    LineItem("new_borrowing", "New borrowing"),
    LineItem("debt_repaid", "Debt repaid from surpluses"),
    LineItem("opening_debt", "Debt at start of year", "£", "Loans outstanding (external debt).", total=False),
    LineItem(
        "closing_debt",
        "Debt at end of year",
        "£",
        "Loans outstanding (external debt); the capital financing requirement too unless balances are lent.",
        total=False,
    ),
    LineItem(
        "lent_to_capital",
        "Balances lent to capital (internal borrowing)",
        help="Balance used + debt repaid, beyond the year's own surplus, when balances are lent (0 otherwise).",
    ),
    LineItem("internal_debt", "Internal borrowing at end of year", help="The balances lent so far.", total=False),
    LineItem(
        "closing_cfr",
        "Capital financing requirement at end of year",
        help="External debt + internal borrowing.",
        total=False,
    ),
    LineItem("debt_maturing", "Loans maturing (refinanced)", help="The loan book's maturity profile."),
    LineItem("consolidated_rate", "Consolidated rate", "%", "Interest / opening debt.", total=False),
    LineItem("debt_per_home", "Debt per home", "£ a home", "Closing debt / closing homes.", total=False),
    LineItem(
        "headroom",
        "Headroom under the cap",
        help="Cap − closing debt (the CFR in the statutory cap's years when balances are lent; blank with no cap).",
        total=False,
    ),
    LineItem("opening_balance", "HRA balance at start of year", total=False),
    LineItem("closing_balance", "HRA balance at end of year", help="Cash-backed.", total=False),
    LineItem(
        "closing_reserve",
        "HRA reserve at end of year",
        help="The cash-backed balance + the balances lent to capital.",
        total=False,
    ),
    LineItem("interest_cover", "Interest cover", "×", "NOI / interest (blank with no interest).", total=False),
)

METRICS = (
    Metric(
        "peak_debt",
        "Peak debt",
        "money",
        "Highest closing debt the cap is judged on (the CFR in the statutory cap's years when balances are lent): "
        "the smallest cap the plan needs.",
    ),
    Metric("peak_debt_year", "Year of peak debt", "year"),
    Metric("final_debt", "Debt at the end of the plan", "money"),
    Metric("min_headroom", "Minimum headroom", "money", "Blank with no cap; negative when the cap is breached."),
    Metric("min_headroom_year", "Year of minimum headroom", "year"),
    Metric("first_cap_breach_year", "First year over the cap", "year"),
    Metric("first_balance_breach_year", "First year below the minimum balance", "year"),
    Metric("first_icr_breach_year", "First year of interest cover below threshold", "year"),
    Metric("lowest_balance", "Lowest HRA balance", "money"),
    Metric("min_interest_cover", "Lowest interest cover", "ratio"),
    Metric("total_interest", "Total interest", "money"),
    Metric("total_new_borrowing", "Total new borrowing", "money"),
    Metric("homes_built", "Homes built", "count"),
    Metric("homes_sold", "Homes sold under Right to Buy", "count"),
    Metric("homes_replacing", "New homes counting as Right to Buy replacements", "count"),
    Metric("final_stock", "Homes at the end of the plan", "count"),
    Metric("receipts_returned", "Receipts paid over unspent", "money"),
    Metric("receipts_unspent", "Receipts unspent at the end", "money"),
    Metric("within_limits", "Within every limit", "flag", "Cap, minimum balance and interest cover all met."),
)

CHECKS = (
    ("HRA in debit", "Unlawful: the HRA balance closes a year in debit (LGHA 1989 s. 76; amount: the debit)."),
    (
        "Statutory debt cap",
        "Statutory limit, in plan years from 2012-13 to 2018-19 only: closing debt at or under the cap.",
    ),
    ("Debt cap", "Local policy: closing debt at or under the council's own limit in every other year."),
    ("Rent limit", "Statutory limit: each year's rent change within the social rent rule in force that year."),
    ("Right to Buy receipts' share", "Statutory limit: receipts meet no more of a home's cost than allowed."),
    ("Right to Buy spend window", "Statutory limit: receipts are spent within the years allowed."),
    ("Minimum balance", "Local policy: the HRA balance stays at or above the council's minimum (amount: shortfall)."),
    ("Interest cover", "Local policy: NOI / interest at or above the council's threshold (amount: shortfall)."),
    ("Debt tie-out", "Opening debt + new borrowing − debt repaid = closing debt = next opening debt."),
    ("Balance tie-out", "Opening balance + surplus − balance used − debt repaid = closing = next opening."),
    ("Stock tie-out", "Opening homes − sales + completions = closing homes = next opening."),
    ("Funding tie-out", "Grant + receipts + reserve + balance used + borrowing = new-build cost + investment."),
    ("Reserve tie-out", "Major Repairs Reserve: opening + depreciation − used = closing = next opening."),
    ("Rent Standard", "No Social or Affordable Rent archetype rises above the limit (amount: £ a week over)."),
    ("Receipts tie-out", "Unspent receipts + kept − used − paid over = carried forward = next year's."),
)


def compute(inputs: Inputs) -> Outcome:
    full, over = _lines(inputs)  # the table's lines and `capped`, the debt each year's cap is judged on
    lines = {item.name: full[item.name] for item in LINES}
    first = _first_breaches(inputs, full)
    checks = _limit_checks(inputs, full, first) + [_rent_check(inputs, over)] + _tie_outs(lines)
    return Outcome(SPEC, year_labels(inputs.start_year, inputs.horizon), lines, _summary(inputs, full, first), checks)


def _lines(inputs: Inputs) -> tuple[dict, np.ndarray | None]:
    """The engine's lines, the internal-borrowing lines, and `capped`: the debt each year's cap is
    judged on, with the headroom under the cap taken from it."""
    lines, over = compute_lines(inputs)
    internal.add(inputs, lines)
    lines["capped"] = internal.capped(inputs, lines, statutory_years(inputs))
    if inputs.debt_cap is not None and lines["capped"] is not lines["closing_debt"]:
        lines["headroom"] = inputs.debt_cap[:, None] - lines["capped"]
    return lines, over


def within_limits(inputs: Inputs) -> np.ndarray:
    """The summary's `within_limits` alone, (n,), for the solvers: the lines and the three
    limits, without the rest of the summary and the checks."""
    first = _first_breaches(inputs, _lines(inputs)[0])
    return (first["cap"] < 0) & (first["balance"] < 0) & (first["icr"] < 0)


def _first_breaches(inputs: Inputs, lines: dict) -> dict[str, np.ndarray]:
    """The first year (index, -1 for never) each limit is broken: debt over the cap, balance under
    the minimum, NOI under the threshold multiple of interest (in years with interest to cover).
    Worked on the lines' own year-major (T, n) layout."""
    debt, balance, interest = lines["capped"].T, lines["closing_balance"].T, lines["interest"].T
    never = np.full(inputs.n, -1)
    short = np.multiply(interest, inputs.icr_threshold) > lines["noi"].T
    if short.any():  # only then do the years without interest need ruling out
        short &= interest > 0
    return {
        "cap": never if inputs.debt_cap is None else _first_year(debt > inputs.debt_cap + AT_CAP),
        "balance": _first_year(balance < inputs.minimum_balance - AT_CAP),
        "icr": _first_year(short),
    }


def _first_year(mask: np.ndarray) -> np.ndarray:
    """`first_true` of the (n, T) mask given years down, (T, n): the first year True in each
    trial, -1 where there is none."""
    return first_true(mask.T)


def _first_at(values: np.ndarray, at: np.ndarray, arg: Callable[..., np.ndarray]) -> np.ndarray:
    """`arg(axis=1)` (values.argmax or .argmin) given its maxima or minima `at`: the first year
    each trial reaches it, found on the lines' year-major layout; `arg` itself for a few trials
    or where a trial holds NaN (argmax then points at the first NaN)."""
    if values.shape[0] < 64 or np.isnan(at).any():
        return arg(axis=1)
    return _first_year(at == values.T)


def _summary(inputs: Inputs, lines: dict, first: dict) -> dict[str, np.ndarray]:
    debt, headroom, n = lines["capped"], lines["headroom"], inputs.n
    no_cap = inputs.debt_cap is None
    peak, least = debt.max(axis=1), None if no_cap else headroom.min(axis=1)
    return {
        "peak_debt": peak,
        "peak_debt_year": _first_at(debt, peak, debt.argmax),
        "final_debt": lines["closing_debt"][:, -1],
        "min_headroom": np.full(n, np.nan) if least is None else least,
        "min_headroom_year": np.full(n, -1) if least is None else _first_at(headroom, least, headroom.argmin),
        "first_cap_breach_year": first["cap"],
        "first_balance_breach_year": first["balance"],
        "first_icr_breach_year": first["icr"],
        "lowest_balance": lines["closing_balance"].min(axis=1),
        "min_interest_cover": np.fmin.reduce(lines["interest_cover"], axis=1),  # NaN only when never any
        "total_interest": lines["interest"].sum(axis=1),
        "total_new_borrowing": lines["new_borrowing"].sum(axis=1),
        "homes_built": lines["homes_built"].sum(axis=1),
        "homes_sold": lines["homes_sold"].sum(axis=1),
        "homes_replacing": lines["homes_replacing"].sum(axis=1),
        "final_stock": lines["closing_stock"][:, -1],
        "receipts_unspent": lines["receipts_unspent"][:, -1],
        "receipts_returned": lines["receipts_returned"].sum(axis=1),
        "within_limits": (first["cap"] < 0) & (first["balance"] < 0) & (first["icr"] < 0),
    }


def _limit(
    name: str,
    year: np.ndarray,
    amount: np.ndarray,
    passed: str,
    failed: str,
    unit: str = "£",
    rule: str = "",
) -> CheckOutcome:
    """One of the council's own limits (local policy: its reserves policy, its interest cover)."""
    if not np.isfinite(amount).all():  # (np.nan_to_num costs more than the test)
        amount = np.nan_to_num(amount)
    amount = np.where(year >= 0, amount, 0.0)
    return CheckOutcome(name, year < 0, passed, failed, year, amount, unit, "policy", rule)


def _limit_checks(inputs: Inputs, lines: dict, first: dict) -> list[CheckOutcome]:
    """The law (a debit balance, the statutory cap while it stood, the rent and Right to Buy rules),
    then the council's own limits, each with its first year and the breach then."""
    return [
        debit_balance_check(inputs, lines["closing_balance"]),
        *cap_checks(inputs, lines["capped"]),
        rent_check(inputs),
        *rtb_checks(inputs),
        _limit(
            "Minimum balance",
            first["balance"],
            inputs.minimum_balance - amount_at(lines["closing_balance"], first["balance"]),
            "The HRA balance stays at or above the minimum.",
            "The HRA balance is {amount} below the minimum the council set itself in {year}.",
        ),
        _limit(
            "Interest cover",
            first["icr"],
            inputs.icr_threshold - amount_at(lines["interest_cover"], first["icr"]),
            "Interest cover stays at or above the threshold.",
            "Interest cover is {amount} below the threshold the council set itself in {year}.",
            "×",
        ),
    ]


def _rent_check(inputs: Inputs, over: np.ndarray | None) -> CheckOutcome:
    """The Rent Standard: archetype rents within the limit in force each year (none to check without)."""
    if over is None:
        year, amount = np.full(inputs.n, -1), np.zeros(inputs.n)
        passed = "No archetype table: rents follow the rent path as entered."
    else:
        year, amount = first_breach(spread(over, (over.shape[0], inputs.n)))
        passed = "Every archetype's rent stays within the Rent Standard limit."
    failed = "A rent is {amount} a week above the Rent Standard limit in {year}."
    return CheckOutcome("Rent Standard", year < 0, passed, failed, year, amount, "£ a week", "statutory")


def _tie_outs(lines: dict) -> list[CheckOutcome]:
    """Each flow identity, and each closing balance carried to the next year's opening."""
    x = lines

    def carried(name: str) -> dict:
        # the engine holds one (T + 1) array for each CARRIED balance: a year's closing value is
        # the next year's opening value, the same memory
        closing, opening = x["closing_" + name][:, :-1], x["opening_" + name][:, 1:]
        return {"carried": ([closing], [opening]), "same": name in CARRIED}

    return [
        _tie(
            "Debt tie-out",
            "Debt",
            [x["opening_debt"], x["new_borrowing"]],
            [x["debt_repaid"], x["closing_debt"]],
            **carried("debt"),
        ),
        _tie(
            "Balance tie-out",
            "The HRA balance",
            [x["opening_balance"], x["surplus"]],
            [x["balance_used"], x["debt_repaid"], x["closing_balance"]],
            **carried("balance"),
        ),
        _tie(
            "Stock tie-out",
            "Stock",
            [x["opening_stock"], x["homes_built"]],
            [x["homes_sold"], x["closing_stock"]],
            unit="homes",
            **carried("stock"),
        ),
        _tie(
            "Funding tie-out",
            "New-build funding",
            [x["grant"], x["receipts_used"], x["mrr_used"], x["balance_used"], x["new_borrowing"]],
            [x["new_build_cost"], x["investment"]],
        ),
        _tie(
            "Reserve tie-out",
            "The Major Repairs Reserve",
            [x["opening_mrr"], x["mrr_credit"]],
            [x["mrr_used"], x["closing_mrr"]],
            **carried("mrr"),
        ),
        _tie(
            "Receipts tie-out",
            "The pot of Right to Buy receipts",
            [x["receipts_retained"]],
            [x["receipts_used"], x["receipts_returned"], x["receipts_unspent"]],
            lag=x["receipts_unspent"],
        ),
    ]


GROUPS = list(dict.fromkeys(f.group for f in FIELDS + book.FIELDS))

SPEC = ModelSpec(
    key="hra",
    label="Housing Revenue Account business plan",
    description=(
        "A council's landlord account over a 30-year plan: rents, running costs, Right to Buy, "
        "new homes and their funding, debt against a borrowing cap, the HRA balance and "
        "interest cover; with solvers for the extra homes a cap allows and the cap a "
        "programme needs."
    ),
    fields=tuple(sorted(FIELDS + book.FIELDS, key=lambda f: GROUPS.index(f.group))),  # each group together
    tables=TABLES + book.TABLES + investment.TABLES,
    lines=LINES,
    metrics=METRICS,
    compute=compute,
    checks=CHECKS,
    cross_validate=lambda x: cross_validate(x) + book.cross_validate(x) + investment.cross_validate(x),
    source="MODELS.md section 4; seeds 000_ecfc055c9249c8ee.txt (HRA cap in the WMCA housing deal) and "
    "004_e5c6cf6cf13ec39b.txt (Worcestershire's ask to raise the HRA borrowing cap)",
)
