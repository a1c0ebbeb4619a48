"""The built-in strategies: for figures, for labels and for dates, one module each."""
