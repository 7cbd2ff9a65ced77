"""The fitted form of a :class:`Contacts` that the reference models of
:mod:`netmix.temporal.nulls` draw from, and the choice between the compiled and numpy paths."""

from __future__ import annotations

import itertools
import os
import warnings
from functools import cached_property
from typing import Any

import numpy as np

from .._kernels import _compile
from .contacts import Contacts

__all__ = ["NUMBA_MIN_RECORDS", "Plan"]

#: Records from which the timestamp shuffles run in the compiled kernel.
NUMBA_MIN_RECORDS = 200_000
#: Segment length from which the kernel shuffles by buckets (None: its ``SMALL``); the
#: tests lower it to check that path's uniformity on tiny tables.
SHUFFLE_SMALL: int | None = None
_JIT: Any = None
_JIT_FAILED = False


def _kernels() -> Any:
    """The compiled kernels module, or None (numba missing, turned off, or failed)."""
    global _JIT, _JIT_FAILED
    if os.environ.get("NETMIX_NUMBA", "1") == "0" or _JIT_FAILED:
        return None
    if _JIT is None:
        try:
            if _compile() is None:
                raise ImportError("numba")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from . import _nulls_jit
        except Exception:
            _JIT_FAILED = True
            return None
        _JIT = _nulls_jit
    return _JIT


class Plan:
    """What the models need from one :class:`Contacts`, computed once and reused by every
    replicate: each record's link code, the links' ends and the days' record bounds."""

    def __init__(self, contacts: Contacts) -> None:
        self.contacts = contacts
        self.n = contacts.n_nodes
        key = contacts.i.astype(np.int64) * self.n + contacts.j
        if self.n * self.n <= max(4 * key.size, 2**24):  # a table of every pair: no sort
            seen = np.zeros(self.n * self.n, bool)
            seen[key] = True
            links = np.flatnonzero(seen)
            codes = (np.cumsum(seen, dtype=np.int64) - 1)[key]
        else:
            links, codes = np.unique(key, return_inverse=True)
        self.codes = codes.astype(np.int32 if links.size < 2**31 else np.int64)
        dtype = contacts.i.dtype
        self.li, self.lj = (links // self.n).astype(dtype), (links % self.n).astype(dtype)

    @property
    def n_links(self) -> int:
        return int(self.li.size)

    @cached_property
    def day_bounds(self) -> np.ndarray:
        """Record bounds of the local days: records ``bounds[d]:bounds[d + 1]`` of day d."""
        if len(self.contacts) == 0:
            return np.zeros(2, np.int64)
        table = self.contacts.window_table("1D")
        return np.r_[table["first"].to_numpy(), table["stop"].to_numpy()[-1:]].astype(np.int64)

    def gather(self, li: np.ndarray, lj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both ends of every record when link ``c`` has ends ``(li[c], lj[c])``."""
        jit = _kernels() if self.codes.size >= NUMBA_MIN_RECORDS else None
        if jit is None:
            return li[self.codes], lj[self.codes]
        out_i, out_j = np.empty_like(self.contacts.i), np.empty_like(self.contacts.j)
        jit.gather_links(self.codes, li, lj, out_i, out_j)
        return out_i, out_j

    def shuffle(self, bounds: np.ndarray, seed: np.uint64) -> tuple[np.ndarray, np.ndarray]:
        """Records' link codes permuted uniformly within each segment of ``bounds``."""
        jit = _kernels() if self.codes.size >= NUMBA_MIN_RECORDS else None
        if jit is not None:
            out_i, out_j = np.empty_like(self.contacts.i), np.empty_like(self.contacts.j)
            jit.shuffle_links(self.codes, bounds, np.uint64(seed), self.li, self.lj,
                              np.empty_like(self.codes), out_i, out_j,
                              SHUFFLE_SMALL or jit.SMALL)
            return out_i, out_j
        rng = np.random.default_rng(int(seed))
        codes = self.codes.copy()
        for a, b in itertools.pairwise(bounds):  # a loop over days
            rng.shuffle(codes[a:b])
        return self.li[codes], self.lj[codes]
