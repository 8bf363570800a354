"""The layout of the VOA's compiled rating list, list entries file (England and Wales).

Per the VOA's "Compiled Rating List and Summary Valuation Data Specification" as reproduced in
the research notes (/work/research/voa.md, sources S9, S11, S14): no header row, fields
separated by '*', 28 fields, and each line ending in a '*' (so a 29th, empty field: S13, S14).
Dates read DD-MON-YYYY (01-APR-2023). The file is ASCII in the specification; latin-1 is read,
a superset (S10).

The brief this was built to named "primary and secondary description code" as two fields; the
specification has one field, "Primary And Secondary Description Code" (Character (4,1), e.g.
CS, IF3, CW3: S9, S11), so there are 28 fields with it as one. This layout follows the source.
"""

from __future__ import annotations

FIELDS = (
    "incrementing_entry_number",
    "billing_authority_code",
    "ndr_community_code",
    "ba_reference_number",
    "primary_and_secondary_description_code",
    "primary_description_text",
    "uarn",
    "full_property_identifier",
    "firms_name",
    "number_or_name",
    "street",
    "town",
    "postal_district",
    "county",
    "postcode",
    "effective_date",
    "composite_indicator",
    "rateable_value",
    "appeal_settlement_code",
    "assessment_reference",
    "list_alteration_date",
    "scat_code_and_suffix",
    "sub_street_level_3",
    "sub_street_level_2",
    "sub_street_level_1",
    "case_number",
    "current_from_date",
    "current_to_date",
)
COUNT = len(FIELDS)  # 28
AUTHORITY = FIELDS.index("billing_authority_code")  # 1 (0-based)
DESCRIPTION = FIELDS.index("primary_and_secondary_description_code")  # 4
RATEABLE_VALUE = FIELDS.index("rateable_value")  # 17
CURRENT_TO = FIELDS.index("current_to_date")  # 27

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# DETR/ODPM authority codes as the VOA uses them (voa.md S5, corroborated by S15's planning codes).
AUTHORITY_NAMES = {
    "4605": "Birmingham",
    "4610": "Coventry",
    "4615": "Dudley",
    "4620": "Sandwell",
    "4625": "Solihull",
    "4630": "Walsall",
    "4635": "Wolverhampton",
    "1805": "Bromsgrove",
    "1825": "Redditch",
    "1835": "Worcester",
    "1840": "Wychavon",
    "1845": "Wyre Forest",
    "1850": "Herefordshire",
    "5030": "City of London",
    "5990": "Westminster",
}
WMCA = ("4605", "4610", "4615", "4620", "4625", "4630", "4635")  # the seven constituent councils
