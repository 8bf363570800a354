"""Business Rate Supplements (Business Rate Supplements Act 2009): the levy on the rating list above
a threshold, its ballot test and borrowing against the yield. Imports models.core only.
"""

from models.brs.model import SPEC

__all__ = ["SPEC"]
