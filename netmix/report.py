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
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import NetmixError
from .graph import SocialGraph
from .measures import mixing_matrix, nominal_assortativity
from .measures._groups import group_codes

__all__ = ["MARKER", "NETMIX_CITATION", "Report", "Section", "analyze", "build_ego_report",
           "build_report", "check_out_dir", "safe_filename"]

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

    def save(self, out_dir: str | os.PathLike, *, overwrite: bool = False) -> dict[str, Path]:
        """Write ``report.html`` and one CSV per table into ``out_dir``; return the paths.

        The folder is made if needed. A folder that holds files netmix did not write (no
        netmix record of them, see :func:`check_out_dir`) is refused unless ``overwrite``.
        File names are made from the table names with :func:`safe_filename` (never a path
        from user text); the returned dict maps each table name to its file.
        """
        out = Path(out_dir)
        previous = check_out_dir(out, overwrite=overwrite)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"report": out / "report.html"}
        paths["report"].write_text(self.to_html(), encoding="utf-8")
        used = {"report.html", MARKER}
        for section in self.sections:
            for name, table in section.tables.items():
                path = out / _unique(safe_filename(name, suffix=".csv"), used)
                table.to_csv(path)
                paths[name] = path
        for stale in previous - used:  # tables of an earlier report no longer made
            (out / stale).unlink(missing_ok=True)
        (out / MARKER).write_text(json.dumps(
            {"written_by": "netmix", "files": sorted(used - {MARKER})}, indent=1) + "\n",
            encoding="utf-8")
        return paths


#: The file in each output folder that lists what netmix wrote there.
MARKER = ".netmix-report.json"


def safe_filename(name: Any, *, suffix: str = "") -> str:
    """A file name made from user text: ASCII letters, digits, ``_``, ``-`` and inner dots
    only, at most 100 characters; never a path, never hidden, never empty.

    Examples
    --------
    >>> safe_filename("mixing_matrix_a/b", suffix=".csv")
    'mixing_matrix_a_b.csv'
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    """
    text = re.sub(r"(?:[^A-Za-z0-9._-]|\.{2,})+", "_", str(name))
    text = text.strip("._-")[:100].rstrip("._-")
    return (text or "table") + suffix


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    candidate, k = name, 2
    while candidate.lower() in {u.lower() for u in used}:
        candidate = f"{stem}-{k}{dot}{ext}"
        k += 1
    used.add(candidate)
    return candidate


def check_out_dir(out_dir: str | os.PathLike, *, overwrite: bool = False,
                  argument: str = "out_dir") -> set[str]:
    """Check that a report may be written into ``out_dir``; return the files netmix wrote
    there before (from its record, :data:`MARKER`).

    Allowed: a folder that does not exist yet, an empty folder, or one holding only what an
    earlier netmix report wrote. Refused (a :class:`~netmix.NetmixError` saying why): a
    file, or a folder holding other files, unless ``overwrite=True`` (then files of the
    same names are replaced; other files are left alone).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NetmixError(f"{argument} must be a folder for the report; got {str(out)!r}, "
                          "which is an existing file. Choose a new folder name (netmix never "
                          "replaces a file with a folder).")
    if not out.exists():
        return set()
    written: set[str] = set()
    marker = out / MARKER
    if marker.is_file():
        try:
            record = json.loads(marker.read_text(encoding="utf-8"))
            written = {str(f) for f in record.get("files", [])}
        except (ValueError, OSError, AttributeError):
            written = set()
    others = sorted(p.name for p in out.iterdir() if p.name != MARKER and p.name not in written)
    if others and not overwrite:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5
                                         else "")
        raise NetmixError(
            f"{argument} must be a new or empty folder, or one netmix wrote; got "
            f"{str(out)!r}, which holds files netmix did not write ({shown}). Choose another "
            "folder, or allow replacing files of the same names with --overwrite "
            "(overwrite=True).")
    return {w for w in written if (out / w).is_file() and safe_filename(w) == w}


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
    with warnings.catch_warnings():
        # Long labels (a user's group names) can leave constrained layout no room; the
        # figure is still drawn, and saying so in the middle of a report helps nobody.
        warnings.filterwarnings("ignore", message="constrained_layout not applied",
                                category=UserWarning)
        ax.figure.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(alt or caption)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def table_html(table: pd.DataFrame, *, floatfmt: str = "{:.4g}", index: bool = True) -> str:
    """A DataFrame as an HTML table with readable numbers."""
    return table.to_html(index=index, border=0, na_rep="–",
                         float_format=lambda v: floatfmt.format(v), escape=True)


def note(text: str) -> str:
    """A paragraph of small print, the text escaped."""
    return f"<p class='note'>{html.escape(text)}</p>"


def isolates_note(graph: SocialGraph) -> str:
    """The sentence of the summary about people without contacts."""
    k = graph.n_isolates
    if not k:
        return "Everyone in the graph has at least one contact (no isolates)."
    return (f"People without contacts (isolates): {k} of {graph.n_nodes}. They stay in the "
            "graph: they count in the group sizes, the number of nodes and the density, and "
            "they add nothing to the mixing matrix and the tie-based indices, which count "
            "ties. The sections on communities and bridges say how they treat them.")


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
            ("nodes without a group", codes.n_missing),
            ("people without contacts (isolates)", graph.n_isolates)]
    if weight:
        rows.append((f"total {weight}", float(np.sum(graph.edge_attr(weight), dtype=np.float64))))
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
    body = (table_html(overview) + note(isolates_note(graph))
            + "<h3>Group sizes</h3>" + table_html(sizes)
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
    from .inference import permutation_test, segregation_table
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
    body = (note(text) + note(_community_isolates(graph, groups, rep)) + table_html(align)
            + figure_html(
        rep.plot_groups(), "People of each community by group (row shares).")
        + "<h3>Communities</h3>" + table_html(rep.tables()["communities"]))
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
        ax = plot_network(graph, groups, seed=seed, missing="drop")
        body += figure_html(ax, "The network coloured by group; ties that cross groups are "
                                "highlighted." + (f" People without contacts ({k}) are left out "
                                                  "of the drawing (a note on the figure says "
                                                  "how many)." if k else ""))
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
    _check_groups(graph, groups)
    with _literal_text():
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


def _check_groups(graph: SocialGraph, groups: str) -> None:
    """Refuse, before any analysis, a graph without ties or a group attribute with no value
    at all."""
    if graph.n_edges == 0:
        raise NetmixError(
            f"graph must have at least one tie to measure mixing; got {graph.n_nodes} people "
            "and no tie. Check the input (with a time window: --start/--end or "
            "window(start, end) may have kept no contact record; with --min-duration: every "
            "tie may be shorter).")
    if graph.has_node_attr(groups) and graph.node_attr(groups).isna().all():
        raise NetmixError(
            f"groups must name a node attribute with at least one known value; got "
            f"{str(groups)!r}, which is missing for all {graph.n_nodes} people, so there is "
            "nothing to compare. Check that it is the intended column and that its values "
            "are not read as missing (na_values / --na-values), or choose another with "
            "--groups.")
    group_codes(graph, groups, missing="drop")  # an unknown column: its own message


class _literal_text:
    """Within: matplotlib shows every label as written (``$`` starts no mathtext), so that
    a user's name or label can neither break nor restyle a figure."""

    def __enter__(self) -> None:
        import matplotlib

        self._context = matplotlib.rc_context({"text.parse_math": False})
        self._context.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._context.__exit__(*exc)


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
    with _literal_text():
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


def analyze(graph: SocialGraph, groups: str, out_dir: str | os.PathLike, *,
            overwrite: bool = False, **options: Any) -> dict[str, Path]:
    """Build the report and save it with its CSV tables in ``out_dir``; return the paths.

    ``out_dir`` is checked before any analysis (:func:`check_out_dir`): a file, or a folder
    holding files netmix did not write, is refused unless ``overwrite=True``. The other
    options are those of :func:`build_report`.

    Examples
    --------
    >>> import tempfile, netmix
    >>> paths = analyze(netmix.datasets.load_example(), "department", tempfile.mkdtemp(),
    ...                 weight="duration", command="doctest", n_resamples=39)
    >>> paths["report"].name, "indices" in paths, "mixing_matrix" in paths
    ('report.html', True, True)
    """
    check_out_dir(out_dir, overwrite=overwrite)
    return build_report(graph, groups, **options).save(out_dir, overwrite=overwrite)
