"""The one missing-value policy of every netmix reader, loader and the command line.

A cell read from a file is **missing** when its text, with surrounding spaces and tabs
removed, is one of the missing tokens: by default :data:`MISSING_TOKENS`, the empty cell
``""`` and ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``, ``Unknown``, ``Unkn`` (compared
exactly, case included). Every reader takes the same argument ``na_values``: ``None`` (the
default) means :data:`MISSING_TOKENS`, a sequence of strings replaces it, and ``()`` means
that nothing is missing (an empty cell is then the empty string).

Deliberately **not** in the default set:

* ``None``, ``null``, ``NULL``: ordinary answers in surveys ("religion: None") and
  ambiguous in exports; read as text, such a value shows up as a group of its own in every
  table (visible, never silently dropped). Pass them in ``na_values`` when they mean
  "unknown" in your data.
* the rest of pandas' default list (``#N/A``, ``-NaN``, ``<NA>``, ``1.#IND``, ...): pandas'
  list is never applied, so no code or label outside the set above disappears silently.

``NA`` is missing by default (the convention of R and of most statistics exports); where it
is a value (Namibia, North America), pass ``na_values`` without it, e.g.
``na_values=[t for t in MISSING_TOKENS if t != "NA"]`` or ``na_values=()``.

Node ids (and ego ids) never use the tokens: an id written ``NA`` is the id ``"NA"``; an
empty id is an error naming the file, line and column. Every value taken as missing is
counted per column in the provenance (``missing_values``: ``{column: count}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputTypeError

__all__ = ["MISSING_TOKENS", "missing_mask", "na_tokens"]

#: The default missing tokens of every reader, loader and the command line (``na_values``).
MISSING_TOKENS: tuple[str, ...] = ("", "NA", "N/A", "n/a", "NaN", "nan", "Unknown", "Unkn")


def na_tokens(na_values: Iterable[str] | None, argument: str = "na_values") -> frozenset[str]:
    """The set of missing tokens for ``na_values`` (``None``: :data:`MISSING_TOKENS`).

    Examples
    --------
    >>> sorted(na_tokens(["Unknown", "?"]))
    ['?', 'Unknown']
    >>> na_tokens(()) == frozenset()
    True
    """
    if na_values is None:
        return frozenset(MISSING_TOKENS)
    if isinstance(na_values, (str, bytes)):
        raise InputTypeError(
            f"{argument} must be a sequence of strings such as ['NA', 'Unknown']; got the "
            f"single string {na_values!r}. Wrap it in a list: {argument}=[{na_values!r}].")
    try:
        tokens = list(na_values)
    except TypeError:
        raise InputTypeError(f"{argument} must be a sequence of strings such as ['NA', "
                             f"'Unknown'], or None for netmix.io.MISSING_TOKENS; got "
                             f"{type(na_values).__name__} {na_values!r}.") from None
    bad = [t for t in tokens if not isinstance(t, str)]
    if bad:
        raise InputTypeError(
            f"{argument} must hold strings (the text of a cell meaning 'unknown'); got "
            f"{bad[0]!r} ({type(bad[0]).__name__}). Write it as text, e.g. {str(bad[0])!r}.")
    return frozenset(t.strip(" \t") for t in tokens)


def missing_mask(values: pd.Series | np.ndarray, tokens: frozenset[str]) -> np.ndarray:
    """Boolean mask of the text cells that are missing tokens (surrounding blanks ignored).

    Cells already missing (``None``/NaN) count as missing too.
    """
    s = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values, dtype=object))
    na = s.isna().to_numpy(dtype=bool)
    if not tokens:
        return na
    if s.dtype == object or not pd.api.types.is_string_dtype(s.dtype):
        s = s.astype("str")  # pandas' text dtype: vectorised strip and lookup
    hit = s.str.strip(" \t").isin(list(tokens)).to_numpy(dtype=bool)
    return na | hit


def count_missing(counts: dict[Any, int], column: Any, n: int) -> None:
    """Add ``n`` missing values of ``column`` to ``counts`` (only when ``n > 0``)."""
    if n:
        counts[str(column)] = counts.get(str(column), 0) + int(n)

