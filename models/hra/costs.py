"""The usual ranges of the HRA's running costs per home (management, repairs, major repairs), and
the published benchmarks they are reasoned from: no English council average was found, so each
range says what it rests on (Field.plausible; models.core.usual for ranges several mechanisms share)."""

from __future__ import annotations

from models.core import usual

BENCHMARKS = (
    "the CHIC / ARK Consultancy benchmark for housing associations gives £821 a home a year for day-to-day "
    "repairs and void works, £851 for cyclical servicing and repairs and £414 for planned component "
    "replacement (CHIC, https://www.chicltd.co.uk/?p=14789); Scottish councils spent £2,810 a house on "
    "management and maintenance in 2023-24 (Scottish Government HRA statistics, https://www.gov.scot/"
    "publications/housing-revenue-account-hra-statistics-scottish-local-authority-housing-income-expenditure-"
    "2023-24-near-actuals-2024-25-estimates/pages/3/); no English council average was found; " + usual.CHECKED
)
MANAGEMENT = usual.usual(500.0, 2_500.0, "a range reasoned from published benchmarks: " + BENCHMARKS)
REPAIRS = usual.usual(
    500.0, 3_000.0, "about a third to twice the £1,672 of day-to-day and cyclical repairs: " + BENCHMARKS
)
MAJOR_REPAIRS = usual.usual(
    300.0,
    4_000.0,
    "from the benchmark's £414 of planned replacement to a council catching up a backlog of works: " + BENCHMARKS,
)
