"""The Housing Revenue Account business plan: stock, rents, costs, new build and debt under a cap,
with the most-homes and cap-needed solvers. Imports models.core only.
"""

from models.hra.model import SPEC

__all__ = ["SPEC"]
