"""The mixing matrix and nominal assortativity from edge files; the shared set-up."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import describe
from ..core import edges_view
from ..exceptions import InputError
from ..measures.assortativity import assortativity_from_matrix
from ..measures.mixing import MixingMatrix, matrix_of
from . import _kernels as K
from ._common import (
    EdgeInput,
    NodeSide,
    Options,
    _empty_graph,
    _kind,
    check_edge_columns,
    edge_input,
    node_side,
)
from ._problems import new_ids_in_order, problem_error

__all__ = ["ENGINES", "mixing_matrix", "nominal_assortativity", "resolve_engine"]

#: Engine names accepted by ``engine=``.
ENGINES = ("duckdb", "dask")
_DEFAULT_DUCKDB: Any = None


def resolve_engine(engine: Any) -> Any:
    """An engine instance for ``engine`` (a name in :data:`ENGINES`, or an instance of
    :class:`DuckDBEngine` / :class:`DaskEngine`)."""
    from ._dask import DaskEngine
    from ._duckdb import DuckDBEngine

    if isinstance(engine, (DuckDBEngine, DaskEngine)):
        return engine
    if engine == "duckdb":
        global _DEFAULT_DUCKDB
        if _DEFAULT_DUCKDB is None:  # one database for the session, opened on first use
            _DEFAULT_DUCKDB = DuckDBEngine()
        return _DEFAULT_DUCKDB
    if engine == "dask":
        return DaskEngine()
    raise InputError(f"engine must be 'duckdb', 'dask', a DuckDBEngine or a DaskEngine; got "
                     f"{describe(engine)}.")


# ----------------------------------------------------------------------------- set-up
def _check_id_types(e: EdgeInput, opts: Options, ids: pd.Index) -> None:
    node_kind = "i" if pd.api.types.is_integer_dtype(ids.dtype) else \
        "U" if pd.api.types.is_string_dtype(ids.dtype) else "O"
    for arg, col in (("source", opts.source), ("target", opts.target)):
        kind = _kind(e.types[col])
        if node_kind == "O" or kind == node_kind:
            continue
        raise InputError(
            f"{arg}: the node ids in column {col!r} of {e.what} are {e.types[col]} but the "
            f"node table's ids are {ids.dtype}; they never match. Make them the same type "
            "(cast one of the columns).")


def _added_ids(e: EdgeInput, opts: Options, ids: pd.Index) -> list[Any]:
    """Endpoints missing from the node table, in ``read_edges``' order (one pass)."""
    parts = []
    for _, _, batch in e.batches([opts.source, opts.target]):
        s = batch.column(0).to_pandas().to_numpy()
        t = batch.column(1).to_pandas().to_numpy()
        parts.append(K.new_ids(s, t, ids))
    return new_ids_in_order(parts)


def _setup(edges: Any, nodes: Any, opts: Options, weight: Any, columns: dict[str, Any],
           engine: Any) -> tuple[Any, EdgeInput, NodeSide]:
    eng = resolve_engine(engine)
    e = edge_input(edges)
    check_edge_columns(e, opts, weight)
    if nodes is None or opts.add_missing_nodes:
        # every endpoint must be known before an edge is counted: read the edge files once
        # into memory (the columns needed), and let the engine scan that copy
        e = e.loaded([opts.source, opts.target, *([weight] if weight is not None else [])])
    if nodes is None:
        ids = eng.endpoint_ids(e, opts)
        side = NodeSide(_empty_graph(pd.DataFrame(index=ids.rename("id"))))
    else:
        side = node_side(nodes, opts, columns)
        _check_id_types(e, opts, side.ids)
        if opts.add_missing_nodes:
            side = side.with_added(_added_ids(e, opts, side.ids))
    return eng, e, side


def _options(source, target, node_id, directed, duplicates, loops, missing,
             add_missing_nodes) -> Options:
    return Options(source, target, node_id, directed, duplicates, loops, missing,
                   add_missing_nodes)


# ----------------------------------------------------------------------------- mixing
def mixing_matrix(
    edges: Any,
    nodes: Any,
    groups: Any,
    weight: str | None = None,
    *,
    col_groups: Any = None,
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    directed: bool = False,
    duplicates: str = "sum",
    loops: str = "count",
    missing: str = "raise",
    add_missing_nodes: bool = False,
    engine: Any = "duckdb",
) -> MixingMatrix:
    r"""The mixing matrix of an edge list on disk, as :func:`netmix.mixing_matrix` computes
    it in memory.

    .. math::

        M_{gh} = \sum_{(u, v) \in E} w_{uv}\, [g_u = g]\, [g_v = h]

    over the arcs (directed) or over both directions of every edge (undirected), with
    :math:`w_{uv} = 1` when counting edges: the tally of Newman (2003), Sec. II.
    ``netmix.scale.mixing_matrix(edges, nodes, groups, ...)`` equals
    ``netmix.mixing_matrix(netmix.read_edges(edges, nodes, directed=..., duplicates=...),
    groups, ...)`` (exactly for counts; weights are summed in another order), without
    reading the edges into memory: the engine sums the group-by-group tally over chunks
    of edges.

    Parameters
    ----------
    edges : path, glob, directory, list of paths, DataFrame or pyarrow Table
        Parquet edge list(s), one row an edge, with endpoint columns ``source`` and
        ``target`` (node ids: integers or strings, as in the node table).
    nodes : path or DataFrame
        Node table (Parquet) with the ids in column ``node_id`` and the group attribute(s).
        Only the columns needed are read. Every node counts in the group sizes, with or
        without edges.
    groups : str, mapping, Series or array
        Node attribute name (a column of ``nodes``), or one group per node.
    weight : str, optional
        Edge column to sum (values >= 0); None counts edges.
    col_groups : optional
        A different attribute for the columns.
    source, target, node_id : column names, default "source", "target", "id"
    directed : bool, default False
        Directed: each row is an arc, rows of the matrix are sources. Undirected: each edge
        counts in both directions (the matrix sums to twice the edges).
    duplicates : {"sum", "keep"}, default "sum"
        Parallel edges (the same pair; either order when undirected) are one edge with the
        summed weight, as ``read_edges`` does by default; ``"keep"`` counts every row (faster:
        no pass over the pairs).
    loops : {"count", "once", "drop"}, default "count"
        Self-loops, as in :func:`netmix.mixing_matrix`.
    missing : {"raise", "drop"}, default "raise"
        Nodes without a group raise; ``"drop"`` leaves them and their edges out (counted on
        the result).
    add_missing_nodes : bool, default False
        Edge endpoints absent from the node table raise, or (True) are nodes without a
        group. They must all be known before any edge is counted, so the edge files are
        then read once into memory (only the endpoint and weight columns, as Arrow) and
        the engine scans that copy: each file is still read once (as with ``nodes=None``).
    engine : {"duckdb", "dask"}, DuckDBEngine or DaskEngine, default "duckdb"

    Returns
    -------
    MixingMatrix
        The in-memory result object: every index of :mod:`netmix.measures` that takes a
        MixingMatrix applies unchanged.

    Notes
    -----
    Validated in the tests against :func:`netmix.mixing_matrix` on ``netmix.read_edges``
    of the same files (equal counts, sizes, drops and loop counts) for both engines, on
    random graphs with duplicates, self-loops, missing groups and weights. On this 2-core
    machine the DuckDB engine takes about 15 s and 2.7 GiB for 1e8 edges and 1e7 nodes
    (``benchmarks/bench_scale.py``).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> edges = pd.DataFrame({"source": [1, 1, 3], "target": [2, 3, 4]})
    >>> nodes = pd.DataFrame({"id": [1, 2, 3, 4], "dept": ["a", "a", "b", "b"]})
    >>> netmix.scale.mixing_matrix(edges, nodes, "dept").to_frame()
    dept  a  b
    dept
    a     2  1
    b     1  2
    """
    opts = _options(source, target, node_id, directed, duplicates, loops, missing,
                    add_missing_nodes)
    eng, e, side = _setup(edges, nodes, opts, weight,
                          {"groups": groups, "col_groups": col_groups}, engine)
    return _mixing(eng, e, side, opts, groups, col_groups, weight)[0]


def _mixing(eng: Any, e: EdgeInput, side: NodeSide, opts: Options, groups: Any,
            col_groups: Any, weight: str | None) -> tuple[MixingMatrix, K.MixingSpec]:
    """The mixing matrix and the chunk spec (group codes, direction, loops) behind it."""
    rows = side.codes(groups, missing=opts.missing)
    cols = rows if col_groups is None else side.codes(col_groups, missing=opts.missing,
                                                      argument="col_groups")
    spec = K.MixingSpec(rows, cols, bool(opts.directed), opts.loops)
    # merged weights sum to the same cells, but the edges dropped are counted after merging
    dropped = rows.n_missing > 0 or cols.n_missing > 0
    merge = opts.merge(weight is not None and not dropped)
    problems, total = eng.mixing(e, opts, weight, side.ids, spec, merge)
    problem_error(problems, e, opts, weight, side.ids)
    empty = np.zeros(0, dtype=np.intp)
    nodes = edges_view(empty, empty, None, rows.codes.size, directed=spec.directed,
                       loops=opts.loops, rows=rows, cols=cols, weight=weight)  # the record
    return matrix_of(nodes, total, (f"netmix.scale engine {eng.name}",)), spec


def nominal_assortativity(
    edges: Any,
    nodes: Any,
    groups: Any,
    weight: str | None = None,
    **options: Any,
) -> float:
    r"""Newman's (2003) nominal assortativity of an edge list on disk.

    .. math::

        r = \frac{\sum_i e_{ii} - \sum_i a_i b_i}{1 - \sum_i a_i b_i}

    (Newman 2003, eq. 2), evaluated by
    :func:`netmix.measures.assortativity_from_matrix` on :func:`mixing_matrix`'s result:
    the very same function as in memory.

    Parameters
    ----------
    edges, nodes, groups, weight
        As for :func:`mixing_matrix`.
    **options
        ``source``, ``target``, ``node_id``, ``directed``, ``duplicates``, ``loops``,
        ``missing``, ``add_missing_nodes``, ``engine``: as for :func:`mixing_matrix`
        (``directed=False`` counts each row as an undirected tie, igraph's
        ``directed=FALSE``; R netseg's :math:`(e + e^T)/2` gives the same coefficient).

    Returns
    -------
    float

    Notes
    -----
    Validated against :func:`netmix.nominal_assortativity` on the same files (to 1e-12).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> edges = pd.DataFrame({"source": [1, 1, 3], "target": [2, 3, 4]})
    >>> nodes = pd.DataFrame({"id": [1, 2, 3, 4], "dept": ["a", "a", "b", "b"]})
    >>> round(netmix.scale.nominal_assortativity(edges, nodes, "dept"), 4)
    0.3333
    """
    m = mixing_matrix(edges, nodes, groups, weight, **options)
    return assortativity_from_matrix(m)
