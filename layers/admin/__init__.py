"""The Django admin for every model of the layers app (one module per area, registered on import)."""

from . import cases, cogovernance, layers, notifications

__all__ = ["cases", "cogovernance", "layers", "notifications"]
