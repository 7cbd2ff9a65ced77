"""Communities in the report: their stability, and how they align with groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import rng_from_seed
from ..communities import (
    CommunityGroupsResult,
    Partition,
    StabilityResult,
    communities_vs_groups,
    community_mixing,
    community_stability,
    community_table,
)
from ..core import group_codes
from ..graph import SocialGraph, as_social_graph
from ..measures import MixingMatrix
from ..plotting import plot_community_groups, plot_modularity_runs
from ._page import Section, figure_html, note, table_html

__all__ = ["CommunityReport", "communities_section", "community_report"]


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
        return plot_community_groups(self.comparison, ax=ax, **kwargs)

    def plot_modularity(self, ax: Any = None, **kwargs: Any) -> Any:
        """Modularity over the runs
        (:func:`netmix.plotting.communities.plot_modularity_runs`)."""
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

    Runs :func:`~netmix.communities.community_stability` (``n_runs`` seeds drawn from
    ``seed``), takes the run with the highest modularity, and tests its alignment with
    ``groups`` with :func:`~netmix.communities.communities_vs_groups` (NMI, ``null`` model,
    ``n_resamples``).

    Returns
    -------
    CommunityReport

    Examples
    --------
    >>> import netmix
    >>> from netmix.report import community_report
    >>> rep = community_report(netmix.datasets.load_example(), "department", seed=0,
    ...                        n_runs=5, n_resamples=99)
    >>> float(rep.alignment.loc["nmi", "pvalue"])
    0.01
    """
    graph = as_social_graph(graph)
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
                                   stab.modularity_sd, stab.n_distinct, stab.mean_nmi,
                                   stab.n_consensus_communities, stab.consensus.modularity]},
                        index=pd.Index(["runs", "modularity max", "modularity mean",
                                        "modularity std", "distinct partitions",
                                        "mean pairwise NMI", "consensus communities",
                                        "consensus modularity"], name="stability"))
    return CommunityReport(part, stab, comp,
                           community_table(graph, groups, part, weight, missing=missing),
                           alignment, runs, community_mixing(graph, part, weight))


def communities_section(graph: SocialGraph, groups: str, weight: str | None, *,
                        seed: Any = None, n_resamples: int = 999, **options: Any) -> Section:
    """Leiden communities compared with the groups."""
    rep = community_report(graph, groups, weight=weight, seed=seed, missing="drop",
                           n_resamples=n_resamples)
    tables = {f"communities_{k}": v for k, v in rep.tables().items()}
    align = rep.tables()["alignment"]
    text = ("Communities: modularity-Leiden (igraph), best of several seeded runs. Do the "
            "communities people form follow the group lines? NMI and adjusted Rand index "
            "near 1 mean they do; the p-value compares NMI with label permutations.")
    body = (note(text) + note(_community_isolates(graph, groups, rep)) + table_html(align)
            + figure_html(
        rep.plot_groups(), "People of each community by group (row shares).")
        + f"<details><summary>Communities ({len(rep.tables()['communities'])} rows)"
        "</summary>" + table_html(rep.tables()["communities"], caption="Communities") +
        "</details>")
    return Section("Communities and groups", body, tables)


def _community_isolates(graph: SocialGraph, groups: str, rep: Any) -> str:
    """How the communities-versus-groups comparison treats people without contacts, read
    from the result (not assumed)."""
    k = graph.n_isolates
    if not k:
        return "Everyone has a contact, so every community is held together by ties."
    table = rep.communities
    singles = (int(((table["size"] == 1) & (table["internal"] == 0)).sum())
               if {"size", "internal"} <= set(table.columns) else 0)
    compared = int(np.asarray(rep.comparison.contingency).sum())
    with_group = int(group_codes(graph, groups, missing="drop").sizes.sum())
    text = f"People without contacts: {k}. "
    if singles >= k:
        text += ("The community detection puts each of them in a community of its own (size "
                 "1, no ties), listed in the table of communities. ")
    else:
        text += ("Community detection puts each of them in a community of its own; those "
                 "one-person communities are left out of the table of communities. ")
    excluded = getattr(rep.comparison, "n_isolates_excluded", None)
    if excluded:
        text += (f"The comparison with the groups leaves out the {excluded} of them who "
                 f"have a group, and counts {compared} people: a person without contacts "
                 "would be a community of one, which looks perfectly aligned with any "
                 "grouping.")
    elif compared == with_group:
        text += (f"The comparison with the groups counts all {compared} people with a group, "
                 "isolates included: each isolate is a community of one, which is perfectly "
                 "pure, so purity and homogeneity rise with their number.")
    else:
        text += (f"The comparison with the groups counts {compared} of the {with_group} "
                 "people with a group; the ones left out include the isolates.")
    return text
