"""matplotlib plots. Every function takes ``ax=None`` and returns the Axes; none touches
pyplot's global state, so they work the same in scripts, reports and notebooks."""

from .mixing import plot_mixing_matrix

__all__ = ["plot_mixing_matrix"]
