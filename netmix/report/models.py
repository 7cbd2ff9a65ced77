"""Outcome models in the report: does mixing predict the outcome? (``netmix analyze --outcome``)."""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_column, describe
from ..ego import EgoData
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph
from ..models import (
    coefficient_table,
    fit_outcome,
    outcome_permutation_test,
    outcome_table,
)
from ..plotting import plot_coefficients
from ._page import Section, figure_html, note, table_html

__all__ = ["OutcomeReport", "outcome_report", "outcome_section"]


@dataclass(frozen=True, eq=False)
class OutcomeReport:
    """What :func:`outcome_report` hands to the HTML report.

    Attributes
    ----------
    table : pandas.DataFrame
        One row a mixing measure: its standardised coefficient (per SD) in a model of the
        outcome with the controls, interval, model p-value and (OLS) permutation p-value.
    figure : matplotlib Axes
        Coefficient plot of ``table``.
    results : dict
        The statsmodels results, one per measure.
    outcome, family, cluster : str or None
    notes : tuple of str
    """

    table: pd.DataFrame
    figure: Any
    results: dict[str, Any]
    outcome: str
    family: str
    cluster: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_html(self) -> str:
        """The table as HTML (figure not included)."""
        return self.table.to_html(float_format=lambda v: f"{v:.3g}", index=False)


def _family(values: pd.Series) -> str:
    x = pd.to_numeric(values, errors="coerce").dropna()
    uniq = np.unique(x)
    if uniq.size == 2 and set(uniq.tolist()) <= {0, 1}:
        return "logit"
    if 2 < uniq.size <= 7 and np.allclose(uniq, np.round(uniq)):
        return "ordinal"
    return "ols"


def outcome_report(source: Any, outcome: str, groups: Any = None, *,
                   measures: Sequence[str] | None = None, controls: Sequence[str] = (),
                   family: str | None = None, cluster: str | None = "auto",
                   weight: str | None = None, n_resamples: int = 199, seed: Any = None,
                   ax: Any = None) -> OutcomeReport:
    """Does mixing predict the outcome? One model per mixing measure, a table and a plot.

    Builds :func:`outcome_table`, then fits ``outcome ~ measure + controls`` for each
    mixing measure (standardised, so the coefficients compare: per SD of the measure)
    with :func:`fit_outcome`, and, for OLS, adds the permutation p-value of
    :func:`outcome_permutation_test` (outcome shuffled; the network-aware check).

    Parameters
    ----------
    source : SocialGraph or EgoData
    outcome : str
        A node (ego) attribute: the outcome.
    groups : str, optional
        The group attribute (graphs).
    measures : list of str, optional
        Default: ``cross_share``, ``blau``, ``constraint``, ``brokerage_cross`` for
        graphs; ``cross_share``, ``blau``, ``integration_ratio`` (with areas) for EgoData.
        (The E-I index is :math:`2 \\times` ``cross_share`` :math:`- 1` per node: the
        same standardised coefficient.)
    controls : list of str
        Other columns of the table: a column name (``"degree"``), or ``"C(column)"`` for a
        categorical one (``"C(group)"``). Names are never evaluated: the models are fitted
        on a copy of the needed columns under names netmix makes, and the results are
        labelled with yours, so any column name (spaces, operators, code) is safe.
    family : str, optional
        Default: ``"logit"`` for a 0/1 outcome, ``"ordinal"`` for 3-7 integer levels,
        else ``"ols"``.
    cluster : str or None, default "auto"
        "auto": ``community`` for graphs, the area for EgoData with areas, when there are
        at least 20 of them (fewer clusters give too small errors), else none.
    weight : str, optional
    n_resamples : int, default 199
        Permutations for the OLS permutation p-values (0: none).
    seed : optional
    ax : matplotlib Axes, optional

    Returns
    -------
    OutcomeReport

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> from netmix.report import outcome_report
    >>> sim = simulate_diary_survey(300, seed=1)
    >>> rep = outcome_report(sim.ego_data(), "trust", n_resamples=99, seed=1)
    >>> rep.table["measure"].tolist()
    ['cross_share', 'blau', 'integration_ratio']
    >>> rep.family, rep.cluster  # 4 areas: too few clusters, not clustered
    ('ols', None)
    """
    is_ego = isinstance(source, EgoData)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)  # counted in the notes
        table = outcome_table(source, groups, weight=weight, seed=seed,
                              community=None if is_ego else "leiden")
    check_column(table, outcome, "outcome")
    if measures is None:
        measures = ["cross_share", "blau", "integration_ratio"] if is_ego else \
            ["cross_share", "blau", "constraint", "brokerage_cross"]
        measures = [m for m in measures if m in table.columns]
    for m in measures:
        check_column(table, m, "measures")
    fam = family or _family(table[outcome])
    clus = _cluster(cluster, table, source, is_ego)
    terms = _control_terms(table, controls)
    results, rows = {}, []
    for m in measures:
        # The formula holds only names made here (netmix_y, netmix_x, netmix_c0, ...):
        # no column name, however written, reaches patsy's evaluator.
        work, formula, names = _design(table, outcome, m, terms, clus, fam)
        options: dict[str, Any] = {"standardize": True}
        if clus is not None:
            options["cluster"] = _SAFE_CLUSTER
        res = fit_outcome(formula, work, family=fam, **options)
        _relabel(res, names)
        results[m] = res
        row = coefficient_table(res, [m]).iloc[0].to_dict()
        row["measure"] = row.pop("term")
        row["perm_pvalue"] = np.nan
        if fam == "ols" and n_resamples:
            perm = outcome_permutation_test(formula, work, _SAFE_X, family="ols",
                                            n_resamples=n_resamples, seed=seed,
                                            **({"cluster": _SAFE_CLUSTER} if clus else {}))
            row["perm_pvalue"] = perm.pvalue
        rows.append(row)
    out = pd.DataFrame(rows)[["measure", "estimate", "standard_error", "ci_low", "ci_high",
                              "pvalue", "perm_pvalue", "n", "cov_type"]]
    out.attrs["confidence_level"] = 0.95  # coefficient_table's default alpha
    axes = plot_coefficients(out.rename(columns={"measure": "term"}), ax=ax)
    axes.set_title(f"{outcome}: effect of 1 SD more of each mixing measure",
                   parse_math=False)  # the outcome's name shown as written
    notes = (f"One model per measure: {outcome} ~ measure"
             + (" + " + " + ".join(controls) if controls else "")
             + f" ({fam}); measures standardised (per SD).",)
    if results:
        first = next(iter(results.values()))
        notes += tuple(_restore(n, _names_of(first)) for n in first.netmix_notes[1:])
    return OutcomeReport(out, axes, results, outcome, fam, clus, notes)


_SAFE_Y, _SAFE_X, _SAFE_CLUSTER = "netmix_y", "netmix_x", "netmix_cluster"


def _control_terms(table: pd.DataFrame, controls: Sequence[str]) -> list[tuple[str, bool]]:
    """Each control as (column, categorical): a column name, or ``C(column)`` for a
    categorical one. Parsed here, never evaluated."""
    if isinstance(controls, str):
        controls = [controls]
    terms = []
    for c in controls:
        text = str(c)
        if text in table.columns:
            terms.append((text, False))
            continue
        inner = text[2:-1].strip() if text.startswith("C(") and text.endswith(")") else None
        if inner is not None and inner in table.columns:
            terms.append((inner, True))
            continue
        raise InputError(
            f"controls must be column names of the person table or C(column) for a "
            f"categorical one; got {text!r}. Columns: {', '.join(map(str, table.columns))}. "
            "(For other terms, build the table with outcome_table and call fit_outcome "
            "with your own formula.)")
    return terms


def _design(table: pd.DataFrame, outcome: str, measure: str,
            terms: list[tuple[str, bool]], cluster: str | None, family: str
            ) -> tuple[pd.DataFrame, str, dict[str, str]]:
    """A table of the needed columns under names made here, its formula, and the map
    back from those names to the user's."""
    y = table[outcome]
    if family == "ordinal":
        y = pd.to_numeric(y)
    work = {_SAFE_Y: y, _SAFE_X: table[measure]}
    names = {_SAFE_Y: str(outcome), _SAFE_X: str(measure)}
    rhs = [_SAFE_X]
    for i, (column, categorical) in enumerate(terms):
        safe = f"netmix_c{i}"
        work[safe] = table[column]
        names[safe] = str(column)
        rhs.append(f"C({safe})" if categorical else safe)
    if cluster is not None:
        work[_SAFE_CLUSTER] = table[cluster]
        names[_SAFE_CLUSTER] = str(cluster)
    frame = pd.DataFrame(work, index=table.index)
    frame.attrs = dict(table.attrs)
    return frame, f"{_SAFE_Y} ~ " + " + ".join(rhs), names


def _restore(text: str, names: dict[str, str]) -> str:
    """``text`` with the names made by :func:`_design` replaced by the user's."""
    for safe in sorted(names, key=len, reverse=True):
        text = text.replace(safe, names[safe])
    return text


def _names_of(res: Any) -> dict[str, str]:
    return getattr(res, "_netmix_names", {})


def _relabel(res: Any, names: dict[str, str]) -> None:
    """Show the user's names in the statsmodels results (params, summary)."""
    data = res.model.data
    try:
        data.xnames = [_restore(str(x), names) for x in data.xnames]
        data.ynames = _restore(str(data.ynames), names) if isinstance(data.ynames, str) \
            else data.ynames
        res._netmix_names = names
    except AttributeError:  # pragma: no cover - a results class without these
        pass


def _cluster(cluster: Any, table: pd.DataFrame, source: Any, is_ego: bool) -> str | None:
    if cluster != "auto":
        if cluster is not None and not isinstance(cluster, str):
            raise InputError(f"cluster must be a column name, 'auto' or None; got "
                             f"{describe(cluster)}.")
        return cluster
    column = (source.area if is_ego else "community")
    if column is None or column not in table.columns or table[column].nunique() < 20:
        return None
    return column


def outcome_section(graph: SocialGraph, groups: str, weight: str | None, *,
                    outcome: str | None = None, seed: Any = None, n_resamples: int = 999,
                    **options: Any) -> Section:
    """Does mixing predict the outcome (e.g. trust)? One model per mixing measure."""
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
