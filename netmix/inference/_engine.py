"""Random streams, batching, threads and the progress bar shared by the resampling functions."""

from __future__ import annotations

import numbers
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from .._validation import check_positive, describe
from ..exceptions import InputError

__all__ = ["run_batches", "streams"]

#: ``progress=None`` considers a bar when replicates x edges reaches this.
AUTO_PROGRESS = 5e7


def streams(seed: Any, n_jobs: int) -> tuple[Any, list[np.random.Generator]]:
    """``(seed record, generators)``: one generator, or ``n_jobs`` independent ones from
    ``SeedSequence(seed).spawn(n_jobs)``.

    The record is the integer entropy of the seed sequence (drawn fresh when ``seed`` is
    None, so the run can be repeated), or None when a Generator was passed.
    """
    if isinstance(seed, np.random.Generator):
        return None, [seed] if n_jobs == 1 else list(seed.spawn(n_jobs))
    if isinstance(seed, np.random.SeedSequence):
        ss = seed
    else:
        if isinstance(seed, bool) or not (
                seed is None or (isinstance(seed, numbers.Integral) and seed >= 0)):
            raise InputError("seed must be None, an integer >= 0, a numpy SeedSequence or a "
                             f"Generator; got {describe(seed)}.")
        ss = np.random.SeedSequence(seed)
    record = ss.entropy
    if n_jobs == 1:
        return record, [np.random.default_rng(ss)]
    return record, [np.random.default_rng(s) for s in ss.spawn(n_jobs)]


def check_jobs(n_jobs: Any) -> int:
    """``n_jobs`` as a positive count (-1: every CPU)."""
    import os

    if n_jobs == -1:
        return os.cpu_count() or 1
    return int(check_positive("n_jobs", n_jobs, integer=True))


def _shares(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (j < extra) for j in range(parts)]


def run_batches(draw: Callable[[np.random.Generator, int], np.ndarray], n_total: int,
                gens: list[np.random.Generator], batch_size: int, progress: bool | None,
                desc: str, work: float = np.inf) -> np.ndarray:
    """Concatenate ``draw(rng, size)`` over batches; worker ``j`` draws its share of
    ``n_total`` (contiguous, in worker order) from ``gens[j]`` in a thread of its own.

    The result depends on the generators and their number only, not on ``batch_size``
    (each draw consumes its stream replicate by replicate). ``progress=None`` shows a bar
    only for big runs (``work``, e.g. replicates times edges, above 5e7) lasting over 2 s.
    """
    bar = _bar(n_total, None if work >= AUTO_PROGRESS else False, desc) \
        if progress is None else _bar(n_total, progress, desc)
    lock = threading.Lock()

    def work(j: int) -> np.ndarray:
        out, left = [], _shares(n_total, len(gens))[j]
        while left > 0:
            size = min(batch_size, left)
            out.append(np.asarray(draw(gens[j], size), dtype=float))
            left -= size
            if bar is not None:
                with lock:
                    bar.update(size)
        return np.concatenate(out) if out else np.empty(0)

    try:
        if len(gens) == 1:
            parts = [work(0)]
        else:
            with ThreadPoolExecutor(max_workers=len(gens)) as pool:
                parts = list(pool.map(work, range(len(gens))))
    finally:
        if bar is not None:
            bar.close()
    return np.concatenate(parts)


def _bar(total: int, progress: bool | None, desc: str) -> Any:
    if progress is False:
        return None
    if progress not in (None, True):
        raise InputError(f"progress must be None (a bar on runs longer than 2 s), True or "
                         f"False; got {describe(progress)}.")
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rep", delay=0 if progress else 2.0,
                leave=bool(progress))
