"""The programme's financing loop for a single trial, on Python floats.

For one trial numpy's cost per call would be most of the work (the loop runs once per year), so
`models.programme.model` runs this instead; it takes the same steps as the array loop, in the same
order (numpy's max: NaN wins), and a property test checks trial i of an array run against a
scalar run.
"""

from __future__ import annotations


def financing_single(gap: list, rate: float, kernel: list) -> dict[str, list]:
    """Lines by year for one trial; `kernel[k - 1]` is the principal repaid at age k of £1 drawn."""
    horizon = len(gap)
    names = ("borrowing_drawn", "interest", "repayment", "surplus_repayment", "closing_debt", "reserve")
    out = {k: [0.0] * horizon for k in names}
    scaled: list[float] = []
    debt = reserve = 0.0
    for t in range(horizon):  # each year's debt and reserve depend on the last
        repayment = 0.0
        for s in range(t):  # drawdown of year s is aged t - s
            repayment += scaled[s] * kernel[t - 1 - s]
        after = debt - repayment
        after = after if after > 0.0 or after != after else 0.0  # rounding must not overshoot into a drawdown
        net = after - reserve + gap[t]
        debt = net if net > 0.0 or net != net else 0.0
        reserve = debt - net
        change = debt - after
        drawn = change if change > 0.0 or change != change else 0.0
        if t and gap[t] < 0.0 and debt < after:
            factor = debt / after
            scaled = [x * factor for x in scaled]
        scaled.append(drawn)
        out["repayment"][t], out["borrowing_drawn"][t], out["surplus_repayment"][t] = repayment, drawn, drawn - change
        out["closing_debt"][t], out["reserve"][t] = debt, reserve
    out["interest"][1:] = [d * rate for d in out["closing_debt"][:-1]]  # on the opening debt
    out["revenue_cost"] = [i + r for i, r in zip(out["interest"], out["repayment"])]
    return out
