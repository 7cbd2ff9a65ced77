"""Result objects: frozen dataclasses with ``summary()``, ``to_frame()`` and ``to_dict()``.

A result of anything with uncertainty unpacks to ``statistic, pvalue`` (as statsmodels'
test results do) when it defines those two fields, renders in Jupyter through
``_repr_html_`` and keeps the record of how it was made (null model, resamples, seed,
weight) as ordinary fields.

Field names are scipy's: ``statistic``, ``pvalue``, ``standard_error``,
``confidence_interval`` (a :class:`ConfidenceInterval` ``(low, high)``, as
:func:`scipy.stats.bootstrap` returns) with ``confidence_level``, ``null_distribution``,
``null_mean``, ``null_sd``, ``n_resamples`` and ``seed``. In tables (``to_frame()``, and
every DataFrame netmix returns) an interval is two columns, ``ci_low`` and ``ci_high``.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ._format import (
    format_frame,
    format_interval,
    format_number,
    format_pvalue,
    format_value,
    frame_text,
)

__all__ = ["HTML_ROWS", "REPR_LINES", "REPR_WIDTH", "ConfidenceInterval", "ResultMixin",
           "Summary"]

#: A result's text repr: at most this many lines, each at most this many characters.
REPR_LINES, REPR_WIDTH = 10, 100
#: Rows (and columns) of a table previewed in a result's HTML repr.
HTML_ROWS = 12


class ConfidenceInterval(NamedTuple):
    """A confidence interval ``(low, high)``, as scipy's results hold it."""

    low: float
    high: float


class Summary(str):
    """A text summary that also renders as an HTML table in Jupyter."""

    def __new__(cls, title: str, rows: list[tuple[str, Any]], *,
                n_resamples: int | None = None):
        texts = [(str(k), format_value(v, str(k), n_resamples=n_resamples, digits=6))
                 for k, v in rows]
        width = max((len(k) for k, _ in texts), default=0)
        body = "\n".join(f"  {k:<{width}}  {v}" for k, v in texts)
        obj = super().__new__(cls, f"{title}\n{body}")
        obj._title, obj._rows, obj._texts = title, rows, texts
        return obj

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                        f"<td>{html.escape(v)}</td></tr>" for k, v in self._texts)
        return f"<table><caption>{html.escape(self._title)}</caption>{cells}</table>"


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool, int, float, np.generic))


def _scalar_items(result: Any) -> list[tuple[str, Any]]:
    """The scalar fields in order; an interval becomes ``ci_low`` and ``ci_high``."""
    items: list[tuple[str, Any]] = []
    for k, v in result.to_dict().items():
        if isinstance(v, ConfidenceInterval):
            prefix = "ci" if k == "confidence_interval" else k
            items += [(f"{prefix}_low", v.low), (f"{prefix}_high", v.high)]
        elif _is_scalar(v):
            items.append((k, v))
    return items


class ResultMixin:
    """Shared behaviour of netmix's frozen ``*Result`` dataclasses.

    The text repr is a few lines (at most :data:`REPR_LINES`, each at most
    :data:`REPR_WIDTH` characters): a head naming the result, the estimate with its p-value
    and interval, how it was made, and a preview of its main table when it has one. The
    HTML repr is the same as a small table. ``summary()`` lists every scalar field. Numbers
    read as :mod:`netmix._format` writes them: no e-notation, p-values as ``< 0.001``.

    A subclass shapes its repr by overriding :meth:`_repr_groups` (the lines of label and
    value pairs) and :meth:`_preview` (the table previewed); the repr itself is installed
    on every subclass, so that ``@dataclass`` does not replace it with a field dump.
    """

    _title: str = "netmix result"
    #: The fields of the "how it was made" line of the repr.
    _record_fields: tuple[str, ...] = ("null", "method", "alternative", "weight",
                                       "n_resamples", "seed")
    #: The table the repr previews (None: ``table``, ``matrix`` or ``totals``).
    _preview_field: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__repr__" not in cls.__dict__:  # @dataclass keeps a __repr__ the class has
            cls.__repr__ = ResultMixin.__repr__  # type: ignore[method-assign]

    def to_dict(self) -> dict[str, Any]:
        """Every field, arrays included."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def to_frame(self) -> pd.DataFrame:
        """One row of the scalar fields, to concatenate across analyses (the confidence
        interval as ``ci_low`` and ``ci_high``)."""
        return pd.DataFrame([dict(_scalar_items(self))])

    def summary(self) -> Summary:
        """The scalar fields as a table (text, and HTML in Jupyter)."""
        return Summary(self._title, _scalar_items(self), n_resamples=self._mc_resamples())

    # ------------------------------------------------------------------ display
    def _mc_resamples(self) -> int | None:
        """The number of resamples behind a Monte Carlo p-value (b + 1)/(m + 1), else None
        (then no p-value is shown at the test's floor, see :func:`format_pvalue`)."""
        names = {f.name for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        monte_carlo = ("null_distribution" in names or "permutation" in str(
            getattr(self, "method", ""))) and not getattr(self, "exact", False)
        n = getattr(self, "n_resamples", None)
        return int(n) if monte_carlo and isinstance(n, (int, np.integer)) and n > 0 else None

    def _repr_groups(self) -> list[list[tuple[str, str]]]:
        """Lines of ``(label, value)`` pairs: estimate, null, record, notes."""
        get = self.__dict__.get
        estimate: list[tuple[str, str]] = []
        if _is_number(get("statistic")):
            label = get("statistic_name") or getattr(self, "_statistic_label", "statistic")
            estimate.append((str(label), format_number(get("statistic"), strip=False)))
        if _is_number(get("pvalue")):
            estimate.append(("p", format_pvalue(get("pvalue"), self._mc_resamples())))
        ci = get("confidence_interval")
        if isinstance(ci, ConfidenceInterval):
            level = get("confidence_level")
            label = f"{format_number(100 * level)} % CI" if _is_number(level) else "CI"
            estimate.append((label, format_interval(ci.low, ci.high, strip=False)))
        for key, label in (("standard_error", "standard error"),
                           ("standard_error_log", "standard error (log)")):
            if _is_number(get(key)):
                estimate.append((label, format_number(get(key))))
        null = [(label, format_number(get(key))) for key, label in (
            ("null_mean", "null mean"), ("null_sd", "null sd"), ("zscore", "z"))
            if _is_number(get(key))]
        record = [(_label(key), format_value(get(key), key)) for key in self._record_fields
                  if key in self.__dict__ and get(key) is not None
            and not (key == "alternative" and get(key) == "two-sided")
            and not (key == "n_resamples" and get(key) == 0)]
        return [estimate, null, record, _note_pairs(get("notes"))]

    def _preview(self) -> pd.DataFrame | None:
        """The table a repr previews: the field ``_preview_field`` names, else the first
        DataFrame of ``table``, ``matrix``, ``totals`` (None: none)."""
        names = (self._preview_field,) if self._preview_field else ("table", "matrix", "totals")
        for name in names:
            value = self.__dict__.get(name)
            if isinstance(value, pd.DataFrame):
                return value
        return None

    def _head(self) -> str:
        return f"<{type(self).__name__}: {self._title}>"

    def __repr__(self) -> str:
        lines = [_cut(self._head(), REPR_WIDTH)]
        for group in self._repr_groups():
            lines += _wrap(group, REPR_WIDTH)
        frame = self._preview()
        room = REPR_LINES - len(lines) - 2  # the table's header and its "more" line
        if frame is not None and room >= 2:
            text = frame_text(frame, max_rows=room, width=REPR_WIDTH - 2,
                              n_resamples=self._mc_resamples())
            lines += ["  " + line for line in text.splitlines()]
        elif frame is not None:
            lines.append(f"  ({len(frame):,} rows: see the result's tables)")
        return "\n".join(lines[:REPR_LINES])

    def _repr_html_(self) -> str:
        if type(self).__repr__ is not ResultMixin.__repr__:  # a class with its own line
            pairs = self.summary()._texts
        else:
            pairs = [pair for group in self._repr_groups() for pair in group]
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
                        for k, v in pairs)
        caption = html.escape(f"{type(self).__name__}: {self._title}")
        out = f"<table><caption>{caption}</caption>{cells}</table>"
        frame = self._preview()
        if frame is not None:  # pandas escapes the labels and values (escape=True)
            out += format_frame(frame, n_resamples=self._mc_resamples()).to_html(
                max_rows=HTML_ROWS, max_cols=HTML_ROWS, escape=True)
        return out

    def __iter__(self) -> Iterator[Any]:
        names = {f.name for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        if not {"statistic", "pvalue"} <= names:
            raise TypeError(f"{type(self).__name__} does not unpack")
        yield self.statistic  # type: ignore[attr-defined]
        yield self.pvalue  # type: ignore[attr-defined]


#: How the record fields are labelled in a repr (else: ``n_`` dropped, ``_`` as spaces).
_LABELS = {"n_resamples": "resamples", "null": "null model", "r_squared": "R-squared"}


def _label(key: str) -> str:
    return _LABELS.get(key) or key.removeprefix("n_").replace("_", " ")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and \
        not isinstance(value, (bool, np.bool_))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(pairs: list[tuple[str, str]], width: int) -> list[str]:
    """``label value`` pairs joined by commas, in lines of at most ``width`` characters."""
    lines: list[str] = []
    line = ""
    for label, value in pairs:
        sep = " = " if label in ("p", "z") and value[:1] not in "<>≤" else " "
        item = _cut(f"{label}{sep}{value}", width - 4)
        if line and len(line) + 2 + len(item) > width:
            lines.append(line)
            line = ""
        line = f"{line}, {item}" if line else f"  {item}"
    return lines + ([line] if line else [])


def _note_pairs(notes: Any) -> list[tuple[str, str]]:
    if not notes:
        return []
    notes = list(notes)
    more = f" (+{len(notes) - 1} more in .notes)" if len(notes) > 1 else ""
    return [("note:", _cut(str(notes[0]), 60) + more)]
