"""Labels as columns, for millions of claims: the public face of `reconcile.reliability.columnar`.

Importing this module imports NumPy; ``import reconcile`` alone does not.
"""

from reconcile.reliability.columnar import LabelColumns

__all__ = ["LabelColumns"]
