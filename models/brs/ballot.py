"""The ballot a Business Rate Supplement needs, and whether it is expected to pass.

Sections 7-8 of the Business Rate Supplements Act 2009, as amended by section 68 of the
Localism Act 2011 (MODELS.md section 1): in England every new BRS needs a ballot of the
ratepayers who would pay it; under the Act as first made (still the rule in Wales) a ballot is
needed only when the supplement funds more than one third of the project's cost. A ballot
passes only on both tests: a majority of the votes cast, and a majority of the aggregate RV of
those voting.

Choices MODELS.md leaves open:
- The supplement's part of the project is the supportable borrowing, and the project's cost is
  `project_cost` raised by `optimism_bias` (the same ratio as the `project_share` metric).
  "More than one third" is strict: exactly a third needs no ballot.
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

from models.core.checks import limit
from models.core.errors import InputError
from models.core.result import CheckOutcome
from models.core.validation import Inputs

MAJORITY = 0.5


def by_band(inputs: Inputs) -> bool:
    """True when the yes shares come from the bands table."""
    rows = inputs.rows("bands")
    return bool(rows) and all(r["yes_share"] is not None for r in rows)


def ballot(inputs: Inputs, first: dict, borrowing: np.ndarray, cost: np.ndarray) -> dict[str, np.ndarray]:
    """Whether a ballot is needed and the expected result, per trial (n,).

    `first` holds each band's liable count and RV in the levy's first year, (n, rows).

    >>> class I:  # a stand-in for validated inputs: England, shares given directly
    ...     n, jurisdiction, turnout = 1, "England", np.array([0.4])
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
    if inputs.jurisdiction == "England":
        required = np.ones(n, dtype=bool)
    else:
        required = 3.0 * np.broadcast_to(borrowing, (n,)) > np.broadcast_to(cost, (n,))
    passes_number = (expected > 0) & (yes_number > MAJORITY)  # NaN (nobody votes) compares False
    passes_rv = (expected > 0) & (yes_rv > MAJORITY)
    return {
        "ballot_required": required,
        "ballot_passes_number": passes_number,
        "ballot_passes_rv": passes_rv,
        "ballot_passes": passes_number & passes_rv,
        "yes_share_number": yes_number,
        "yes_share_rv": yes_rv,
        "expected_votes": expected,
    }


def ballot_checks(inputs: Inputs, result: dict) -> list[CheckOutcome]:
    """One check per test: it fails when a ballot is needed and that test is expected to fail."""
    england = inputs.jurisdiction == "England"
    checks = []
    for test, words in (("number", "votes cast"), ("rv", "the rateable value of those voting")):
        share = result[f"yes_share_{test}"]
        share = np.where(np.isnan(share), 0.0, share)
        passed = (
            f"The ballot every new BRS needs in England is expected to pass by {words}."
            if england
            else f"The ballot is expected to pass by {words}, or none is needed (in Wales only a BRS "
            "funding more than a third of the project needs one)."
        )
        checks.append(
            limit(
                f"ballot_by_{test}",
                ~result["ballot_required"] | result[f"ballot_passes_{test}"],
                passed,
                f"The ballot is expected to fail by {words}: the yes share is {{amount}} below 50%, and "
                "a BRS needs more than half (a tie fails) both by number and by RV.",
                amount=MAJORITY - share,
                unit="%",
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
