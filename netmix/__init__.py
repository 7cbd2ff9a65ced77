"""netmix: measure social mixing in networks.

Contact data in (SocioPatterns sensor records, contact diaries, edge and node tables,
networkx and igraph graphs), weighted graphs out, and mixing matrices, assortativity and
segregation indices with their uncertainty.

>>> import netmix
>>> g = netmix.datasets.load_example()
>>> round(netmix.nominal_assortativity(g, "department"), 3)
0.6...
"""

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from .exceptions import (
    DegenerateMixingWarning,
    InputError,
    InputTypeError,
    NetmixError,
    NetmixWarning,
)

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from . import (
        bridging,
        communities,
        datasets,
        ego,
        inference,
        io,
        measures,
        models,
        plotting,
        scale,
        temporal,
    )
    from ._cite import cite
    from .bridging import brokerage, cross_group_ties, local_bridges, top_brokers
    from .communities import Partition, communities_vs_groups, detect_communities
    from .ego import EgoData, integration_ratio, read_ego_data
    from .graph import SocialGraph, from_contacts, from_edges, from_igraph, from_networkx
    from .inference import (
        NULL_MODELS,
        BootstrapResult,
        PermutationTestResult,
        bootstrap,
        permutation_test,
        segregation_table,
    )
    from .io import (
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
        spectral_segregation,
        spectral_segregation_by_group,
        spectral_segregation_by_node,
        within_group_odds_ratio,
    )
    from .models import (
        did_estimate,
        dyad_counts,
        dyad_table,
        fit_dyadic,
        fit_outcome,
        mixing_change,
        outcome_permutation_test,
        outcome_table,
        qap_regression,
    )
    from .temporal import (
        TEMPORAL_NULL_MODELS,
        Contacts,
        MixingOverTime,
        contact_events,
        mixing_over_time,
        tie_persistence,
    )

#: Where each public name lives: ``import netmix`` imports none of these subpackages (nor
#: pandas, scipy, numba ...); the first use of a name imports its subpackage.
_LAZY: dict[str, tuple[str, ...]] = {
    "bridging": ("brokerage", "cross_group_ties", "local_bridges", "top_brokers"),
    "communities": ("Partition", "communities_vs_groups", "detect_communities"),
    "ego": ("EgoData", "integration_ratio", "read_ego_data"),
    "graph": ("SocialGraph", "from_contacts", "from_edges", "from_igraph", "from_networkx"),
    "inference": (
        "NULL_MODELS", "BootstrapResult", "PermutationTestResult", "bootstrap",
        "permutation_test", "segregation_table",
    ),
    "io": (
        "read_contacts", "read_diary", "read_diary_network", "read_edges", "read_metadata",
        "read_node_table", "read_sociopatterns",
    ),
    "measures": (
        "AssortativityResult", "MixingMatrix", "OddsRatioResult", "coleman_homophily",
        "degree_assortativity", "degree_assortativity_test", "ei_index",
        "ei_index_by_group", "ei_index_by_node", "ei_index_expected", "freeman_segregation",
        "group_modularity", "gupta_anderson_may", "inbreeding_homophily", "mixing_matrix",
        "nominal_assortativity", "nominal_assortativity_test", "numeric_assortativity",
        "numeric_assortativity_test", "segregation_matrix_index", "spectral_segregation",
        "spectral_segregation_by_group", "spectral_segregation_by_node",
        "within_group_odds_ratio",
    ),
    "models": (
        "did_estimate", "dyad_counts", "dyad_table", "fit_dyadic", "fit_outcome",
        "mixing_change", "outcome_permutation_test", "outcome_table", "qap_regression",
    ),
    "temporal": ("Contacts", "MixingOverTime", "TEMPORAL_NULL_MODELS", "contact_events",
                 "mixing_over_time", "tie_persistence"),
    "_cite": ("cite",),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name's subpackage, or a subpackage or module, on first use."""
    module = _HOME.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    elif not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}"):
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    "NULL_MODELS",
    "TEMPORAL_NULL_MODELS",
    "AssortativityResult",
    "BootstrapResult",
    "Contacts",
    "DegenerateMixingWarning",
    "EgoData",
    "InputError",
    "InputTypeError",
    "MixingMatrix",
    "MixingOverTime",
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
    "cite",
    "coleman_homophily",
    "communities",
    "communities_vs_groups",
    "contact_events",
    "cross_group_ties",
    "datasets",
    "degree_assortativity",
    "degree_assortativity_test",
    "detect_communities",
    "did_estimate",
    "dyad_counts",
    "dyad_table",
    "ego",
    "ei_index",
    "ei_index_by_group",
    "ei_index_by_node",
    "ei_index_expected",
    "fit_dyadic",
    "fit_outcome",
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
    "mixing_change",
    "mixing_matrix",
    "mixing_over_time",
    "models",
    "nominal_assortativity",
    "nominal_assortativity_test",
    "numeric_assortativity",
    "numeric_assortativity_test",
    "outcome_permutation_test",
    "outcome_table",
    "permutation_test",
    "plotting",
    "qap_regression",
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
    "temporal",
    "tie_persistence",
    "top_brokers",
    "within_group_odds_ratio",
]
