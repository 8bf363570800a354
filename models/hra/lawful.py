"""The law and policy an HRA plan keeps, year by year, from the rulebook (models.rules).

- s. 76 Local Government and Housing Act 1989: the HRA may not show a debit balance. A year
  closing below nil is unlawful (`hra.min_balance`), whatever minimum the council sets itself.
- The statutory borrowing cap (Localism Act 2011 s. 171; the Limits on Indebtedness
  Determination) ran from 1 April 2012 until its revocation on 29 October 2018: the years a
  plan has in that span ("Statutory debt cap", a statutory limit) read `debt_cap` as the
  authority's Annex B figure. In every other year there is no statutory cap and `debt_cap` is
  the council's own limit (the "Debt cap" check, local policy).
- Social rents (`rent.*`): the 1% cuts of 2016-17 to 2019-20 (Welfare Reform and Work Act 2016
  s. 23), CPI + 1% from 2020-21 with the 7% ceiling of 2023-24, and from 2027-28 the Social Rent
  convergence allowance of £1 then £2 a week. A year's rent change is judged against the rule in
  force in that year; the first year's rent is as entered, so it is not judged. CPI is
  `rent_cpi` (the previous September's), or cost inflation when it is left empty. The HRA has
  one average rent and no formula rent, so the convergence allowance is granted in full: the
  check cannot tell a rent already at formula rent, which may not use it.
- Right to Buy receipts (`rtb.*`): the share of a home's cost they meet and the years to spend
  them may not exceed the limits of the retention agreements in any year of the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from models.core.checks import limit
from models.core.result import CheckOutcome, amount_at, first_true
from models.core.validation import Inputs
from models.hra.same import one, rows, spread

AT = 0.005  # £: within half a penny of a limit is at it
RATE = 1e-9  # a rent change within this of its limit is at it (float dust on 1 + r)


def _rule(inputs: Inputs, rule_id: str) -> np.ndarray:
    return inputs.rules.value(rule_id, range(inputs.start_year, inputs.start_year + inputs.horizon))


def _kept(inputs: Inputs, name: str, make: Callable[[], Any]) -> Any:
    """`make()`, worked out from the rulebook alone for the plan's years: once a book and years."""
    return inputs.rules.derived((name, inputs.start_year, inputs.horizon), make)


def _nothing_or(first: np.ndarray, amount: Callable[[], np.ndarray]) -> np.ndarray:
    """A check's amount, (n,): nil in every trial where no year breaks it (the usual case, read at
    once), else `amount()`."""
    return np.zeros(len(first)) if first.max(initial=-1) < 0 else amount()


def debit_balance_check(inputs: Inputs, balance: np.ndarray) -> CheckOutcome:
    """Unlawful: a year closing with the HRA in debit (below the rule's nil)."""

    def line() -> np.ndarray:
        floor = _rule(inputs, "hra.min_balance")[None, :]
        return np.where(np.isnan(floor), -np.inf, floor) - AT

    debit = balance < _kept(inputs, "debit below", line)
    first = first_true(debit)
    return limit(
        "HRA in debit",
        first < 0,
        "The HRA balance never goes into debit (Local Government and Housing Act 1989 s. 76).",
        "The HRA balance is {amount} in debit in {year}: the Local Government and Housing Act 1989 s. 76 "
        "forbids a debit balance, so the plan cannot be set as it stands.",
        severity="unlawful",
        year=first,
        amount=_nothing_or(first, lambda: np.where(first >= 0, -amount_at(balance, first), 0.0)),
        rule="hra.min_balance",
        breaches=debit,
    )


def statutory_years(inputs: Inputs) -> np.ndarray:
    """(T,) True in the plan years the statutory HRA cap was in force (2012-13 to 2018-19); read-only."""
    return _statutory(inputs)[0]


def _statutory(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, bool]:
    """`statutory_years`, the other years, and whether there are any statutory years."""

    def make() -> tuple[np.ndarray, np.ndarray, bool]:
        years = ~np.isnan(_rule(inputs, "hra.statutory_cap"))
        others = ~years
        years.flags.writeable = others.flags.writeable = False
        return years, others, bool(years.any())

    return _kept(inputs, "statutory years", make)


def cap_checks(inputs: Inputs, debt: np.ndarray) -> list[CheckOutcome]:
    """The statutory cap in the years it was in force (only when the plan has any), then the
    council's own limit in every other year; `debt` is what each year's cap is judged on."""
    statutory, others, any_statutory = _statutory(inputs)
    n = inputs.n
    cap = None if inputs.debt_cap is None else inputs.debt_cap[:, None]
    over = np.zeros((1, debt.shape[1]), dtype=bool) if cap is None else debt > cap + AT  # no cap: never over
    out = []
    if any_statutory:
        out.append(_cap("Statutory debt cap", over & statutory, debt, cap, n, statutory=True))
    out.append(_cap("Debt cap", over & others, debt, cap, n, statutory=False, any_statutory=any_statutory))
    return out


def _cap(
    name: str,
    over: np.ndarray,
    debt: np.ndarray,
    cap: np.ndarray | None,
    n: int,
    *,
    statutory: bool,
    any_statutory: bool = False,
) -> CheckOutcome:
    first = _trials(first_true(over), n)
    amount = np.zeros(n)
    if cap is not None:
        amount = _nothing_or(first, lambda: np.where(first >= 0, amount_at(debt, first) - cap[:, 0], 0.0))
    if statutory:
        passed = "Debt stays within the statutory HRA cap in every year it was in force (to 2018-19)."
        failed = "Debt is {amount} over the statutory HRA cap (Limits on Indebtedness Determination) in {year}."
    else:
        own = "the council's own debt limit"
        passed = "No debt cap is set." if cap is None else f"Debt stays within {own} every year."
        if any_statutory:
            passed = passed.replace("every year", "every year after the statutory cap was revoked")
        failed = "Debt is {amount} over " + own + " in {year} (there has been no statutory HRA cap since 29 "
        failed += "October 2018: this is a limit the council sets itself under the Prudential Code)."
    return limit(
        name,
        first < 0,
        passed,
        failed,
        severity="statutory" if statutory else "policy",
        year=first,
        amount=amount,
        rule="hra.statutory_cap",
        breaches=spread(over, debt.shape),
    )


def rent_changes(inputs: Inputs) -> np.ndarray:
    """Each year's rent change from the year before, (m, T), m being 1 when every trial has the
    same changes (models.hra.same.one) and n otherwise; year 0 (the rent as entered) is 0."""
    path = [(row["year"] - inputs.start_year, row["rate"]) for row in rows(inputs, "rent_path")]
    change = np.empty((max([np.size(one(inputs.rent_change))] + [np.size(r) for _, r in path]), inputs.horizon))
    change[:] = one(inputs.rent_change)[:, None]
    for t, rate in path:
        change[:, t] = rate
    change[:, 0] = 0.0
    return change


def rent_check(inputs: Inputs) -> CheckOutcome:
    """Statutory limit: each year's rent change within the social rent rule in force that year.
    Worked once where every trial has the same rents and CPI, and only then spread over them; the
    convergence allowance only in the years it is in force; the breach read in its year alone."""
    n, horizon = inputs.n, inputs.horizon
    change = rent_changes(inputs)
    level = np.cumprod(1.0 + change, axis=1)  # the rent relative to the first year's
    before = one(inputs.weekly_rent)[:, None] * np.concatenate([level[:, :1], level[:, :-1]], axis=1)  # last year's
    rules = _rent_rules(inputs)
    cpi = one(inputs.cost_inflation if inputs.rent_cpi is None else inputs.rent_cpi)[:, None]
    # worked in place: each new (n, T) array is fresh memory the system zeroes page by page
    allowed = np.add(cpi, rules["margin"], out=np.empty((max(len(cpi), len(before)), horizon)))  # inf: no rule
    np.minimum(allowed, rules["ceiling"], out=allowed)
    live = rules["live"]
    if rules["any live"]:  # £ a week as a share of last year's rent: nil where it is not in force
        convergence, then = np.zeros(before.shape), before[:, live]  # (a copy: the years it is in force)
        convergence[:, live] = np.divide(rules["extra"], then, out=np.zeros(then.shape), where=~(then <= 0))
        allowed += convergence
    if rules["any cut"]:
        allowed[:, rules["cuts"]] = rules["cut"]
    over = change > allowed + RATE
    over[:, 0] = False
    first = _trials(first_true(over), n)
    if first.max(initial=-1) < 0:  # within the rule every year: nothing to read
        amount = np.zeros(n)
    else:
        changed, most = (amount_at(spread(v, (n, horizon)), first) for v in (change, allowed))
        amount = np.where(first >= 0, changed - np.where(np.isinf(most), changed, most), 0.0)
    return limit(
        "Rent limit",
        first < 0,
        "Each year's rent change is within the social rent rule in force (the 1% cuts of 2016-20, CPI + 1% "
        "from 2020, the 7% ceiling of 2023-24, convergence from 2027-28).",
        "The rent change in {year} is {amount} above the social rent rule in force that year.",
        severity="statutory",
        year=first,
        amount=amount,
        unit="%",
        rule="rent.cpi_margin",
        breaches=spread(over, (n, horizon)),
    )


def _rent_rules(inputs: Inputs) -> dict:
    """The social rent rules of the plan's years, (T,), as `rent_check` applies them (worked out once
    for the rulebook and the years): the margin over CPI and the ceiling (inf where none is in
    force), the years with a convergence allowance and the allowance then, the years of a
    statutory change (the cuts) and the change then."""

    def make() -> dict:
        cut, margin = _rule(inputs, "rent.statutory_change"), _rule(inputs, "rent.cpi_margin")
        ceiling, extra = _rule(inputs, "rent.ceiling"), _rule(inputs, "rent.convergence")
        live, cuts = ~np.isnan(extra), ~np.isnan(cut)
        out = {
            "margin": np.where(np.isnan(margin), np.inf, margin),
            "ceiling": np.where(np.isnan(ceiling), np.inf, ceiling),
            "live": live,
            "extra": extra[live],
            "cuts": cuts,
            "cut": cut[cuts],
        }
        for array in out.values():
            array.flags.writeable = False
        return out | {"any live": bool(live.any()), "any cut": bool(cuts.any())}

    return inputs.rules.derived(("rent rules", inputs.start_year, inputs.horizon), make)


def rtb_checks(inputs: Inputs) -> list[CheckOutcome]:
    """Statutory limits: receipts' share of a home's cost and the years to spend them."""
    share, window = _rule(inputs, "rtb.max_share_of_cost"), _rule(inputs, "rtb.spend_years")
    n, shape = inputs.n, (inputs.n, inputs.horizon)
    most_share, most_years = _kept(inputs, "rtb limits", lambda: _rtb_limits(share, window))
    over_share = one(inputs.rtb_max_share_of_cost)[:, None] > most_share
    years = np.inf if inputs.rtb_spend_years is None else float(inputs.rtb_spend_years)
    over_window = (years > most_years)[None, :]
    first_share, first_window = _trials(first_true(over_share), n), _trials(first_true(over_window), n)
    return [
        limit(
            "Right to Buy receipts' share",
            first_share < 0,
            "Receipts meet no more of a home's cost than the retention rules allow in any year.",
            "Receipts meet {amount} more of a home's cost than the retention rules allow in {year}.",
            severity="statutory",
            year=first_share,
            amount=_nothing_or(
                first_share,
                lambda: np.where(first_share >= 0, inputs.rtb_max_share_of_cost - _at(share, first_share, n), 0.0),
            ),
            unit="%",
            rule="rtb.max_share_of_cost",
            breaches=spread(over_share, shape),
        ),
        limit(
            "Right to Buy spend window",
            first_window < 0,
            "Receipts are spent within the years the retention rules allow.",
            "The years to spend receipts (none set means no deadline) exceed the {amount} the retention rules "
            "allow in {year}: receipts unspent by then must be paid over to government.",
            severity="statutory",
            year=first_window,
            amount=_nothing_or(first_window, lambda: np.where(first_window >= 0, _at(window, first_window, n), 0.0)),
            unit="years",
            rule="rtb.spend_years",
            breaches=spread(over_window, shape),
        ),
    ]


def _rtb_limits(share: np.ndarray, window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The most share of a home's cost receipts may meet, (1, T), with `RATE` of float dust
    allowed, and the most years to spend them, (T,): inf in a year with no rule in force."""
    most_share = np.where(np.isnan(share), np.inf, share)[None, :] + RATE
    most_years = np.where(np.isnan(window), np.inf, window)
    most_share.flags.writeable = most_years.flags.writeable = False
    return most_share, most_years


def _trials(first: np.ndarray, n: int) -> np.ndarray:
    """A first year found once for trials that all agree, (1,), as every trial's, (n,)."""
    return first if first.shape == (n,) else np.broadcast_to(first, (n,)).copy()


def _at(values: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    """A rule's value (T,) in each trial's year `index` (n,), 0 where the index is -1 (at once
    where it is -1 in every trial, the usual case)."""
    if not (index >= 0).any():
        return np.zeros(n)
    return amount_at(spread(np.nan_to_num(values), (n, len(values))), index)
