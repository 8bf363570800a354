"""Rules of Business Rate Supplements (Business Rate Supplements Act 2009 and its regulations)."""

from __future__ import annotations

from models.rules.store import Rule, Source, Step

CHECKED = "2026-12-03"
ACT = "Business Rate Supplements Act 2009 (c. 7)"

RV_SI = Source(
    "The Business Rate Supplements (Rateable Value Condition) (England) Regulations 2009, SI 2009/2542",
    "reg. 2 (made under s. 12(1) of the Act)",
    "https://www.legislation.gov.uk/uksi/2009/2542/made",
    CHECKED,
    note="In force 15 October 2009. The Act itself sets no figure (s. 12(1): 'the amount prescribed by "
    "regulations'); no amendment found. A levying authority may set a higher threshold as its own "
    "policy (the GLA's Crossrail BRS: £55,000, £70,000, £75,000, £92,000), never a lower one.",
)
CAP = Source(
    ACT,
    "s. 14(6)-(7)",
    "https://www.legislation.gov.uk/ukpga/2009/7/section/14",
    CHECKED,
    note="One BRS: at most 0.02 per £ of RV; several BRSs: their total at most 0.02. s. 14(8) also caps it "
    "at the final prospectus's figure. In force from 19 August 2009 in England (S.I. 2009/2202).",
)
BALLOT_ENACTED = Source(
    ACT,
    "s. 7(1)-(2) as enacted",
    "https://www.legislation.gov.uk/ukpga/2009/7/section/7/enacted",
    CHECKED,
    note="A ballot is needed if A, the amount the initial prospectus expects the BRS to raise, is more than "
    "one third of B, the estimated total cost of the project (or if the authority opts for one).",
)
BALLOT_LOCALISM = Source(
    "Localism Act 2011 (c. 20)",
    "s. 68 (omitting s. 7(1), (2) and (5) of the 2009 Act); commenced by S.I. 2012/57, art. 3(a)",
    "https://www.legislation.gov.uk/ukpga/2011/20/section/68",
    CHECKED,
    note="In force 15 January 2012, England only: every new BRS needs a ballot (s. 4(c)). It does not apply "
    "to a BRS already imposed then (s. 68(7)).",
)
BALLOT_WALES = Source(
    ACT,
    "s. 7(1)-(2) as enacted (Wales)",
    "https://www.legislation.gov.uk/ukpga/2009/7/section/7/enacted",
    CHECKED,
    status="partly verified",
    note="The Localism Act amendments are annotated as commenced 'for E.' only (S.I. 2012/57); no Welsh "
    "commencement was found, so the one-third test is taken still to apply in Wales.",
)
RING_FENCE = Source(
    ACT,
    "s. 3(1)-(2)",
    "https://www.legislation.gov.uk/ukpga/2009/7/section/3",
    CHECKED,
    note="The sums received must be used only for expenditure on the project the BRS relates to (the "
    "prospectus's project, s. 5 and Sch. 1) that would not otherwise have been incurred; s. 3(2) allows "
    "payments on loans taken out for the project.",
)

RULES = (
    Rule(
        "brs.min_rv_threshold",
        "BRS rateable value condition (minimum threshold)",
        "£ RV",
        "regulations",
        "unlawful",
        (Step("2009-10-15", 50_000.0, RV_SI),),
        help="A BRS may be levied only on hereditaments whose RV exceeds this; a threshold below it would "
        "charge hereditaments the law excludes.",
    ),
    Rule(
        "brs.max_multiplier",
        "BRS maximum multiplier",
        "p per £ RV",
        "statute",
        "statutory",
        (Step("2009-08-19", 2.0, CAP),),
        help="The most a levying authority's BRSs together may add, in pence per £ of RV.",
        jurisdiction="England and Wales",
    ),
    Rule(
        "brs.ballot_trigger",
        "BRS ballot: share of the project cost above which a ballot is needed",
        "share of cost",
        "statute",
        "unlawful",
        (
            Step("2009-08-19", 1.0 / 3.0, BALLOT_ENACTED),
            Step("2012-01-15", 0.0, BALLOT_LOCALISM, note="0: every new BRS needs a ballot"),
        ),
        help="A ballot is needed when the amount the BRS is expected to raise is more than this share of "
        "the project's estimated total cost; 0 means every BRS needs one.",
    ),
    Rule(
        "brs.ballot_trigger.wales",
        "BRS ballot in Wales: share of the project cost above which a ballot is needed",
        "share of cost",
        "statute",
        "unlawful",
        (Step("2009-08-19", 1.0 / 3.0, BALLOT_WALES),),
        jurisdiction="Wales",
    ),
    Rule(
        "brs.ring_fence",
        "BRS ring-fence: yield spent only on the prospectus project",
        "flag",
        "statute",
        "unlawful",
        (Step("2009-08-19", 1.0, RING_FENCE),),
        help="1: the ring-fence applies. A programme that routes a BRS's yield to anything but its project "
        "(or loans for it) is unlawful.",
        jurisdiction="England and Wales",
    ),
)
