"""Forest plots: estimates with their intervals, one row each, as a policy reader scans them.

:func:`plot_forest` draws :func:`netmix.segregation_table`'s indices (with the value expected
under random mixing and each p-value), a coefficient table, or netmix results that carry a
confidence interval. :func:`forest_frame` turns any of them into the one table drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._format import format_pvalue
from .._validation import check_level, describe
from ..exceptions import InputError, InputTypeError
from ._common import LITERAL, check_color, literal, new_axes, room, shorts

__all__ = ["forest_frame", "plot_forest"]

_COLUMNS = ["label", "estimate", "ci_low", "ci_high", "null_mean", "pvalue"]


def _result_row(name: Any, res: Any) -> dict[str, Any]:
    ci = getattr(res, "confidence_interval", None)
    if ci is None or not hasattr(res, "statistic"):
        raise InputTypeError(f"results must carry a statistic and a confidence_interval "
                             f"(AssortativityResult, BootstrapResult, IntegrationResult, "
                             f"OddsRatioResult ...); got {describe(res)}.")
    return {"label": name, "estimate": float(res.statistic), "ci_low": float(ci[0]),
            "ci_high": float(ci[1]), "null_mean": float(getattr(res, "null_mean", np.nan)),
            "pvalue": float(getattr(res, "pvalue", np.nan))}


_TABLES = ("results must be a table with columns index, statistic, ci_low, ci_high (as "
           "netmix.segregation_table returns), term, estimate, ci_low, ci_high (as "
           "coefficient_table returns), or estimate (or statistic, ratio), ci_low and "
           "ci_high")


def _from_table(table: pd.DataFrame) -> pd.DataFrame:
    cols = set(table.columns)
    if not {"ci_low", "ci_high"} <= cols:
        raise InputError(f"{_TABLES}; got columns {sorted(map(str, cols))}.")
    if {"index", "statistic"} <= cols:  # netmix.segregation_table
        group = table["group"] if "group" in cols else pd.Series(None, index=table.index)
        label = [str(i) if g is None or (isinstance(g, float) and np.isnan(g)) else
                 f"{i}: {g}" for i, g in zip(table["index"], group, strict=True)]
        estimate = table["statistic"]
    elif "term" in cols and "estimate" in cols:  # coefficient tables
        label = table["term"].astype(str)
        if "model" in cols and table["model"].nunique() > 1:
            label = table["model"].astype(str) + ": " + label
        estimate = table["estimate"]
    else:
        value = next((c for c in ("estimate", "statistic", "ratio") if c in cols), None)
        if value is None:
            raise InputError(f"{_TABLES}; got columns {sorted(map(str, cols))}.")
        label, estimate = [str(v) for v in table.index], table[value]
    out = pd.DataFrame({"label": list(label), "estimate": np.asarray(estimate, float),
                        "ci_low": table["ci_low"].to_numpy(float),
                        "ci_high": table["ci_high"].to_numpy(float)})
    for c in ("null_mean", "pvalue"):
        out[c] = table[c].to_numpy(float) if c in cols else np.nan
    return out


def forest_frame(results: Any) -> pd.DataFrame:
    """The rows of a forest plot: ``label``, ``estimate``, ``ci_low``, ``ci_high``,
    ``null_mean`` and ``pvalue`` (nan when the input has none).

    ``results`` is a :func:`netmix.segregation_table` (rows labelled ``index: group``), a
    coefficient table, a DataFrame with ``estimate`` (or ``statistic``, ``ratio``),
    ``ci_low`` and ``ci_high`` (rows labelled by its index, as
    :attr:`IntegrationResult.table <netmix.ego.IntegrationResult>`), one result with a
    ``confidence_interval``, or a mapping (or sequence) of such results.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"index": ["ei_index", "coleman_homophily"], "group": [None, "a"],
    ...                   "statistic": [-0.4, 0.3], "ci_low": [-0.5, 0.2],
    ...                   "ci_high": [-0.3, 0.4], "null_mean": [0.1, 0.0],
    ...                   "pvalue": [0.002, 0.03]})
    >>> forest_frame(t)["label"].tolist()
    ['ei_index', 'coleman_homophily: a']
    """
    if isinstance(results, pd.DataFrame):
        frame = _from_table(results)
    elif isinstance(results, Mapping):
        frame = pd.DataFrame([_result_row(k, v) for k, v in results.items()], columns=_COLUMNS)
    elif hasattr(results, "confidence_interval"):
        frame = pd.DataFrame([_result_row(_name(results), results)], columns=_COLUMNS)
    elif isinstance(results, (list, tuple)):
        frame = pd.DataFrame([_result_row(_name(r), r) for r in results], columns=_COLUMNS)
    else:
        raise InputTypeError(f"results must be a segregation_table, a coefficient table, a "
                             f"result with a confidence_interval, or a mapping of them; got "
                             f"{describe(results)}.")
    if frame.empty:
        raise InputError("results must hold at least one estimate; got none.")
    return frame


def _name(res: Any) -> str:
    return str(getattr(res, "statistic_name", None) or getattr(res, "_title", None)
               or type(res).__name__)


def draw_forest(ax: Any, frame: pd.DataFrame, *, color: Any = "C0",
                reference: float | None = 0.0, n_resamples: int | None = None) -> Any:
    """Draw ``frame`` (see :func:`forest_frame`) on ``ax``: one interval a row (a single
    line collection), the estimates, the null means when known, p-values at the right."""
    k = len(frame)
    pos = np.arange(k)[::-1].astype(float)
    low, high = frame["ci_low"].to_numpy(float), frame["ci_high"].to_numpy(float)
    has_ci = np.isfinite(low) & np.isfinite(high)
    ax.hlines(pos[has_ci], low[has_ci], high[has_ci], color=color, linewidth=1.6)
    est = frame["estimate"].to_numpy(float)
    ax.plot(est, pos, "o", color=color, label="estimate (interval)")
    null = frame["null_mean"].to_numpy(float)
    if np.isfinite(null).any():
        ax.plot(null, pos, "|", color="0.35", markersize=12, markeredgewidth=1.5,
                label="expected under random mixing")
    if reference is not None:
        ax.axvline(float(reference), color="grey", linewidth=0.8, linestyle="--")
    labels = shorts(frame["label"])
    ax.set_yticks(pos, labels, **LITERAL)  # names shown as written
    ax.set_ylim(-0.7, k - 0.3)
    p = frame["pvalue"].to_numpy(float)
    if np.isfinite(p).any():
        for y, value in zip(pos, p, strict=True):
            if np.isfinite(value):
                ax.text(1.02, y, format_pvalue(value, n_resamples), va="center",
                        transform=ax.get_yaxis_transform(), fontsize=8, **LITERAL)
        ax.text(1.02, k - 0.45, "p-value", transform=ax.get_yaxis_transform(), fontsize=8,
                fontweight="bold", va="bottom")
    if np.isfinite(null).any():
        literal(*ax.legend(loc="best", fontsize=8).get_texts())
    return ax


def plot_forest(results: Any, *, ax: Any = None, reference: float | None = None,
                title: str | None = None, color: str = "C0",
                confidence_level: float | None = None) -> Any:
    """Forest plot: each index (or coefficient) with its confidence interval.

    A :func:`netmix.segregation_table` gives one row per index (and group), the bootstrap
    interval as a line, the observed value as a dot, the value expected under random
    mixing (the permutation null's mean) as a bar and the permutation p-value at the
    right, as "< 0.001" (:func:`netmix._format.format_pvalue`).

    Parameters
    ----------
    results : DataFrame, result, or mapping or sequence of results
        See :func:`forest_frame`.
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    reference : float, optional
        A dashed vertical line (0 for differences and correlations, 1 for ratios). Default:
        none when the null means are drawn, else 1 for ratio results (``ratio`` columns,
        :class:`~netmix.ego.IntegrationResult`, :class:`~netmix.OddsRatioResult`), else 0.
    title : str, optional
    color : str
    confidence_level : float, optional
        The intervals' level for the axis label (default: the table's
        ``attrs["confidence_level"]``, or the results' ``confidence_level``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import netmix
    >>> from netmix.plotting import plot_forest
    >>> g = netmix.datasets.load_example()
    >>> t = netmix.segregation_table(g, "department", indices=["ei_index",
    ...     "nominal_assortativity"], n_resamples=99, seed=1)
    >>> [x.get_text() for x in plot_forest(t).get_yticklabels()]  # from the top
    ['ei_index', 'nominal_assortativity']
    """
    check_color(color)
    frame = forest_frame(results)
    level = confidence_level if confidence_level is None else check_level(confidence_level)
    attrs = getattr(results, "attrs", {}) if isinstance(results, pd.DataFrame) else {}
    if level is None:
        level = attrs.get("confidence_level") or _results_level(results)
    if reference is None and not np.isfinite(frame["null_mean"].to_numpy(float)).any():
        reference = 1.0 if _ratios(results) else 0.0
    k = len(frame)
    has_p = np.isfinite(frame["pvalue"].to_numpy(float)).any()
    ax = new_axes(ax, (6.0 + room(shorts(frame["label"])) + 0.8 * has_p,
                       1.2 + 0.35 * max(k, 1)))
    draw_forest(ax, frame, color=color, reference=reference,
                n_resamples=attrs.get("n_resamples"))
    ci = "confidence interval" if level is None else f"{100 * level:.4g} % interval"
    ax.set_xlabel(f"estimate ({ci})")
    if title:
        ax.set_title(title, **LITERAL)
    return ax


def _values(results: Any) -> list[Any]:
    if isinstance(results, Mapping):
        return list(results.values())
    if isinstance(results, (list, tuple)):
        return list(results)
    return [results]


def _results_level(results: Any) -> float | None:
    levels = {getattr(r, "confidence_level", None) for r in _values(results)}
    return levels.pop() if len(levels) == 1 else None


def _ratios(results: Any) -> bool:
    if isinstance(results, pd.DataFrame):
        return "ratio" in results.columns and "estimate" not in results.columns
    return all(getattr(r, "_statistic_label", "") in ("ratio", "odds ratio")
               for r in _values(results))
