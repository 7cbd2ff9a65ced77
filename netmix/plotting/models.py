"""Plots for models: coefficient plots and mixing matrices before and after a programme."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_level, type_error
from ..exceptions import InputError
from ..models.coefficients import coefficient_table
from ._common import LITERAL, check_axes, check_color, new_axes, room, shorts
from .forest import draw_forest, forest_frame

__all__ = ["plot_coefficients", "plot_mixing_change"]


def plot_coefficients(results: Any, *, ax: Any = None, terms: Any = None,
                      title: str | None = None, color: str = "C0",
                      confidence_level: float | None = None) -> Any:
    """Coefficient plot: each estimate with its confidence interval, zero marked.

    Parameters
    ----------
    results : statsmodels results, mapping of name to results, or DataFrame
        A DataFrame needs ``term``, ``estimate``, ``ci_low`` and ``ci_high`` columns (and
        optionally ``model``), as :func:`netmix.models.coefficient_table` returns, or is
        :func:`netmix.segregation_table`'s (``index``, ``group``, ``statistic``, ``ci_low``,
        ``ci_high``; ``terms`` then selects indices). :func:`~netmix.plotting.plot_forest`
        draws the same rows with the null means and p-values of a segregation table.
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    terms : list of str, optional
        Coefficients to show (default: all but intercepts and ordinal thresholds).
    title : str, optional
    color : str
    confidence_level : float, optional
        The intervals' level: computed at it from statsmodels results (default 0.95); for a
        table, the level its intervals were made at (read from
        ``table.attrs["confidence_level"]`` when set). The axis label states it; a table
        without a known level is labelled "confidence interval", without a number.

    Returns
    -------
    matplotlib.axes.Axes
        Terms longer than 30 characters are shortened with an ellipsis; all are drawn as
        written.

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> from netmix.models import fit_outcome
    >>> from netmix.plotting.models import plot_coefficients
    >>> sim = simulate_diary_survey(300, seed=1)
    >>> ax = plot_coefficients(fit_outcome("trust ~ outgroup_share + C(group)", sim.egos))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['C(group)[T.B]', 'C(group)[T.C]', 'outgroup_share']
    """

    check_color(color)
    if confidence_level is not None:
        confidence_level = check_level(confidence_level)
    if isinstance(results, pd.DataFrame):
        table = results
        level = confidence_level if confidence_level is not None else \
            results.attrs.get("confidence_level")
    else:
        level = 0.95 if confidence_level is None else confidence_level
        table = coefficient_table(results, terms, confidence_level=level)
    key = "index" if {"index", "statistic"} <= set(table.columns) else "term"
    missing = {"term", "estimate", "ci_low", "ci_high"} - set(table.columns)
    if missing and key == "term":
        raise InputError(f"results must be statsmodels results, a segregation_table, or a "
                         f"table with columns term, estimate, ci_low, ci_high; got a table "
                         f"without {sorted(missing)}.")
    if terms is not None and isinstance(results, pd.DataFrame):
        table = table[table[key].isin(list(terms))]
    frame = forest_frame(table).assign(null_mean=np.nan, pvalue=np.nan)
    ax = new_axes(ax, (6.0 + room(shorts(frame["label"])), 1.0 + 0.35 * max(len(frame), 1)))
    draw_forest(ax, frame, color=color, reference=0.0)  # an interval need not hold the dot
    ci = "confidence interval" if level is None else f"{100 * level:.4g} % interval"
    ax.set_xlabel(f"estimate ({ci})")
    if title:
        ax.set_title(title, **LITERAL)
    return ax


def plot_mixing_change(before: Any, after: Any, *, axes: Any = None,
                       normalize: str = "row", title: str | None = None) -> Any:
    """Mixing matrices before and after a programme, and their difference.

    Parameters
    ----------
    before, after : DataFrame or MixingMatrix
        Group-by-group contact counts (e.g. from
        :func:`netmix.models.programme_matrices`, for the participants).
    axes : sequence of three matplotlib Axes, optional
        Drawn on a new figure's three Axes when omitted.
    normalize : {"row", "all", None}, default "row"
        Row shares (whom a group's contacts reach), shares of all contacts, or counts.
    title : str, optional
        Figure title.

    Returns
    -------
    numpy.ndarray of matplotlib Axes
        ``[before, after, after - before]``.

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.plotting.models import plot_mixing_change
    >>> b = pd.DataFrame([[8, 2], [2, 8]], index=list("AB"), columns=list("AB"))
    >>> a = pd.DataFrame([[6, 4], [3, 7]], index=list("AB"), columns=list("AB"))
    >>> [ax.get_title() for ax in plot_mixing_change(b, a)]
    ['before', 'after', 'after - before']
    """
    check_choice("normalize", normalize, ("row", "all", None))
    mats = [_as_frame(m, name) for m, name in ((before, "before"), (after, "after"))]
    if not (mats[0].index.equals(mats[1].index) and mats[0].columns.equals(mats[1].columns)):
        raise InputError("before and after must have the same groups (rows and columns); "
                         f"got {list(mats[0].index)} and {list(mats[1].index)}.")
    values = [_normalized(m.to_numpy(float), normalize) for m in mats]
    values.append(values[1] - values[0])
    if axes is None:
        from matplotlib.figure import Figure

        k = mats[0].shape[1]
        extra = room(shorts(mats[0].index)), room(shorts(mats[0].columns), 0.75)
        fig = Figure(figsize=(3 * (1.6 + 0.5 * k + extra[0]), 1.4 + 0.5 * k + extra[1]),
                     layout="constrained")
        axes = fig.subplots(1, 3)
    else:
        from matplotlib.axes import Axes

        if isinstance(axes, (Axes, str)) or not np.iterable(axes):
            raise type_error("axes", "three matplotlib Axes (before, after, difference) or "
                             "None", axes)
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size != 3:
        raise InputError(f"axes must be three Axes (before, after, difference); got "
                         f"{axes.size}. Pass fig.subplots(1, 3), or axes=None.")
    for a in axes:
        check_axes(a, "axes")
    top = max(float(np.abs(values[2]).max()), 1e-12)
    vmax = max(float(values[0].max()), float(values[1].max()))
    what = {"row": "row share", "all": "share", None: "contacts"}[normalize]
    for ax, val, name in zip(axes, values, ("before", "after", "after - before"), strict=True):
        diff = name == "after - before"
        image = ax.imshow(val, cmap="RdBu" if diff else "Blues", aspect="auto",
                          vmin=-top if diff else 0, vmax=top if diff else vmax)
        ax.figure.colorbar(image, ax=ax, label=f"change in {what}" if diff else what)
        ax.set_xticks(range(val.shape[1]), shorts(mats[0].columns), rotation=45,
                      ha="right", **LITERAL)  # group labels shown as written
        ax.set_yticks(range(val.shape[0]), shorts(mats[0].index), **LITERAL)
        ax.set_title(name)
        ax.set_xlabel("contact's group")
        dark = 0.6 * (top if diff else vmax)
        for (r, c), v in np.ndenumerate(val):
            ax.text(c, r, f"{v:+.2f}" if diff else (f"{v:.2f}" if normalize else f"{v:.0f}"),
                    ha="center", va="center", fontsize=8,
                    color="white" if abs(v) > dark > 0 else "black")
    axes[0].set_ylabel("person's group")
    if title:
        axes[0].figure.suptitle(title, **LITERAL)
    return axes


def _as_frame(matrix: Any, name: str) -> pd.DataFrame:
    if isinstance(matrix, pd.DataFrame):
        return matrix
    counts = getattr(matrix, "counts", None)
    if counts is not None:
        return pd.DataFrame(np.asarray(counts), index=[str(v) for v in matrix.row_labels],
                            columns=[str(v) for v in matrix.col_labels])
    raise InputError(f"{name} must be a DataFrame of group-by-group counts or a "
                     f"MixingMatrix; got {type(matrix).__name__}.")


def _normalized(counts: np.ndarray, normalize: str | None) -> np.ndarray:
    if normalize == "row":
        sums = counts.sum(axis=1, keepdims=True)
        return np.divide(counts, sums, out=np.zeros_like(counts), where=sums > 0)
    if normalize == "all":
        total = counts.sum()
        return counts / total if total > 0 else np.zeros_like(counts)
    return counts
