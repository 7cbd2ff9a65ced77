"""One call for the report: communities, their stability, and how they align with groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._validation import rng_from_seed
from ..graph import SocialGraph, describe_graph_arg
from ..measures.mixing import MixingMatrix
from .compare import CommunityGroupsResult, communities_vs_groups
from .detect import Partition
from .mixing import community_mixing, community_table
from .stability import StabilityResult, community_stability

__all__ = ["CommunityReport", "community_report"]


@dataclass(frozen=True, eq=False)
class CommunityReport:
    """Everything :func:`community_report` computed, as tables and plots.

    Attributes
    ----------
    partition : Partition
        The highest-modularity run (the communities reported).
    stability : StabilityResult
    comparison : CommunityGroupsResult
    communities : pandas.DataFrame
        Per community (see :func:`community_table`).
    alignment : pandas.DataFrame
        Scores of communities against groups, with the null mean and p-value of the tested
        one.
    runs : pandas.DataFrame
        Modularity over the runs and agreement between them.
    mixing : MixingMatrix
        Between communities.
    """

    partition: Partition
    stability: StabilityResult
    comparison: CommunityGroupsResult
    communities: pd.DataFrame
    alignment: pd.DataFrame
    runs: pd.DataFrame
    mixing: MixingMatrix

    def tables(self) -> dict[str, pd.DataFrame]:
        """The report's tables by name: ``alignment``, ``communities``, ``runs``,
        ``contingency``."""
        return {"alignment": self.alignment, "communities": self.communities,
                "runs": self.runs, "contingency": self.comparison.contingency}

    def plot_groups(self, ax: Any = None, **kwargs: Any) -> Any:
        """Community-by-group heatmap
        (:func:`netmix.plotting.communities.plot_community_groups`)."""
        from ..plotting.communities import plot_community_groups

        return plot_community_groups(self.comparison, ax=ax, **kwargs)

    def plot_modularity(self, ax: Any = None, **kwargs: Any) -> Any:
        """Modularity over the runs
        (:func:`netmix.plotting.communities.plot_modularity_runs`)."""
        from ..plotting.communities import plot_modularity_runs

        return plot_modularity_runs(self.stability, ax=ax, **kwargs)

    def _repr_html_(self) -> str:
        return "".join(f"<h4>{name}</h4>{t.to_html()}" for name, t in self.tables().items())


def community_report(
    graph: SocialGraph,
    groups: Any,
    *,
    method: str = "leiden",
    weight: str | None = None,
    seed: Any = None,
    n_runs: int = 20,
    n_resamples: int = 999,
    null: str = "permutation",
    missing: str = "raise",
    **detect_options: Any,
) -> CommunityReport:
    """Detect communities over ``n_runs`` seeds, keep the best, and compare it with groups.

    Runs :func:`community_stability` (``n_runs`` seeds drawn from ``seed``), takes the run
    with the highest modularity, and tests its alignment with ``groups`` with
    :func:`communities_vs_groups` (NMI, ``null`` model, ``n_resamples``).

    Returns
    -------
    CommunityReport

    Examples
    --------
    >>> import netmix
    >>> from netmix.communities import community_report
    >>> rep = community_report(netmix.datasets.load_example(), "department", seed=0,
    ...                        n_runs=5, n_resamples=99)
    >>> float(rep.alignment.loc["nmi", "pvalue"])
    0.01
    """
    graph = describe_graph_arg(graph)
    rng = rng_from_seed(seed)
    stab = community_stability(graph, method, n_runs=n_runs, seed=rng, weight=weight,
                               **detect_options)
    part = stab.best
    comp = communities_vs_groups(graph, groups, part, weight=weight, n_resamples=n_resamples,
                                 null=null, seed=rng, missing=missing, method=method,
                                 **detect_options)
    names = ["nmi", "ari", "ami", "homogeneity", "completeness", "purity"]
    alignment = pd.DataFrame({"value": [getattr(comp, k) for k in names]},
                             index=pd.Index(names, name="score"))
    alignment["null_mean"] = float("nan")
    alignment["pvalue"] = float("nan")
    alignment.loc[comp.statistic_name, ["null_mean", "pvalue"]] = [comp.null_mean,
                                                                    comp.pvalue]
    runs = pd.DataFrame({"value": [stab.n_runs, stab.modularity_max, stab.modularity_mean,
                                   stab.modularity_std, stab.n_distinct, stab.mean_nmi,
                                   stab.n_consensus_communities, stab.consensus.modularity]},
                        index=pd.Index(["runs", "modularity max", "modularity mean",
                                        "modularity std", "distinct partitions",
                                        "mean pairwise NMI", "consensus communities",
                                        "consensus modularity"], name="stability"))
    return CommunityReport(part, stab, comp,
                           community_table(graph, groups, part, weight, missing=missing),
                           alignment, runs, community_mixing(graph, part, weight))
