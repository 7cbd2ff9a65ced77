"""The report's opening section: who mixes with whom, in plain words and numbers.

For each group: its share of contact with its own group, the share random mixing would give,
their ratio (actual over expected, the British Integration Survey's measure, here for network
data: :func:`netmix.ego.from_graph` makes every person an ego and the network its
population) and the integration ratio (out-group contact over what random mixing offers),
each with a bootstrap interval over people. Groups smaller than :data:`MIN_GROUP_SIZE` are
flagged, and so are intervals whose resamples all gave one value.
"""

from __future__ import annotations

import html
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._format import pvalue_phrase
from .._validation import (
    check_choice,
    check_level,
    check_positive,
    check_resamples_for_level,
    describe,
    fresh_seed,
)
from ..ego import from_graph, ingroup_overrepresentation, integration_ratio, ratio_matrix
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph
from ..plotting import plot_ratio_matrix
from ._page import Section, figure_html, fmt_num, fmt_p, fmt_pct, table_html

__all__ = ["MIN_GROUP_SIZE", "mixing_summary", "overview_section"]

#: Groups with fewer people than this are flagged ("small group"): a bootstrap over fewer
#: than about ten people gives intervals that are too narrow and unstable, and one person's
#: contacts decide the group's numbers.
MIN_GROUP_SIZE = 10


def mixing_summary(graph: Any, groups: Any, weight: str | None = None, *,
                   n_resamples: int = 999, confidence_level: float = 0.95, seed: Any = None,
                   min_group_size: int = MIN_GROUP_SIZE, mode: str = "out",
                   missing: str = "drop") -> pd.DataFrame:
    """Who mixes with whom, by group: own-group share, actual versus expected, integration.

    Every person is an ego and their contacts their alters (:func:`netmix.ego.from_graph`);
    the expected mixing is that of contacts drawn at random from the other people in the
    network (:math:`P_g = (N_g - 1) / (N - 1)` for one's own group). Then

    .. math::

        \\text{own share}_g = \\frac{\\sum_{i \\in g} V_{i g}}{\\sum_{i \\in g} v_i}, \\quad
        R^{in}_g = \\frac{\\sum_{i \\in g} V_{i g}}{\\sum_{i \\in g} v_i P_g}, \\quad
        R^{out}_g = \\frac{\\sum_{i \\in g} (v_i - V_{i g})}{\\sum_{i \\in g} v_i (1 - P_g)}

    (:func:`netmix.ego.ingroup_overrepresentation` and :func:`netmix.ego.integration_ratio`,
    ratio of sums, percentile bootstrap over people).

    Parameters
    ----------
    graph : SocialGraph (or networkx / igraph graph)
    groups : str, array_like, Series or mapping
    weight : str, optional
        Edge attribute measuring contact (e.g. ``"duration"``); None counts ties.
    n_resamples : int, default 999
        Bootstrap resamples of people.
    confidence_level : float, default 0.95
    seed : optional
        None draws one, recorded in ``attrs["seed"]``.
    min_group_size : int, default :data:`MIN_GROUP_SIZE`
        Groups with fewer people are flagged in ``small_group``.
    mode : {"out", "in", "all"}, default "out"
        Directed data: whose contacts count as a person's (see
        :func:`netmix.ego.from_graph`).
    missing : {"drop", "raise"}, default "drop"

    Returns
    -------
    pandas.DataFrame
        One row a group: ``people``, ``people_with_contacts``, ``contact``,
        ``own_share``, ``expected_share``, ``ratio``, ``ci_low``, ``ci_high``, ``pvalue``
        (H0: ratio 1), ``integration_ratio``, ``integration_ci_low``,
        ``integration_ci_high``, ``small_group``, ``degenerate_interval`` (the resamples
        gave one value: the interval says nothing). ``attrs``: the overall values
        (``own_share``, ``expected_share``, ``integration_ratio`` with its interval),
        ``seed``, ``n_resamples``, ``confidence_level``, ``min_group_size``.

    Notes
    -----
    The Challenge (2016). The British Integration Survey; Social Integration Commission
    (2014). How integrated is modern Britain? Validated against hand computations
    (tests/report/test_summary.py).

    Examples
    --------
    >>> import netmix
    >>> from netmix.report import mixing_summary
    >>> t = mixing_summary(netmix.datasets.load_example(), "department", "duration",
    ...                    n_resamples=99, seed=1)
    >>> bool((t["ratio"] > 1).all())  # every department keeps to itself more than chance
    True
    """
    graph = as_social_graph(graph)
    check_choice("missing", missing, ("raise", "drop"))
    check_positive("min_group_size", min_group_size, integer=True)
    check_positive("n_resamples", n_resamples, integer=True)
    check_resamples_for_level(n_resamples, check_level(confidence_level),
                              alternative="a lower confidence_level")
    if weight is not None and weight not in graph.edge_attributes:
        raise InputError(f"weight must name an edge attribute of the graph or be None (count "
                         f"ties); got {describe(weight)}; the edge attributes are: "
                         + (", ".join(map(repr, graph.edge_attributes)) or "none") + ".")
    seed = fresh_seed(seed)
    data = from_graph(graph, groups, mode=mode, missing=missing)
    options = {"weight": weight, "n_resamples": n_resamples, "seed": seed,
               "confidence_level": confidence_level}
    inn = ingroup_overrepresentation(data, **options)
    out = integration_ratio(data, **options)
    t_in, t_out = inn.table, out.table.reindex(inn.table.index)
    total = t_in["observed"] + t_out["observed"]
    people = pd.Series(np.bincount(data.ego_codes[data.ego_codes >= 0],
                                   minlength=len(data.labels)), index=data.labels)
    alters = data.alters_per_ego()
    with_contacts = pd.Series(np.bincount(data.ego_codes[(data.ego_codes >= 0) & (alters > 0)],
                                          minlength=len(data.labels)), index=data.labels)
    table = pd.DataFrame({
        "people": people.reindex(t_in.index).to_numpy(),
        "people_with_contacts": with_contacts.reindex(t_in.index).to_numpy(),
        "contact": total.to_numpy(),
        "own_share": (t_in["observed"] / total).to_numpy(),
        "expected_share": (t_in["expected"] / total).to_numpy(),
        "ratio": t_in["ratio"].to_numpy(), "ci_low": t_in["ci_low"].to_numpy(),
        "ci_high": t_in["ci_high"].to_numpy(), "pvalue": t_in["pvalue"].to_numpy(),
        "integration_ratio": t_out["ratio"].to_numpy(),
        "integration_ci_low": t_out["ci_low"].to_numpy(),
        "integration_ci_high": t_out["ci_high"].to_numpy()},
        index=t_in.index.rename(data.group))
    table["small_group"] = table["people"] < min_group_size
    table["degenerate_interval"] = (_degenerate(table, "ci_low", "ci_high")
                                    | _degenerate(table, "integration_ci_low",
                                                  "integration_ci_high"))
    overall = inn.observed + out.observed
    table.attrs.update(
        own_share=inn.observed / overall if overall else np.nan,
        expected_share=inn.expected / overall if overall else np.nan,
        integration_ratio=out.statistic, integration_ci=tuple(out.confidence_interval),
        integration_pvalue=out.pvalue, seed=seed, n_resamples=n_resamples,
        confidence_level=confidence_level, min_group_size=min_group_size,
        weight=weight, directed=graph.directed, mode=mode if graph.directed else "all")
    return table


def _degenerate(table: pd.DataFrame, low: str, high: str) -> pd.Series:
    lo, hi = table[low].to_numpy(float), table[high].to_numpy(float)
    return pd.Series(~(np.isfinite(lo) & np.isfinite(hi)) | (lo == hi), index=table.index)


def _what(weight: str | None) -> str:
    if weight is None:
        return "contacts"
    return "contact time" if "duration" in str(weight).lower() else f"contact ({weight})"


def _interval(low: float, high: float, level: float) -> str:
    return f"{level:.0%} CI {fmt_num(low)} to {fmt_num(high)}"


def _group_sentence(label: Any, row: pd.Series, attr: str, what: str, level: float) -> str:
    name = html.escape(str(label))
    text = (f"People in <b>{name}</b> spend {fmt_pct(row['own_share'])} of their "
            f"{html.escape(what)} "
            f"with their own {html.escape(attr)}")
    ratio = row["ratio"]
    if np.isfinite(ratio):
        times = (f"{fmt_num(ratio, 2)} times" if ratio >= 1 else
                 f"{fmt_pct(ratio)} of")
        text += (f", {times} what random mixing would give ({fmt_pct(row['expected_share'])}"
                 f"; {_interval(row['ci_low'], row['ci_high'], level)})")
    else:
        text += " (random mixing would give none: no one else in the group)"
    cautions = []
    if row["small_group"]:
        cautions.append(f"only {int(row['people'])} "
                        + ("person" if row["people"] == 1 else "people"))
    if row["degenerate_interval"] and np.isfinite(ratio):
        cautions.append("interval degenerate: every resample gave one value")
    if cautions:
        text += " <span class='caution'>(caution: " + "; ".join(cautions) + ")</span>"
    return text + "."


def overview_section(graph: SocialGraph, groups: str, weight: str | None, *,
                     seed: Any = None, n_resamples: int = 999, **options: Any) -> Section:
    """Summary in plain words: who mixes with whom, the tests, the caveats."""
    from ..inference import segregation_table

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateMixingWarning)
        table = mixing_summary(graph, groups, weight, n_resamples=n_resamples, seed=seed)
        assort = segregation_table(graph, groups, weight, indices=["nominal_assortativity"],
                                   n_resamples=n_resamples, seed=seed, missing="drop",
                                   progress=False).iloc[0]
    for w in caught:  # anything but the degenerate groups flagged below
        if not issubclass(w.category, DegenerateMixingWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    attr = str(table.index.name or "group")
    what, level = _what(weight), table.attrs["confidence_level"]
    a = table.attrs
    lead = (f"<p>Of all {html.escape(what)} in this network, {fmt_pct(a['own_share'])} is "
            f"between people of the same {html.escape(attr)}; random mixing (contacts drawn "
            f"at random from everyone else) would give {fmt_pct(a['expected_share'])}. "
            f"People take up <b>{fmt_pct(a['integration_ratio'])}</b> of the opportunities "
            f"to mix with other groups (integration ratio "
            f"{fmt_num(a['integration_ratio'], 2)}, {_interval(*a['integration_ci'], level)}; "
            "100 % would be random mixing).</p>")
    sentences = "".join(f"<li>{_group_sentence(label, row, attr, what, level)}</li>"
                        for label, row in table.iterrows())
    r = assort["statistic"]
    tests = (f"<p><b>What the tests say.</b> Nominal assortativity r = {fmt_num(r, 2)} "
             f"({_interval(assort['ci_low'], assort['ci_high'], level)}; 0 is random mixing, "
             f"1 is contact only within groups); label-permutation test "
             f"{pvalue_phrase(assort['pvalue'], n_resamples)}: "
             f"{_verdict(assort['pvalue'], r, n_resamples)} Each group's ratio has its own "
             "test (table below).</p>")
    caveats = _caveats(graph, table, groups)
    shown = _shown_table(table, what, level)
    fig = ""
    data = from_graph(graph, groups, mode=a["mode"] if graph.directed else "out",
                      missing="drop")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)  # NaN cells: drawn as such
        ratios = ratio_matrix(data, weight=weight)
    ratios = ratios.rename_axis(index=attr, columns=f"contact's {attr}")
    if ratios.shape[0] <= 40:
        ax = plot_ratio_matrix(ratios, title=f"{what.capitalize()}: actual / expected")
        fig = figure_html(ax, "Actual over expected contact between groups (1: as random "
                              "mixing; red: more, blue: less; hatched cells, read 0: no "
                              "contact at all).", alt=_alt(ratios))
    body = (lead + f"<ul class='groups'>{sentences}</ul>" + tests + caveats + fig
            + "<h3>By group</h3>" + table_html(shown, caption=(
                f"Own-group share of {what}, actual versus expected, with "
                f"{level:.0%} bootstrap intervals over people")))
    return Section("Summary", body, {"summary_by_group": table,
                                     "ratio_matrix": ratios})


def _verdict(p: float, r: float, n_resamples: int) -> str:
    if not np.isfinite(p):
        return "no test was possible."
    floor = p * (n_resamples + 1) <= 2 * (1 + 1e-9)  # as extreme as the test can show
    if p < 0.05 or floor:
        text = ("contact is more concentrated within groups than random mixing would make "
                "it." if r > 0 else "contact favours other groups more than random mixing "
                                   "would.")
        if floor and p >= 0.05:
            text += (f" (No permutation was as extreme, but {n_resamples} permutations "
                     "cannot show a p below 0.05: run more for a conclusive test.)")
        return text
    return "the data are compatible with random mixing between groups."


def _caveats(graph: SocialGraph, table: pd.DataFrame, groups: Any) -> str:
    items = []
    small = table.index[table["small_group"]]
    if len(small):
        names = ", ".join(f"{html.escape(str(g))} ({int(table.loc[g, 'people'])})"
                          for g in small)
        items.append(f"Small groups (fewer than {table.attrs['min_group_size']} people): "
                     f"{names}. Their numbers rest on a few people; read them with care.")
    degenerate = table.index[table["degenerate_interval"]]
    if len(degenerate):
        items.append("Intervals marked degenerate (" + ", ".join(
            html.escape(str(g)) for g in degenerate) + "): every resample gave the same "
            "value, so the interval does not measure uncertainty.")
    k = graph.n_isolates
    if k:
        items.append(f"{k} of {graph.n_nodes} people have no contact at all. They count in "
                     "the group sizes and in the random-mixing baseline, not in the shares.")
    missing = graph.n_nodes - int(table["people"].sum())
    if missing > 0:
        items.append(f"{missing} people have no known group and are left out.")
    if graph.directed:
        items.append("The network is directed: a person's contacts are the people they "
                     "name; indices defined only for undirected data are left out below.")
    if not items:
        return ""
    return ("<p><b>Caveats.</b></p><ul class='caveats'>"
            + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


def _shown_table(table: pd.DataFrame, what: str, level: float) -> pd.DataFrame:
    def with_ci(value: float, low: float, high: float, bad: bool) -> str:
        if not np.isfinite(value):
            return "–"
        if not (np.isfinite(low) and np.isfinite(high)):
            return fmt_num(value)
        return (f"{fmt_num(value)} ({fmt_num(low)} to {fmt_num(high)})"
                + (" degenerate" if bad else ""))

    bad = table["degenerate_interval"]
    rows = {
        "people": table["people"].astype(int),
        "with contacts": table["people_with_contacts"].astype(int),
        "own-group share": table["own_share"].map(fmt_pct),
        "random mixing": table["expected_share"].map(fmt_pct),
        f"actual / expected ({level:.0%} CI)": [with_ci(*v) for v in zip(
            table["ratio"], table["ci_low"], table["ci_high"], bad, strict=True)],
        "p": table["pvalue"].map(fmt_p),
        f"integration ratio ({level:.0%} CI)": [with_ci(*v) for v in zip(
            table["integration_ratio"], table["integration_ci_low"],
            table["integration_ci_high"], bad, strict=True)],
        "caution": ["small group" if s else "" for s in table["small_group"]],
    }
    return pd.DataFrame(rows, index=table.index)


def _alt(ratios: pd.DataFrame) -> str:
    """Alt text of the ratio heat map: the diagonal and the strongest cells in words."""
    values = ratios.to_numpy(float)
    diag = [f"{r}: {fmt_num(values[i, i], 2)}" for i, r in enumerate(ratios.index)
            if i < values.shape[1]]
    zero = int(np.sum(values == 0))
    return ("Heat map of actual over expected contact between groups; rows: "
            f"{ratios.index.name or 'group'}, columns: {ratios.columns.name or 'group'}. "
            "Own-group ratios: " + "; ".join(diag[:12]) + ("; …" if len(diag) > 12 else "")
            + f". Cells with no contact: {zero}.")
