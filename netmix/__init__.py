"""netmix: measure social mixing in networks.

Contact data in (SocioPatterns sensor records, contact diaries, edge and node tables,
networkx and igraph graphs), weighted graphs out, and mixing matrices, assortativity and
segregation indices with their uncertainty.

>>> import netmix
>>> g = netmix.datasets.load_example()
>>> round(netmix.nominal_assortativity(g, "department"), 3)
0.6...
"""

from . import bridging, communities, datasets, ego, inference, io, measures, plotting, scale
from .bridging import brokerage, cross_group_ties, local_bridges, top_brokers
from .build import from_contacts, from_edges
from .communities import Partition, communities_vs_groups, detect_communities
from .ego import EgoData, integration_ratio, read_ego_data
from .exceptions import (
    DegenerateMixingWarning,
    InputError,
    InputTypeError,
    NetmixError,
    NetmixWarning,
)
from .graph import SocialGraph
from .inference import (
    NULL_MODELS,
    BootstrapResult,
    PermutationTestResult,
    bootstrap,
    permutation_test,
)
from .io import (
    from_igraph,
    from_networkx,
    read_contacts,
    read_diary,
    read_diary_network,
    read_edges,
    read_metadata,
    read_node_table,
    read_sociopatterns,
)
from .measures import (
    AssortativityResult,
    MixingMatrix,
    OddsRatioResult,
    coleman_homophily,
    degree_assortativity,
    degree_assortativity_test,
    ei_index,
    ei_index_by_group,
    ei_index_by_node,
    ei_index_expected,
    freeman_segregation,
    group_modularity,
    gupta_anderson_may,
    inbreeding_homophily,
    mixing_matrix,
    nominal_assortativity,
    nominal_assortativity_test,
    numeric_assortativity,
    numeric_assortativity_test,
    segregation_matrix_index,
    segregation_table,
    spectral_segregation,
    spectral_segregation_by_group,
    spectral_segregation_by_node,
    within_group_odds_ratio,
)

__version__ = "0.1.0"

__all__ = [
    "NULL_MODELS",
    "AssortativityResult",
    "BootstrapResult",
    "DegenerateMixingWarning",
    "EgoData",
    "InputError",
    "InputTypeError",
    "MixingMatrix",
    "NetmixError",
    "NetmixWarning",
    "OddsRatioResult",
    "Partition",
    "PermutationTestResult",
    "SocialGraph",
    "__version__",
    "bootstrap",
    "bridging",
    "brokerage",
    "coleman_homophily",
    "communities",
    "communities_vs_groups",
    "cross_group_ties",
    "datasets",
    "degree_assortativity",
    "degree_assortativity_test",
    "detect_communities",
    "ego",
    "ei_index",
    "ei_index_by_group",
    "ei_index_by_node",
    "ei_index_expected",
    "freeman_segregation",
    "from_contacts",
    "from_edges",
    "from_igraph",
    "from_networkx",
    "group_modularity",
    "gupta_anderson_may",
    "inbreeding_homophily",
    "inference",
    "integration_ratio",
    "io",
    "local_bridges",
    "measures",
    "mixing_matrix",
    "nominal_assortativity",
    "nominal_assortativity_test",
    "numeric_assortativity",
    "numeric_assortativity_test",
    "permutation_test",
    "plotting",
    "read_contacts",
    "read_diary",
    "read_diary_network",
    "read_edges",
    "read_ego_data",
    "read_metadata",
    "read_node_table",
    "read_sociopatterns",
    "scale",
    "segregation_matrix_index",
    "segregation_table",
    "spectral_segregation",
    "spectral_segregation_by_group",
    "spectral_segregation_by_node",
    "top_brokers",
    "within_group_odds_ratio",
]
