"""Numbers as people read them: no e-notation, thousands separators, durations in hours and
minutes, p-values as "< 0.001", and groups in a natural order.

Every text netmix shows (result reprs and summaries, the report, figure labels) goes through
these functions, so that one value reads the same everywhere. The numbers behind them are
never changed: ``to_frame()`` and the tables keep full precision.

Rules
-----
* :func:`format_number`: integers (and integer-valued floats) with thousands separators,
  ``12,345``; other values to ``digits`` significant digits, never in e-notation
  (``0.000123``); magnitudes below :math:`10^{-6}` read ``< 0.000001``.
* :func:`format_pvalue`: ``< 0.001`` below 0.001; three decimals below 0.1 (``0.023``), two
  above (``0.47``). A Monte Carlo p-value :math:`(b + 1)/(m + 1)` (Phipson & Smyth 2010,
  doi:10.2202/1544-6115.1585) cannot go below :math:`1/(m + 1)` (one-sided) or
  :math:`2/(m + 1)` (two-sided). When ``n_resamples`` is given and the p-value is at that
  floor (at most two of the :math:`m + 1` arrangements as extreme), it reads
  ``≤ 0.002``: with more resamples it could be smaller, and "< 0.002" would claim what the
  test did not show. It is never shown as 0.
* :func:`format_duration`: ``435 h 12 min``, ``3 min 20 s``, ``45 s``.
* :func:`format_share`: ``23.5 %``; a share that is neither 0 nor 1 never reads as
  ``0.0 %`` or ``100.0 %`` (``< 0.1 %``, ``> 99.9 %``).
* :func:`sort_groups`: natural order, numbers as numbers: ``1A < 1B < 2A < 10A``,
  ``MP < MP*1 < MP*2``; numeric labels first, missing labels last.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from typing import Any

from ._validation import describe
from .exceptions import InputError, InputTypeError

__all__ = ["LEQ", "format_duration", "format_frame", "format_interval", "format_number",
           "format_pvalue", "format_share", "format_value", "frame_text", "natural_key",
           "pvalue_phrase", "sort_groups"]

#: The "at most" sign of a p-value at its Monte Carlo floor.
LEQ = "≤"

#: Values below this magnitude read "< 0.000001" (more zeros would be unreadable).
_TINY_EXPONENT = -6

#: Column names read as p-values, shares and durations by :func:`format_frame`.
_PVALUE = re.compile(r"(^|_)(pvalue|p_value|p_greater|p_less|p)(_|$)")
_SHARE = re.compile(r"(^|_)(share|prop|proportion|purity)(_|$)")
_RAW = {"seed", "year", "id"}


def _real(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name} must be a real number; got {describe(value)}. Format "
                             "one value at a time (use format_frame for a table).")
    return float(value)


def _strip(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: Any, digits: int = 3, *, strip: bool = True) -> str:
    """A number as a person reads it: no e-notation, thousands separators.

    Integers and integer-valued floats are shown whole (``12,345``); other values with
    ``digits`` significant digits (whole when they have more integer digits than that).

    Parameters
    ----------
    value : int or float
    digits : int, default 3
        Significant digits of a non-integer value.
    strip : bool, default True
        Drop trailing zeros (``0.5`` rather than ``0.500``).

    Examples
    --------
    >>> format_number(12345), format_number(0.61234), format_number(1234.56)
    ('12,345', '0.612', '1,235')
    >>> format_number(0.000123456), format_number(-2.5e-9), format_number(float("nan"))
    ('0.000123', '> -0.000001', 'nan')
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"{int(value):,}"
    x = _real(value, "value")
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if exponent < _TINY_EXPONENT:
        return "< 0.000001" if x > 0 else "> -0.000001"
    decimals = digits - 1 - exponent
    if decimals <= 0 or (x == round(x) and abs(x) < 1e15):
        return f"{round(x):,}"
    text = f"{x:,.{decimals}f}"
    text = _strip(text) if strip else text
    return "0" if text in ("-0", "0") else text


def format_pvalue(pvalue: Any, n_resamples: int | None = None) -> str:
    """A p-value as printed in papers: ``< 0.001``, ``0.023``, ``0.47``; never 0.

    Parameters
    ----------
    pvalue : float
        Between 0 and 1 (nan reads ``nan``).
    n_resamples : int, optional
        For a Monte Carlo p-value :math:`(b + 1)/(m + 1)`: the number of resamples
        :math:`m`. A p-value at the test's floor (:math:`\\le 2/(m + 1)`) reads
        ``≤ 0.002`` (see the module notes).

    Examples
    --------
    >>> format_pvalue(0.0004), format_pvalue(0.0234), format_pvalue(0.4712), format_pvalue(0.0)
    ('< 0.001', '0.023', '0.47', '< 0.001')
    >>> format_pvalue(2 / 1000, n_resamples=999), format_pvalue(0.5, n_resamples=999)
    ('≤ 0.002', '0.50')
    """
    p = _real(pvalue, "pvalue")
    if math.isnan(p):
        return "nan"
    if not -1e-12 <= p <= 1 + 1e-12:
        raise InputError(f"pvalue must be between 0 and 1; got {p!r}. Pass a p-value, not a "
                         "statistic or a percentage.")
    if p < 0.001:
        return "< 0.001"
    text = f"{p:.3f}" if p < 0.0995 else f"{min(p, 1.0):.2f}"
    if n_resamples:
        m = int(n_resamples)
        if p * (m + 1) <= 2 * (1 + 1e-9):
            return f"{LEQ} {text}"
    return text


def pvalue_phrase(pvalue: Any, n_resamples: int | None = None) -> str:
    """``p = 0.023``, ``p < 0.001`` or ``p ≤ 0.002``, for running text.

    Examples
    --------
    >>> pvalue_phrase(0.0234), pvalue_phrase(1e-9), pvalue_phrase(0.001, n_resamples=999)
    ('p = 0.023', 'p < 0.001', 'p ≤ 0.001')
    """
    text = format_pvalue(pvalue, n_resamples)
    return f"p {text}" if text[0] in f"<{LEQ}" else f"p = {text}"


def format_interval(low: Any, high: Any, digits: int = 3, *, strip: bool = True) -> str:
    """A confidence interval as ``0.513 to 0.702``.

    Examples
    --------
    >>> format_interval(0.51312, 0.70234), format_interval(0.5, 0.7, strip=False)
    ('0.513 to 0.702', '0.500 to 0.700')
    """
    return (f"{format_number(low, digits, strip=strip)} to "
            f"{format_number(high, digits, strip=strip)}")


def format_duration(seconds: Any) -> str:
    """A duration in seconds as hours and minutes, minutes and seconds, or seconds.

    Rounded to the minute from one hour up, to the second below.

    Examples
    --------
    >>> format_duration(1_566_720), format_duration(200), format_duration(45)
    ('435 h 12 min', '3 min 20 s', '45 s')
    >>> format_duration(3599.6), format_duration(7200), format_duration(0.25)
    ('1 h', '2 h', '0.25 s')
    """
    s = _real(seconds, "seconds")
    if math.isnan(s) or math.isinf(s):
        return format_number(s)
    if s < 0:
        return "-" + format_duration(-s)
    if 0 < s < 0.5:
        return f"{format_number(s, 2)} s"
    total = round(s)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, rest = divmod(total, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(round(s / 60), 60)
    return f"{hours:,} h {minutes} min" if minutes else f"{hours:,} h"


def format_share(share: Any, digits: int = 1) -> str:
    """A share (0 to 1) as a percentage, ``23.5 %``.

    Examples
    --------
    >>> format_share(0.2346), format_share(0), format_share(1), format_share(0.00001)
    ('23.5 %', '0 %', '100 %', '< 0.1 %')
    >>> format_share(0.99999)
    '> 99.9 %'
    """
    x = _real(share, "share")
    if math.isnan(x):
        return "nan"
    if x in (0.0, 1.0):
        return f"{round(100 * x)} %"
    floor = 10.0 ** -digits
    pct = 100 * x
    if 0 < pct < floor / 2:
        return f"< {floor:.{digits}f} %"
    if 100 - floor / 2 <= pct < 100:
        return f"> {100 - floor:.{digits}f} %"
    return f"{pct:,.{digits}f} %"


def format_value(value: Any, key: str = "", *, n_resamples: int | None = None,
                 digits: int = 3, strip: bool = True) -> str:
    """Any field of a result as text, read by its name: p-values (:func:`format_pvalue`),
    shares (``share_*``, ``prop_*``: :func:`format_share`), seeds (as they are: a seed is
    repeated exactly), other numbers (:func:`format_number`).

    Examples
    --------
    >>> format_value(1e-5, "pvalue"), format_value(123456, "seed"), format_value(123456, "n")
    ('< 0.001', '123456', '123,456')
    >>> format_value(0.25, "share_exact")
    '25.0 %'
    """
    if value is None:
        return "none"
    if isinstance(value, (bool, str)) or (hasattr(value, "dtype") and value.dtype == bool):
        return str(value)
    if not isinstance(value, numbers.Real):
        return str(value)
    if key in _RAW or key.endswith("seed"):
        return str(value)
    if _PVALUE.search(key):
        return format_pvalue(value, n_resamples)
    if _SHARE.search(key):
        return format_share(value)
    return format_number(value, digits, strip=strip)


def _column_formatter(name: Any, n_resamples: int | None, digits: int):
    key = str(name)
    return lambda v: format_value(v, key, n_resamples=n_resamples, digits=digits, strip=False)


def format_frame(frame: Any, *, digits: int = 3, n_resamples: int | None = None) -> Any:
    """A copy of a DataFrame (or Series) with every value as text, read by column name:
    p-value columns (``pvalue``, ``p_greater`` ...) by :func:`format_pvalue`, share columns
    (``share_*``, ``prop_*``) by :func:`format_share`, other numbers by
    :func:`format_number`.

    Examples
    --------
    >>> import pandas as pd
    >>> format_frame(pd.DataFrame({"ratio": [0.61234], "pvalue": [1e-6], "n": [12345]}))
       ratio   pvalue       n
    0  0.612  < 0.001  12,345
    """
    import pandas as pd

    if isinstance(frame, pd.Series):
        fmt = _column_formatter(frame.name or "", n_resamples, digits)
        return frame.map(fmt).astype(object)
    out = pd.DataFrame(index=frame.index)
    for position, name in enumerate(frame.columns):
        fmt = _column_formatter(name, n_resamples, digits)
        out[position] = frame.iloc[:, position].map(fmt).astype(object)
    out.columns = frame.columns
    return out


def _cut(text: Any, limit: int = 24) -> str:
    text = str(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def frame_text(frame: Any, *, max_rows: int = 8, width: int = 100, digits: int = 3,
               n_resamples: int | None = None) -> str:
    """A DataFrame as at most ``max_rows`` text lines (plus a header), each at most
    ``width`` characters: values by :func:`format_frame`, long labels cut with an
    ellipsis, the rows and columns left out counted on the last line.

    Examples
    --------
    >>> import pandas as pd
    >>> print(frame_text(pd.DataFrame({"x": range(20)}), max_rows=2))
        x
    0   0
    1   1
    (18 more rows)
    """
    import pandas as pd

    shown = frame if isinstance(frame, pd.DataFrame) else frame.to_frame()
    n_rows, n_cols = shown.shape
    shown = format_frame(shown.iloc[:max_rows], digits=digits, n_resamples=n_resamples)
    shown = shown.map(_cut)
    shown.index = [_cut(v) for v in shown.index]
    shown.columns = [_cut(v, 16) for v in shown.columns]
    while True:
        lines = shown.to_string().splitlines() if shown.shape[1] else [
            _cut(v, width) for v in shown.index]
        if shown.shape[1] <= 1 or max(len(x) for x in lines) <= width:
            break
        shown = shown.iloc[:, :-1]
    lines = [line[:width] for line in lines]
    more = []
    if n_rows > max_rows:
        more.append(_more(n_rows - max_rows, "row"))
    if shown.shape[1] < n_cols:
        more.append(_more(n_cols - shown.shape[1], "column"))
    return "\n".join(lines + ([f"({', '.join(more)})"] if more else []))


def _more(k: int, what: str) -> str:
    return f"{k:,} more {what}{'s' if k > 1 else ''}"


def natural_key(label: Any) -> tuple:
    """A sort key that puts group labels in a natural order: numbers as numbers
    (``"2" < "10"``, ``"1A" < "1B" < "2A"``, ``"MP" < "MP*1" < "MP*2"``), case ignored
    first, numeric labels before text, missing labels (None, nan) last.

    Examples
    --------
    >>> sorted(["10A", "2A", "1B", "1A"], key=natural_key)
    ['1A', '1B', '2A', '10A']
    """
    if label is None or (isinstance(label, float) and math.isnan(label)):
        return (2,)
    if isinstance(label, numbers.Real) and not isinstance(label, bool):
        return (0, float(label))
    text = str(label)
    parts = re.split(r"(\d+)", text)
    key = tuple(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts))
    return (1, key, text)


def sort_groups(labels: Iterable[Any]) -> list[Any]:
    """Group labels in natural order (see :func:`natural_key`).

    Examples
    --------
    >>> sort_groups(["MP*2", "MP", "PSE", "MP*1", "2BIO1", "2BIO10", "2BIO2"])
    ['2BIO1', '2BIO2', '2BIO10', 'MP', 'MP*1', 'MP*2', 'PSE']
    """
    return sorted(labels, key=natural_key)
