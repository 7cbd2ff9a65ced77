r"""QAP and MRQAP: network regression with permutation inference (sna's netlm, netlogit).

Dyadic observations share people, so ordinary standard errors are too small. The
quadratic assignment procedure permutes the rows and columns of a matrix together (the
people, not the cells), which keeps every dependence among the dyads of one person, and
compares each observed t (z) value with its permutation distribution.

* ``null="qapspp"``: Dekker, Krackhardt & Snijders' (2007) double semi-partialling. For
  predictor :math:`k`, regress :math:`X_k` on the other predictors, permute the residual
  matrix :math:`E_k` (rows and columns alike), regress :math:`Y` on the other predictors
  and :math:`E_k^\pi`, and keep the t value of the last coefficient. Robust to
  collinearity and skewness.
* ``null="qapy"``: permute :math:`Y` and regress it on the fixed predictors (Krackhardt
  1988): a test of the joint null.

Linear models solve every permutation at once by projections (Frisch-Waugh-Lovell for
``qapspp``, one QR of the design for ``qapy``); logistic ones by a batched Newton-Raphson
(:mod:`netmix.models._batched`). The observed statistic is the identity permutation of the
same routine, so a permutation that reproduces the data ties with it. Undirected data
permute the full symmetric matrix (sna's ``mode="graph"``); when ``n_resamples >= n!``
permutations every one is enumerated and the p-values are exact.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._format import format_number, pvalue_phrase
from .._results import ResultMixin, Summary
from .._validation import check_choice, check_positive, describe
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph, edge_weights
from ..inference._engine import check_jobs, run_batches, streams
from ._batched import QAPEngine, pvalues

__all__ = ["QAPResult", "adjacency_matrix", "dyadic_covariate", "qap_regression"]


@dataclass(frozen=True, eq=False)
class QAPResult(ResultMixin):
    """Result of :func:`qap_regression`; unpacks to ``statistic, pvalue`` (arrays, one
    value a coefficient: the t or z values and their two-sided QAP p-values).

    Attributes
    ----------
    table : pandas.DataFrame
        One row a coefficient: ``coef``, ``standard_error`` (model-based, for reference),
        ``statistic`` (t or z), ``p_greater``, ``p_less``, ``pvalue`` (two-sided,
        :math:`(\\#\\{|T^*| \\ge |T|\\} + 1)/(B + 1)`, sna's ``Pr(>=|b|)``; over all
        :math:`n!` permutations, identity included: :math:`\\#\\{|T^*| \\ge |T|\\}/n!`)
        and ``n_failed`` (permutations whose fit was undefined, left out of its p-values).
    family, null : str
    n_nodes, n_dyads : int
    directed : bool
        Whether both cells of each pair were used (sna's ``mode="digraph"``).
    r_squared : float
        Linear models: :math:`R^2`; logistic: McFadden's pseudo :math:`R^2`.
    n_resamples, n_failed, seed, n_jobs
        Permutations evaluated (:math:`n!` when exact), those where some fit was
        undefined, and how they were drawn.
    null_distribution : numpy.ndarray
        ``(n_resamples, n_coefficients)`` permutation statistics (nan: undefined fit).
    exact : bool
        Whether every permutation was enumerated (then the p-values are exact).
    """

    statistic: np.ndarray
    pvalue: np.ndarray
    table: pd.DataFrame
    family: str
    null: str
    n_nodes: int
    n_dyads: int
    directed: bool
    r_squared: float
    n_resamples: int
    n_failed: int
    seed: Any
    n_jobs: int
    null_distribution: np.ndarray = field(repr=False)
    exact: bool = False
    _title: ClassVar[str] = "QAP network regression"
    _record_fields = ("family", "null", "n_nodes", "r_squared", "n_resamples", "seed")

    def summary(self) -> Summary:
        rows: list[tuple[str, Any]] = [
            ("family", self.family), ("null", self.null), ("nodes", self.n_nodes),
            ("dyads", self.n_dyads), ("directed", self.directed),
            ("R-squared" if self.family == "linear" else "pseudo R-squared", self.r_squared),
            ("permutations", f"{self.n_resamples} (all: exact p-values)" if self.exact
             else self.n_resamples), ("failed fits", self.n_failed), ("seed", self.seed)]
        for name, r in self.table.iterrows():
            p = pvalue_phrase(r["pvalue"], self._mc_resamples())
            rows.append((str(name), f"coef {format_number(r['coef'], 6)}  stat "
                         f"{format_number(r['statistic'], 4)}  {p}"))
        return Summary(self._title, rows)


# ----------------------------------------------------------------------------- inputs
def adjacency_matrix(graph: SocialGraph, weight: str | None = None) -> np.ndarray:
    """The dense ``(n, n)`` adjacency (or summed weight) matrix of a graph, symmetric when
    undirected; self-loops on the diagonal (QAP ignores it by default).

    ``graph`` is a SocialGraph, or a networkx or igraph graph (converted once, rows in its
    node order).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.models import adjacency_matrix
    >>> g = netmix.SocialGraph(pd.DataFrame(index=range(3)), [0, 1], [1, 2])
    >>> adjacency_matrix(g)
    array([[0., 1., 0.],
           [1., 0., 1.],
           [0., 1., 0.]])
    """
    graph = as_social_graph(graph)
    n = graph.n_nodes
    w = edge_weights(graph, weight)
    w = np.ones(graph.n_edges) if w is None else np.asarray(w, float)
    out = np.zeros((n, n))
    np.add.at(out, (graph.src, graph.dst), w)
    if not graph.directed:
        off = graph.src != graph.dst
        np.add.at(out, (graph.dst[off], graph.src[off]), w[off])
    return out


def dyadic_covariate(graph: SocialGraph, attribute: str, kind: str = "match") -> np.ndarray:
    r"""An ``(n, n)`` predictor matrix from a node attribute.

    ``kind``: ``"match"`` (1 when :math:`x_i = x_j`), ``"absdiff"`` (:math:`|x_i - x_j|`),
    ``"sender"`` (:math:`x_i`), ``"receiver"`` (:math:`x_j`), ``"sum"``
    (:math:`x_i + x_j`) or ``"product"`` (:math:`x_i x_j`).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.models import dyadic_covariate
    >>> g = netmix.SocialGraph(pd.DataFrame({"age": [20, 25, 40]}), [0], [1])
    >>> dyadic_covariate(g, "age", "absdiff")
    array([[ 0.,  5., 20.],
           [ 5.,  0., 15.],
           [20., 15.,  0.]])
    """
    check_choice("kind", kind, ("match", "absdiff", "sender", "receiver", "sum", "product"))
    values = as_social_graph(graph).node_attr(attribute)
    if values.isna().any():
        raise InputError(f"attribute {attribute!r} must have a value for every node; got "
                         f"{int(values.isna().sum())} missing.")
    if kind == "match":
        codes = pd.factorize(values)[0]
        return (codes[:, None] == codes[None, :]).astype(float)
    x = pd.to_numeric(values, errors="coerce").to_numpy(float)
    if not np.isfinite(x).all():
        raise InputError(f"attribute {attribute!r} must be numeric for kind={kind!r}; got "
                         "non-numeric values.")
    return {"absdiff": lambda: np.abs(x[:, None] - x[None, :]),
            "sender": lambda: np.repeat(x[:, None], x.size, axis=1),
            "receiver": lambda: np.repeat(x[None, :], x.size, axis=0),
            "sum": lambda: x[:, None] + x[None, :],
            "product": lambda: x[:, None] * x[None, :]}[kind]()


def _matrix(value: Any, name: str, n: int | None) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a numeric square matrix; got {describe(value)}. "
                         "Pass a numpy array or a list of equal-length rows of numbers."
                         ) from None
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or (n is not None and arr.shape[0] != n):
        want = "a square matrix" if n is None else f"an ({n}, {n}) matrix"
        raise InputError(f"{name} must be {want}; got shape {arr.shape}.")
    return arr


def _inputs(y: Any, x: Any, weight: str | None, names: Sequence[str] | None,
            directed: bool | None) -> tuple[np.ndarray, list[np.ndarray], list[str], bool | None]:
    graph_directed = None
    if type(y).__module__.split(".")[0] in ("networkx", "igraph"):
        y = as_social_graph(y)  # converted once
    if isinstance(y, SocialGraph):
        graph_directed = y.directed
        a = adjacency_matrix(y, weight)
        # a directed graph analysed undirected: each arc is a tie of both ends
        y = a + a.T - np.diag(np.diag(a)) if y.directed and directed is False else a
    ym = _matrix(y, "y", None)
    if isinstance(x, Mapping):
        names, x = [str(k) for k in x], list(x.values())
    elif isinstance(x, np.ndarray) and x.ndim in (2, 3):
        x = [x] if x.ndim == 2 else list(x)  # a (k, n, n) stack, as sna takes
    elif not isinstance(x, Sequence) or isinstance(x, str):
        raise InputError(f"x must be a list or dict of (n, n) predictor matrices; got "
                         f"{describe(x)}.")
    xs = [_matrix(m, f"x[{k}]", ym.shape[0]) for k, m in enumerate(x)]
    if not xs:
        raise InputError("x must hold at least one predictor matrix; got none.")
    if isinstance(names, str):
        names = [names]
    names = [f"x{k + 1}" for k in range(len(xs))] if names is None else [str(v) for v in names]
    if len(names) != len(xs):
        raise InputError(f"names must name the {len(xs)} predictors; got {len(names)}: "
                         f"{names}.")
    if len(set(names)) != len(names) or "(intercept)" in names:
        raise InputError(f"names must be distinct and not '(intercept)'; got {names}.")
    return ym, xs, ["(intercept)", *names], graph_directed


def _symmetric(m: np.ndarray, off: np.ndarray) -> bool:
    """Whether ``m`` equals its transpose off the diagonal, to 1e-12 of its largest value
    (a test that does not change when ``m`` is scaled)."""
    diff = np.abs(m - m.T)[off]
    return bool(diff.size == 0 or diff.max() <= 1e-12 * np.abs(m[off]).max())


def _check_matrices(mats: list[np.ndarray], labels: list[str], directed: bool | None
                    ) -> tuple[list[np.ndarray], bool]:
    """Finite off the diagonal; symmetric when undirected (then made exactly symmetric from
    the upper triangle). Returns the matrices and the resolved ``directed``."""
    n = mats[0].shape[0]
    off = ~np.eye(n, dtype=bool)
    for m, label in zip(mats, labels, strict=True):
        bad = ~np.isfinite(m) & off
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            raise InputError(f"{label} must be finite on every dyad (off the diagonal); got "
                             f"{m[i, j]} at [{i}, {j}] ({int(bad.sum())} such cells). Fill "
                             "or drop the missing dyads first.")
    symmetric = [_symmetric(m, off) for m in mats]
    if directed is None:
        directed = not all(symmetric)
    if not directed:
        for m, label, sym in zip(mats, labels, symmetric, strict=True):
            if not sym:
                i, j = np.unravel_index(np.argmax(np.abs(m - m.T) * off), m.shape)
                raise InputError(
                    f"{label} must be symmetric when directed=False; got {label}[{i}, {j}] = "
                    f"{m[i, j]:.6g} but {label}[{j}, {i}] = {m[j, i]:.6g}. Symmetrise it "
                    "(e.g. (m + m.T) / 2 or np.maximum(m, m.T)) or use directed=True.")
        mats = [np.triu(m, 1) + np.triu(m, 1).T for m in mats]
    return mats, bool(directed)


# ----------------------------------------------------------------------------- main
def qap_regression(y: Any, x: Any, *, family: str = "linear", null: str = "qapspp",
                   n_resamples: int = 999, directed: bool | None = None,
                   names: Sequence[str] | None = None, weight: str | None = None,
                   seed: Any = None, n_jobs: int = 1, progress: bool | None = None
                   ) -> QAPResult:
    r"""Network regression of a dyadic matrix on predictor matrices, with QAP p-values.

    .. math::

        y_{ij} = \beta_0 + \sum_k \beta_k x_{k,ij} + \varepsilon_{ij} \quad (\text{linear}),
        \qquad \operatorname{logit} P(y_{ij} = 1) = \beta_0 + \sum_k \beta_k x_{k,ij}
        \quad (\text{logistic}),

    over the dyads :math:`i \ne j` (both cells when ``directed``, else :math:`i < j`).

    Parameters
    ----------
    y : array_like (n, n), SocialGraph, networkx or igraph graph
        The dependent matrix (a graph gives its adjacency or ``weight`` matrix, a networkx or
        igraph graph converted once; a directed graph with ``directed=False`` counts each arc
        as a tie of both ends).
    x : list or dict of array_like (n, n), or array (k, n, n)
        Predictor matrices (e.g. :func:`dyadic_covariate` ``"match"`` and ``"absdiff"``);
        a dict names them.
    family : {"linear", "logistic"}
        sna's ``netlm`` or ``netlogit``.
    null : {"qapspp", "qapy"}
        Dekker's double semi-partialling, or Y-permutation (see the module notes).
    n_resamples : int or inf, default 999
        Random permutations; when it reaches :math:`n!` (or is ``numpy.inf``, for up to 10
        nodes) every permutation is enumerated once and the p-values are exact.
    directed : bool, optional
        Use both cells of every pair (sna's ``mode="digraph"``); ``False`` uses each pair
        once and needs symmetric matrices (``mode="graph"``). Default: undirected when
        ``y`` and every ``x`` are symmetric (a SocialGraph: as the graph is).
    names : list of str, optional
    weight : str, optional
        Edge attribute when ``y`` is a graph.
    seed : int, SeedSequence or Generator, optional
    n_jobs : int, default 1
        Threads, with streams from ``SeedSequence(seed).spawn(n_jobs)`` (an exact
        enumeration runs in one).
    progress : bool, optional
        A tqdm bar (None: for runs of more than 2 s).

    Returns
    -------
    QAPResult

    Notes
    -----
    The statistic is the t value (z for logistic), as sna's default
    ``test.statistic="t-value"``. One batched routine computes the observed statistic
    (the identity permutation) and every permuted one, so equal statistics compare equal;
    ties count within :math:`10^{-9}` relative. Permuted matrices are the rows and columns
    of the full matrix permuted together (symmetric when undirected, diagonal ignored),
    as sna's ``rmperm``. Each matrix is divided by its largest absolute value before
    fitting, so t and z do not change when ``y`` or an ``x`` is rescaled (coefficients are
    reported in the original units). Permutations whose fit is undefined (an exact fit, a
    permuted predictor collinear with the others, separation in a logistic fit) are left
    out and counted in ``n_failed``. p-values are :math:`(b + 1)/(B + 1)` (Phipson &
    Smyth 2010), or :math:`b / n!` over all :math:`n!` permutations when enumerated.
    Validated against an independent brute force over all permutations of 6 and 7 nodes
    (both families, both nulls, directed and undirected: exact p-values equal), against
    statsmodels' OLS / Logit coefficients, and against sna 2.7-1 ``netlm`` /
    ``netlogit`` with ``mode="graph"`` (tests/r/). Under no effect the QAP p-values are
    uniform (200 seeded replications, tests).

    References
    ----------
    Krackhardt, D. (1988). Predicting with networks: nonparametric multiple regression
    analysis of dyadic data. Social Networks 10(4), 359-381.
    doi:10.1016/0378-8733(88)90004-4

    Dekker, D., Krackhardt, D., & Snijders, T. A. B. (2007). Sensitivity of MRQAP tests to
    collinearity and autocorrelation conditions. Psychometrika 72(4), 563-581.
    doi:10.1007/s11336-007-9016-1

    Butts, C. T. (2008). Social network analysis with sna. J. Stat. Softw. 24(6).
    doi:10.18637/jss.v024.i06

    Examples
    --------
    >>> import numpy as np
    >>> from netmix.models import qap_regression
    >>> rng = np.random.default_rng(0)
    >>> group = rng.integers(0, 2, 25)
    >>> same = (group[:, None] == group[None, :]).astype(float)
    >>> y = 0.8 * same + rng.normal(size=(25, 25))
    >>> res = qap_regression(y, {"same": same}, n_resamples=199, seed=1)
    >>> float(res.table.loc["same", "pvalue"])
    0.005
    """
    check_choice("family", family, ("linear", "logistic"))
    check_choice("null", null, ("qapspp", "qapy"))
    if directed is not None and not isinstance(directed, (bool, np.bool_)):
        raise InputError(f"directed must be None, True or False; got {describe(directed)}.")
    exact_asked = isinstance(n_resamples, float) and n_resamples == np.inf
    if not exact_asked:
        check_positive("n_resamples", n_resamples, integer=True)
    n_jobs = check_jobs(n_jobs)
    ym, xs, labels, graph_directed = _inputs(y, x, weight, names, directed)
    n = ym.shape[0]
    if n < 3:
        raise InputError(f"y must have at least 3 nodes for QAP; got {n}.")
    if directed is None:
        directed = graph_directed
    mats, directed = _check_matrices([ym, *xs], ["y", *labels[1:]], directed)
    if exact_asked and n > 10:
        raise InputError(f"n_resamples=inf enumerates all n! permutations, for up to 10 "
                         f"nodes; got {n} nodes ({math.factorial(n):.3g} permutations). "
                         "Give a number of random permutations (e.g. 9999).")
    exact = exact_asked or math.factorial(n) <= n_resamples
    engine = QAPEngine(mats[0], [np.ones((n, n)), *mats[1:]], family, null, directed, labels)
    d, p = engine.x.shape
    budget = 2e7 if family == "linear" else 4e6  # floats per batch (logistic: designs)
    batch = max(1, int(budget // (d * p)))
    record, gens = streams(seed, n_jobs)
    total = math.factorial(n) if exact else int(n_resamples)
    draw = engine.enumerate_all() if exact else engine.draw
    null_stats = run_batches(draw, total, gens[:1] if exact else gens, batch, progress,
                             "QAP permutations", work=total * d * p * 50)
    return _result(engine, labels, null_stats, record, n_jobs, exact)


def _result(engine: QAPEngine, labels: list[str], null: np.ndarray, seed: Any, n_jobs: int,
            exact: bool) -> QAPResult:
    """The result: the fit, the observed statistic (the identity permutation of the same
    routine as the null ones) and the p-values."""
    coef, se, r2 = engine.fit()
    stat = engine.stats(np.arange(engine.n)[None])[0]
    if not np.isfinite(stat).all():
        warnings.warn(f"QAP: the {'t' if engine.family == 'linear' else 'z'} value of "
                      f"{', '.join(np.array(labels)[~np.isfinite(stat)])} is undefined "
                      "(an exact fit, or separation in a logistic fit: the estimate is "
                      "infinite); its statistic and p-value are nan.",
                      DegenerateMixingWarning, stacklevel=3)
    ok = np.isfinite(null)  # undefined fits are left out, coefficient by coefficient
    ps = [pvalues(stat, t, null, ok, exact) for t in ("greater", "less", "two-sided")]
    table = pd.DataFrame({"coef": coef, "standard_error": se, "statistic": stat,
                          "p_greater": ps[0], "p_less": ps[1], "pvalue": ps[2],
                          "n_failed": (~ok).sum(axis=0)},
                         index=pd.Index(labels, name="term"))
    return QAPResult(statistic=stat, pvalue=ps[2], table=table, family=engine.family,
                     null=engine.null, n_nodes=engine.n, n_dyads=int(engine.y.size),
                     directed=engine.directed, r_squared=r2, n_resamples=null.shape[0],
                     n_failed=int((~ok).any(axis=1).sum()), seed=seed, n_jobs=n_jobs,
                     null_distribution=null, exact=exact)
