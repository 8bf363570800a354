"""Land value capture, mechanism 1: a share of the uplift in site values.

`uplift = hectares * (post - existing - remediation)` per site; a share `capture_rate` of a
positive uplift arrives in equal parts over the build-out years from the site's first year.

Choices MODELS.md leaves open:
- Values per hectare are in start-year prices; `land_value_growth` indexes each receipt from
  the model's first year, `(1 + g) ** t`, not from the site's own first year.
- A site whose uplift is zero or negative yields nothing (never a negative receipt) and is
  named in the `sites_without_uplift` check.
- Receipts due after the horizon are left out of the profile; the `build_out_past_horizon`
  check shows their value at start-year prices.
"""

from __future__ import annotations

import numpy as np

from models.core import usual
from models.core.checks import beyond_horizon
from models.core.declare import Field, TableSpec
from models.core.finance import index_factor
from models.core.result import CheckOutcome
from models.core.tables import one_if_same, table_arrays
from models.core.validation import Inputs

GROUP = "Site value uplift"
CAPTURE = usual.usual(
    0.0,
    0.5,
    "a level for a second look, not a published figure: the land price is what is left of the development "
    "value after costs, fees and profit (Green Book 2020/2022 A2.34, https://ppponline.affinitext.com/public/"
    "book?id=5905&toc_id=875671), so capturing more than half the uplift may leave the owner too little to "
    "sell; " + usual.CHECKED,
)

SITES = TableSpec(
    "sites",
    "Sites",
    columns=(
        Field("name", "Site", "", "Site", fmt="text", group=GROUP, help="Names the site in checks."),
        Field("hectares", "Area", "ha", None, low=0.0, fmt="number", group=GROUP, help="Net developable area."),
        Field(
            "existing_value_per_ha",
            "Existing use value per ha",
            "£/ha",
            None,
            low=0.0,
            fmt="gbp",
            group=GROUP,
            help="Value of the land in its current use.",
        ),
        Field(
            "post_value_per_ha",
            "Value per ha with the infrastructure",
            "£/ha",
            None,
            low=0.0,
            fmt="gbp",
            group=GROUP,
            help="Value once the infrastructure (and permission) is in.",
        ),
        Field(
            "remediation_per_ha",
            "Remediation cost per ha",
            "£/ha",
            0.0,
            low=0.0,
            fmt="gbp",
            group=GROUP,
            help="Cost of making the land developable.",
        ),
        Field(
            "capture_rate",
            "Capture rate",
            "% of uplift",
            0.5,
            low=0.0,
            high=1.0,
            fmt="pct",
            group=GROUP,
            help="Share of the uplift the public sector keeps.",
            **CAPTURE,
        ),
        Field(
            "first_year",
            "First year of receipts",
            "year",
            None,
            fmt="year",
            group=GROUP,
            help="The financial year the first part of the captured uplift arrives.",
        ),
        Field(
            "build_out_years",
            "Build-out years",
            "years",
            5,
            low=1,
            high=100,
            fmt="int",
            group=GROUP,
            help="The captured uplift arrives in equal parts over these years.",
        ),
    ),
    default=(
        {
            "name": "Station quarter",
            "hectares": 12.0,
            "existing_value_per_ha": 250_000.0,
            "post_value_per_ha": 1_500_000.0,
            "remediation_per_ha": 200_000.0,
            "capture_rate": 0.4,
            "first_year": 2021,
            "build_out_years": 6,
        },
        {
            "name": "Canal-side employment land",
            "hectares": 8.0,
            "existing_value_per_ha": 300_000.0,
            "post_value_per_ha": 900_000.0,
            "remediation_per_ha": 150_000.0,
            "capture_rate": 0.3,
            "first_year": 2023,
            "build_out_years": 5,
        },
    ),
    help="Sites whose value the infrastructure lifts.",
    source="Illustrative: replace with the district valuer's existing and post-scheme values",
    key="name",
)

FIELDS = (
    Field(
        "land_value_growth",
        "Land value growth",
        "% a year",
        0.02,
        low=-0.5,
        high=0.5,
        fmt="pct",
        group=GROUP,
        help="Indexes site receipts from the model's first year.",
        source="Illustrative: replace with the district valuer's view of land values",
    ),
)


def site_receipts(inputs: Inputs) -> dict[str, np.ndarray]:
    """Captured uplift receipts (n, T), the whole uplift by year in start-year prices (n, T), each
    site's uplift (n, S) and the value past the horizon (n,)."""
    horizon = inputs.horizon
    s = table_arrays(inputs, "sites")
    uplift = s["hectares"] * (s["post_value_per_ha"] - s["existing_value_per_ha"] - s["remediation_per_ha"])
    captured = np.maximum(uplift, 0.0) * s["capture_rate"]
    first = s["first_year"] - inputs.start_year  # (S,): a year cannot vary by trial
    build = s["build_out_years"]
    since_first = np.arange(horizon) - first[:, None]  # (S, T)
    building = (since_first >= 0) & (since_first < build[:, :, None])  # (n, S, T)
    receipts = np.where(building, (captured / build)[:, :, None], 0.0).sum(axis=1)
    late = np.maximum(first + build - horizon, 0.0) / build
    # the whole positive uplift, not the captured share, over the same build-out: the economic benefit
    benefit = np.where(building, (np.maximum(uplift, 0.0) / build)[:, :, None], 0.0).sum(axis=1)
    return {
        "uplift_profile": benefit,
        "site_receipts": receipts * index_factor(one_if_same(inputs.land_value_growth), horizon),
        "uplift": uplift,
        "captured": captured,
        "captured_beyond": np.sum(captured * late, axis=1),
    }


def _escape(text: str) -> str:
    """Site names go into a message template: braces must not read as placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def no_uplift_check(names: list[str], uplift: np.ndarray) -> CheckOutcome:
    """Name the sites with no positive uplift: nothing is captured from them.

    The message names the sites that fail in every trial; sites that fail in only some
    trials (when site values vary by trial) are named as such.
    """
    bad = uplift <= 0.0  # (n, S)
    always = [_escape(s) for s, b in zip(names, np.all(bad, axis=0)) if b]
    sometimes = [_escape(s) for s, a, b in zip(names, np.any(bad, axis=0), np.all(bad, axis=0)) if a and not b]
    named = ", ".join(always) if always else "no site in every trial"
    if sometimes:
        named += "; in some trials also " + ", ".join(sometimes)
    return CheckOutcome(
        "sites_without_uplift",
        ok=~np.any(bad, axis=1),
        passed="Every site has a positive uplift.",
        failed=f"No positive uplift at: {named}. Nothing is captured there; their values fall "
        "short of existing use plus remediation by {amount} in all.",
        amount=np.sum(np.where(bad, -uplift, 0.0), axis=1),
    )


def build_out_check(captured_beyond: np.ndarray, horizon: int) -> CheckOutcome:
    """Flag captured uplift due after the horizon: it is left out of the receipts."""
    return beyond_horizon(
        "build_out_past_horizon",
        captured_beyond,
        horizon,
        passed="Every site's build-out ends inside the horizon.",
        failed="{amount} of captured uplift (at start-year values) is due after {year}, the last "
        "year modelled, and is left out of the receipts.",
    )
