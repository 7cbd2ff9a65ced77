"""Canonical edge chunks kept between passes (memory, or .npy files), and the progress bar."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

__all__ = ["CACHE_IN_MEMORY", "cached", "progress_bar"]

#: Canonical edges kept in memory between passes up to this many bytes; beyond, on disk.
CACHE_IN_MEMORY = 1 << 28


def cached(chunks: Callable[[], Iterator], tmp: str, total_rows: int, progress: Any,
           desc: str) -> _Cache:
    """Canonical edge chunks that can be read again (memory, or .npy files in ``tmp``)."""
    return _Cache(chunks, tmp, total_rows, progress, desc)


class _Cache:
    """Streams the canonical edges once, keeps them (memory or disk), replays them."""

    def __init__(self, chunks: Callable[[], Iterator], tmp: str, total_rows: int,
                 progress: Any, desc: str) -> None:
        self._chunks, self._tmp, self._total = chunks, tmp, total_rows
        self._progress, self._desc = progress, desc
        self._mem: list | None = None
        self._files: list | None = None

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, Any]]:
        if self._mem is not None:
            yield from self._mem
            return
        if self._files is not None:
            for f in self._files:
                with np.load(f) as z:
                    yield z["s"], z["t"], (z["w"] if "w" in z.files else None)
            return
        mem: list = []
        files: list = []
        nbytes = 0
        bar = progress_bar(self._total, self._progress, self._desc)
        try:
            for s, t, w in self._chunks():
                nbytes += s.nbytes + t.nbytes + (0 if w is None else w.nbytes)
                if files or nbytes > CACHE_IN_MEMORY:
                    for ms, mt, mw in mem:
                        files.append(self._save(len(files), ms, mt, mw))
                    mem = []
                    files.append(self._save(len(files), s, t, w))
                else:
                    mem.append((s, t, w))
                if bar is not None:
                    bar.update(s.size)
                yield s, t, w
        finally:
            if bar is not None:
                bar.close()
        if files:
            self._files = files
        else:
            self._mem = mem

    def _save(self, i: int, s: np.ndarray, t: np.ndarray, w: Any) -> str:
        path = os.path.join(self._tmp, f"edges-{i:06d}.npz")
        arrays = {"s": s, "t": t} if w is None else {"s": s, "t": t, "w": w}
        np.savez(path, **arrays)
        return path


def progress_bar(total: int, progress: Any, desc: str) -> Any:
    """A tqdm bar over edges (None: shown after 2 s; False: none)."""
    if progress is False:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="edge", unit_scale=True,
                delay=0 if progress else 2.0, leave=bool(progress))
