"""The ballot a Business Rate Supplement needs, and whether it is expected to pass.

Sections 7-8 of the Business Rate Supplements Act 2009. As enacted, s. 7(1)-(2): a ballot is
needed if A, the amount the initial prospectus expects the BRS to raise, is more than one third
of B, the estimated total cost of the project. Section 68 of the Localism Act 2011 omitted that
test for England from 15 January 2012: every new BRS there needs a ballot. Wales keeps the
one-third test. The trigger is a rule (models.rules: `brs.ballot_trigger`, and
`brs.ballot_trigger.wales`), read for the levy's first financial year. A ballot passes only on
both tests: a majority of the votes cast, and a majority of the aggregate RV of those voting;
without that approval the BRS cannot be imposed (s. 4(c)), so a failing ballot is unlawful.

Choices MODELS.md leaves open:
- A is the supplement expected to be collected over the levy within the horizon (gross less
  reliefs and collection losses), as a prospectus states it; B is `project_cost` as entered,
  the prospectus's estimate, without optimism bias (the Act compares the two amounts, not the
  borrowing the levy supports). "More than one third" is strict: exactly a third needs no ballot.
- A majority is more than half: a 50% tie fails. Nobody voting is not a pass.
- Turnout does not decide the result (the Act sets no minimum turnout); it gives the expected
  number of votes, `turnout` times the liable hereditaments of the levy's first year.
- By band: when every band has a `yes_share`, each band's voters vote yes in that share by
  number and by RV alike, and only the liable part of a straddling band votes. The shares are
  then sum(count * turnout * yes) / sum(count * turnout), and the same weighted by liable RV
  (voters in a band are taken to hold its average liable RV). A band without its own turnout
  uses the overall `turnout`. Otherwise `yes_share_number` and `yes_share_rv` are used as given.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from models.core.checks import limit
from models.core.errors import InputError
from models.core.result import CheckOutcome
from models.core.validation import Inputs

MAJORITY = 0.5


def by_band(inputs: Inputs) -> bool:
    """True when the yes shares come from the bands table."""
    rows = inputs.rows("bands")
    return bool(rows) and all(r["yes_share"] is not None for r in rows)


TRIGGER = {"England": "brs.ballot_trigger", "Wales": "brs.ballot_trigger.wales"}


def required(inputs: Inputs, raised: npt.ArrayLike, cost: npt.ArrayLike) -> np.ndarray:
    """Whether the Act needs a ballot, (n,): the trigger share in force in the levy's first year
    (0: always); before the Act a BRS could not be levied, so one is taken to be needed."""
    share = inputs.rules.value(TRIGGER[inputs.jurisdiction], inputs.start_year)[0]
    n = inputs.n
    if np.isnan(share) or share <= 0:
        return np.ones(n, dtype=bool)
    return np.broadcast_to(raised, (n,)) > share * np.broadcast_to(cost, (n,))


def ballot(inputs: Inputs, first: dict, raised: npt.ArrayLike, cost: npt.ArrayLike) -> dict[str, np.ndarray]:
    """Whether a ballot is needed and the expected result, per trial (n,).

    `first` holds each band's liable count and RV in the levy's first year, (n, rows); `raised`
    the amount the BRS is expected to raise and `cost` the project's estimated cost.

    >>> from models.rules import RULES
    >>> class I:  # a stand-in for validated inputs: England in 2020, shares given directly
    ...     n, jurisdiction, turnout, start_year, rules = 1, "England", np.array([0.4]), 2020, RULES
    ...     yes_share_number, yes_share_rv = np.array([0.55]), np.array([0.5])
    ...     def rows(self, table): return []
    >>> b = ballot(I(), {"count": np.array([[1000.0]]), "rv": np.array([[1e8]])}, 0.0, 1.0)
    >>> [bool(b[k][0]) for k in ("ballot_required", "ballot_passes_number", "ballot_passes_rv")]
    [True, True, False]
    >>> float(b["expected_votes"][0])
    400.0
    """
    n = inputs.n
    if by_band(inputs):
        rows = inputs.rows("bands")
        turnout = np.stack(
            [np.broadcast_to(inputs.turnout if r["turnout"] is None else r["turnout"], (n,)) for r in rows], axis=1
        )
        yes = np.stack([np.broadcast_to(r["yes_share"], (n,)) for r in rows], axis=1)
        votes, rv_voting = first["count"] * turnout, first["rv"] * turnout
        with np.errstate(divide="ignore", invalid="ignore"):
            yes_number = (votes * yes).sum(axis=1) / votes.sum(axis=1)
            yes_rv = (rv_voting * yes).sum(axis=1) / rv_voting.sum(axis=1)
        expected = votes.sum(axis=1)
    else:
        expected = np.broadcast_to(inputs.turnout, (n,)) * first["count"].sum(axis=1)
        yes_number = np.broadcast_to(inputs.yes_share_number, (n,)).astype(float)
        yes_rv = np.broadcast_to(inputs.yes_share_rv, (n,)).astype(float)
    needed = required(inputs, raised, cost)
    passes_number = (expected > 0) & (yes_number > MAJORITY)  # NaN (nobody votes) compares False
    passes_rv = (expected > 0) & (yes_rv > MAJORITY)
    return {
        "ballot_required": needed,
        "ballot_passes_number": passes_number,
        "ballot_passes_rv": passes_rv,
        "ballot_passes": passes_number & passes_rv,
        "yes_share_number": yes_number,
        "yes_share_rv": yes_rv,
        "expected_votes": expected,
    }


def ballot_checks(inputs: Inputs, result: dict) -> list[CheckOutcome]:
    """One check per test: it fails when a ballot is needed and that test is expected to fail."""
    england = inputs.jurisdiction == "England" and inputs.rules.value(TRIGGER["England"], inputs.start_year)[0] == 0
    checks = []
    for test, words in (("number", "votes cast"), ("rv", "the rateable value of those voting")):
        share = result[f"yes_share_{test}"]
        share = np.where(np.isnan(share), 0.0, share)
        passed = (
            f"The ballot every new BRS needs in England is expected to pass by {words}."
            if england
            else f"The ballot is expected to pass by {words}, or none is needed (under s. 7 as enacted, still "
            "the rule in Wales, only a BRS raising more than a third of the project's cost needs one)."
        )
        checks.append(
            limit(
                f"ballot_by_{test}",
                ~result["ballot_required"] | result[f"ballot_passes_{test}"],
                passed,
                f"The ballot is expected to fail by {words}: the yes share is {{amount}} below 50%, and "
                "a BRS needs more than half (a tie fails) both by number and by RV; without approval it cannot "
                "lawfully be imposed (s. 4(c)).",
                severity="unlawful",
                amount=MAJORITY - share,
                unit="%",
                rule=TRIGGER[inputs.jurisdiction],
            )
        )
    return checks


def ballot_errors(inputs: Inputs) -> list[InputError]:
    """Band yes shares: every band or none."""
    rows = inputs.rows("bands")
    given = [r["yes_share"] is not None for r in rows]
    if not any(given) or all(given):
        return []
    i = given.index(False) + 1
    return [
        InputError(
            f"bands[{i}].yes_share",
            None,
            "enter a yes share from 0% to 100% for every band, or leave it empty in every band "
            "to use yes_share_number and yes_share_rv",
            inputs.spec.table("bands").label,
        )
    ]
