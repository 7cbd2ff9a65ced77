"""The DuckDB engine: embedded, out of core, the default.

DuckDB scans the Parquet edge files in parallel and, with ``duplicates="sum"``, merges
parallel edges (``SELECT DISTINCT`` / ``GROUP BY`` over the pairs, spilled to disk beyond
``memory_limit``). Node ids then become node positions in one of two ways:

* integer ids in a compact range (at most 8 slots a node): DuckDB streams the edges as
  Arrow record batches and numpy looks the ids up in an int32 table (an array gather,
  about 3x cheaper than a hash join at 1e7 nodes);
* other ids (strings, sparse integers): DuckDB joins the edges to the node table, and
  either aggregates the mixing matrix in SQL (one ``GROUP BY`` over the group codes of
  the two ends: at most ``(k + 3)^2`` rows come back) or streams int32 positions.

Either way the tallies of :mod:`._kernels` add the chunks up in numpy, exactly as the Dask
engine does on its workers. Statistics that need two passes keep the canonical edges
between them (in memory up to 256 MB, else as ``.npz`` files in the temporary directory).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .._validation import id_dtype
from ..core import GroupCodes, Tally, edges_view, tally
from ._cache import cached, progress_bar
from ._common import NULL_ID, UNKNOWN_ID, EdgeInput, IdMap, Options
from ._kernels import MixingSpec, mixing_tally
from ._problems import PROBLEMS

__all__ = ["DuckDBEngine"]

def _ident(name: Any) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _bad_weight(col: str) -> str:
    return f"({col} IS NULL OR isnan({col}) OR isinf({col}) OR {col} < 0)"


class DuckDBEngine:
    """Compute with an embedded DuckDB database (out of core; the default engine).

    Parameters
    ----------
    threads : int, optional
        DuckDB worker threads (default: DuckDB's, one per core).
    memory_limit : str, default "2GB"
        DuckDB's buffer limit; beyond it, joins and the merging of parallel edges spill to
        ``temp_directory``. The Python side adds the node table (about 20 bytes a node) and
        one batch of edges.
    temp_directory : str, optional
        Where DuckDB spills and where canonical edges are cached between passes (default:
        a fresh directory under :func:`tempfile.gettempdir`, removed afterwards).
    batch_rows : int, default 1048576
        Edges per Arrow record batch streamed to numpy.
    progress : bool, optional
        Progress bars (tqdm over streamed edges; DuckDB's own bar for SQL aggregates): None
        shows them on runs longer than 2 s, True always, False never.

    Examples
    --------
    >>> from netmix.scale import DuckDBEngine
    >>> DuckDBEngine(threads=2, memory_limit="1GB")
    DuckDBEngine(threads=2, memory_limit='1GB')
    """

    name = "duckdb"

    def __init__(self, *, threads: int | None = None, memory_limit: str = "2GB",
                 temp_directory: str | None = None, batch_rows: int = 1 << 20,
                 progress: bool | None = None) -> None:
        self.threads = threads
        self.memory_limit = memory_limit
        self.temp_directory = temp_directory
        self.batch_rows = int(batch_rows)
        self.progress = progress
        self._db: Any = None
        self._tmp: str | None = None
        self._lock = threading.Lock()

    def database(self) -> tuple[Any, str]:
        """The engine's DuckDB database (opened once) and its temporary directory; every
        computation works in a cursor of its own."""
        with self._lock:
            if self._db is None:
                try:
                    import duckdb
                except ImportError as exc:  # pragma: no cover - depends on the environment
                    raise ImportError("engine='duckdb' needs duckdb: pip install "
                                      f"'netmix[scale]' ({exc})") from None
                own = self.temp_directory is None
                tmp = self.temp_directory or tempfile.mkdtemp(prefix="netmix-duckdb-")
                config: dict[str, Any] = {"memory_limit": self.memory_limit,
                                          "temp_directory": tmp,
                                          "preserve_insertion_order": False}
                if self.threads is not None:
                    config["threads"] = int(self.threads)
                self._db = duckdb.connect(config=config)
                self._tmp = tmp
                weakref.finalize(self, _close_database, self._db, tmp if own else None)
            return self._db, self._tmp  # type: ignore[return-value]

    def __repr__(self) -> str:
        opts = [f"threads={self.threads!r}"] if self.threads is not None else []
        opts.append(f"memory_limit={self.memory_limit!r}")
        return f"DuckDBEngine({', '.join(opts)})"

    # ------------------------------------------------------------------ engine API
    def session(self, e: EdgeInput, opts: Options, weight: str | None, ids: pd.Index,
                node_columns: dict[str, np.ndarray] | None = None) -> _Session:
        """A connection with the edges and the node table registered."""
        return _Session(self, e, opts, weight, ids, node_columns or {})

    def mixing(self, e: EdgeInput, opts: Options, weight: str | None, ids: pd.Index,
               spec: MixingSpec, merge: bool) -> tuple:
        """The summed :func:`._kernels.mixing_tally` (streamed, or one SQL aggregate)."""
        cols = {"c": spec.rows.codes}
        if not spec.same:
            cols["c2"] = spec.cols.codes
        with self.session(e, opts, weight, ids, cols) as ses:
            if ses.idmap.lut is not None:  # integer ids: stream, look up, bincount
                source = _Streamed(lambda: ses.chunks(merge), e.n_rows, self.progress,
                                   "mixing matrix")
                return _reduce(source, mixing_tally, (spec,), weight is not None)
            return ses.mixing(spec, merge)

    def edges(self, e: EdgeInput, opts: Options, weight: str | None, ids: pd.Index,
              merge: bool, *, passes: int = 1, desc: str = "edges") -> _Edges:
        """The canonical edges, to reduce with :mod:`._kernels` tallies (a context
        manager); with ``passes > 1`` the first pass keeps them for the next ones."""
        return _Edges(self.session(e, opts, weight, ids), merge, passes, e.n_rows, desc)

    def endpoint_ids(self, e: EdgeInput, opts: Options) -> pd.Index:
        """Sorted distinct endpoint ids (the nodes when there is no node table)."""
        with self.session(e, opts, None, pd.Index([], dtype=object)) as ses:
            return ses.endpoint_ids()


class _Edges:
    """Canonical edges of one session: ``reduce(kernel, *args)`` sums a tally over them."""

    def __init__(self, ses: _Session, merge: bool, passes: int, total: int, desc: str):
        self.ses = ses
        progress = ses.engine.progress
        if passes > 1:
            self._source = cached(lambda: ses.chunks(merge), ses.tmp, total, progress, desc)
        else:
            self._source = _Streamed(lambda: ses.chunks(merge), total, progress, desc)

    def __enter__(self) -> _Edges:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.ses.close()

    def reduce(self, kernel: Callable[..., tuple], *args: Any) -> tuple:
        """Sum ``kernel(s, t, w, *args)`` over the chunks."""
        return _reduce(self._source, kernel, args, self.ses.weight is not None)


def _reduce(source: Any, kernel: Callable[..., tuple], args: tuple, weighted: bool) -> tuple:
    out = None
    for s, t, w in source:
        part = kernel(s, t, w, *args)
        out = part if out is None else tuple(a + b for a, b in zip(out, part, strict=True))
    if out is None:  # no edges at all: the tally of an empty chunk
        z = np.zeros(0, dtype=np.int32)
        out = kernel(z, z, np.zeros(0) if weighted else None, *args)
    return out


class _Streamed:
    def __init__(self, chunks: Callable[[], Iterator], total: int, progress: Any, desc: str):
        self._chunks, self._total, self._progress, self._desc = chunks, total, progress, desc

    def __iter__(self) -> Iterator:
        bar = progress_bar(self._total, self._progress, self._desc)
        try:
            for chunk in self._chunks():
                if bar is not None:
                    bar.update(chunk[0].size)
                yield chunk
        finally:
            if bar is not None:
                bar.close()


class _Session:
    """One DuckDB connection for one computation (a context manager)."""

    def __init__(self, engine: DuckDBEngine, e: EdgeInput, opts: Options,
                 weight: str | None, ids: pd.Index, node_columns: dict[str, np.ndarray]):
        import pyarrow as pa

        self.engine, self.e, self.opts, self.weight = engine, e, opts, weight
        db, root = engine.database()
        self.tmp = tempfile.mkdtemp(prefix="session-", dir=root)
        self.con = db.cursor()
        bar = engine.progress is not False
        self.con.execute(f"SET enable_progress_bar = {'true' if bar else 'false'}")
        if e.table is not None:
            self.con.register("__netmix_edges_in", e.table)
            self.source_sql = "__netmix_edges_in"
        else:
            files = ", ".join(_literal(p) for p in e.paths)
            self.source_sql = f"read_parquet([{files}])"
        self.idmap = IdMap(ids)
        self.n_nodes = len(ids)
        if self.idmap.lut is None:  # the ids are joined in SQL
            cols = {"id": pa.array(np.asarray(ids), from_pandas=True),
                    "pos": pa.array(np.arange(len(ids), dtype=id_dtype(len(ids))))}
            cols.update({k: pa.array(v) for k, v in node_columns.items()})
            self.con.register("__netmix_nodes_in", pa.table(cols))
            self.con.execute("CREATE TEMP TABLE nodes AS SELECT * FROM __netmix_nodes_in")
            self.con.unregister("__netmix_nodes_in")

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------------ SQL
    def _raw(self) -> str:
        o = self.opts
        w = f", CAST({_ident(self.weight)} AS DOUBLE) AS w" if self.weight else ""
        return (f"SELECT {_ident(o.source)} AS s, {_ident(o.target)} AS t{w} "
                f"FROM {self.source_sql}")

    def edges_sql(self, merge: bool) -> str:
        """The canonical edges by node id: raw, or with parallel edges merged."""
        raw = self._raw()
        if not merge:
            return raw
        if self.opts.directed:
            pair = "s, t"
        else:
            # a pair with a missing id keeps its order (the error names the right column)
            pair = ("CASE WHEN s > t THEN t ELSE s END AS s, "
                    "CASE WHEN s > t THEN s ELSE t END AS t")
        if self.weight is None:
            return f"SELECT DISTINCT {pair} FROM ({raw})"
        # a merged weight is the sum; a bad weight anywhere in the pair spoils it (-> nan)
        return (f"SELECT {pair}, CASE WHEN bool_or({_bad_weight('w')}) THEN 'NaN'::DOUBLE "
                f"ELSE sum(w) END AS w FROM ({raw}) GROUP BY ALL")

    def _end(self, alias: str, col: str) -> str:
        return (f"CASE WHEN e.{col} IS NULL THEN {NULL_ID} WHEN {alias}.pos IS NULL THEN "
                f"{UNKNOWN_ID} ELSE {alias}.%s END")

    def positions_sql(self, merge: bool) -> str:
        """Canonical edges as int32 node positions (negative: missing / unknown id)."""
        w = ", e.w" if self.weight else ""
        kind = "INTEGER" if self.n_nodes < np.iinfo(np.int32).max else "BIGINT"
        return (f"SELECT ({self._end('a', 's') % 'pos'})::{kind} AS s, "
                f"({self._end('b', 't') % 'pos'})::{kind} AS t{w} "
                f"FROM ({self.edges_sql(merge)}) e "
                "LEFT JOIN nodes a ON e.s = a.id LEFT JOIN nodes b ON e.t = b.id")

    # ------------------------------------------------------------------ mixing
    def mixing(self, spec: MixingSpec, merge: bool) -> tuple:
        """The mixing tally of :func:`._kernels.mixing_tally`, aggregated in SQL."""
        two = not spec.same
        ends = [self._end("a", "s") % "c", self._end("b", "t") % "c"]
        names = ["rs", "rt"]
        if two:
            ends += [self._end("a", "s") % "c2", self._end("b", "t") % "c2"]
            names += ["cs", "ct"]
        select = ", ".join(f"({x}) AS {n}" for x, n in zip(ends, names, strict=True))
        agg = "count(*) AS n"
        if self.weight:
            agg += f", sum(e.w) AS w, count(*) FILTER (WHERE {_bad_weight('e.w')}) AS bad"
        sql = (f"SELECT {select}, coalesce(e.s = e.t, false) AS lp, {agg} "
               f"FROM ({self.edges_sql(merge)}) e "
               "LEFT JOIN nodes a ON e.s = a.id LEFT JOIN nodes b ON e.t = b.id GROUP BY ALL")
        g = self.con.execute(sql).fetchnumpy()
        return _mixing_from_groups(g, spec, two, self.weight is not None)

    # ------------------------------------------------------------------ streams
    def chunks(self, merge: bool) -> Iterator[tuple[np.ndarray, np.ndarray, Any]]:
        """``(s, t, w)`` numpy chunks of the canonical edges, streamed from DuckDB."""
        lut = self.idmap.lut is not None
        rel = self.con.sql(self.edges_sql(merge) if lut else self.positions_sql(merge))
        for batch in _arrow_reader(rel, self.engine.batch_rows):
            if lut:
                s = self.idmap.positions(batch.column(0))
                t = self.idmap.positions(batch.column(1))
            else:
                s = batch.column(0).to_numpy()
                t = batch.column(1).to_numpy()
            w = None
            if self.weight:
                w = batch.column(2).to_numpy(zero_copy_only=False).astype(np.float64,
                                                                          copy=False)
            yield s, t, w

    def endpoint_ids(self) -> pd.Index:
        """Sorted distinct endpoint ids (the nodes when no node table is given)."""
        raw = self._raw()
        sql = (f"SELECT DISTINCT id FROM (SELECT s AS id FROM ({raw}) UNION ALL "
               f"SELECT t FROM ({raw})) WHERE id IS NOT NULL ORDER BY id")
        return pd.Index(self.con.execute(sql).fetchnumpy()["id"])


def _arrow_reader(rel: Any, rows: int) -> Any:
    """Record batches of a relation (the method's name changed across duckdb versions)."""
    for name in ("to_arrow_reader", "fetch_arrow_reader", "record_batch"):
        if hasattr(rel, name):
            return getattr(rel, name)(rows)
    return rel.fetch_record_batch(rows)  # pragma: no cover - very old duckdb


def _close_database(db: Any, tmp: str | None) -> None:
    try:
        db.close()
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _mixing_from_groups(g: dict[str, np.ndarray], spec: MixingSpec, two: bool,
                        weighted: bool) -> tuple:
    """``(problems, Tally)`` of the SQL aggregate: every group of rows (row and column codes
    at both ends, loop or not) is one pseudo-edge of weight its count (or summed weight)
    between two pseudo-nodes carrying those codes, tallied by :func:`netmix.core.tally`."""
    def col(name: str) -> np.ndarray:
        v = g[name]
        return np.asarray(v.filled(0) if np.ma.isMaskedArray(v) else v)

    n = col("n").astype(np.int64)
    rs, rt = col("rs").astype(np.int64), col("rt").astype(np.int64)
    cs, ct = (col("cs").astype(np.int64), col("ct").astype(np.int64)) if two else (rs, rt)
    lp = col("lp").astype(bool)
    problems = np.zeros(len(PROBLEMS), dtype=np.int64)
    problems[0] = n[rs == NULL_ID].sum()
    problems[1] = n[rt == NULL_ID].sum()
    problems[2] = n[rs == UNKNOWN_ID].sum()
    problems[3] = n[rt == UNKNOWN_ID].sum()
    if weighted:
        problems[4] = col("bad").astype(np.int64).sum()
    ok = (rs >= -1) & (rt >= -1)  # known ids (a code, or -1: no group)
    m = int(ok.sum())
    ends = np.arange(2 * m).reshape(m, 2)  # pseudo-nodes: the source, the target end
    rows = _pseudo_codes(spec.rows, rs[ok], rt[ok])
    cols = rows if not two else _pseudo_codes(spec.cols, cs[ok], ct[ok])
    val = (col("w") if weighted else n)[ok].astype(np.float64)
    view = edges_view(ends[:, 0], ends[:, 1], val, 2 * m, directed=spec.directed,
                      loops=spec.loops, rows=rows, cols=cols, is_loop=lp[ok])
    t = tally(view)
    no_group = (rs < 0) | (rt < 0) | (cs < 0) | (ct < 0)
    dropped = int(n[ok & no_group].sum())
    n_loops = 0 if spec.loops == "drop" else int(n[ok & ~no_group & lp].sum())
    dtype = np.float64 if weighted else np.int64
    return problems, Tally(t.counts.astype(dtype), t.loop_counts.astype(dtype), n_loops,
                           dropped)


def _pseudo_codes(groups: GroupCodes, at_source: np.ndarray, at_target: np.ndarray
                  ) -> GroupCodes:
    codes = np.column_stack([at_source, at_target]).ravel()
    return GroupCodes(codes, groups.labels, groups.name, int((codes < 0).sum()))
