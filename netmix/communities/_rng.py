"""Seeds for igraph's random number generator, without leaking global state.

igraph's C core draws random numbers from a Python object (by default the :mod:`random`
module). :func:`igraph_rng` installs a :class:`random.Random` seeded for one call and puts
igraph's default generator back afterwards, so a seeded netmix call is reproducible and
leaves neither :mod:`random` nor igraph in a different state. igraph offers no way to read
the generator that is installed, so "back" means igraph's default (the :mod:`random`
module); a lock keeps concurrent netmix calls in threads from interleaving.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Integral
from typing import Any

import numpy as np

from .._validation import rng_from_seed

__all__ = ["igraph_rng", "resolve_seed", "run_seeds"]

_LOCK = threading.RLock()


def resolve_seed(seed: Any) -> int:
    """An integer seed for one run: ``seed`` itself when it is an integer >= 0, else one
    drawn from ``numpy.random.default_rng(seed)`` (so that a run with ``seed=None`` can be
    repeated from the seed recorded on its result)."""
    if isinstance(seed, Integral) and not isinstance(seed, bool) and seed >= 0:
        return int(seed)
    return int(rng_from_seed(seed).integers(0, 2**32))


def run_seeds(seed: Any, n: int) -> np.ndarray:
    """``n`` integer seeds for independent runs, drawn from ``default_rng(seed)``."""
    return rng_from_seed(seed).integers(0, 2**32, size=n, dtype=np.int64)


@contextmanager
def igraph_rng(seed: int) -> Iterator[None]:
    """Run the body with igraph drawing from ``random.Random(seed)``."""
    import igraph

    with _LOCK:
        igraph.set_random_number_generator(random.Random(int(seed)))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
