"""Tables and figures of the ego-centric part of the ``netmix analyze`` report."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._format import pvalue_phrase
from ..ego import (
    EgoData,
    IntegrationResult,
    composition_summary,
    contact_matrix,
    ingroup_overrepresentation,
    integration_ratio,
    ratio_matrix,
)
from ..plotting import plot_integration_ratio, plot_ratio_matrix
from ._page import Section, figure_html, fmt_num, fmt_pct, note, table_html
from .summary import MIN_GROUP_SIZE

__all__ = ["EgoReportTables", "ego_details_section", "ego_report_section", "ego_report_tables",
           "ego_summary_section"]


@dataclass(frozen=True)
class EgoReportTables:
    """What the report shows for diary / survey input: tables, figures and notes.

    ``tables`` keys: ``ego_composition``, ``ego_integration_by_group``,
    ``ego_ingroup_by_group``, ``ego_ratio_matrix``, ``ego_contact_matrix`` and, when the
    egos have an area column, ``ego_integration_by_area``. ``figures``: ``integration``
    and ``ratio_matrix`` (matplotlib Axes). ``results``: the integration results.
    """

    tables: dict[str, pd.DataFrame]
    figures: dict[str, Any]
    notes: list[str]
    results: dict[str, IntegrationResult] = field(default_factory=dict)


def _with_overall(result: IntegrationResult) -> pd.DataFrame:
    """The result's table by level, a row ``all`` for the whole sample, and a ``caution``
    column: levels with fewer than :data:`~netmix.report.summary.MIN_GROUP_SIZE`
    respondents, and intervals whose resamples all gave one value (degenerate)."""
    table = result.table.copy()
    small = (table["n_egos"] < MIN_GROUP_SIZE).to_numpy()
    lo, hi = table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float)
    degenerate = np.isfinite(table["ratio"].to_numpy(float)) & (lo == hi)
    table.loc["all"] = [result.statistic, *result.confidence_interval, result.pvalue,
                        result.observed, result.expected, result.n_egos, result.n_egos_used,
                        int(table["n_alters"].sum())]
    table["caution"] = [*(", ".join(t for t, f in (
        (f"small group ({int(n)} respondent{'s' if n != 1 else ''})", s),
        ("interval degenerate: every resample gave one value", d)) if f)
        for n, s, d in zip(result.table["n_egos"], small, degenerate, strict=True)), ""]
    return table


def ego_report_tables(data: EgoData, areas: Any = None, *, area: str | None = None,
                      weight: str | None = None, estimator: str = "ratio_of_sums",
                      exclude_ego: bool = True, method: str = "bootstrap",
                      n_resamples: int = 999, seed: Any = None) -> EgoReportTables:
    """Composition summary, actual-vs-expected ratios with CIs, ratio and contact matrices.

    Parameters
    ----------
    data : EgoData
    areas : area table, optional
        Attached with :meth:`EgoData.with_areas` when given (``area`` names the ego
        column); otherwise the data's own area table is used.
    weight, estimator, exclude_ego, method, n_resamples, seed
        As in :func:`netmix.ego.integration_ratio`. With ``seed=None`` one seed is drawn
        for all the bootstraps and printed in the notes, so the run can be repeated.

    Returns
    -------
    EgoReportTables

    Examples
    --------
    >>> from netmix.datasets.survey import simulate_diary_survey
    >>> rep = ego_report_tables(simulate_diary_survey(300, seed=1).ego_data(),
    ...                         method="analytic")
    >>> sorted(rep.tables)[:3]
    ['ego_composition', 'ego_contact_matrix', 'ego_ingroup_by_group']
    """
    if areas is not None:
        data = data.with_areas(areas, area=area)
    if method == "bootstrap" and seed is None:
        seed = np.random.SeedSequence().entropy
    options = {"weight": weight, "estimator": estimator, "exclude_ego": exclude_ego,
               "method": method, "n_resamples": n_resamples, "seed": seed}
    out = integration_ratio(data, **options)
    inn = ingroup_overrepresentation(data, **options)
    ratios = ratio_matrix(data, weight=weight, exclude_ego=exclude_ego)
    tables = {"ego_composition": composition_summary(data, weight=weight),
              "ego_integration_by_group": _with_overall(out),
              "ego_ingroup_by_group": _with_overall(inn), "ego_ratio_matrix": ratios}
    results = {"integration": out, "ingroup": inn}
    if data.area is not None:
        by_area = integration_ratio(data, by="area", **options)
        tables["ego_integration_by_area"] = _with_overall(by_area)
        results["integration_by_area"] = by_area
    if data.area_units == "counts":
        tables["ego_contact_matrix"] = contact_matrix(data, weight=weight,
                                                      symmetric=True).matrix
    figures = {"integration": plot_integration_ratio(out),
               "ratio_matrix": plot_ratio_matrix(ratios, title="Observed / expected contact")}
    sw = f"weighted by {data.survey_weight!r}" if data.survey_weight else "unweighted"
    notes = [
        f"{data.n_egos} egos ({out.n_egos_without_alters} reported no contact and are kept: "
        f"they add nothing to observed or expected contact), {data.n_alters} alters; "
        f"survey {sw}.",
        f"Baseline: the population of each ego's area ({out.geography}), "
        + ("without the ego itself (N_g - 1)" if exclude_ego else "ego included") + ".",
        f"Ratio: {estimator.replace('_', ' ')}; {out.confidence_level:.0%} intervals by "
        f"{method}" + (f" ({n_resamples} resamples of egos, seed {seed})"
                       if method == "bootstrap" else "") + ".",
        "A ratio of 1 means contacts are as mixed as random draws from the area; 0.5 means "
        "half the out-group contact random mixing would give.",
    ]
    return EgoReportTables(tables, figures, notes, results)


def ego_report_section(data: EgoData, areas: Any = None, **options: Any) -> Section:
    """The report section (:class:`~netmix.report.Section`) built from
    :func:`ego_report_tables`.

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> sim = simulate_diary_survey(200, seed=4)
    >>> section = ego_report_section(sim.ego_data(), n_resamples=39, seed=1)
    >>> section.title
    'Contact diaries: actual versus expected mixing'
    >>> sorted(section.tables)[:3]
    ['ego_composition', 'ego_contact_matrix', 'ego_ingroup_by_group']
    """
    return ego_details_section(ego_report_tables(data, areas, **options))


def _integration_figure(rep: EgoReportTables) -> str:
    return figure_html(rep.figures["integration"],
                       "Observed over expected out-group contact by ego group, with "
                       "confidence intervals (diamond: all egos).")


def ego_details_section(rep: EgoReportTables, *, figure: bool = True) -> Section:
    """The technical section of the survey report, from :func:`ego_report_tables`
    (``figure=False``: without the integration-ratio figure, which the summary shows)."""
    t = rep.tables
    body = "".join(note(n) for n in rep.notes)
    if figure:
        body += _integration_figure(rep)
    body += "<h3>Integration ratio by group</h3>" + table_html(t["ego_integration_by_group"])
    if "ego_integration_by_area" in t:
        body += "<h3>Integration ratio by area</h3>" + table_html(t["ego_integration_by_area"])
    body += "<h3>In-group over-representation</h3>" + table_html(t["ego_ingroup_by_group"])
    body += figure_html(rep.figures["ratio_matrix"],
                        "Contacts between groups relative to random mixing within areas.")
    body += ("<details><summary>Composition of personal networks</summary>"
             + table_html(t["ego_composition"], caption="Composition of personal networks")
             + "</details>")
    if "ego_contact_matrix" in t:
        body += ("<details><summary>Contact matrix (symmetrised)</summary>"
                 + table_html(t["ego_contact_matrix"], caption="Contact matrix (symmetrised)")
                 + "</details>")
    return Section("Contact diaries: actual versus expected mixing", body, dict(t))


def ego_summary_section(rep: EgoReportTables, group: str) -> Section:
    """The summary in plain words that opens the survey report: each group's share of
    contact with its own group, actual versus expected, the integration ratio, caveats."""
    inn, out = rep.results["ingroup"], rep.results["integration"]
    t_in, t_out = inn.table, out.table.reindex(inn.table.index)
    total = t_in["observed"] + t_out["observed"]
    level = out.confidence_level
    items = []
    for label in t_in.index:
        r_in, r_out = t_in.loc[label], t_out.loc[label]
        share = r_in["observed"] / total[label] if total[label] else np.nan
        text = (f"Respondents in <b>{html.escape(str(label))}</b>: {fmt_pct(share)} of their "
                f"contacts are with their own {html.escape(str(group))}, "
                f"{fmt_num(r_in['ratio'], 2)} times what random mixing in their area would "
                f"give ({level:.0%} CI {fmt_num(r_in['ci_low'])} to {fmt_num(r_in['ci_high'])})"
                f"; they take up {fmt_pct(r_out['ratio'])} of the opportunities to mix "
                f"(integration ratio {fmt_num(r_out['ratio'], 2)}, {level:.0%} CI "
                f"{fmt_num(r_out['ci_low'])} to {fmt_num(r_out['ci_high'])}).")
        caution = t_out.loc[label, "n_egos"] < MIN_GROUP_SIZE
        if caution:
            text += (f" <span class='caution'>(caution: only {int(r_out['n_egos'])} "
                     "respondent(s); the interval says little)</span>")
        items.append(f"<li>{text}</li>")
    lead = (f"<p>Overall, respondents take up <b>{fmt_pct(out.statistic)}</b> of the "
            f"opportunities to mix with other groups that the people around them offer "
            f"(integration ratio {fmt_num(out.statistic, 2)}, {level:.0%} CI "
            f"{fmt_num(out.confidence_interval.low)} to "
            f"{fmt_num(out.confidence_interval.high)}; 100 % would be random mixing; "
            f"{pvalue_phrase(out.pvalue)} against random mixing).</p>")
    small = [str(g) for g in t_out.index if t_out.loc[g, "n_egos"] < MIN_GROUP_SIZE]
    caveats = []
    if small:
        caveats.append(f"Small groups (fewer than {MIN_GROUP_SIZE} respondents): "
                       + html.escape(", ".join(small)) + ".")
    if out.n_egos_without_alters:
        caveats.append(f"{out.n_egos_without_alters} respondents reported no contact; they "
                       "count in the totals and add nothing to observed or expected contact.")
    body = lead + f"<ul class='groups'>{''.join(items)}</ul>" + (
        "<p><b>Caveats.</b></p><ul class='caveats'>"
        + "".join(f"<li>{c}</li>" for c in caveats) + "</ul>" if caveats else "")
    return Section("Summary", body + _integration_figure(rep))
