"""The usual ranges (Field.plausible) that several mechanisms share, each with where it comes from.

A value outside its usual range is allowed: the app marks it amber with the range and source, and
the board pack lists it, so a finance officer takes a second look (a weekly rent of £8,000, a
borrowing rate of 25%). Each range is written once here and spread into a declaration, e.g.
`Field(..., **usual.BORROWING_RATE)`. Figures were checked against the sources on 2026-12-03;
where no published figure was found the source says so and gives the basis of the range. Rates
are fractions (0.035 = 3.5%), as Field.fmt "pct" holds them.
"""

from __future__ import annotations

from typing import Any

CHECKED = "checked 2026-12-03"


def usual(low: float, high: float, source: str) -> dict[str, Any]:
    """The keyword arguments of a Field that declare its usual range and the range's source."""
    return {"plausible": (low, high), "plausible_source": source}


_PWLB = (
    "PWLB fixed rates have run from 1.81% (50-year maturity loan, before the 1-point rise of 9 October 2019: "
    "Derbyshire ALC, 15 Oct 2019, https://www.derbyshirealc.gov.uk/news/2019/10/changes-to-pwlb-lending-rates) "
    "to 5.3% (10-year loan, May 2024: Room151, 'PWLB rates drop by 80 basis points', 18 September 2024, stored copy at "
    "https://room151.dev.docandtee.com/treasury/pwlb-rates-drop-by-80-basis-points); the certainty rate is the "
    "gilt yield + 0.80% and the HRA rate gilt + 0.40% (UK Debt Management Office, PWLB concessionary rates, "
    "https://www.dmo.gov.uk/responsibilities/local-authority-lending/concessionary-rates/); " + CHECKED
)
BORROWING_RATE = usual(0.01, 0.06, _PWLB)

GILT_YIELD = usual(
    0.005,
    0.055,
    "the PWLB rates less their margin over gilts (0.80% to 1.00%): about 1% (2019) to 4.3%-4.5% (May 2024). " + _PWLB,
)

INVESTMENT_RATE = usual(
    0.0,
    0.06,
    "Bank Rate, which investment returns follow, has been between 0.1% (set at the Monetary Policy Committee's "
    "special meeting of 19 March 2020, as reported by Bridging & Commercial the same day, "
    "https://bridgingandcommercial.co.uk/article/15838/boe-cuts-interest-rates-to-01-per-cent) and 5.25% "
    "(Bank of England, 'Bank Rate maintained at 5.25% - September 2023', Monetary Policy Summary of "
    "21 September 2023, https://www.bankofengland.co.uk/monetary-policy-summary-and-minutes/2023/september-2023); "
    + CHECKED,
)

_OBR_CPI = (
    "OBR Economic and fiscal outlook, March 2026: CPI inflation 2.3% in 2026 and 2.0% in 2027 to 2030 "
    "(Spring Statement 2026 forecasts at a glance, PA, 3 March 2026, "
    "https://www.shropshirestar.com/uk-news/2026/03/03/spring-statement-2026-forecasts-at-a-glance/); "
    "CPI reached 11.1% in October 2022, the highest in the National Statistic series begun in 1997 (ONS, "
    "as reported at https://justearthnews.com/economy-details/897/uk-inflation-rate-touches-record-high-in-october.html)"
)
INFLATION = usual(
    0.0,
    0.05,
    "a long-run assumption outside 0% to 5% a year is worth a second look: " + _OBR_CPI + "; " + CHECKED,
)

DEFLATOR = usual(
    0.0,
    0.05,
    "Green Book (2020/2022) para 5.12 and Table 1 (illustrated with a 2% GDP deflator): use the OBR forecast "
    "(https://ppponline.affinitext.com/public/book?id=5905&toc_id=875605); the range is that of CPI: "
    + _OBR_CPI
    + "; "
    + CHECKED,
)

DISCOUNT_RATE = usual(
    0.015,
    0.035,
    "HM Treasury Green Book discount rates (DfT TAG, 'Forthcoming change: Green Book updates', 16 April 2026, "
    "table 'Green Book discount rates', https://www.gov.uk/government/publications/tag-forthcoming-changes/"
    "forthcoming-change-green-book-updates): 3.5% standard and 3.0% sensitivity test for years 0-30, 1.5% "
    "for health; " + CHECKED,
)

OPTIMISM_BIAS = usual(
    0.0,
    0.66,
    "Green Book supplementary guidance on optimism bias (Mott MacDonald, 2002), Table 2: upper bounds for "
    "capital costs of 24% (standard buildings), 44% (standard civil engineering), 51% (non-standard buildings) "
    "and 66% (non-standard civil engineering); 200% for equipment and development "
    "(https://ppponline.affinitext.com/public/book?id=1343&toc_id=444193); " + CHECKED,
)

RATES_COLLECTION = usual(
    0.95,
    1.0,
    "MHCLG, Collection rates for council tax and non-domestic rates in England: average in-year business "
    "rates collection 97.3% in 2024-25, 97.2% in 2023-24 and 97.8% in 2011-12 "
    "(https://www.gov.uk/government/statistics/collection-rates-for-council-tax-and-non-domestic-rates-in-"
    "england-2024-to-2025/collection-rates-for-council-tax-and-non-domestic-rates-in-england-2024-to-2025); " + CHECKED,
)

RATES_RELIEF = usual(
    0.0,
    0.25,
    "a level for a second look, not a published figure: check a share of bills above 25% on reliefs against "
    "the councils' NNDR1 returns",
)

RV_GROWTH = usual(
    -0.03,
    0.05,
    "a level for a second look, not a published figure: growth in rateable value outside -3% to 5% a year "
    "between revaluations is rare; check it against the councils' NNDR returns and the VOA list",
)

SOCIAL_RENT = usual(
    50.0,
    250.0,
    "about half to twice the England average general-needs social rent, £113.69 a week at 31 March 2025 "
    "(Regulator of Social Housing, annual statistics on stock and rents, 28 Oct 2025, as reported at "
    "https://www.ukgovnews.com/press-release/rsh-publishes-annual-statistics-on-stocks-and-rents-in-the-social-"
    "housing-sector/1005200605); " + CHECKED,
)

RENT_CHANGE = usual(
    -0.01,
    0.07,
    "the Rent Standard's limit in every year since April 2016: a 1% cut a year 2016-17 to 2019-20 (Welfare "
    "Reform and Work Act 2016 s.23, https://www.legislation.gov.uk/ukpga/2016/7/crossheading/social-housing-rents), "
    "CPI + 1% from April 2020, capped at 7% in 2023-24 (Direction on the Rent Standard 2023, https://www.gov.uk/"
    "government/consultations/social-housing-rents-consultation), 2.7% in 2025-26 and 4.8% in 2026-27 (CPI + 1% "
    "on September CPI of 1.7% and 3.8%, as councils' rent decisions record, e.g. https://tdcdemocracy."
    "tendringdc.gov.uk/mgAi.aspx?ID=19669 and https://opengovernment.network/decisions/182014); " + CHECKED,
)

VOID_RATE = usual(
    0.0,
    0.05,
    "a level for a second look, not a published figure: check a void rate above 5% of the rent debit "
    "against the council's own void data (English councils took 79 days on average to relet a home in "
    "2024-25, LAHS, as reported at https://thelabourcampaignforcouncilhousing.org/2025/12/08/social-rent-"
    "council-homes-fall-below-1-5-million; " + CHECKED + ")",
)

BAD_DEBT_RATE = usual(
    0.0,
    0.05,
    "a level for a second look, not a published figure: check a bad debt rate above 5% against the "
    "council's own arrears and write-offs",
)

BUILD_COST = usual(
    100_000.0,
    350_000.0,
    "about half to just under twice the average gross cost of a new social home, £196,600 in 2023-24 "
    "(Scotland's Housing Network, Development Value for Money report, Aug 2024, https://scotlandshousing"
    "network.org/news/2024/08/26/development-value-for-money-annual-report-published; no English average "
    "was found); " + CHECKED,
)

GRANT_SHARE = usual(
    0.0,
    0.5,
    "Homes England, '2021 to 2026 Affordable Homes Programme summary: end of March 2023' (published 11 Dec "
    "2023), Table 1a: £117.1m for 2,131 homes in the West Midlands, about £55,000 a home or 28% of the "
    "£196,600 average cost of a new social home in Scotland in 2023-24; a grant above half the cost is worth a "
    "second look (https://www.gov.uk/government/publications/affordable-homes-programme-2021-to-2026-summary/"
    "2021-to-2026-affordable-homes-programme-summary-end-of-march-2023, read from a stored copy); " + CHECKED,
)
