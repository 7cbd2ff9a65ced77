"""Readers: SocioPatterns contact files, metadata and diaries; generic edge and node tables;
networkx and igraph graphs. Each validates its input and names the file, line and column of
a problem."""

from .convert import from_igraph, from_networkx
from .sociopatterns import (
    DIARY_DURATION_CODES,
    read_contacts,
    read_diary,
    read_diary_network,
    read_metadata,
    read_sociopatterns,
)
from .tables import read_edges, read_node_table, read_table

__all__ = [
    "DIARY_DURATION_CODES",
    "from_igraph",
    "from_networkx",
    "read_contacts",
    "read_diary",
    "read_diary_network",
    "read_edges",
    "read_metadata",
    "read_node_table",
    "read_sociopatterns",
    "read_table",
]
