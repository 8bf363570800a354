"""Rules of the Housing Revenue Account, social rents and Right to Buy receipts (England)."""

from __future__ import annotations

from models.rules.store import Rule, Source, Step

CHECKED = "2026-12-03"
RTB_GUIDANCE = "https://www.gov.uk/government/publications/retained-right-to-buy-receipts-and-their-use-for-replacement-supply-guidance"

S76 = Source(
    "Local Government and Housing Act 1989 (c. 42)",
    "s. 76 (duty to prevent a debit balance on the HRA); s. 74 (the ring-fenced HRA)",
    "https://www.legislation.gov.uk/ukpga/1989/42/section/76",
    CHECKED,
    status="partly verified",
    note="Heading and scope verified; the subsection wording and the commencement date (taken as 1 April "
    "1990) were not captured from the stored text.",
)
CAP = Source(
    "Localism Act 2011 (c. 20) s. 171; the Limits on Indebtedness Determination 2012 (HRA self-financing)",
    "s. 171 (power to set the maximum housing debt); Determination Annex B (each authority's figure)",
    "https://www.legislation.gov.uk/ukpga/2011/20/notes/division/5/7/3",
    CHECKED,
    note="Self-financing from 1 April 2012; the cap is measured on the HRA capital financing requirement.",
)
REVOKED = Source(
    "The Limits on Indebtedness (Revocation) Determination 2018",
    "whole determination",
    "http://www.arch-housing.org.uk/news/latest-news/budget-2018-borrowing-cap-removed-and-money-for-universal-credit.aspx",
    CHECKED,
    status="partly verified",
    note="Date per ARCH (reported after the event: 'effective from 29 October 2018'); the draft said 30 October "
    "and the gov.uk text was not found. Either way FY2019-20 is the first year without a cap. Since then "
    "HRA borrowing is governed by the Prudential Code only: any limit is the council's own.",
)
WRWA = Source(
    "Welfare Reform and Work Act 2016 (c. 7)",
    "s. 23 (1% a year reduction in social rents)",
    "https://www.legislation.gov.uk/ukpga/2016/7/crossheading/social-housing-rents",
    CHECKED,
    note="Each of the four relevant years from 1 April 2016: rent at least 1% less than in the preceding 12 months.",
)
CPI1 = Source(
    "Policy statement on rents for social housing (MHCLG, February 2019) and the Direction on the Rent Standard 2019",
    "para. 1.1 (policy from 1 April 2020): increases of up to CPI + 1 percentage point",
    "https://www.gov.uk/government/publications/direction-on-the-rent-standard-from-1-april-2020/"
    "policy-statement-on-rents-for-social-housing",
    CHECKED,
    note="CPI is September's of the previous year (secondary sources; the paragraph was not captured).",
)
SETTLEMENT = Source(
    "Policy statement on rents for social housing (revised 28 January 2026); Rent Standard 2026",
    "ten-year settlement 1 April 2026 to 31 March 2036: CPI + 1% each year",
    "https://www.gov.uk/government/consultations/how-to-implement-social-rent-convergence/outcome/"
    "outcome-to-consultations-on-future-social-housing-rent-policy-and-social-rent-convergence",
    CHECKED,
)
CEILING = Source(
    "Direction on the Rent Standard 2023",
    "7% ceiling on the CPI + 1% limit, 1 April 2023 to 31 March 2024",
    "https://www.gov.uk/government/consultations/social-housing-rents-consultation",
    CHECKED,
    note="Social and Affordable Rent; supported housing and initial rents on first lets and re-lets are exempt.",
)
CONVERGENCE = Source(
    "Rent Standard 2026; ministerial statement on Social Rent convergence (January 2026)",
    "convergence: up to £1 a week extra from 1 April 2027, £2 from 1 April 2028, until formula rent",
    "https://www.gov.uk/government/consultations/how-to-implement-social-rent-convergence/outcome/"
    "outcome-to-consultations-on-future-social-housing-rent-policy-and-social-rent-convergence",
    CHECKED,
    status="partly verified",
    note="Settlement verified on gov.uk; the £1/£2 amounts from consistent secondary reports of the Rent "
    "Standard 2026 and the ministerial statement. Social Rent below formula rent only; none in 2026-27.",
)
RTB_2021 = Source(
    "Use of receipts from Right to Buy sales: government response (March 2021); retention agreements under "
    "s. 11(6) Local Government Act 2003",
    "changes from 1 April 2021",
    "https://www.gov.uk/government/consultations/use-of-receipts-from-right-to-buy-sales/outcome/"
    "use-of-receipts-from-right-to-buy-sales-government-response-to-the-consultation",
    CHECKED,
    note="Spend window 3 to 5 years; cost share 30% to 40% (figures from secondary sources quoting the response).",
)
RTB_OLD = Source(
    RTB_2021.instrument,
    "the limits the 2021 changes replaced",
    RTB_2021.url,
    CHECKED,
    status="partly verified",
    note="The 3-year window and 30% share are quoted as the limits replaced in 2021; their start with the "
    "2012 retention agreements (1 April 2012) is not verified.",
)
RTB_2023 = Source(
    "Retained Right to Buy receipts and their use for replacement supply: guidance (updated 15 June 2023)",
    "paras. 13 and 35",
    RTB_GUIDANCE,
    CHECKED,
    status="unverified",
    note="The cost share had risen from 40% to 50% by July 2024 (the July 2024 update says 'from 50%'); the "
    "date of that step is not verified and is taken as 1 April 2023.",
)
RTB_2024 = Source(
    "Retained Right to Buy receipts and their use for replacement supply: guidance (updated 30 July 2024)",
    "flexibilities for 2024-25 and 2025-26",
    RTB_GUIDANCE,
    CHECKED,
    note="Receipts may meet up to 100% of a replacement home's cost; may be combined with s. 106 contributions "
    "(not grant). Made indefinite, and combinable with grant from 2026-27, on 2 July 2025.",
)

RULES = (
    Rule(
        "hra.min_balance",
        "HRA balance may not go into debit",
        "£",
        "statute",
        "unlawful",
        (Step("1990-04-01", 0.0, S76),),
        help="The HRA must not show a debit balance in any year: a plan with a negative balance is unlawful.",
        jurisdiction="England and Wales",
    ),
    Rule(
        "hra.statutory_cap",
        "HRA statutory borrowing cap in force",
        "flag",
        "direction",
        "statutory",
        (Step("2012-04-01", 1.0, CAP), Step("2018-10-29", None, REVOKED)),
        help="1: each authority's HRA debt is capped by the Limits on Indebtedness Determination (its own "
        "figure in Annex B). Empty: no statutory cap; a debt limit is then the council's own policy.",
    ),
    Rule(
        "rent.statutory_change",
        "Social rent: required change (a cut)",
        "% a year",
        "statute",
        "statutory",
        (Step("2016-04-01", -0.01, WRWA), Step("2020-04-01", None, CPI1, note="the four relevant years end")),
        help="Rents must fall by at least this much each year.",
    ),
    Rule(
        "rent.cpi_margin",
        "Social rent: most a rent may rise above CPI",
        "% a year",
        "direction",
        "statutory",
        (
            Step("2020-04-01", 0.01, CPI1),
            Step("2026-04-01", 0.01, SETTLEMENT),
            Step("2036-04-01", None, SETTLEMENT, note="the settlement ends on 31 March 2036"),
        ),
        help="Rents may rise by up to CPI (previous September) plus this.",
    ),
    Rule(
        "rent.ceiling",
        "Social rent: ceiling on the annual increase",
        "% a year",
        "direction",
        "statutory",
        (Step("2023-04-01", 0.07, CEILING), Step("2024-04-01", None, CEILING, note="2023-24 only")),
        help="Where set, rents may rise by no more than this whatever CPI is.",
    ),
    Rule(
        "rent.convergence",
        "Social rent: convergence allowance above CPI + 1%",
        "£ a week",
        "direction",
        "statutory",
        (
            Step("2026-04-01", 0.0, CONVERGENCE, note="no convergence in 2026-27"),
            Step("2027-04-01", 1.0, CONVERGENCE),
            Step("2028-04-01", 2.0, CONVERGENCE),
            Step("2036-04-01", None, CONVERGENCE, note="the settlement ends on 31 March 2036"),
        ),
        help="A Social Rent below formula rent may rise by up to this much a week more, until it reaches formula rent.",
    ),
    Rule(
        "rtb.spend_years",
        "Right to Buy receipts: years to spend them",
        "years",
        "direction",
        "statutory",
        (Step("2012-04-01", 3.0, RTB_OLD), Step("2021-04-01", 5.0, RTB_2021)),
        help="Receipts not spent on replacement homes within this many years are paid over to government.",
    ),
    Rule(
        "rtb.max_share_of_cost",
        "Right to Buy receipts: most of a replacement home's cost they may meet",
        "%",
        "direction",
        "statutory",
        (
            Step("2012-04-01", 0.30, RTB_OLD),
            Step("2021-04-01", 0.40, RTB_2021),
            Step("2023-04-01", 0.50, RTB_2023),
            Step("2024-07-30", 1.00, RTB_2024, year=2024),
        ),
        help="The share of a replacement home's cost that retained receipts may fund.",
    ),
)
