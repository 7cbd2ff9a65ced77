"""The core: the edge view and its tally, the only home of netmix's counting rules.

Every statistic of netmix that counts edges between groups reads a graph the same way:

1. :func:`edge_view` resolves a :class:`~netmix.graph.SocialGraph`'s edges **once** per
   (groups, weight, direction, loop and missing-group policy): an :class:`EdgeView` holds
   the kept edges' endpoints, their validated weights, the group codes of both ends
   (:class:`GroupCodes`, from :func:`group_codes`) and counts of what was dropped. A view
   of a named node attribute is kept on the graph, so every measure, test and report
   section that asks for the same view gets the same object. :func:`edges_view` makes a
   view of bare edge arrays (one chunk of an edge file, in :mod:`netmix.scale`).
2. :func:`tally` turns a view into its :class:`Tally`: the mixing counts (or summed
   weights) and what self-loops added. A tally is additive (``+``) over chunks; a view keeps
   its own tally, so a view is tallied once. :func:`fold` is the direction rule shared by
   every tally (an undirected view reads each edge in both directions).
3. The label-permutation null relabels nodes, never edges: :func:`batch_tally` counts a
   batch of relabelled replicates at once, :func:`batch_margins` only their traces and
   margins (with :func:`tally_strengths`).

:data:`CALLS` counts the tallies made (for tests: one report makes one tally per groups
and weight pair, ``tests/test_report_tallies.py``).

The rules, in one place each: direction (:func:`resolve_directed`, ``directed=False`` on
directed data counts each arc as a tie of both ends), self-loops (:data:`LOOP_POLICIES`),
missing groups (``missing="raise"`` or ``"drop"``, counted), weights (the one weight
check, :func:`netmix.graph.edge_weights`, >= 0). See :doc:`/user_guide/graphs` for how the
core sits between the graph and the measures.

Examples
--------
>>> import pandas as pd, netmix
>>> from netmix.core import edge_view, tally
>>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}), [0, 1, 2], [1, 2, 3])
>>> view = edge_view(g, "team")
>>> tally(view).counts.tolist()
[[2, 1], [1, 2]]
>>> netmix.mixing_matrix(g, "team").counts.tolist()  # the same view, the same tally
[[2, 1], [1, 2]]
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
