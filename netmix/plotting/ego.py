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

    The colours diverge from 1 (white, "as expected") on a log scale: red for more contact
    than random mixing gives, blue for less (ColorBrewer's RdBu, safe for colour-blind
    readers). A cell with no contact at all takes the deepest blue and is hatched (and,
    when annotated, reads ``0``); a cell where nothing was expected (NaN) is grey.

    Parameters
    ----------
    matrix : pandas.DataFrame
        E.g. :func:`netmix.ego.ratio_matrix`, or a contact matrix (with ``log=False``).
    log : bool, default True
        Colour by :math:`\\log_2` of the ratio, so 2 and 1/2 are equally far from 1; the
        colour bar is labelled in ratios (1/4, 1/2, 1, 2, 4).
    annotate : bool, optional
        Write the values (default: at most 12 x 12).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[3.0, 0.0], [0.4, 2.0]], index=["a", "b"], columns=["a", "b"])
    >>> ax = plot_ratio_matrix(m)
    >>> ax.get_ylabel(), len(ax.patches)  # one hatched cell: no contact between a and b
    ('ego group', 1)
    """
    check_cmap("cmap", cmap)
    if not isinstance(matrix, pd.DataFrame):
        raise InputError(f"matrix must be a DataFrame (e.g. from netmix.ego.ratio_matrix); got "
                         f"{type(matrix).__name__}.")
    values = matrix.to_numpy(dtype=float)
    k_r, k_c = values.shape
    cols, rows = shorts(matrix.columns), shorts(matrix.index)
    ax = new_axes(ax, (2.0 + 0.6 * k_c + room(rows), 1.2 + 0.5 * k_r + room(cols, 0.75)))
    shown, top = values, None
    if log:
        shown, top = _log_ratios(values)
        from matplotlib import colormaps

        colours = (colormaps[cmap] if isinstance(cmap, str) else cmap).with_extremes(
            bad="#bdbdbd")
        image = ax.imshow(np.ma.masked_invalid(shown), cmap=colours, vmin=-top, vmax=top,
                          aspect="auto")
        bar = ax.figure.colorbar(image, ax=ax)
        half = int(np.floor(top))
        step = max(1, int(np.ceil(half / 4)))  # at most nine ticks
        ticks = np.arange(-(half // step) * step, half + 1, step)
        bar.set_ticks(ticks, labels=[_ratio_label(t) for t in ticks])
        bar.set_label("actual / expected (1: as random mixing)")
        _hatch_zeros(ax, values)
    else:
        image = ax.imshow(values, cmap="Blues", aspect="auto")
        ax.figure.colorbar(image, ax=ax)
    ax.set_xticks(range(k_c), cols, rotation=45, ha="right", **LITERAL)
    ax.set_yticks(range(k_r), rows, **LITERAL)
    ax.set_xlabel(short(str(matrix.columns.name or "alter group").replace("_", " ")), **LITERAL)
    ax.set_ylabel(short(str(matrix.index.name or "ego group").replace("_", " ")), **LITERAL)
    if annotate or (annotate is None and max(k_r, k_c) <= 12):
        for (r, c), v in np.ndenumerate(values):
            dark = top is not None and np.isfinite(shown[r, c]) and abs(shown[r, c]) > 0.6 * top
            ax.text(c, r, "–" if not np.isfinite(v) else ("0" if v == 0 else f"{v:.2f}"),
                    ha="center", va="center", fontsize=8, color="white" if dark else "black")
    if title:
        ax.set_title(title, **LITERAL)
    return ax


def _log_ratios(values: np.ndarray) -> tuple[np.ndarray, float]:
    """log2 of the ratios, zeros at the low end of the scale; the half-width of the scale
    (at least 1: a ratio of 2 either way)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log2(np.where(values > 0, values, np.nan))
    finite = np.isfinite(logs)
    top = max(float(np.max(np.abs(logs[finite]))) if finite.any() else 1.0, 1.0)
    return np.where(values == 0, -top, logs), top


def _ratio_label(log2_value: float) -> str:
    k = int(log2_value)
    return str(2 ** k) if k >= 0 else f"1/{2 ** -k}"


def _hatch_zeros(ax: Any, values: np.ndarray) -> None:
    """Hatch the cells with no contact, so that they read apart from any colour."""
    from matplotlib.patches import Rectangle

    for r, c in zip(*np.nonzero(values == 0), strict=True):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="///",
                               edgecolor="white", linewidth=0))


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
