"""The HTML report written by ``netmix analyze``: one self-contained page plus CSV tables.

The page embeds its figures as PNG data URIs and loads nothing from the network, so it can
be mailed or archived as one file. It is built from sections; each section is made by a
function of the public API (the report never computes anything itself).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .graph import SocialGraph
from .measures import mixing_matrix, nominal_assortativity
from .measures._groups import group_codes

__all__ = ["NETMIX_CITATION", "Report", "Section", "analyze", "build_ego_report",
           "build_report"]

NETMIX_CITATION = ("The netmix developers (2026). netmix: measuring social mixing in networks "
                   "(version {version}). Python package.")


@dataclass
class Section:
    """One part of the report: a heading, HTML body and the tables behind it (saved as CSV)."""

    title: str
    body: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class Report:
    """A report: sections plus the record of how it was made."""

    title: str
    sections: list[Section]
    meta: dict[str, Any]

    def to_html(self) -> str:
        """The whole page as one self-contained HTML string."""
        toc = "".join(f"<li><a href='#{_slug(s.title)}'>{html.escape(s.title)}</a></li>"
                      for s in self.sections)
        body = "".join(f"<section id='{_slug(s.title)}'><h2>{html.escape(s.title)}</h2>"
                       f"{s.body}</section>" for s in self.sections)
        meta = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in self.meta.items())
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>{html.escape(self.title)}</h1><nav><ol>{toc}</ol></nav></header>"
            f"<main>{body}</main><footer><h2>How this report was made</h2>"
            f"<table class='meta'>{meta}</table></footer></body></html>\n"
        )

    def save(self, out_dir: str | os.PathLike) -> dict[str, Path]:
        """Write ``report.html`` and one CSV per table into ``out_dir``; return the paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"report": out / "report.html"}
        paths["report"].write_text(self.to_html(), encoding="utf-8")
        for section in self.sections:
            for name, table in section.tables.items():
                path = out / f"{name}.csv"
                table.to_csv(path)
                paths[name] = path
        return paths


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#222;line-height:1.45}
h1{border-bottom:2px solid #2b6cb0;padding-bottom:.3rem}h2{color:#2b6cb0;margin-top:2rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem;display:block;overflow-x:auto;
max-width:100%}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
th,td{border:1px solid #ccd;padding:.25rem .6rem;text-align:right}
th{background:#eef2f8}td:first-child,th:first-child{text-align:left}
img{max-width:100%;height:auto}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
.note{font-size:.85rem;color:#555}table.meta td{text-align:left}
nav ol{columns:2;font-size:.9rem}
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def figure_html(ax: Any, caption: str, alt: str | None = None) -> str:
    """Render a matplotlib Axes' figure as an embedded PNG ``<figure>``."""
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(alt or caption)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def table_html(table: pd.DataFrame, *, floatfmt: str = "{:.4g}", index: bool = True) -> str:
    """A DataFrame as an HTML table with readable numbers."""
    return table.to_html(index=index, border=0, na_rep="–",
                         float_format=lambda v: floatfmt.format(v), escape=True)


def note(text: str) -> str:
    return f"<p class='note'>{html.escape(text)}</p>"


# ---------------------------------------------------------------------------- sections
def summary_section(graph: SocialGraph, groups: str, weight: str | None,
                    **options: Any) -> Section:
    """Size, density, groups and provenance of the graph."""
    codes = group_codes(graph, groups, missing="drop")
    n, m = graph.n_nodes, graph.n_edges
    pairs = n * (n - 1) if graph.directed else n * (n - 1) / 2
    rows = [("nodes", n), ("edges", m), ("directed", graph.directed),
            ("density", m / pairs if pairs else float("nan")),
            ("group attribute", codes.name or "groups"), ("groups", len(codes.labels)),
            ("nodes without a group", codes.n_missing)]
    if weight:
        rows.append((f"total {weight}", float(graph.edge_attr(weight).sum())))
    overview = pd.DataFrame(rows, columns=["quantity", "value"]).set_index("quantity")
    overview["value"] = [f"{v:.4g}" if isinstance(v, float) else str(v)
                         for v in overview["value"]]
    sizes = pd.DataFrame({"nodes": codes.sizes,
                          "share": codes.sizes / max(codes.sizes.sum(), 1)},
                         index=codes.labels.rename(codes.name or "group"))
    prov = "".join(
        f"<li><b>{html.escape(str(r.get('step')))}</b>: " + html.escape(
            ", ".join(f"{k}={v}" for k, v in r.items() if k != "step")) + "</li>"
        for r in graph.provenance)
    body = (table_html(overview) + "<h3>Group sizes</h3>" + table_html(sizes)
            + "<h3>Provenance</h3><ul>" + prov + "</ul>")
    return Section("Summary", body, {"summary": overview, "group_sizes": sizes})


def mixing_section(graph: SocialGraph, groups: str, weight: str | None,
                   **options: Any) -> Section:
    """Mixing-matrix heatmaps (ties, and weight when given) with the count tables."""
    from .plotting import plot_mixing_matrix

    body, tables = "", {}
    for w in [None, weight] if weight else [None]:
        matrix = mixing_matrix(graph, groups, w, missing="drop")
        what = f"total {w}" if w else "ties"
        ax = plot_mixing_matrix(matrix, normalize="row", title=f"Mixing by {matrix.row_attr}: "
                                f"{what}, row shares")
        body += figure_html(ax, f"Share of each group's {what} that go to each group "
                                "(rows sum to 1).")
        name = f"mixing_matrix_{w}" if w else "mixing_matrix"
        tables[name] = matrix.to_frame()
        body += f"<details><summary>{what} (table)</summary>" + table_html(
            matrix.to_frame()) + "</details>"
    conv = ("Directed: rows are senders. " if graph.directed else
            "Undirected: each edge is counted in both directions, so the matrix is symmetric. ")
    return Section("Mixing matrix", note(conv) + body, tables)


def assortativity_section(graph: SocialGraph, groups: str, weight: str | None,
                          **options: Any) -> Section:
    """Newman's nominal assortativity, unweighted and weighted."""
    rows = [{"index": "nominal assortativity (Newman 2003, eq. 2)", "weight": "none",
             "value": nominal_assortativity(graph, groups, missing="drop")}]
    if weight:
        rows.append({"index": "nominal assortativity (Newman 2003, eq. 2)", "weight": weight,
                     "value": nominal_assortativity(graph, groups, weight, missing="drop")})
    table = pd.DataFrame(rows).set_index("index")
    text = ("r = 1 when every tie joins people of the same group, 0 when ties are as mixed as "
            "random mixing with the observed group totals, and negative when ties favour "
            "other groups.")
    return Section("Assortativity", note(text) + table_html(table), {"assortativity": table})


def indices_section(graph: SocialGraph, groups: str, weight: str | None, *,
                    seed: Any = None, n_resamples: int = 999, **options: Any) -> Section:
    """Every segregation index with its permutation p-value and bootstrap interval, and the
    null distribution of assortativity."""
    from .inference import permutation_test
    from .measures import segregation_table
    from .plotting import plot_null_distribution

    table = segregation_table(graph, groups, weight, n_resamples=n_resamples, seed=seed,
                              missing="drop")
    test = permutation_test("nominal_assortativity", graph, groups, weight=weight,
                            n_resamples=n_resamples, seed=seed, missing="drop",
                            progress=False)
    ax = plot_null_distribution(test, title="Assortativity against label permutations")
    text = (f"p-values: two-sided label-permutation tests ({n_resamples} shuffles of the "
            "group labels over the people, network fixed); null mean: the value expected "
            "under that random mixing. Intervals: node bootstrap (Snijders & Borgatti 1999), "
            f"percentile, 95 %. Weighted by {weight or 'nothing'} where the index allows; "
            "tie-based indices (odds ratio, segregation matrix index, spectral) use tie "
            f"counts. Seed {seed}.")
    shown = table.drop(columns=["reference"]).assign(
        group=table["group"].astype(object).where(table["group"].notna(), "all"))
    body = (note(text) + table_html(shown, index=False)
            + figure_html(ax, f"Nominal assortativity (red line: observed r = "
                              f"{test.statistic:.3f}) against its null distribution; "
                              f"p = {test.pvalue:.3g}."))
    return Section("Segregation and homophily indices", body, {"indices": table})


def communities_section(graph: SocialGraph, groups: str, weight: str | None, *,
                        seed: Any = None, n_resamples: int = 999, **options: Any) -> Section:
    """Leiden communities compared with the groups."""
    from .communities import community_report

    rep = community_report(graph, groups, weight=weight, seed=seed, missing="drop",
                           n_resamples=n_resamples)
    tables = {f"communities_{k}": v for k, v in rep.tables().items()}
    align = rep.tables()["alignment"]
    text = ("Communities: modularity-Leiden (igraph), best of several seeded runs. Do the "
            "communities people form follow the group lines? NMI and adjusted Rand index "
            "near 1 mean they do; the p-value compares NMI with label permutations.")
    body = (note(text) + table_html(align) + figure_html(
        rep.plot_groups(), "People of each community by group (row shares).")
        + "<h3>Communities</h3>" + table_html(rep.tables()["communities"]))
    return Section("Communities and groups", body, tables)


def bridging_section(graph: SocialGraph, groups: str, weight: str | None, *,
                     seed: Any = None, max_drawn: int = 2000, **options: Any) -> Section:
    """Ties that cross groups, the people who hold them, brokerage roles and a drawing."""
    from .bridging import bridging_capital, brokerage, cross_group_ties, top_brokers
    from .plotting import plot_network

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
    by_group = cap.groupby("group")[["cross_share", "groups_reached"]].mean()
    brk = brokerage(graph, groups, missing="drop")
    top = top_brokers(graph, groups, k=10, weight=weight, missing="drop")
    body = (note("A cross-group tie joins people of different groups; a local bridge is a tie "
                 "whose ends share no contact (Granovetter 1973), its span the distance "
                 "between them without it. Bridging capital: a person's share of ties that "
                 "cross groups.") + table_html(overview)
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
        ax = plot_network(graph, groups, seed=seed, missing="drop")
        body += figure_html(ax, "The network coloured by group; ties that cross groups are "
                                "highlighted.")
    return Section("Bridges and brokers", body, tables)


def outcome_section(graph: SocialGraph, groups: str, weight: str | None, *,
                    outcome: str | None = None, seed: Any = None, n_resamples: int = 999,
                    **options: Any) -> Section:
    """Does mixing predict the outcome (e.g. trust)? One model per mixing measure."""
    from .models import outcome_report

    rep = outcome_report(graph, outcome, groups, weight=weight, seed=seed,
                         n_resamples=min(n_resamples, 199))
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in rep.notes)
    body = (note(f"Each row: {outcome} regressed on one person-level mixing measure "
                 "(standardised: the effect of one standard deviation), with statsmodels; "
                 "the permutation p-value shuffles the outcome across people and refits, "
                 "for observations linked by the network.")
            + table_html(rep.table, index=False)
            + figure_html(rep.figure, f"Estimated effect of each mixing measure on {outcome} "
                                      "per standard deviation, with 95% intervals.")
            + f"<ul class='note'>{notes}</ul>")
    return Section(f"Mixing and {outcome}", body, {"outcome_models": rep.table})


#: Section builders, in page order. Later modules append theirs.
SECTIONS: list[Callable[..., Section]] = [summary_section, mixing_section,
                                          assortativity_section, indices_section,
                                          bridging_section, communities_section]


def citations_section(graph: SocialGraph) -> Section:
    """The citation of the data (from the graph's provenance) and of netmix."""
    from . import __version__

    cites = [r["citation"] for r in graph.provenance if r.get("citation")]
    items = "".join(f"<li>{html.escape(c)}</li>" for c in cites)
    body = (("<h3>Data</h3><ul>" + items + "</ul>") if items else "") + \
        "<h3>Software</h3><ul><li>" + html.escape(NETMIX_CITATION.format(version=__version__)) \
        + "</li></ul>"
    return Section("Citation", body)


def build_report(
    graph: SocialGraph,
    groups: str,
    *,
    weight: str | None = None,
    title: str | None = None,
    command: Sequence[str] | str | None = None,
    sections: Sequence[Callable[..., Section]] | None = None,
    seed: Any = 2013,
    n_resamples: int = 999,
    outcome: str | None = None,
) -> Report:
    """Build the report for ``graph`` and the node attribute ``groups``.

    Parameters
    ----------
    graph : SocialGraph
    groups : str
        Node attribute to analyse; nodes without a value are left out of the mixing
        statistics and counted in the summary.
    weight : str, optional
        Edge attribute for the weighted statistics (e.g. ``"duration"``).
    title : str, optional
    command : str or sequence of str, optional
        The command that produced the report (recorded on the page).
    sections : sequence of callables, optional
        Section builders ``f(graph, groups, weight, **options) -> Section`` (default
        :data:`SECTIONS`).
    seed : optional, default 2013
        Seed of every random procedure in the report (recorded on the page).
    n_resamples : int, default 999
        Permutations and bootstrap samples per test.
    outcome : str, optional
        A node attribute such as trust: adds regressions of it on the mixing measures.
    """
    from . import __version__

    options = {"seed": seed, "n_resamples": n_resamples}
    makers = list(sections or SECTIONS)
    if outcome is not None:
        makers.append(outcome_section)
        options["outcome"] = outcome
    built = [make(graph, groups, weight, **options) for make in makers]
    built.append(citations_section(graph))
    if command is None:
        command = " ".join(sys.argv)
    elif not isinstance(command, str):
        command = " ".join(command)
    meta = {"command": command, "netmix version": __version__,
            "created": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "python": sys.version.split()[0], "numpy": np.__version__,
            "pandas": pd.__version__, "seed": seed, "resamples": n_resamples}
    return Report(title or f"netmix report: mixing by {groups}", built, meta)


def build_ego_report(
    data: Any,
    *,
    area: str | None = None,
    weight: str | None = None,
    title: str | None = None,
    command: Sequence[str] | str | None = None,
    seed: Any = 2013,
    n_resamples: int = 999,
) -> Report:
    """The report for ego-centric survey data (:class:`netmix.ego.EgoData`): composition of
    the personal networks and, with an area table, actual versus expected mixing.

    Parameters
    ----------
    data : netmix.ego.EgoData
    area : str, optional
        Ego column naming each respondent's area (needed for actual versus expected).
    weight : str, optional
        Alter column weighting the contacts (duration or frequency).
    """
    from . import __version__
    from .ego import ego_report_section

    summary = Section("Survey", "<pre>" + html.escape(data.summary()) + "</pre>")
    section = ego_report_section(data, area=area, weight=weight, seed=seed,
                                 n_resamples=n_resamples)
    command = " ".join(sys.argv) if command is None else (
        command if isinstance(command, str) else " ".join(command))
    meta = {"command": command, "netmix version": __version__,
            "created": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "python": sys.version.split()[0], "seed": seed, "resamples": n_resamples}
    cite = Section("Citation", "<ul><li>" + html.escape(
        NETMIX_CITATION.format(version=__version__)) + "</li></ul>")
    return Report(title or f"netmix report: who meets whom, by {data.group}",
                  [summary, section, cite], meta)


def analyze(graph: SocialGraph, groups: str, out_dir: str | os.PathLike, **options: Any
            ) -> dict[str, Path]:
    """Build the report and save it with its CSV tables in ``out_dir``; return the paths.

    Examples
    --------
    >>> import tempfile, netmix
    >>> paths = analyze(netmix.datasets.load_example(), "department", tempfile.mkdtemp(),
    ...                 weight="duration", command="doctest", n_resamples=19)
    >>> paths["report"].name, "indices" in paths, "mixing_matrix" in paths
    ('report.html', True, True)
    """
    return build_report(graph, groups, **options).save(out_dir)
