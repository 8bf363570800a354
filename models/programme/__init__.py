"""A Funding for Growth programme: every funding stream against an investment plan, with the
financing of the gap. Imports models.core only (other runs' lines arrive as inputs).
"""

from models.programme.model import SPEC

__all__ = ["SPEC"]
