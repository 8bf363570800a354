"""Land value capture: site uplift, Enterprise Zone / TIF business-rate retention and infrastructure
tariffs. Imports models.core only.
"""

from models.land_value.model import SPEC

__all__ = ["SPEC"]
