"""Housing First grant: a tranche profile against units delivered and the support liabilities
beyond the award. Imports models.core only.
"""

from models.housing_first.model import SPEC

__all__ = ["SPEC"]
