"""The result of :func:`~netmix.temporal.mixing_over_time`: one row per window."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._results import ConfidenceInterval, ResultMixin, Summary
from ..measures.mixing import MixingMatrix

__all__ = ["MixingOverTime"]


@dataclass(frozen=True, eq=False, repr=False)  # arrays inside: compare fields, not results
class MixingOverTime(ResultMixin):
    """A mixing statistic in each time window, with its interval.

    Attributes
    ----------
    window_start, window_end : pandas.DatetimeIndex
        Local (time-zone-aware) bounds of each window ``[start, end)``.
    statistic : numpy.ndarray
        The statistic of each window's graph (nan where undefined, see ``notes``).
    standard_error : numpy.ndarray
    confidence_interval : ConfidenceInterval
        ``(low, high)`` arrays, one value per window.
    confidence_level : float
    n_contacts : numpy.ndarray
        Records in each window.
    matrices : tuple of MixingMatrix
        Each window's mixing matrix (``weight`` summed).
    notes : tuple of str
        Why a window's value is nan ("" when it is defined).
    statistic_name, weight, interval, n_resamples, seed
        How it was made; ``interval`` is ``"jackknife"`` (Newman's analytic standard error
        and Wald interval), ``"bootstrap"`` (node bootstrap, percentile interval) or
        ``"none"``; ``n_resamples`` is 0 unless bootstrapped; ``seed`` is None unless
        bootstrapped.
    freq, size, step, tz
        How the windows were cut (``freq`` for calendar windows, ``size``/``step`` for
        sliding ones) and the time zone they were cut in.
    profile : pandas.DataFrame or None
        With ``profile="day"``: one row per time of day (``time_of_day``, the offset from
        local midnight), the mean over days of the windows starting then (``statistic``),
        its between-day ``standard_error`` and t interval (``ci_low``, ``ci_high``),
        ``n_days`` (days with a defined value) and ``n_contacts``.
    """

    window_start: pd.DatetimeIndex
    window_end: pd.DatetimeIndex
    statistic: np.ndarray
    standard_error: np.ndarray
    confidence_interval: ConfidenceInterval
    confidence_level: float
    n_contacts: np.ndarray
    matrices: tuple[MixingMatrix, ...] = field(repr=False)
    notes: tuple[str, ...]
    statistic_name: str
    weight: str | None
    interval: str
    n_resamples: int
    seed: Any
    freq: str | None
    size: str | None
    step: str | None
    tz: str
    profile: pd.DataFrame | None = None

    _title = "Mixing over time"

    @property
    def n_windows(self) -> int:
        return len(self.statistic)

    def to_frame(self) -> pd.DataFrame:
        """One row per window: ``window_start``, ``window_end``, ``statistic``,
        ``standard_error``, ``ci_low``, ``ci_high``, ``n_contacts``, ``total`` (the mixing
        matrix's total: edges, or the summed weight), ``within`` (its diagonal share) and
        ``note``, plus the record of how it was made (``statistic_name``, ``weight``,
        ``interval``, ``confidence_level``)."""
        total = np.array([float(m.counts.sum()) for m in self.matrices])
        diag = np.array([float(np.trace(m.counts)) if m.square else np.nan
                         for m in self.matrices])
        with np.errstate(invalid="ignore", divide="ignore"):
            within = np.where(total > 0, diag / np.where(total > 0, total, 1), np.nan)
        return pd.DataFrame({
            "window_start": self.window_start, "window_end": self.window_end,
            "statistic": self.statistic, "standard_error": self.standard_error,
            "ci_low": self.confidence_interval.low, "ci_high": self.confidence_interval.high,
            "n_contacts": self.n_contacts, "total": total, "within": within,
            "note": list(self.notes), "statistic_name": self.statistic_name,
            "weight": self.weight, "interval": self.interval,
            "confidence_level": self.confidence_level})

    def summary(self) -> Summary:
        defined = np.isfinite(self.statistic)
        windows = (f"calendar, freq={self.freq}" if self.freq else
                   f"sliding, size={self.size}, step={self.step}")
        rows = [("statistic_name", self.statistic_name), ("weight", self.weight),
                ("windows", windows), ("tz", self.tz), ("n_windows", self.n_windows),
                ("n_defined", int(defined.sum())),
                ("first_window", str(self.window_start[0]) if self.n_windows else ""),
                ("last_window", str(self.window_start[-1]) if self.n_windows else ""),
                ("mean_statistic", float(np.mean(self.statistic[defined])) if defined.any()
                 else float("nan")),
                ("interval", self.interval), ("confidence_level", self.confidence_level),
                ("n_resamples", self.n_resamples), ("seed", self.seed)]
        if self.profile is not None:
            rows.append(("profile", f"day ({len(self.profile)} times of day)"))
        return Summary(self._title, rows)

    def __repr__(self) -> str:
        windows = f"freq={self.freq}" if self.freq else f"size={self.size}, step={self.step}"
        return (f"<MixingOverTime: {self.statistic_name} in {self.n_windows} windows "
                f"({windows}, {self.tz}); interval={self.interval}>")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """The statistic over time with its interval (the profile over the day when there
        is one): :func:`netmix.plotting.plot_mixing_over_time`."""
        # looked up at call time: the figure code lives in the plotting layer, which the
        # core never imports (tests/test_architecture.py)
        plotting = importlib.import_module("netmix.plotting.temporal")
        return plotting.plot_mixing_over_time(self, ax=ax, **kwargs)
