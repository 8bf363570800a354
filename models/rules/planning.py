"""Rules of the Community Infrastructure Levy (SI 2010/948) that decide what a charging authority keeps."""

from __future__ import annotations

from models.rules.store import Rule, Source, Step

CHECKED = "2026-12-03"
CIL = "The Community Infrastructure Levy Regulations 2010, SI 2010/948"

NDP = Source(
    CIL,
    "reg. 59A(3)-(4), inserted by SI 2013/982 (in force 25 April 2013)",
    "https://www.legislation.gov.uk/uksi/2010/948/regulation/59A",
    CHECKED,
    note="With a neighbourhood development plan (or a neighbourhood development order or community right to "
    "build order): 25% of the relevant receipts to the parish, no cap. That SI 2013/982 inserted 59A is "
    "partly verified. Not for Mayoral CIL (59A(2)).",
)
NO_NDP = Source(
    CIL,
    "reg. 59A(5) and (7), inserted by SI 2013/982 (in force 25 April 2013)",
    "https://www.legislation.gov.uk/uksi/2010/948/regulation/59A",
    CHECKED,
    note="Without a neighbourhood plan: 15% of the relevant receipts, capped at £100 per dwelling in the "
    "local council's area in each financial year. In Wales 15% capped (59A(6)).",
)
ADMIN = Source(
    CIL,
    "reg. 61 (administrative expenses)",
    "https://www.legislation.gov.uk/uksi/2010/948/made",
    CHECKED,
    status="partly verified",
    note="Up to 5% of receipts for administration: the regulation text was not captured; the figure is from "
    "East Cambridgeshire DC's explanation of the Regulations. The Mayor's own share is 1% (GLA MD2248).",
)

RULES = (
    Rule(
        "cil.neighbourhood_share_with_plan",
        "CIL neighbourhood portion where a neighbourhood plan is in place",
        "%",
        "regulations",
        "statutory",
        (Step("2013-04-25", 0.25, NDP),),
        help="Passed to the parish (or spent with the community where there is none); not the authority's.",
    ),
    Rule(
        "cil.neighbourhood_share",
        "CIL neighbourhood portion without a neighbourhood plan",
        "%",
        "regulations",
        "statutory",
        (Step("2013-04-25", 0.15, NO_NDP),),
        help="Passed to the parish, capped at the per-dwelling cap each financial year.",
    ),
    Rule(
        "cil.neighbourhood_cap_per_dwelling",
        "CIL neighbourhood portion cap (without a neighbourhood plan)",
        "£ a dwelling a year",
        "regulations",
        "statutory",
        (Step("2013-04-25", 100.0, NO_NDP),),
        help="The 15% portion may not exceed this per dwelling in the local council's area each year.",
    ),
    Rule(
        "cil.admin_share",
        "CIL administrative expenses (most a charging authority may keep)",
        "%",
        "regulations",
        "statutory",
        (Step("2010-04-06", 0.05, ADMIN),),
        help="The share of receipts that may meet the cost of administering CIL.",
    ),
)
