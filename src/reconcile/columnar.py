"""Labels and figures as columns, for millions of claims: the face of `reliability.columnar`.

Importing this module imports NumPy; ``import reconcile`` alone does not.
"""

from reconcile.reliability.columnar import FigureColumns, LabelColumns

__all__ = ["FigureColumns", "LabelColumns"]
