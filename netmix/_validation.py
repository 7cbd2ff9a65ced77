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
    "check_nonneg",
    "check_positive",
    "describe",
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
    return f"row {label!r}"


def check_column(table: pd.DataFrame, column: Any, argument: str, *, source: str = "") -> None:
    """Raise if ``column`` is not a column of ``table``, listing the columns it has."""
    if column not in table.columns:
        have = ", ".join(repr(c) for c in list(table.columns)[:20])
        src = f" in {source}" if source else ""
        raise InputError(
            f"{argument} must name a column{src}; got {column!r}, but the columns are: {have}. "
            f"Pass {argument}=<one of those names>."
        )


def id_dtype(n: int) -> type:
    """Smallest signed integer dtype that indexes ``n`` nodes (int32 below 2**31)."""
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


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
