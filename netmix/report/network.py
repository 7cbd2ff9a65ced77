"""The sections of the network report: summary, mixing matrix, assortativity, the indices
with their uncertainty, and bridges and brokers. Each is composed from the public API."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from .._format import pvalue_phrase
from ..bridging import bridging_capital, brokerage, cross_group_ties, top_brokers
from ..core import group_codes
from ..graph import SocialGraph
from ..inference import permutation_test, segregation_table
from ..measures import mixing_matrix, nominal_assortativity_test
from ..plotting import plot_mixing_matrix, plot_network, plot_null_distribution
from ._page import Section, figure_html, fmt_duration, fmt_num, note, table_html
from .summary import MIN_GROUP_SIZE

__all__ = ["INDEX_NAMES", "OKABE_ITO", "UNDIRECTED_ONLY", "assortativity_section",
           "bridging_section", "indices_section", "isolates_note", "mixing_section",
           "report_indices", "summary_section"]


def isolates_note(graph: SocialGraph) -> str:
    """The sentence of the summary about people without contacts."""
    k = graph.n_isolates
    if not k:
        return "Everyone in the graph has at least one contact (no isolates)."
    return (f"People without contacts (isolates): {k} of {graph.n_nodes}. They stay in the "
            "graph: they count in the group sizes, the number of nodes and the density, and "
            "they add nothing to the mixing matrix and the tie-based indices, which count "
            "ties. The sections on communities and bridges say how they treat them.")


def summary_section(graph: SocialGraph, groups: str, weight: str | None,
                    **options: Any) -> Section:
    """The data: size, density, groups and provenance of the graph."""
    codes = group_codes(graph, groups, missing="drop")
    n, m = graph.n_nodes, graph.n_edges
    pairs = n * (n - 1) if graph.directed else n * (n - 1) / 2
    rows = [("nodes", n), ("edges", m), ("directed", graph.directed),
            ("density", m / pairs if pairs else float("nan")),
            ("group attribute", codes.name or "groups"), ("groups", len(codes.labels)),
            ("nodes without a group", codes.n_missing),
            ("people without contacts (isolates)", graph.n_isolates)]
    if weight:
        total = float(np.sum(graph.edge_attr(weight), dtype=np.float64))
        rows.append((f"total {weight}", fmt_duration(total) if weight == "duration"
                     else total))
    overview = pd.DataFrame(rows, columns=["quantity", "value"]).set_index("quantity")
    overview["value"] = [fmt_num(v) if isinstance(v, float) else str(v)
                         for v in overview["value"]]
    sizes = pd.DataFrame({"nodes": codes.sizes,
                          "share": codes.sizes / max(codes.sizes.sum(), 1)},
                         index=codes.labels.rename(codes.name or "group"))
    prov = "".join(
        f"<li><b>{html.escape(str(r.get('step')))}</b>: " + html.escape(
            ", ".join(f"{k}={v}" for k, v in r.items() if k != "step")) + "</li>"
        for r in graph.provenance)
    body = (table_html(overview) + note(isolates_note(graph))
            + "<h3>Group sizes</h3>" + table_html(sizes)
            + "<h3>Provenance</h3><ul>" + prov + "</ul>")
    return Section("The data", body, {"summary": overview, "group_sizes": sizes})


def mixing_section(graph: SocialGraph, groups: str, weight: str | None,
                   **options: Any) -> Section:
    """Mixing-matrix heatmaps (ties, and weight when given) with the count tables."""
    body, tables = "", {}
    for w in [None, weight] if weight else [None]:
        matrix = mixing_matrix(graph, groups, w, missing="drop")
        what = f"total {w}" if w else "ties"
        ax = plot_mixing_matrix(matrix, normalize="row", title=(
            f"Mixing by {matrix.row_attr}: {what}, row shares"))
        body += figure_html(ax, f"Share of each group's {what} that go to each group "
                                "(rows sum to 1).")
        name = f"mixing_matrix_{w}" if w else "mixing_matrix"
        tables[name] = matrix.to_frame()
        body += f"<details><summary>{html.escape(what)} (table)</summary>" + table_html(
            matrix.to_frame()) + "</details>"
    conv = ("Directed: rows are senders. " if graph.directed else
            "Undirected: each edge is counted in both directions, so the matrix is symmetric. ")
    k = graph.n_isolates
    if k:
        conv += (f"People without contacts ({k}) are in no cell: the matrix counts ties, "
                 "and they have none. ")
    return Section("Mixing matrix", note(conv) + body, tables)


def assortativity_section(graph: SocialGraph, groups: str, weight: str | None,
                          **options: Any) -> Section:
    """Newman's nominal assortativity, unweighted and weighted, with Newman's jackknife
    standard error and its 95 % normal interval (:func:`netmix.nominal_assortativity_test`)."""
    rows = []
    for w in (None, weight) if weight else (None,):
        res = nominal_assortativity_test(graph, groups, w, missing="drop")
        low, high = res.confidence_interval
        rows.append({"index": "nominal assortativity (Newman 2003, eq. 2)",
                     "weight": w or "none", "value": res.statistic,
                     "standard_error": res.standard_error, "ci_low": low, "ci_high": high})
    table = pd.DataFrame(rows).set_index("index")
    text = ("r = 1 when every tie joins people of the same group, 0 when ties are as mixed as "
            "random mixing with the observed group totals, and negative when ties favour "
            "other groups. The standard error is Newman's jackknife over ties (Newman 2003); "
            "the interval is r ± 1.96 standard errors. The permutation test of random mixing "
            "is in the summary and the index table.")
    return Section("Assortativity", note(text) + table_html(table), {"assortativity": table})


#: Okabe & Ito's palette, told apart with every common colour-vision deficiency (Okabe M.,
#: Ito K. (2008). Color universal design), used to colour up to eight groups.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")

#: Indices that are defined for undirected data only (left out of directed reports, with a
#: note saying so), and why.
UNDIRECTED_ONLY = {
    "spectral_segregation": "the spectral segregation index (Echenique & Fryer 2007) is "
                            "defined for undirected interactions",
}

#: How the report names each index of :func:`netmix.segregation_table`.
INDEX_NAMES = {
    "nominal_assortativity": "nominal assortativity",
    "group_modularity": "modularity of the groups",
    "ei_index": "E-I index",
    "freeman_segregation": "Freeman segregation",
    "gupta_anderson_may": "Gupta-Anderson-May Q",
    "log_odds_ratio_within": "log odds ratio, ties within groups",
    "spectral_segregation": "spectral segregation",
    "coleman_homophily": "Coleman homophily",
    "ei_index_by_group": "E-I index",
    "inbreeding_homophily": "inbreeding homophily",
    "segregation_matrix_index": "segregation matrix index",
}


def report_indices(graph: SocialGraph) -> tuple[list[str], list[str]]:
    """The indices of :func:`netmix.segregation_table` the report computes for ``graph``,
    and notes on those it leaves out (defined for undirected data only)."""
    from ..inference.table import INDICES

    names, notes = [], []
    for name in INDICES:
        if graph.directed and name in UNDIRECTED_ONLY:
            notes.append(f"Left out: {UNDIRECTED_ONLY[name]}, and this network is directed.")
        else:
            names.append(name)
    return names, notes


def indices_section(graph: SocialGraph, groups: str, weight: str | None, *,
                    seed: Any = None, n_resamples: int = 999, **options: Any) -> Section:
    """Every segregation index with its permutation p-value and bootstrap interval, and the
    null distribution of assortativity. Indices defined for undirected data only are left
    out of a directed network's report, with a note."""
    names, left_out = report_indices(graph)
    table = segregation_table(graph, groups, weight, indices=names, n_resamples=n_resamples,
                              seed=seed, missing="drop", progress=False)
    test = permutation_test(graph, "nominal_assortativity", groups, weight=weight,
                            n_resamples=n_resamples, seed=seed, missing="drop",
                            progress=False)
    ax = plot_null_distribution(test, title="Assortativity against label permutations")
    text = (f"p-values: two-sided label-permutation tests ({n_resamples} shuffles of the "
            "group labels over the people, network fixed; the smallest possible p is "
            f"{fmt_num(2 / (n_resamples + 1))}, shown as ≤ that value); null mean: the value "
            "expected under that random mixing. Intervals: node bootstrap (Snijders & "
            f"Borgatti 1999), percentile, 95 %. Weighted by {weight or 'nothing'} where the "
            "index allows; tie-based indices (odds ratio, segregation matrix index, "
            f"spectral) use tie counts. Seed {seed}.")
    sizes = group_codes(graph, groups, missing="drop")
    shown = _readable_indices(table, pd.Series(sizes.sizes, index=sizes.labels))
    overall = shown[shown["group"] == "all"].drop(columns=["group"])
    by_group = shown[shown["group"] != "all"]
    body = (note(text) + "".join(note(n) for n in left_out)
            + table_html(overall, index=False, caption="Network-wide indices",
                         n_resamples=n_resamples)
            + f"<details><summary>Indices by group ({len(by_group)} rows)</summary>"
            + table_html(by_group, index=False, caption="Indices by group",
                         n_resamples=n_resamples) + "</details>"
            + figure_html(ax, f"Nominal assortativity (red line: observed r = "
                              f"{fmt_num(test.statistic)}) against its null distribution; "
                              f"{pvalue_phrase(test.pvalue, n_resamples)}.",
                          alt=(f"Histogram of nominal assortativity under {n_resamples} label "
                               f"permutations, centred near {fmt_num(test.null_mean)}; the "
                               f"observed value {fmt_num(test.statistic)} is marked by a "
                               "vertical line.")))
    return Section("Segregation and homophily indices", body, {"indices": table})


def _readable_indices(table: pd.DataFrame, sizes: pd.Series) -> pd.DataFrame:
    """The index table as the page shows it: readable names, the group ("all" for the
    network), small groups and degenerate intervals marked."""
    degenerate = (table["ci_low"] == table["ci_high"]) & np.isfinite(table["statistic"])
    people = table["group"].map(lambda g: sizes.get(g, np.nan) if g is not None else np.nan)
    small = (people < MIN_GROUP_SIZE).to_numpy()
    notes = [", ".join(t for t, flag in ((f"small group ({people.iloc[i]:.0f} people)",
                                          small[i]),
                                         ("interval degenerate: every resample gave one "
                                          "value", bool(degenerate.iloc[i]))) if flag)
             for i in range(len(table))]
    shown = pd.DataFrame({
        "index": table["index"].map(lambda n: INDEX_NAMES.get(n, n.replace("_", " "))),
        "group": table["group"].astype(object).where(table["group"].notna(), "all"),
        "value": table["statistic"], "null mean": table["null_mean"],
        "pvalue": table["pvalue"], "standard error": table["standard_error"],
        "ci low": table["ci_low"], "ci high": table["ci_high"],
        "weight": table["weight"],
        "note": notes,
    })
    return shown


def bridging_section(graph: SocialGraph, groups: str, weight: str | None, *,
                     seed: Any = None, max_drawn: int = 2000, **options: Any) -> Section:
    """Ties that cross groups, the people who hold them, brokerage roles and a drawing."""
    ties = cross_group_ties(graph, groups, weight, missing="drop")
    cap = bridging_capital(graph, groups, weight, missing="drop")
    n_cross = len(ties)
    overview = pd.DataFrame({"value": [
        n_cross, n_cross / max(graph.n_edges, 1), int(ties["local_bridge"].sum()),
        int(ties["bridge"].sum()),
        float(ties.loc[ties["local_bridge"], "span"].replace(np.inf, np.nan).median())
        if ties["local_bridge"].any() else float("nan")]},
        index=pd.Index(["cross-group ties", "share of all ties", "of which local bridges",
                        "of which bridges", "median span of the local bridges"],
                       name="quantity"))
    isolated = ~graph.has_contacts.reindex(cap.index, fill_value=True)
    by_group = cap[~isolated.to_numpy()].groupby("group")[["cross_share",
                                                           "groups_reached"]].mean()
    by_group.insert(0, "people with contacts", cap[~isolated.to_numpy()].groupby(
        "group").size().reindex(by_group.index))
    k = int(isolated.sum())
    iso_text = (f"People without contacts ({k}) are in bridging_capital.csv with 0 "
                "cross-group ties and an undefined (empty) cross-group share; their "
                "brokerage is 0 and their constraint and effective size undefined. The means "
                "by group below leave them out. " if k else
                "Everyone has at least one contact. ")
    brk = brokerage(graph, groups, missing="drop")
    top = top_brokers(graph, groups, k=10, weight=weight, missing="drop")
    body = (note("A cross-group tie joins people of different groups; a local bridge is a tie "
                 "whose ends share no contact (Granovetter 1973), its span the distance "
                 "between them without it. Bridging capital: a person's share of ties that "
                 "cross groups. " + iso_text) + table_html(overview)
            + "<h3>Bridging capital by group (mean per person)</h3>" + table_html(by_group)
            + "<h3>Gould-Fernandez brokerage roles</h3>"
            + note(f"Observed counts against the expectations of R's sna ({brk.method}); "
                   + " ".join(brk.notes)) + table_html(brk.totals)
            + "<h3>Top brokers</h3>"
            + note("The ten people with most brokerage (all five roles); the full table, "
                   "with each role, is in top_brokers.csv.")
            + table_html(top[[c for c in ("group", "degree", "cross_ties", "cross_share",
                                         "brokerage", "constraint", "effective_size")
                              if c in top.columns]]))
    tables = {"cross_group_ties": ties, "bridging_capital": cap,
              "brokerage_totals": brk.totals, "top_brokers": top}
    if graph.n_nodes <= max_drawn:
        k_groups = len(group_codes(graph, groups, missing="drop").labels)
        ax = plot_network(graph, groups, seed=seed, missing="drop",
                          palette=OKABE_ITO if k_groups <= len(OKABE_ITO) else None)
        body += figure_html(ax, "The network coloured by group; ties that cross groups are "
                                "highlighted." + (f" People without contacts ({k}) are left out "
                                                  "of the drawing (a note on the figure says "
                                                  "how many)." if k else ""))
    return Section("Bridges and brokers", body, tables)
