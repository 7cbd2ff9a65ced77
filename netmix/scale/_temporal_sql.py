"""The SQL and the small tables behind :func:`netmix.scale.mixing_over_time`.

Windows to records: each record's time bucket ``floor((t - s0) / width)`` is joined (a
hash join on a table of at most :data:`MAX_BUCKETS` buckets) to the windows that meet that
bucket or its neighbours, and the exact test ``start <= t < end`` (float64, as
:func:`numpy.searchsorted` compares in memory) keeps the right ones, so a rounding error in
the bucket can never move a record. With the bucket width the greatest common divisor of
the windows' offsets (an hour for local days across a clock change), a record meets one or
two candidate windows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ._common import EdgeInput
from ._duckdb import _ident

__all__ = ["aggregate_sql", "buckets", "first_row", "time_range"]

#: Most time buckets in the join table (a wider bucket meets more windows).
MAX_BUCKETS = 1 << 20


def buckets(s: np.ndarray, e: np.ndarray) -> tuple[Any, float, float]:
    """``(table, s0, width)``: rows ``(b, k, lo, hi)`` pairing bucket ``b`` with each window
    ``k = [lo, hi)`` that meets bucket ``b - 1``, ``b`` or ``b + 1``."""
    import pyarrow as pa

    s0 = float(s[0])
    span = float(e.max()) - s0
    offsets = np.rint((np.concatenate([s, e]) - s0) * 1e6).astype(np.int64)
    g = int(np.gcd.reduce(offsets[offsets > 0])) / 1e6 if np.any(offsets > 0) else span
    width = max(g, span / MAX_BUCKETS, 1e-6)
    first = np.floor((s - s0) / width).astype(np.int64) - 1
    last = np.floor((e - s0) / width).astype(np.int64) + 1
    n = last - first + 1
    if int(n.sum()) > 16 * MAX_BUCKETS:
        raise InputError(f"freq, size and step must give at most {16 * MAX_BUCKETS:,} "
                         f"(window, time bucket) pairs out of core; got {int(n.sum()):,} "
                         f"({len(s):,} windows). Use fewer or shorter overlapping windows.")
    k = np.repeat(np.arange(len(s), dtype=np.int64), n)
    b = first[k] + (np.arange(k.size) - np.repeat(np.cumsum(n) - n, n))
    table = pa.table({"b": b, "k": k, "lo": s[k].astype(np.float64),
                      "hi": e[k].astype(np.float64)})
    return table, s0, float(width)


def aggregate_sql(src: str, time: Any, source: Any, target: Any, duration: Any,
                  directed: bool, merge: bool) -> str:
    """One pass over the records: sums per (window ``k``, group code of each end ``rs``,
    ``rt``, self-loop ``lp``): ``npairs`` (distinct pairs when ``merge``, else records),
    ``nrec`` (records), ``dsum`` (durations) and the counts of bad times / durations.

    Parameters ``$1``..``$4``: bucket origin, bucket width, start of the first window, end
    of the last. A code is ``-3`` for a missing id, ``-2`` for an id not in the nodes."""
    d = f"{_ident(duration)}" if duration is not None else "NULL::DOUBLE"
    if directed:
        pair = "i AS s, j AS t"
    else:  # a pair with a missing id keeps its order
        pair = ("CASE WHEN i > j THEN j ELSE i END AS s, "
                "CASE WHEN i > j THEN i ELSE j END AS t")
    bad_d = ("NOT coalesce(isfinite(CAST(r.d AS DOUBLE)) AND r.d > 0, false)"
             if duration is not None else "false")
    records = (f"SELECT CAST({_ident(time)} AS DOUBLE) AS tt, {_ident(source)} AS i, "
               f"{_ident(target)} AS j, {d} AS d FROM {src}")
    bucket = ("CASE WHEN r.tt >= $3 AND r.tt < $4 THEN CAST(floor((r.tt - $1) / $2) AS "
              "BIGINT) END")
    x = (f"SELECT w.k, {pair}, r.d, NOT coalesce(isfinite(r.tt), false) AS bt, {bad_d} AS bd "
         f"FROM ({records}) r LEFT JOIN __netmix_buckets w ON w.b = {bucket} "
         "AND r.tt >= w.lo AND r.tt < w.hi")
    if merge:
        p = ("SELECT k, s, t, count(*) AS nrec, sum(d) AS dsum, count(*) FILTER (WHERE bt) "
             f"AS badt, count(*) FILTER (WHERE bd) AS badd FROM ({x}) GROUP BY k, s, t")
    else:
        p = ("SELECT k, s, t, 1 AS nrec, d AS dsum, bt::INTEGER AS badt, bd::INTEGER AS badd "
             f"FROM ({x})")
    code = "CASE WHEN p.{0} IS NULL THEN -3 WHEN {1}.id IS NULL THEN -2 ELSE {1}.c END"
    dsum = ", sum(dsum)::DOUBLE AS dsum" if duration is not None else ""
    return (f"SELECT p.k, ({code.format('s', 'a')})::INTEGER AS rs, "
            f"({code.format('t', 'b')})::INTEGER AS rt, coalesce(p.s = p.t, false) AS lp, "
            f"count(*)::BIGINT AS npairs, sum(nrec)::BIGINT AS nrec{dsum}, "
            "sum(badt)::BIGINT AS badt, sum(badd)::BIGINT AS badd "
            f"FROM ({p}) p LEFT JOIN __netmix_nodes a ON p.s = a.id "
            "LEFT JOIN __netmix_nodes b ON p.t = b.id GROUP BY ALL")


def time_range(e: EdgeInput, time: Any, con: Any, src: str) -> np.ndarray:
    """``[first, last]`` time of the records: from the Parquet footers' statistics when
    every row group has them (no pass over the data), else one SQL aggregate."""
    span = _footer_range(e, time) if e.table is None else None
    if span is None:
        t = _ident(time)
        lo, hi = con.execute(f"SELECT min({t}), max({t}) FROM {src} "
                             f"WHERE isfinite(CAST({t} AS DOUBLE))").fetchall()[0]
        if lo is None:
            raise InputError(f"contacts: column {time!r} must hold finite times (Unix seconds); "
                             "got no finite value. Check the column.")
        span = [lo, hi]
    return np.asarray(span)


def _footer_range(e: EdgeInput, time: Any) -> list[Any] | None:
    import pyarrow.parquet as pq

    lo = hi = None
    for path in e.paths:
        meta = pq.ParquetFile(path).metadata
        names = [meta.schema.column(c).path for c in range(meta.num_columns)]
        if time not in names:
            return None
        col = names.index(time)
        for r in range(meta.num_row_groups):
            st = meta.row_group(r).column(col).statistics
            if meta.row_group(r).num_rows == 0:
                continue
            if st is None or not st.has_min_max or st.null_count:
                return None
            lo = st.min if lo is None else min(lo, st.min)
            hi = st.max if hi is None else max(hi, st.max)
    if lo is None or not (np.isfinite(float(lo)) and np.isfinite(float(hi))):
        return None
    return [lo, hi]


def first_row(e: EdgeInput, columns: Sequence[Any],
              bad: Callable[[list[pd.Series]], np.ndarray]
              ) -> tuple[str, list[Any], str | None]:
    """Where the first record with ``bad(columns)`` is (``FILE, row N``), its values and
    its file: for the error messages only, after the aggregate found one."""
    for path, start, batch in e.batches(list(dict.fromkeys(columns))):
        cols = {name: batch.column(n).to_pandas()
                for n, name in enumerate(dict.fromkeys(columns))}
        values = [cols[c] for c in columns]
        hits = np.flatnonzero(np.asarray(bad(values), dtype=bool))
        if hits.size:
            k = int(hits[0])
            return e.where(path, start + k), [_plain(v.iloc[k]) for v in values], path
    return "an unknown row", [None] * len(columns), None  # pragma: no cover


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
