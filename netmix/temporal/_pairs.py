"""Groups of the people of a :class:`Contacts` and the type of each pair (within a group or
between groups), read by :func:`netmix.core.group_codes` (one rule for missing groups)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import type_error
from ..core import GroupCodes, group_codes
from ..graph import SocialGraph
from .contacts import Contacts

__all__ = ["PAIR_TYPES", "check_contacts", "contact_groups", "pair_within"]

#: The two pair types, in the order of every table.
PAIR_TYPES = ("within", "between")


def check_contacts(contacts: Any) -> Contacts:
    if not isinstance(contacts, Contacts):
        raise type_error("contacts", "a netmix.temporal.Contacts (netmix.temporal."
                         "load_contacts, Contacts.from_events)", contacts)
    return contacts


def contact_groups(contacts: Contacts, groups: Any, missing: str = "raise") -> GroupCodes:
    """Group codes of the node table's people (-1: no group, with ``missing="drop"``)."""
    empty = np.empty(0, np.int64)
    return group_codes(SocialGraph(contacts.nodes, empty, empty), groups, missing=missing)


def pair_within(codes: np.ndarray, i: np.ndarray, j: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """``(within, valid)``: whether each pair's two people share a group, and whether both
    have one (pairs with a missing end are left out by the callers)."""
    ci, cj = codes[i], codes[j]
    return ci == cj, (ci >= 0) & (cj >= 0)


def permuted_within(codes: np.ndarray, pi: np.ndarray, pj: np.ndarray,
                    rng: np.random.Generator, size: int) -> np.ndarray:
    """``(size, len(pi))`` bool: whether each pair is within a group when the groups are
    permuted among the people who have one (label permutation; one row a replicate)."""
    have = np.flatnonzero(codes >= 0)
    full = np.full((size, codes.size), -1, dtype=np.int32)
    full[:, have] = rng.permuted(np.broadcast_to(codes[have], (size, have.size)), axis=1)
    return full[:, pi] == full[:, pj]


def label_null(codes: np.ndarray, pi: np.ndarray, pj: np.ndarray, statistic: Any,
               n_resamples: int, rng: np.random.Generator, batch: int = 64) -> np.ndarray:
    """``statistic(within)`` for ``within`` of shape (B, P), over ``n_resamples`` label
    permutations drawn in batches (vectorised over the batch's replicates)."""
    out = []
    for start in range(0, n_resamples, batch):
        out.append(statistic(permuted_within(codes, pi, pj, rng,
                                             min(batch, n_resamples - start))))
    return np.concatenate(out) if out else np.empty(0)
