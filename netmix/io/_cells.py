"""What a cell read as text becomes: a number only when nothing a label could carry is
lost (see :mod:`netmix.io.tables`), and node ids int64 only when every id is a canonical
integer literal."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["canonical_ints", "harmonise_ids", "typed"]

_ZERO_PADDED = r"[+-]?0[0-9]"
_CANON_INT = r"0|-?[1-9][0-9]{0,17}"  # canonical, at most 18 digits: in int64 range
_CANON_INT19 = r"-?[1-9][0-9]{18}"
_INT_LITERAL = r"[+-]?[0-9]+"
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_I64 = np.iinfo(np.int64)


def typed(values: pd.Series) -> pd.Series:
    """Numbers when the conversion is lossless (see the module notes), else the text."""
    present = values.notna().to_numpy(dtype=bool)
    if not present.any():
        return values
    text = values[present].astype("str").str.strip(" \t")
    ints = _canonical_int_array(text)
    if ints is not None and present.all():
        return pd.Series(ints, index=values.index, name=values.name)
    if ints is not None:
        num = ints.astype(float)
    else:
        if text.str.fullmatch(_INT_LITERAL).all() or not text.str.fullmatch(_NUMBER).all():
            return values  # non-canonical integers (+7, 007, -0, huge) or not numbers
        if text.str.match(_ZERO_PADDED).any():
            return values  # zero-padded (01.5): a code, not a number
        num = text.astype("float64").to_numpy(dtype=float)
        if not np.isfinite(num).all() or text.nunique() != len(pd.unique(num)):
            return values  # two different cells give one number (1 and 1.0)
    out = np.full(len(values), np.nan)
    out[present] = num
    return pd.Series(out, index=values.index, name=values.name)


def _canonical_int_array(text: pd.Series) -> np.ndarray | None:
    """int64 values of ``text`` when every cell is a canonical integer literal, else None."""
    ok = text.str.fullmatch(_CANON_INT).to_numpy(dtype=bool)
    if not ok.all():
        rest = text[~ok]
        if not rest.str.fullmatch(_CANON_INT19).all() \
                or not all(_I64.min <= int(v) <= _I64.max for v in rest):
            return None
    return text.astype(np.int64).to_numpy()


def harmonise_ids(columns: list[tuple[pd.DataFrame | None, Any]]) -> None:
    """Give the node id columns read as text from files one type (in place).

    int64 when every id in every column is a canonical integer literal (``str(int(x)) ==
    x``, so the conversion cannot merge two different ids), else text as written.
    """
    columns = [(t, c) for t, c in columns if t is not None and c in t.columns
               and t.attrs.get("netmix_ids_as_text")]
    ints = [canonical_ints(t[c]) for t, c in columns]
    if not ints or any(v is None for v in ints):
        return
    for (table, col), values in zip(columns, ints, strict=True):
        table[col] = values


def canonical_ints(ids: pd.Series) -> pd.Series | None:
    """``ids`` (text) as int64 when every one is a canonical integer literal, else None."""
    if ids.isna().any():
        return None
    values = _canonical_int_array(ids.astype("str"))
    return None if values is None else pd.Series(values, index=ids.index, name=ids.name)
