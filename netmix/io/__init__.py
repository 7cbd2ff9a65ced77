"""Readers: SocioPatterns contact files, metadata and diaries; generic edge and node tables
(networkx and igraph graphs are converted by :mod:`netmix.graph`). Each validates its input
and names the file, line and column of a problem.

Missing values: one policy for every reader, loader and the command line. A cell is missing
when its text (surrounding blanks removed) is one of :data:`MISSING_TOKENS` -- the empty
cell, ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``, ``Unknown``, ``Unkn`` -- or of the tokens
given with ``na_values`` (``None``: the default; a sequence replaces it; ``()``: nothing is
missing). ``None``, ``null`` and ``NULL`` are not missing by default (ordinary answers in
surveys, ambiguous in exports: they stay visible as values); pandas' own list never applies.
Node and ego ids never use the tokens (an id ``NA`` is an id; an empty id is an error).
Ids and group labels are read as text, never numerically coerced: ``007`` never meets
``7``. Ids are kept as integers only when every id of the edge and node tables is a
canonical integer literal (``str(int(x)) == x``), which cannot merge distinct ids. Every
value taken as missing is counted per column in the provenance (``missing_values``).
"""

from ._missing import MISSING_TOKENS
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
    "MISSING_TOKENS",
    "read_contacts",
    "read_diary",
    "read_diary_network",
    "read_edges",
    "read_metadata",
    "read_node_table",
    "read_sociopatterns",
    "read_table",
]
