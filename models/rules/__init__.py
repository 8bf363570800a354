"""The rulebook: every legal or policy value the models use, dated and cited (see docs/rules.md).

`RULES` is the book of the rules in force as declared here; a scenario's overrides make a new
book (`RULES.with_overrides`). Models read `inputs.rules.value(rule_id, years)`, never a
constant. This package imports nothing else from `models`, so the shared core can hand every
model its book.
"""

from __future__ import annotations

from models.rules import brs, housing, planning
from models.rules.store import Override, Rule, Rulebook, Source, Step, fy_name, fy_of

ALL: tuple[Rule, ...] = brs.RULES + housing.RULES + planning.RULES
RULES = Rulebook({rule.id: rule for rule in ALL})

__all__ = ["ALL", "RULES", "Override", "Rule", "Rulebook", "Source", "Step", "fy_name", "fy_of"]
