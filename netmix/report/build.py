"""The network and ego-centric reports: :func:`build_report`, :func:`build_ego_report` and
:func:`analyze`, which writes the page and its tables (``netmix analyze``)."""

from __future__ import annotations

import datetime as _dt
import html
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .._validation import fresh_seed
from ..core import group_codes
from ..exceptions import InputTypeError, NetmixError
from ..graph import SocialGraph, as_social_graph
from ._page import Report, Section, check_out_dir, literal_text, note
from ._progress import Steps, check_progress
from .communities import communities_section
from .ego import ego_details_section, ego_report_tables, ego_summary_section
from .models import outcome_section
from .network import (
    assortativity_section,
    bridging_section,
    indices_section,
    mixing_section,
    summary_section,
)
from .summary import overview_section
from .temporal import default_window, has_times, time_section

__all__ = ["NETMIX_CITATION", "SECTIONS", "STEP_TEXT", "analyze", "build_ego_report",
           "build_report"]

NETMIX_CITATION = ("The netmix developers (2026). netmix: measuring social mixing in networks "
                   "(version {version}). Python package.")


#: Section builders, in page order (:func:`build_report` adds the outcome models when asked
#: and always ends with how to cite): the summary in plain words first, the technical
#: material after it.
SECTIONS: list[Callable[..., Section]] = [overview_section, summary_section, mixing_section,
                                          assortativity_section, indices_section,
                                          bridging_section, communities_section]

#: What each step of the report does, as the progress line says it.
STEP_TEXT = {
    "overview_section": "summary: shares and actual versus expected mixing by group "
                        "(bootstrap over people)",
    "summary_section": "the data: size, groups, provenance",
    "mixing_section": "mixing matrices",
    "assortativity_section": "assortativity",
    "indices_section": "segregation indices: permutation tests and bootstrap intervals "
                       "(the longest step)",
    "bridging_section": "bridges and brokers",
    "communities_section": "communities (Leiden, several seeds) against the groups",
    "outcome_section": "outcome models",
    "time_section_step": "mixing over time: each window, the profile over the day",
}


def citations_section(graph: Any) -> Section:
    """How to cite netmix and the data (:func:`netmix.cite`, from the graph's provenance),
    as text and BibTeX."""
    from .. import cite

    text = "".join(f"<p>{html.escape(part)}</p>" for part in cite(graph).split("\n\n"))
    bibtex = html.escape(cite(graph, style="bibtex"))
    body = (text + note("Cite also the papers of the indices you report (named beside each "
                        "index in the tables).")
            + f"<details><summary>BibTeX</summary><pre>{bibtex}</pre></details>")
    return Section("Citing", body)


def build_report(
    graph: SocialGraph,
    groups: str,
    *,
    weight: str | None = None,
    title: str | None = None,
    command: Sequence[str] | str | None = None,
    sections: Sequence[Callable[..., Section]] | None = None,
    seed: Any = None,
    n_resamples: int = 999,
    outcome: str | None = None,
    progress: Any = None,
    contacts: Any = None,
    window: str | None = None,
) -> Report:
    """Build the report for ``graph`` and the node attribute ``groups``.

    Parameters
    ----------
    graph : SocialGraph, networkx or igraph graph
        A networkx or igraph graph is converted once (:func:`netmix.from_networkx`,
        :func:`netmix.from_igraph`).
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
    seed : int, optional
        Seed of every random procedure in the report. None (the library's default) draws
        one (:func:`numpy.random.SeedSequence` entropy), recorded on the page and in
        ``meta["seed"]``: pass it back to make the same report again.
    n_resamples : int, default 999
        Permutations and bootstrap samples per test.
    outcome : str, optional
        A node attribute such as trust: adds regressions of it on the mixing measures.
    progress : bool or callable, optional
        None: a tqdm bar over the steps once the report has taken 2 s (at once in a
        notebook, through ``tqdm.auto``); True: at once; False: none; a function
        ``f(step, total, text)``: called at the start of each step and once at the end
        with ``text="done"`` (``netmix analyze`` prints one line a step).

    Examples
    --------
    >>> import netmix
    >>> from netmix.report.network import summary_section
    >>> rep = build_report(netmix.datasets.load_example(), "department",
    ...                    sections=[summary_section], command="doctest")
    >>> [s.title for s in rep.sections]
    ['The data', 'Citing']
    """
    check_progress(progress)
    graph = as_social_graph(graph)  # a networkx or igraph graph: converted once
    seed = fresh_seed(seed)  # one seed for every section, recorded below
    created = _created_stamp()  # a bad SOURCE_DATE_EPOCH is refused before any work
    options = {"seed": seed, "n_resamples": n_resamples}
    makers = list(sections or SECTIONS)
    if contacts is not None:
        makers.insert(_after(makers, assortativity_section), _time_maker(contacts, window))
    if outcome is not None:
        makers.append(outcome_section)
        options["outcome"] = outcome
    _check_groups(graph, groups)
    steps = Steps(len(makers), progress)
    built = []
    try:
        with literal_text():
            for make in makers:
                name = getattr(make, "__name__", "")
                steps.start(STEP_TEXT.get(name, name.replace("_", " ")))
                built.append(make(graph, groups, weight, **options))
    finally:
        steps.close()
    built.append(citations_section(graph))
    if command is None:
        command = " ".join(sys.argv)
    elif not isinstance(command, str):
        command = " ".join(command)
    meta = {"command": command, "netmix version": __version__,
            "created": created,
            "python": sys.version.split()[0], "numpy": np.__version__,
            "pandas": pd.__version__, "seed": seed, "resamples": n_resamples}
    return Report(title or f"netmix report: mixing by {groups}", built, meta)


def _created_stamp() -> str:
    """The report's creation time, to the minute in UTC.

    Honours ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention,
    https://reproducible-builds.org/specs/source-date-epoch/): when it holds an integer
    number of seconds since 1970-01-01 UTC, that time is written instead of the clock's,
    so the same data, seed and versions give a byte-identical page.
    """
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed:
        try:
            when = _dt.datetime.fromtimestamp(int(fixed), _dt.timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise NetmixError(
                f"SOURCE_DATE_EPOCH must be an integer number of seconds since 1970-01-01 UTC; "
                f"got {fixed!r}. Unset it to stamp the report with the current time.") from exc
    else:
        when = _dt.datetime.now(_dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")


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


def build_ego_report(
    data: Any,
    *,
    area: str | None = None,
    weight: str | None = None,
    title: str | None = None,
    command: Sequence[str] | str | None = None,
    seed: Any = None,
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
    seed : int, optional
        Seed of the bootstraps; None draws one, recorded on the page (``meta["seed"]``).

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> rep = build_ego_report(simulate_diary_survey(200, seed=4).ego_data(),
    ...                        command="doctest", n_resamples=39)
    >>> [s.title for s in rep.sections]
    ['Summary', 'Survey', 'Contact diaries: actual versus expected mixing', 'Citing']
    """
    seed = fresh_seed(seed)  # None: drawn, and recorded on the page
    created = _created_stamp()
    summary = Section("Survey", "<pre>" + html.escape(data.summary()) + "</pre>")
    with literal_text():
        tables = ego_report_tables(data, area=area, weight=weight, seed=seed,
                                   n_resamples=n_resamples)
        overview = ego_summary_section(tables, data.group)
        section = ego_details_section(tables, figure=False)
    command = " ".join(sys.argv) if command is None else (
        command if isinstance(command, str) else " ".join(command))
    meta = {"command": command, "netmix version": __version__,
            "created": created,
            "python": sys.version.split()[0], "seed": seed, "resamples": n_resamples}
    return Report(title or f"netmix report: who meets whom, by {data.group}",
                  [overview, summary, section, citations_section(data)], meta)


def _after(makers: list[Callable[..., Section]], anchor: Callable[..., Section]) -> int:
    """The position just after ``anchor`` in ``makers`` (the end when it is absent)."""
    return makers.index(anchor) + 1 if anchor in makers else len(makers)


def _time_maker(contacts: Any, window: str | None) -> Callable[..., Section]:
    """The time section as a section builder ``f(graph, groups, weight, **options)``."""
    if not has_times(contacts):
        raise InputTypeError("contacts must be a netmix.Contacts with at least one record (see "
                          f"netmix.temporal.load_contacts); got {type(contacts).__name__}.")
    freq = window or default_window(contacts)

    def time_section_step(graph: SocialGraph, groups: str, weight: str | None,
                          **options: Any) -> Section:
        return time_section(contacts, groups, weight, freq=freq, seed=options.get("seed"),
                            n_resamples=options.get("n_resamples", 999))

    return time_section_step


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
