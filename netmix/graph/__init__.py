"""The social graph: :class:`SocialGraph`, building it, and converting it.

Everything that makes or converts a graph lives here, each module importing only the ones
above it in this list:

* :mod:`~netmix.graph.weights`: the one check of edge weights;
* :mod:`~netmix.graph.social`: :class:`SocialGraph` (node table, edge arrays, provenance),
  with its igraph and networkx views;
* :mod:`~netmix.graph.build`: :func:`from_edges` (an edge table, optionally a node table);
* :mod:`~netmix.graph.contacts`: :func:`from_contacts` (time-stamped contact records);
* :mod:`~netmix.graph.convert`: :func:`from_networkx`, :func:`from_igraph`, and
  :func:`as_social_graph`, which public functions use to accept a SocialGraph, a networkx
  graph or an igraph graph, converting once.

The file readers (:mod:`netmix.io`) build on these.
"""

from .build import from_edges
from .contacts import from_contacts
from .convert import as_social_graph, from_igraph, from_networkx
from .social import SocialGraph
from .weights import edge_weights, nonnegative_weights

__all__ = [
    "SocialGraph",
    "as_social_graph",
    "edge_weights",
    "from_contacts",
    "from_edges",
    "from_igraph",
    "from_networkx",
    "nonnegative_weights",
]
