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

__all__ = ["ConfidenceInterval", "ResultMixin", "Summary"]


class ConfidenceInterval(NamedTuple):
    """A confidence interval ``(low, high)``, as scipy's results hold it."""

    low: float
    high: float


class Summary(str):
    """A text summary that also renders as an HTML table in Jupyter."""

    def __new__(cls, title: str, rows: list[tuple[str, Any]]):
        width = max((len(k) for k, _ in rows), default=0)
        body = "\n".join(f"  {k:<{width}}  {_fmt(v)}" for k, v in rows)
        obj = super().__new__(cls, f"{title}\n{body}")
        obj._title, obj._rows = title, rows
        return obj

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                        f"<td>{html.escape(_fmt(v))}</td></tr>" for k, v in self._rows)
        return f"<table><caption>{html.escape(self._title)}</caption>{cells}</table>"


def _fmt(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return "nan" if np.isnan(value) else f"{value:.6g}"
    return str(value)


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
    """Shared behaviour of netmix's frozen ``*Result`` dataclasses."""

    _title: str = "netmix result"

    def to_dict(self) -> dict[str, Any]:
        """Every field, arrays included."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def to_frame(self) -> pd.DataFrame:
        """One row of the scalar fields, to concatenate across analyses (the confidence
        interval as ``ci_low`` and ``ci_high``)."""
        return pd.DataFrame([dict(_scalar_items(self))])

    def summary(self) -> Summary:
        """The scalar fields as a table (text, and HTML in Jupyter)."""
        return Summary(self._title, _scalar_items(self))

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __iter__(self) -> Iterator[Any]:
        names = {f.name for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        if not {"statistic", "pvalue"} <= names:
            raise TypeError(f"{type(self).__name__} does not unpack")
        yield self.statistic  # type: ignore[attr-defined]
        yield self.pvalue  # type: ignore[attr-defined]
