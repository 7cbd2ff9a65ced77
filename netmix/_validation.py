"""The one place that checks user input at netmix's public boundary.

Every message follows ``"<argument> must ...; got .... <how to fix>"``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import InputError, InputTypeError

__all__ = [
    "check_choice",
    "check_column",
    "check_level",
    "check_nonneg",
    "check_positive",
    "check_resamples_for_level",
    "check_weights",
    "describe",
    "fresh_seed",
    "id_dtype",
    "rng_from_seed",
    "where",
]


def describe(value: Any, limit: int = 60) -> str:
    """A short, printable description of a value for an error message."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{text} ({type(value).__name__})"


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``, else raise naming the argument."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise InputError(f"{name} must be one of {options}; got {describe(value)}.")
    return value


def check_positive(name: str, value: Any, *, integer: bool = False) -> float:
    """A finite number > 0 (an integer when ``integer``)."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not np.isfinite(value) \
            or value <= 0:
        what = "a positive integer" if integer else "a positive finite number"
        raise InputError(f"{name} must be {what}; got {describe(value)}.")
    return value


def check_level(value: Any, name: str = "confidence_level") -> float:
    """A confidence level: a real number strictly between 0 and 1 (returned as a float).

    A percentage (``95``) is refused with the proportion to give instead (``0.95``).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not np.isfinite(value) or not 0 < value < 1:
        shown = value.item() if isinstance(value, np.generic) else value
        hint = (f" Give a proportion, not a percentage: {value / 100:g} for {value:g} %."
                if isinstance(value, numbers.Real) and not isinstance(value, bool)
                and 1 < value < 100 else " E.g. 0.95 for a 95 % interval.")
        raise InputError(f"{name} must be a number strictly between 0 and 1; got "
                         f"{describe(shown)}.{hint}")
    return float(value)


def check_resamples_for_level(n_resamples: int, level: float, *, alternative: str = "the "
                              "method='analytic' option", name: str = "n_resamples",
                              level_name: str = "confidence_level") -> None:
    """Enough resamples for a percentile interval at ``level``.

    The percentile endpoints are the (B + 1)(1 ∓ level)/2 order statistics of B resamples;
    with fewer than ``2 / (1 - level) - 1`` they would be the extreme resamples, an interval
    narrower than its level (the condition of R's ``boot.ci`` warning "extreme order
    statistics used as endpoints").
    """
    need = int(np.ceil(2 / (1 - level) - 1 - 1e-9))
    if n_resamples < need:
        raise InputError(f"{name} must be at least {need} for a percentile bootstrap "
                         f"interval at {level_name}={level:g}; got {n_resamples}. "
                         f"Use {name}={max(999, need)} or more (or {alternative}).")


def check_nonneg(name: str, value: Any) -> float:
    """A finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value < 0:
        raise InputError(f"{name} must be a finite number >= 0; got {describe(value)}.")
    return value


def where(table: pd.DataFrame, label: Any) -> str:
    """Where a row came from: ``FILE, line N`` (``row N`` for Parquet), else ``row R``.

    Readers set ``table.attrs["netmix_path"]`` (and ``"netmix_unit"`` when rows are not
    lines) and index their tables by line (or row) number.
    """
    if isinstance(label, np.generic):
        label = label.item()
    path = table.attrs.get("netmix_path")
    if path is not None:
        return f"{path}, {table.attrs.get('netmix_unit', 'line')} {label}"
    return f"{table.attrs.get('netmix_unit', 'row')} {label!r}"


def check_column(table: pd.DataFrame, column: Any, argument: str, *, source: str = "") -> None:
    """Raise if ``column`` is not a column of ``table``, listing the columns it has."""
    if column not in table.columns:
        have = ", ".join(repr(c) for c in list(table.columns)[:20])
        src = f" in {source}" if source else ""
        raise InputError(
            f"{argument} must name a column{src}; got {column!r}, but the columns are: {have}. "
            f"Pass {argument}=<one of those names>."
        )


def shown(value: Any) -> str:
    """A value as it was written, for a message: ``nan``, ``1e+300``, ``'abc'``, ``True``
    (never numpy's ``np.float64(nan)``)."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: Weights whose largest value lies outside this range are rescaled before they reach code
#: that squares them (igraph's modularity); see :func:`extreme_weights`.
SAFE_SCALE = (1e-100, 1e100)


def check_weights(values: Any, *, argument: str = "weight", what: str | None = None,
                  locate: Any = None, table: pd.DataFrame | None = None,
                  nonnegative: bool = True, fix: str = "") -> np.ndarray:
    """Edge weights as float64, checked: numbers (not true/false values; text only where it
    spells a number), finite, and >= 0.

    The one weight check of netmix, used wherever weights enter: edge tables
    (:func:`netmix.from_edges`, readers) and weight attributes picked by name in measures.

    Parameters
    ----------
    values : array_like
        The weights, one per edge (or row).
    argument : str
        The argument the error names (``"weight"``).
    what : str, optional
        What the values are, e.g. ``"column 'w'"`` or ``"edge attribute 'w'"``.
    locate : callable, optional
        ``locate(k)`` says where value ``k`` is (``"edge 3 (between nodes 1 and 2)"``).
    table : pandas.DataFrame, optional
        The table the values are a column of: errors name its file and line (the table's
        index holds the line numbers; see :func:`where`) and carry ``path`` and ``line``.
    nonnegative : bool, default True
        Whether negative weights are an error (weights count ties).
    fix : str
        How to fix it, appended to the message.

    Returns
    -------
    numpy.ndarray of float64
        Integer weights are converted (their sums then never wrap around).

    Examples
    --------
    >>> check_weights([1, 2.5, "3"])
    array([1. , 2.5, 3. ])
    >>> check_weights([1.0, float("nan")], what="column 'w'")
    Traceback (most recent call last):
    ...
    netmix.exceptions.InputError: weight: column 'w' must hold finite numbers; got a missing...
    """
    what = what or "the weights"
    arr = np.asarray(values)
    if arr.dtype.kind in "US":  # text: numbers written as text are read as numbers
        arr = arr.astype(object)
    if arr.dtype.kind == "O":
        arr = _object_weights(arr, argument, what, locate, table, fix)
    if arr.dtype.kind == "b":
        raise _weight_error(argument, f"{what} must hold numbers (weights), not true/false "
                            "values", 0 if arr.size else None, arr, locate, table,
                            "Convert it to numbers first (e.g. .astype(int)) if true is meant "
                            "to count 1, or pass weight=None to count edges.")
    if arr.dtype.kind not in "iuf":  # dates, durations, complex numbers, ...
        raise _weight_error(argument, f"{what} must hold real numbers (weights)", None, arr,
                            locate, table, fix)
    w = arr.astype(np.float64, copy=False)
    bad = ~np.isfinite(w)
    if bad.any():
        raise _weight_error(argument, f"{what} must hold finite numbers", int(
            np.flatnonzero(bad)[0]), arr, locate, table, fix)
    if nonnegative and w.size and w.min() < 0:
        raise _weight_error(argument, f"{what} must be >= 0 (weights count ties)",
                            int(np.flatnonzero(w < 0)[0]), arr, locate, table, fix)
    return w


def _object_weights(arr: np.ndarray, argument: str, what: str, locate: Any,
                    table: pd.DataFrame | None, fix: str) -> np.ndarray:
    """Object arrays (Python numbers, numbers as text, None): floats out, else an error at
    the first value that is not a number (vectorised; only that value is looked at alone)."""
    flat = arr.ravel()
    text = pd.Series(flat, dtype=object).astype(str).str.strip()
    out = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    written_nan = text.str.lower().isin(("nan", "-nan", "+nan")).to_numpy()
    none = pd.isna(pd.Series(flat, dtype=object)).to_numpy()
    bad = np.isnan(out) & ~written_nan | none
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        v = flat[k]
        if none[k]:
            raise _weight_error(argument, f"{what} must hold finite numbers", k, arr, locate,
                                table, fix)
        truth = isinstance(v, (bool, np.bool_)) or (
            isinstance(v, str) and v.strip().lower() in ("true", "false"))
        raise _weight_error(argument, f"{what} must hold numbers (weights)"
                            + (", not true/false values" if truth else ""), k, arr,
                            locate, table, fix)
    return out.reshape(arr.shape)


def _weight_error(argument: str, rule: str, k: int | None, arr: np.ndarray, locate: Any,
                  table: pd.DataFrame | None, fix: str) -> InputError:
    path = line = None
    if k is None:
        got = f"; got dtype {arr.dtype}"
    else:
        value = arr.ravel()[k]
        missing = value is None or (isinstance(value, (float, np.floating)) and np.isnan(value))
        got = "; got a missing value" if missing else f"; got {shown(value)}"
    if k is not None and table is not None:
        label = table.index[k]
        got += f" at {where(table, label)}"
        path = table.attrs.get("netmix_path")
        if path is not None and table.attrs.get("netmix_unit", "line") == "line":
            line = int(label)
    elif k is not None:
        got += f" at {locate(k)}" if locate is not None else f" at row {k}"
    text = f"{argument}: {rule}{got}."
    if fix:
        text += f" {fix}"
    return InputError(text, path=path, line=line)


def weight_scale(w: np.ndarray | None) -> float:
    """A power of two from the largest ``|w|`` to twice it (1 for no or all-zero weights).

    Statistics that do not depend on the weights' scale divide the weights by it before any
    product or square, so that nothing overflows or underflows at 1e300 or 1e-300; dividing
    by a power of two is exact, so ordinary weights give the very same numbers.
    """
    if w is None or np.size(w) == 0:
        return 1.0
    top = float(np.max(np.abs(w)))
    if top == 0 or not np.isfinite(top):
        return 1.0
    return float(np.ldexp(1.0, int(np.frexp(top)[1])))


def extreme_weights(w: np.ndarray | None) -> bool:
    """Whether the largest ``|w|`` is outside :data:`SAFE_SCALE` (code that cannot rescale
    cheaply, such as igraph's, then works on ``w / weight_scale(w)``)."""
    if w is None or np.size(w) == 0:
        return False
    top = float(np.max(np.abs(w)))
    return top != 0 and not SAFE_SCALE[0] <= top <= SAFE_SCALE[1]


def id_dtype(n: int) -> type:
    """Smallest signed integer dtype that indexes ``n`` nodes (int32 below 2**31)."""
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


def positions_within(a: np.ndarray, n: int) -> bool:
    """Whether every value of the integer array ``a`` is a node position ``0..n-1``, in one
    reduction: a signed array is read as unsigned, where a negative value is above any
    position.

    Examples
    --------
    >>> import numpy as np
    >>> positions_within(np.array([0, 2, 1]), 3), positions_within(np.array([0, -1]), 3)
    (True, False)
    """
    if a.size == 0:
        return True
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    if a.dtype.kind == "i":
        a = a.view(np.dtype(f"u{a.dtype.itemsize}"))
    return int(a.max()) < n


def fresh_seed(seed: Any) -> Any:
    """``seed`` itself, or when it is None a fresh integer from the operating system's entropy
    (``numpy.random.SeedSequence().entropy``): the seed to use and to record on the result,
    so that a run with ``seed=None`` can be repeated exactly."""
    return np.random.SeedSequence().entropy if seed is None else seed


def rng_from_seed(seed: Any) -> np.random.Generator:
    """``numpy.random.default_rng(seed)`` with a netmix error for a bad seed."""
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"seed must be None, an integer >= 0, a SeedSequence or a Generator; "
            f"got {describe(seed)}."
        ) from exc


def first_items(values: Iterable[Any], k: int = 5) -> str:
    """The first ``k`` items of ``values`` for a message (``a, b, c, ... (N in all)``)."""
    values = list(values)
    head = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in values[:k])
    return head + (f", ... ({len(values)} in all)" if len(values) > k else "")


def type_error(name: str, expected: str, value: Any) -> InputTypeError:
    """An :class:`InputTypeError` in netmix's wording."""
    return InputTypeError(f"{name} must be {expected}; got {describe(value)}.")
