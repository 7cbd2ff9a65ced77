"""Mixing measures: the mixing matrix and every index computed from it.

The mixing matrix is the sufficient statistic (:func:`mixing_matrix`); each index is a small
pure function of it (or of the graph, for node-level and spectral indices).
"""

from .assortativity import (
    AssortativityResult,
    assortativity_from_matrix,
    degree_assortativity,
    degree_assortativity_test,
    group_modularity,
    nominal_assortativity,
    nominal_assortativity_test,
    numeric_assortativity,
    numeric_assortativity_test,
)
from .ei import ei_index, ei_index_by_group, ei_index_by_node, ei_index_expected
from .mixing import LOOP_POLICIES, MixingMatrix, mixing_matrix
from .odds import OddsRatioResult, within_group_odds_ratio
from .segregation import (
    coleman_homophily,
    freeman_segregation,
    gupta_anderson_may,
    inbreeding_homophily,
    segregation_matrix_index,
)
from .spectral import (
    spectral_segregation,
    spectral_segregation_by_group,
    spectral_segregation_by_node,
)

__all__ = [
    "LOOP_POLICIES",
    "AssortativityResult",
    "MixingMatrix",
    "OddsRatioResult",
    "assortativity_from_matrix",
    "coleman_homophily",
    "degree_assortativity",
    "degree_assortativity_test",
    "ei_index",
    "ei_index_by_group",
    "ei_index_by_node",
    "ei_index_expected",
    "freeman_segregation",
    "group_modularity",
    "gupta_anderson_may",
    "inbreeding_homophily",
    "mixing_matrix",
    "nominal_assortativity",
    "nominal_assortativity_test",
    "numeric_assortativity",
    "numeric_assortativity_test",
    "segregation_matrix_index",
    "spectral_segregation",
    "spectral_segregation_by_group",
    "spectral_segregation_by_node",
    "within_group_odds_ratio",
]
