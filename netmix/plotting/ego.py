"""Plots of ego-centric results: integration ratios with intervals, ratio and contact
matrices, diary reporting by sensor duration. Each takes ``ax=None`` and returns the Axes;
none touches pyplot's global state."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ._common import LITERAL, check_cmap, check_color, new_axes, room, short, shorts

__all__ = ["plot_integration_ratio", "plot_ratio_matrix", "plot_reporting_by_duration"]


def plot_integration_ratio(result: Any, *, ax: Any = None, title: str | None = None,
                           color: str = "#2b6cb0") -> Any:
    """Integration ratio by level with its confidence intervals, and the overall value.

    Parameters
    ----------
    result : IntegrationResult
        From :func:`netmix.ego.integration_ratio` or
        :func:`netmix.ego.ingroup_overrepresentation`.
    ax : matplotlib Axes, optional
    title : str, optional
    color : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from netmix.datasets.survey import simulate_diary_survey
    >>> from netmix.ego import integration_ratio
    >>> res = integration_ratio(simulate_diary_survey(300, seed=1).ego_data(),
    ...                         method="analytic")
    >>> plot_integration_ratio(res).get_xlabel()
    'observed / expected out-group contact'
    """
    check_color(color)
    table = getattr(result, "table", None)
    if not isinstance(table, pd.DataFrame) or not {"ratio", "ci_low", "ci_high"} <= set(
            table.columns):
        raise InputError("result must be an IntegrationResult (with a table of ratio, ci_low, "
                         f"ci_high); got {type(result).__name__}.")
    labels = [*shorts(table.index), "all"]
    ratio = np.append(table["ratio"].to_numpy(float), result.statistic)
    low = np.append(table["ci_low"].to_numpy(float), result.confidence_interval.low)
    high = np.append(table["ci_high"].to_numpy(float), result.confidence_interval.high)
    y = np.arange(len(labels))[::-1]
    ax = new_axes(ax, (5.5 + room(labels), 1.2 + 0.4 * len(labels)))
    err = np.vstack([np.clip(ratio - low, 0, None), np.clip(high - ratio, 0, None)])
    has_ci = np.isfinite(err).all(axis=0)
    ax.errorbar(ratio[has_ci], y[has_ci], xerr=err[:, has_ci], fmt="o", color=color,
                capsize=3)
    ax.plot(ratio[~has_ci], y[~has_ci], "o", color=color)
    ax.plot([result.statistic], [y[-1]], "D", color="black")
    ax.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels, **LITERAL)
    what = "out-group" if result.kind == "outgroup" else "in-group"
    ax.set_xlabel(f"observed / expected {what} contact")
    ax.set_ylabel(short(result.by or ""), **LITERAL)
    ci = f"{result.confidence_level:.0%} CI, {result.method}" if result.method else "no CI"
    ax.set_title(title or f"{result.estimator.replace('_', ' ')} ({ci})", **LITERAL)
    return ax


def plot_ratio_matrix(matrix: pd.DataFrame, *, ax: Any = None, log: bool = True,
                      annotate: bool | None = None, cmap: str = "RdBu_r",
                      title: str | None = None) -> Any:
    """Heatmap of a group-by-group ratio matrix (observed / expected), centred on 1.

    Parameters
    ----------
    matrix : pandas.DataFrame
        E.g. :func:`netmix.ego.ratio_matrix`, or a contact matrix (with ``log=False``).
    log : bool, default True
        Colour by :math:`\\log_2` of the ratio, so 2 and 1/2 are equally far from 1.
    annotate : bool, optional
        Write the values (default: at most 12 x 12).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[3.0, 0.5], [0.4, 2.0]], index=["a", "b"], columns=["a", "b"])
    >>> plot_ratio_matrix(m).get_ylabel()
    'ego group'
    """
    check_cmap("cmap", cmap)
    if not isinstance(matrix, pd.DataFrame):
        raise InputError(f"matrix must be a DataFrame (e.g. from netmix.ego.ratio_matrix); got "
                         f"{type(matrix).__name__}.")
    values = matrix.to_numpy(dtype=float)
    k_r, k_c = values.shape
    cols, rows = shorts(matrix.columns), shorts(matrix.index)
    ax = new_axes(ax, (1.8 + 0.6 * k_c + room(rows), 1.2 + 0.5 * k_r + room(cols, 0.75)))
    if log:
        with np.errstate(divide="ignore"):
            shown = np.log2(np.where(values > 0, values, np.nan))
        top = np.nanmax(np.abs(shown)) if np.isfinite(shown).any() else 1.0
        image = ax.imshow(shown, cmap=cmap, vmin=-top, vmax=top, aspect="auto")
        ax.figure.colorbar(image, ax=ax, label="log2(observed / expected)")
    else:
        image = ax.imshow(values, cmap="Blues", aspect="auto")
        ax.figure.colorbar(image, ax=ax)
    ax.set_xticks(range(k_c), cols, rotation=45, ha="right", **LITERAL)
    ax.set_yticks(range(k_r), rows, **LITERAL)
    ax.set_xlabel(short(str(matrix.columns.name or "alter group").replace("_", " ")), **LITERAL)
    ax.set_ylabel(short(str(matrix.index.name or "ego group").replace("_", " ")), **LITERAL)
    if annotate or (annotate is None and max(k_r, k_c) <= 12):
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, "–" if not np.isfinite(v) else f"{v:.2f}", ha="center",
                    va="center", fontsize=8)
    if title:
        ax.set_title(title, **LITERAL)
    return ax


def plot_reporting_by_duration(comparison: Any, *, ax: Any = None, color: str = "#2b6cb0",
                               title: str | None = None) -> Any:
    """Share of sensor links reported in the diaries, by sensor duration band.

    Parameters
    ----------
    comparison : DiarySensorComparison
        From :func:`netmix.ego.compare_diary_sensor`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"class": ["x", "x", "x", "x"]}, index=[1, 2, 3, 4])
    >>> diary = netmix.SocialGraph(nodes, [0, 1, 2], [1, 0, 3], directed=True,
    ...                            edge_attrs={"duration_code": [2, 3, 1]})
    >>> sensor = netmix.SocialGraph(nodes, [0, 0, 2], [1, 3, 3],
    ...                             edge_attrs={"duration": [600, 60, 4000]})
    >>> comparison = netmix.ego.compare_diary_sensor(diary, sensor)
    >>> ax = plot_reporting_by_duration(comparison)
    >>> ax.get_ylabel(), len(ax.patches)
    ('share reported in diaries', 4)
    """
    check_color(color)
    table = getattr(comparison, "by_duration", None)
    if not isinstance(table, pd.DataFrame):
        raise InputError("comparison must be a DiarySensorComparison (from "
                         "netmix.ego.compare_diary_sensor); got "
                         f"{type(comparison).__name__}.")
    ax = new_axes(ax, (5.0, 3.2))
    x = np.arange(len(table))
    ax.bar(x, table["share_reported"].to_numpy(float), color=color)
    for xi, (n, r) in enumerate(zip(table["sensor_links"], table["reported"], strict=True)):
        ax.text(xi, 0.02, f"{r}/{n}", ha="center", va="bottom", fontsize=8, color="white")
    ax.set_xticks(x, shorts(table["band"]), **LITERAL)
    ax.set_ylim(0, 1)
    ax.set_xlabel("cumulative contact duration (sensors)")
    ax.set_ylabel("share reported in diaries")
    ax.set_title(title or "Sensor links reported in contact diaries", **LITERAL)
    return ax
