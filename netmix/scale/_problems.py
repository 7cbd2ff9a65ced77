"""Problems found in the chunks (missing or unknown ids, unusable weights), counted by every
tally and turned into the in-memory reader's error afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ._common import NULL_ID, UNKNOWN_ID, EdgeInput, Options

__all__ = ["PROBLEMS", "chunk_problems", "new_ids_in_order", "problem_error", "usable"]

#: Order of the problem counters every tally carries.
PROBLEMS = ("null_source", "null_target", "unknown_source", "unknown_target", "bad_weight")


def chunk_problems(s: np.ndarray, t: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """Counts of edges with a missing id, an unknown id or an unusable weight."""
    out = np.zeros(len(PROBLEMS), dtype=np.int64)
    out[0] = np.count_nonzero(s == NULL_ID)
    out[1] = np.count_nonzero(t == NULL_ID)
    out[2] = np.count_nonzero(s == UNKNOWN_ID)
    out[3] = np.count_nonzero(t == UNKNOWN_ID)
    if w is not None:
        out[4] = np.count_nonzero(~(w >= 0) | ~np.isfinite(w))
    return out


def usable(s: np.ndarray, t: np.ndarray, w: np.ndarray | None) -> np.ndarray | None:
    """Mask of the edges with known endpoints and a usable weight (None: all)."""
    ok = (s >= 0) & (t >= 0)
    if w is not None:
        ok &= np.isfinite(w) & (w >= 0)
    return None if ok.all() else ok


def problem_error(problems: np.ndarray, e: EdgeInput, opts: Options, weight: str | None,
                  node_ids: pd.Index) -> None:
    """Raise the in-memory reader's error for the first kind of problem found (their
    locations are searched for in the files only now, on the error path)."""
    if not np.any(problems):
        return
    null_s, null_t, unk_s, unk_t, bad_w = (int(v) for v in problems)
    if null_s or null_t:
        col = opts.source if null_s else opts.target
        where, _ = _first(e, col, lambda v, w: pd.isna(v), weight)
        raise InputError(f"{col}: the node id is missing at {where}; every edge needs both "
                         "endpoints.")
    if unk_s or unk_t:
        col = opts.source if unk_s else opts.target
        where, value = _first(e, col, lambda v, w: node_ids.get_indexer(v) < 0, weight)
        n_bad = _n_unknown(e, col, node_ids)
        hint = ""
        if node_ids.dtype.kind != pd.Index([value]).dtype.kind:
            hint = (f" (node ids in the node table are {node_ids.dtype}, in the edges "
                    f"{pd.Index([value]).dtype}: make them the same type)")
        raise InputError(
            f"{col}: node {value!r} at {where} is not in the node table{hint}; {n_bad} such "
            "node id(s) in all. Add them to the node table, or pass add_missing_nodes=True to "
            "add them with missing attributes.")
    if bad_w:
        where, value = _first(e, weight, lambda v, w: ~(np.asarray(v, dtype=float) >= 0)
                              | ~np.isfinite(np.asarray(v, dtype=float)), weight)
        raise InputError(f"weight: column {weight!r} must hold finite numbers >= 0; got "
                         f"{value!r} at {where}. Fix or remove that row.")


def _values(batch: Any, col: Any) -> np.ndarray:
    arr = batch.column(batch.schema.get_field_index(str(col)))
    return arr.to_pandas().to_numpy()


def _first(e: EdgeInput, col: Any, bad: Any, weight: Any) -> tuple[str, Any]:
    for path, start, batch in e.batches([col]):
        v = _values(batch, col)
        hits = np.flatnonzero(bad(v, None))
        if hits.size:
            k = int(hits[0])
            value = v[k]
            return e.where(path, start + k), value.item() if isinstance(value, np.generic) \
                else value
    return "an unknown row", None  # pragma: no cover - the tally said there is one


def _n_unknown(e: EdgeInput, col: Any, node_ids: pd.Index) -> int:
    seen: set = set()
    for _, _, batch in e.batches([col]):
        v = _values(batch, col)
        seen.update(pd.unique(v[node_ids.get_indexer(v) < 0]).tolist())
    return len(seen)


def new_ids_in_order(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[Any]:
    """Unknown ids in the order ``read_edges(add_missing_nodes=True)`` appends them:
    first appearance among the sources, then among the targets (``parts`` are per-chunk
    ``(unknown sources, unknown targets)`` in file order)."""
    src = [p[0] for p in parts if len(p[0])]
    dst = [p[1] for p in parts if len(p[1])]
    both = np.concatenate([*src, *dst]) if (src or dst) else np.empty(0, dtype=object)
    return list(pd.unique(both))
