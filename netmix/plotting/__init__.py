"""matplotlib plots. Every function takes ``ax=None`` and returns the Axes; none touches
pyplot's global state, so they work the same in scripts, reports and notebooks.

Text from the data (group labels, node and attribute names, titles) is drawn as written:
``$`` starts no mathtext. Labels longer than 30 characters are shortened with an ellipsis
(the full labels stay in the data plotted: a matrix's index and columns, a result's table),
and a new figure is sized for its labels.
"""

from .ccdf import plot_ccdf
from .communities import plot_community_groups, plot_modularity_runs
from .ego import plot_integration_ratio, plot_ratio_matrix, plot_reporting_by_duration
from .forest import plot_forest
from .inference import plot_null_distribution
from .mixing import plot_mixing_matrix
from .models import plot_coefficients, plot_mixing_change
from .network import network_layout, plot_network
from .temporal import plot_mixing_over_time

__all__ = [
    "network_layout",
    "plot_ccdf",
    "plot_coefficients",
    "plot_community_groups",
    "plot_forest",
    "plot_integration_ratio",
    "plot_mixing_change",
    "plot_mixing_matrix",
    "plot_mixing_over_time",
    "plot_modularity_runs",
    "plot_network",
    "plot_null_distribution",
    "plot_ratio_matrix",
    "plot_reporting_by_duration",
]
