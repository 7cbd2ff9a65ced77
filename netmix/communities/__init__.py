"""Communities: detection through igraph's C core, stability over seeds, and how the
communities compare with known groups (departments, classes).

* :func:`detect_communities` -> :class:`Partition` (Leiden, Louvain, Infomap, walktrap,
  label propagation; seeded without touching global random state);
* :func:`community_stability` -> :class:`StabilityResult` (modularity over seeds, mean
  pairwise NMI, a consensus partition);
* :func:`compare_partitions`, :func:`communities_vs_groups` ->
  :class:`CommunityGroupsResult` (NMI, ARI, AMI, homogeneity, completeness, a permutation
  or rewiring test);
* :func:`community_mixing`, :func:`group_mixing_within_communities`,
  :func:`community_table`.

The report's communities section is :func:`netmix.report.community_report`.
"""

from .compare import (
    CommunityGroupsResult,
    communities_vs_groups,
    contingency_table,
    majority_groups,
)
from .detect import METHODS, Partition, detect_communities
from .mixing import community_mixing, community_table, group_mixing_within_communities
from .scores import compare_partitions
from .stability import StabilityResult, community_stability

__all__ = [
    "METHODS",
    "CommunityGroupsResult",
    "Partition",
    "StabilityResult",
    "communities_vs_groups",
    "community_mixing",
    "community_stability",
    "community_table",
    "compare_partitions",
    "contingency_table",
    "detect_communities",
    "group_mixing_within_communities",
    "majority_groups",
]
