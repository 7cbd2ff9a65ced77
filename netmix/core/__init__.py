"""The core: the edge view and its tally, the only home of netmix's counting rules.

:func:`edge_view` resolves a graph's edges under one direction, loop, missing-group and
weight policy (:class:`EdgeView`, built once per graph and policy); :func:`tally` turns a
view into mixing counts (:class:`Tally`, additive over chunks), :func:`batch_tally` and
:func:`batch_margins` do the same for batches of relabelled replicates. Everything that
counts edges between groups (measures, inference, scale engines) reads these.
"""

from .batch import batch_margins, batch_tally, tally_strengths
from .counting import CALLS, Tally, fold, tally
from .groups import GroupCodes, group_codes
from .view import LOOP_POLICIES, EdgeView, edge_view, edges_view, resolve_directed

__all__ = [
    "CALLS",
    "LOOP_POLICIES",
    "EdgeView",
    "GroupCodes",
    "Tally",
    "batch_margins",
    "batch_tally",
    "edge_view",
    "edges_view",
    "fold",
    "group_codes",
    "resolve_directed",
    "tally",
    "tally_strengths",
]
