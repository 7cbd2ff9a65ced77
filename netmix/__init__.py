"""netmix: measure social mixing in networks.

Contact data in (SocioPatterns sensor records, contact diaries, edge and node tables,
networkx and igraph graphs), weighted graphs out, and mixing matrices, assortativity and
segregation indices with their uncertainty.

>>> import netmix
>>> g = netmix.datasets.load_example()
>>> round(netmix.nominal_assortativity(g, "department"), 3)
0.6...
"""

from . import datasets, io, plotting
from .build import from_contacts, from_edges
from .exceptions import (
    DegenerateMixingWarning,
    InputError,
    InputTypeError,
    NetmixError,
    NetmixWarning,
)
from .graph import SocialGraph
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
from .measures import MixingMatrix, mixing_matrix, nominal_assortativity

__version__ = "0.1.0"

__all__ = [
    "DegenerateMixingWarning",
    "InputError",
    "InputTypeError",
    "MixingMatrix",
    "NetmixError",
    "NetmixWarning",
    "SocialGraph",
    "__version__",
    "datasets",
    "from_contacts",
    "from_edges",
    "from_igraph",
    "from_networkx",
    "io",
    "plotting",
    "mixing_matrix",
    "nominal_assortativity",
    "read_contacts",
    "read_diary",
    "read_diary_network",
    "read_edges",
    "read_metadata",
    "read_node_table",
    "read_sociopatterns",
]
