"""Agreement between two partitions: scikit-learn's scores, and vectorised NMI / ARI.

The vectorised functions work on contingency tables (one, or a stack of them) and give
scikit-learn's values (``normalized_mutual_info_score`` with arithmetic normalisation,
``adjusted_rand_score``, including their special cases); null distributions use them so
that thousands of permuted tables are scored in a few array operations.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validation import describe
from ..exceptions import DegenerateMixingWarning, InputError
from .detect import Partition

__all__ = ["compare_partitions", "contingency", "table_ari", "table_nmi"]


def contingency(a: np.ndarray, b: np.ndarray, ka: int, kb: int) -> np.ndarray:
    """``table[i, j]``: number of items with code ``i`` in ``a`` and ``j`` in ``b``."""
    flat = a.astype(np.int64) * kb + b
    return np.bincount(flat, minlength=ka * kb).reshape(ka, kb)


def _entropy(sizes: np.ndarray) -> float:
    n = sizes.sum()
    p = sizes[sizes > 0] / n
    return float(-(p * np.log(p)).sum())


def _mi(tables: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mutual information (natural log) of a stack of tables with row sums ``a`` and column
    sums ``b`` (the same for every table)."""
    n = float(a.sum())
    nz = tables > 0
    logs = np.log(np.where(nz, tables, 1)) + np.log(n) - np.log(np.maximum(a, 1))[:, None] \
        - np.log(np.maximum(b, 1))[None, :]
    mi = np.where(nz, tables / n * logs, 0.0).sum(axis=(-2, -1))
    return np.clip(mi, 0.0, None)


def table_nmi(tables: np.ndarray) -> np.ndarray | float:
    r"""Normalised mutual information of a table (or a stack of tables sharing margins).

    .. math:: \mathrm{NMI} = \frac{I(A;B)}{(H(A) + H(B))/2}

    (Danon et al. 2005, eq. 2 with the arithmetic mean; scikit-learn's default), with
    scikit-learn's special cases: 1 when both partitions have a single class, 0 when the
    mutual information is 0.
    """
    t = np.asarray(tables)
    single = t.ndim == 2
    t = t[None] if single else t
    a, b = t[0].sum(axis=1), t[0].sum(axis=0)
    ka, kb = int((a > 0).sum()), int((b > 0).sum())
    if ka == kb and ka <= 1:
        out = np.ones(t.shape[0])
    else:
        mi = _mi(t, a, b) if ka > 1 and kb > 1 else np.zeros(t.shape[0])
        norm = max((_entropy(a) + _entropy(b)) / 2, np.finfo(np.float64).eps)
        out = np.where(mi == 0, 0.0, mi / norm)
    return float(out[0]) if single else out


def table_ari(tables: np.ndarray) -> np.ndarray | float:
    r"""Adjusted Rand index of a table (or a stack sharing margins), from its pair counts.

    .. math::

        \mathrm{ARI} = \frac{2 (n_{11} n_{00} - n_{01} n_{10})}
            {(n_{11} + n_{01})(n_{01} + n_{00}) + (n_{11} + n_{10})(n_{10} + n_{00})}

    (Hubert & Arabie 1985, in the pair-count form scikit-learn uses); 1 when no pair is
    split differently.
    """
    t = np.asarray(tables)
    single = t.ndim == 2
    t = t[None] if single else t
    a, b = t[0].sum(axis=1).astype(float), t[0].sum(axis=0).astype(float)
    n = a.sum()
    ss = (t.astype(float) ** 2).sum(axis=(-2, -1))
    tp = ss - n
    fp = (b**2).sum() - ss
    fn = (a**2).sum() - ss
    tn = n * n - fp - fn - ss
    den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)
    perfect = (fn == 0) & (fp == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(perfect, 1.0, 2.0 * (tp * tn - fn * fp) / np.where(perfect, 1, den))
    return float(out[0]) if single else out


def mean_pairwise_nmi(distinct: np.ndarray, counts: np.ndarray) -> float:
    """Mean NMI over all pairs of ``counts.sum()`` runs, given the distinct partitions
    (rows of codes) and how many runs found each (identical runs have NMI 1)."""
    counts = np.asarray(counts, dtype=np.int64)
    r = int(counts.sum())
    if r < 2:
        warnings.warn("the mean pairwise NMI needs at least two runs; it is nan.",
                      DegenerateMixingWarning, stacklevel=3)
        return float("nan")
    total = float((counts * (counts - 1) // 2).sum())
    k = distinct.max(axis=1) + 1 if distinct.size else np.zeros(len(distinct), int)
    for i in range(len(distinct)):
        for j in range(i + 1, len(distinct)):
            t = contingency(distinct[i], distinct[j], int(k[i]), int(k[j]))
            total += counts[i] * counts[j] * table_nmi(t)
    return total / (r * (r - 1) / 2)


def _labels(x: Any, name: str) -> pd.Series:
    if isinstance(x, Partition):
        return x.membership
    if isinstance(x, pd.Series):
        return x
    arr = np.asarray(x, dtype=object) if not isinstance(x, np.ndarray) else x
    if arr.ndim != 1:
        raise InputError(f"{name} must be a Partition, a Series or a 1-d array of labels; "
                         f"got {describe(x)}.")
    return pd.Series(arr)


def _aligned_codes(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    sa, sb = _labels(a, "a"), _labels(b, "b")
    if len(sa) != len(sb):
        raise InputError(f"a and b must label the same items; got {len(sa)} and {len(sb)} "
                         "labels.")
    if not sa.index.equals(sb.index):
        if set(sa.index) != set(sb.index):
            raise InputError("a and b must be indexed by the same node ids; pass arrays in "
                             "the same order or Series over the same ids.")
        sb = sb.reindex(sa.index)
    for s, nm in ((sa, "a"), (sb, "b")):
        if s.isna().any():
            raise InputError(f"{nm} has {int(s.isna().sum())} missing label(s); every item "
                             "needs a label (drop those items first).")
    return pd.factorize(sa)[0], pd.factorize(sb)[0]


def compare_partitions(a: Any, b: Any) -> pd.Series:
    r"""Scores of agreement between two partitions of the same nodes (scikit-learn).

    ``a`` is the reference (e.g. departments, school classes) and ``b`` the clustering
    (communities); only homogeneity and completeness depend on the order.

    * ``nmi``: normalised mutual information, :math:`I/((H_a + H_b)/2)` (Danon et al.
      2005, eq. 2);
    * ``ari``: adjusted Rand index (Hubert & Arabie 1985);
    * ``ami``: adjusted mutual information, :math:`(I - E[I])/(\bar H - E[I])`, the
      expectation under random labelling with the same sizes (Vinh et al. 2010, eq. 24);
    * ``homogeneity`` (each community holds one group), ``completeness`` (each group sits in
      one community) and their harmonic mean ``v_measure`` (Rosenberg & Hirschberg 2007).

    Parameters
    ----------
    a, b : Partition, Series or array_like
        Labels of the same items; Series are aligned on their index.

    Returns
    -------
    pandas.Series
        Indexed by ``nmi, ari, ami, homogeneity, completeness, v_measure``.

    Notes
    -----
    Thin wrapper around scikit-learn's functions (the reference implementation).

    References
    ----------
    Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). J. Stat. Mech. P09008.
    doi:10.1088/1742-5468/2005/09/P09008

    Hubert, L., & Arabie, P. (1985). Comparing partitions. J. Classif. 2, 193-218.
    doi:10.1007/BF01908075

    Vinh, N. X., Epps, J., & Bailey, J. (2010). Information theoretic measures for
    clusterings comparison. J. Mach. Learn. Res. 11, 2837-2854.

    Rosenberg, A., & Hirschberg, J. (2007). V-measure: a conditional entropy-based external
    cluster evaluation measure. Proc. EMNLP-CoNLL, 410-420.

    Examples
    --------
    >>> from netmix.communities import compare_partitions
    >>> compare_partitions(["a", "a", "b", "b"], [1, 1, 0, 0]).round(3).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    from sklearn import metrics

    ca, cb = _aligned_codes(a, b)
    h, c, v = metrics.homogeneity_completeness_v_measure(ca, cb)
    return pd.Series({
        "nmi": metrics.normalized_mutual_info_score(ca, cb),
        "ari": metrics.adjusted_rand_score(ca, cb),
        "ami": metrics.adjusted_mutual_info_score(ca, cb),
        "homogeneity": h, "completeness": c, "v_measure": v,
    }, name="score", dtype=float)
