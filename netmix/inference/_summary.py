"""Reductions over null or bootstrap values that never warn a bare numpy RuntimeWarning.

A resampled statistic can be nan (undefined in that replicate) or infinite (a log odds
ratio with an empty cell). The mean, standard deviation and interpolated quantiles of such
values are then undefined; these helpers return nan and say why in a
:class:`~netmix.DegenerateMixingWarning` instead of letting numpy warn "invalid value
encountered in subtract".
"""

from __future__ import annotations

import warnings

import numpy as np

from ..exceptions import DegenerateMixingWarning

__all__ = ["moments", "order_quantiles", "warn"]

NAN = float("nan")


def warn(message: str, stacklevel: int) -> None:
    """A :class:`DegenerateMixingWarning` ``stacklevel`` frames above the caller."""
    warnings.warn(message, DegenerateMixingWarning, stacklevel=stacklevel + 1)


def moments(values: np.ndarray, what: str, outputs: str, stacklevel: int
            ) -> tuple[float, float]:
    """``(mean, sd with ddof=1)`` of the defined (non-nan) ``values``; nan with a warning
    naming ``outputs`` (e.g. "the null mean, sd and z-score") when they are undefined.

    ``what`` names the values in the message ("null replicates", "bootstrap resamples").
    """
    n = values.size
    if n == 0:
        return NAN, NAN
    infinite = int(np.count_nonzero(np.isinf(values)))
    if infinite:
        warn(f"{infinite} of {n} {what} gave an infinite statistic (e.g. a log odds ratio "
             f"with an empty cell); {outputs} are undefined (nan).", stacklevel + 1)
        return NAN, NAN
    if values.min() == values.max():  # constant: exactly (no rounding noise in the sd)
        return float(values[0]), (0.0 if n > 1 else NAN)
    with np.errstate(over="ignore", invalid="ignore"):
        mean = float(values.mean())
        sd = float(values.std(ddof=1)) if n > 1 else NAN
    if not np.isfinite(mean) or (n > 1 and not np.isfinite(sd)):
        warn(f"the {what} are too large to average in float64 (largest "
             f"|value| {float(np.max(np.abs(values))):.3g}); {outputs} are undefined (nan).",
             stacklevel + 1)
        return NAN, NAN
    return mean, sd


def order_quantiles(values: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``numpy.quantile(values, probs)`` (the default linear rule, to the bit); nan where a
    quantile would interpolate with or fall on an infinite value (the caller says why)."""
    probs = np.asarray(probs, dtype=float)
    if np.isfinite(values).all():
        return np.asarray(np.quantile(values, probs), dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        lower = np.quantile(values, probs, method="lower")
        higher = np.quantile(values, probs, method="higher")
        out = np.asarray(np.quantile(values, probs), dtype=float)
    return np.where(np.isfinite(lower) & np.isfinite(higher), out, np.nan)
