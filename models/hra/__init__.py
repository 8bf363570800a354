"""The Housing Revenue Account business plan: stock, rents, costs, new build and debt under a cap,
with the most-homes and cap-needed solvers. Imports models.core only.

Modules: inputs, homes and book (the declarations: the simple plan; the rent path and new homes;
archetypes, the Rent Standard limit and the loan book), investment (components, works and the
Major Repairs Reserve), rents (archetypes and their rents), loans (the loan book's rates),
engine and single (the year-by-year arrays and the one-trial float loops), ties (tie-outs),
model (SPEC, the limits and checks) and solvers.
"""

from models.hra.model import SPEC

__all__ = ["SPEC"]
