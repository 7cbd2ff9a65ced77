r"""Fitting dyadic homophily models: the logit that is the dyad-independent ERGM's MLE.

:func:`fit_dyadic` fits :math:`\operatorname{logit} P(Y_{ij} = 1) = \theta'\delta_{ij} +
\text{offset}` with statsmodels' GLM (Binomial) on a table from
:func:`netmix.models.dyad_table` or :func:`netmix.models.dyad_counts`, or any table with
a ``tie`` column (one row a dyad) or ``ties`` / ``nonties`` columns (counts per pattern).
It finds separation before fitting (a cell without ties has an estimate of
:math:`-\infty`) and reports it, offers Firth's penalised likelihood, and clusters
standard errors by sender, receiver, both (Cameron, Gelbach & Miller 2011) or by any
shared node (dyadic-robust, Aronow, Samii & Assenova 2015).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice
from ..exceptions import InputError, NetmixWarning
from ._dyadic_cov import dyadic_robust, firth
from ._notes import attach_notes
from ._rglm import r_glm_logit
from .dyadic import _layout, check_terms, collapse_dyads

__all__ = ["SeparationWarning", "fit_dyadic", "separated_terms"]

CLUSTERS = (None, "sender", "receiver", "two-way", "dyadic")


class SeparationWarning(NetmixWarning):
    """A term's maximum-likelihood estimate is infinite (a cell without ties, or without
    non-ties); the term was handled as asked (dropped, or fitted by Firth's method)."""


def _counts(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    if _layout(table) == "counts":
        return table["ties"].to_numpy(float), table["nonties"].to_numpy(float)
    tie = table["tie"].to_numpy(float)
    if not np.isin(tie, (0.0, 1.0)).all():
        raise InputError("table: column 'tie' must hold 0 and 1 only; got other values.")
    return tie, 1.0 - tie


def separated_terms(table: pd.DataFrame, terms: Any = None) -> pd.DataFrame:
    """Terms whose MLE is infinite: a non-negative term none of whose dyads (with a
    non-zero value) is a tie (:math:`-\\infty`), or all of them are (:math:`+\\infty`), or
    that is zero on every dyad (not identified).

    Returns
    -------
    pandas.DataFrame
        One row a separated term: ``ties`` and ``nonties`` among its dyads and the
        ``estimate`` it would have (``-inf``, ``inf`` or ``nan``).

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.models import separated_terms
    >>> t = pd.DataFrame({"edges": [1, 1, 1], "nodematch.race.A": [0, 1, 0],
    ...                   "nodematch.race.B": [0, 0, 1],
    ...                   "ties": [10, 0, 4], "nonties": [500, 60, 40]})
    >>> separated_terms(t)
                      ties  nonties  estimate
    term
    nodematch.race.A   0.0     60.0      -inf
    """
    terms = check_terms(table, terms)
    ties, nonties = _counts(table)
    rows = []
    for term in terms:
        x = table[term].to_numpy(float)
        if term == "edges" or (x < 0).any():
            continue
        on = x != 0
        t, nt = ties[on].sum(), nonties[on].sum()
        if t == 0 or nt == 0:
            est = np.nan if t + nt == 0 else (-np.inf if t == 0 else np.inf)
            rows.append((term, t, nt, est))
    out = pd.DataFrame(rows, columns=["term", "ties", "nonties", "estimate"])
    return out.set_index("term")


def fit_dyadic(table: pd.DataFrame, terms: Any = None, *, method: str = "mle",
               separation: str = "raise", cluster: str | None = None,
               collapse: str | bool = "auto", standard_error: str = "exact",
               **fit_options: Any) -> Any:
    r"""Fit the dyadic logit (dyad-independent ERGM) with statsmodels.

    .. math::

        \operatorname{logit} P(Y_{ij} = 1 \mid x) = \theta_0 + \sum_k \theta_k
        \delta_{ijk}(x) + \text{offset}_{ij}

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`dyad_table` / :func:`dyad_counts`, or a table of your own with a
        ``tie`` column or ``ties`` and ``nonties`` columns, and term columns.
    terms : list of str, optional
        Columns to use (default: every column named like an ergm term: ``edges``,
        ``nodematch.*``, ``nodemix.*``, ``nodefactor.*``, ``absdiff.*``, ``nodecov.*``
        ...). ``edges`` (the intercept) is added when missing.
    method : {"mle", "firth"}
        Maximum likelihood (GLM IRLS), or Firth's (1993) penalised likelihood
        :math:`\ell(\theta) + \tfrac12 \log|I(\theta)|`, finite under separation.
    separation : {"raise", "drop", "firth"}
        What to do when :func:`separated_terms` finds a term with an infinite MLE: raise
        an error naming the cell; ``"drop"``: report its estimate as :math:`\pm\infty` (in
        the notes and a :class:`SeparationWarning`) and fit the other terms on the other
        dyads, which is the finite part of the MLE at the boundary (what ergm reports
        beside ``-Inf``); ``"firth"``: fit every term by Firth's method.
    cluster : {None, "sender", "receiver", "two-way", "dyadic"}
        Needs a dyad-level table with ``i`` and ``j``. ``"two-way"``: Cameron, Gelbach &
        Miller (2011) :math:`V_i + V_j - V_{ij}` (statsmodels' two-way cluster);
        ``"dyadic"``: the dyadic-robust sandwich, whose meat sums :math:`s_d s_{d'}'` over
        every pair of dyads sharing a node (Aronow, Samii & Assenova 2015, eq. 6),
        :math:`\sum_v S_v S_v' - \sum_d s_d s_d'` with :math:`S_v` the summed scores of
        the dyads of node :math:`v` (for directed tables also minus the reciprocal pairs
        counted twice). For undirected tables ``i < j`` is an arbitrary order: prefer
        ``"dyadic"``.
    collapse : {"auto", True, False}
        Fit a dyad-level table as counts per covariate pattern (same estimates and
        standard errors, much faster); "auto": when there are at most a quarter as many
        patterns as rows and no clustering.
    standard_error : {"exact", "glm"}, default "exact"
        ``"exact"``: the inverse information at the estimate. ``"glm"``: R's ``glm.fit``
        convention (the covariance of its last IRLS step, from the iterate before the
        estimate, on the dyad-level data), which reproduces R's and ergm's printed standard
        errors digit for digit; maximum likelihood without clustering only.
    **fit_options
        Passed to ``GLM.fit`` (``maxiter``, ``tol`` ...).

    Returns
    -------
    statsmodels GLMResultsWrapper
        With netmix's notes (sampling offset, collapsed fit, separation, clustering, the
        dyad-independence caveat) in ``summary()`` and ``netmix_notes``.

    Notes
    -----
    Validated against R ergm's fit of faux.mesa.high ``edges + nodematch('Sex')`` from
    collapsed counts (71 / 10,423 ties / non-ties across sexes, 132 / 10,284 within:
    edges -4.989090, nodematch.Sex 0.633548, reproduced to every digit; Goodreau et al.
    2008, doi:10.18637/jss.v024.i09). ergm prints standard errors 0.119065 and 0.147816:
    R's ``glm`` evaluates the information matrix at the weights of its last IRLS
    iteration, one step before the estimate; netmix (statsmodels) evaluates it at the
    estimate, the exact :math:`\sqrt{1/71 + 1/10423} = 0.119082` and 0.147829. The tests
    reproduce ergm's digits with an emulation of R's ``glm.fit``. Firth's estimate is
    checked against its closed form for a saturated binary design (the Haldane 0.5
    correction).

    References
    ----------
    Hunter, D. R., Goodreau, S. M., & Handcock, M. S. (2008). Goodness of fit of social
    network models. JASA 103(481), 248-258. doi:10.1198/016214507000000446

    Firth, D. (1993). Bias reduction of maximum likelihood estimates. Biometrika 80(1),
    27-38. doi:10.1093/biomet/80.1.27

    Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2011). Robust inference with multiway
    clustering. JBES 29(2), 238-249. doi:10.1198/jbes.2010.07136

    Aronow, P. M., Samii, C., & Assenova, V. A. (2015). Cluster-robust variance estimation
    for dyadic data. Political Analysis 23(4), 564-577. doi:10.1093/pan/mpv018

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.models import fit_dyadic
    >>> counts = pd.DataFrame({"nodematch.sex": [0, 1], "ties": [71, 132],
    ...                        "nonties": [10423, 10284]})
    >>> res = fit_dyadic(counts)  # faux.mesa.high, edges + nodematch("Sex")
    >>> res.params.round(6).tolist()
    [-4.98909, 0.633548]
    >>> res.bse.round(6).tolist()  # exact: sqrt(1/71 + 1/10423), see the Notes
    [0.119082, 0.147829]
    >>> glm = fit_dyadic(counts, standard_error="glm")  # as R's glm / ergm print them
    >>> glm.bse.round(6).tolist()
    [0.119065, 0.147816]
    """
    check_choice("method", method, ("mle", "firth"))
    check_choice("separation", separation, ("raise", "drop", "firth"))
    check_choice("cluster", cluster, CLUSTERS)
    check_choice("collapse", collapse, ("auto", True, False))
    check_choice("standard_error", standard_error, ("exact", "glm"))
    if standard_error == "glm" and (method != "mle" or cluster is not None):
        raise InputError("standard_error='glm' (R's glm.fit convention) applies to maximum "
                         "likelihood without clustering; pass method='mle' and cluster=None.")
    terms = list(check_terms(table, terms))
    layout = _layout(table)
    if cluster is not None and (layout != "dyads" or not {"i", "j"} <= set(table.columns)):
        raise InputError(f"cluster={cluster!r} needs a dyad-level table with columns 'i' and "
                         "'j' (dyad_table without collapse); got a collapsed table.")
    data = table
    if "edges" not in terms:
        data = table.assign(edges=1)
        terms.insert(0, "edges")
    notes = _design_notes(table, layout)
    if layout == "dyads" and cluster is None and collapse is not False:
        data, collapsed = _maybe_collapse(data, terms, collapse)
        if collapsed:
            notes.append(f"Fitted as {len(data)} covariate patterns (ties, non-ties): the "
                         "same likelihood, estimates and standard errors as dyad by dyad.")
    _check_rank(data, terms)
    data, terms, method, sep_notes = _separation(data, terms, separation, method)
    notes += sep_notes
    results = _fit(data, terms, method, cluster, fit_options)
    if standard_error == "glm":
        results = _r_glm_results(results, data, terms)
        notes.append("Standard errors by R's glm.fit convention (standard_error='glm'): the "
                     "covariance of its last IRLS step, as R and ergm print them.")
    notes += _cluster_notes(data, cluster, results)
    notes.append("Dyad independence: ties are assumed independent given the terms (a "
                 "dyad-independent ERGM). Clustered (cluster='dyadic') or QAP errors "
                 "(netmix.models.qap_regression) allow for dependence through shared "
                 "people.")
    _check_fit(results, method)
    info = {"method": method, "cluster": cluster, "terms": tuple(terms),
            "record": dict(table.attrs.get("netmix_dyads", {}))}
    return attach_notes(results, notes, info)


# ----------------------------------------------------------------------------- steps
def _design_notes(table: pd.DataFrame, layout: str) -> list[str]:
    record = table.attrs.get("netmix_dyads", {})
    notes = []
    if record.get("sampled"):
        notes.append(
            f"Case-control sample: all {record['n_ties']} ties and "
            f"{record['n_nonties_sampled']} of {record['n_nonties']} non-ties "
            f"(p = {record['p_sample']:.4g}); offset log(1/p) = "
            f"{np.log(1 / record['p_sample']):.4f} on every row keeps the estimates those "
            "of the full data (Prentice & Pyke 1979).")
    elif "offset" in table.columns and np.any(table["offset"].to_numpy() != 0):
        notes.append("Offset column used (case-control sampling of non-ties).")
    return notes


def _check_rank(data: pd.DataFrame, terms: list[str]) -> None:
    """Raise when the terms are collinear (e.g. nodefactor with nodematch(diff=TRUE) on a
    two-valued attribute), naming the terms that depend on the others."""
    from scipy.linalg import qr

    x = data[terms].drop_duplicates().to_numpy(float)
    _, r, piv = qr(x, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r)) if r.size else np.zeros(0)
    rank = int((diag > diag.max(initial=0) * 1e-10).sum())
    if rank < len(terms):
        dependent = [terms[k] for k in piv[rank:]]
        raise InputError(f"terms must not be collinear; got {len(terms)} terms of rank {rank}: "
                         f"{', '.join(dependent)} are linear combinations of the others "
                         "(e.g. nodefactor with nodematch(diff=True) on a two-valued "
                         "attribute, or nodemix with nodefactor). Drop one of them.")


def _separation(data: pd.DataFrame, terms: list[str], separation: str, method: str
                ) -> tuple[pd.DataFrame, list[str], str, list[str]]:
    sep = separated_terms(data, terms)
    if sep.empty or method == "firth":
        return data, terms, method, ([] if sep.empty else [_sep_text(sep) + " Firth's "
                                     "penalised likelihood keeps the estimates finite."])
    text = _sep_text(sep)
    if separation == "raise":
        raise InputError(f"{text} Pass separation='drop' (report it as infinite and fit "
                         "the other terms), separation='firth' (penalised estimates), or "
                         "remove the term.")
    if separation == "firth":
        warnings.warn(text + " Fitted by Firth's penalised likelihood.", SeparationWarning,
                      stacklevel=3)
        return data, terms, "firth", [text + " Fitted by Firth's penalised likelihood."]
    drop = list(sep.index)
    keep = np.ones(len(data), bool)
    for term in drop:
        keep &= data[term].to_numpy(float) == 0
    n_out = int((~keep).sum())
    warnings.warn(text + f" Those terms are reported as infinite and left out with their "
                  f"{n_out} row(s).", SeparationWarning, stacklevel=3)
    rest = [t for t in terms if t not in drop]
    bounds = ", ".join(f"{t} = {sep.loc[t, 'estimate']}" for t in drop)
    note = (f"{text} Estimates at the boundary: {bounds}; the other terms are fitted "
            f"without those terms and their {n_out} row(s) (fitted tie probability 0 or 1).")
    return data.loc[keep], rest, method, [note]


def _sep_text(sep: pd.DataFrame) -> str:
    def what(est: float) -> str:
        return "not identified" if np.isnan(est) else f"estimate {est}"

    cells = "; ".join(f"{t}: {int(r.ties)} ties and {int(r.nonties)} non-ties among its "
                      f"dyads ({what(r.estimate)})" for t, r in sep.iterrows())
    return f"Separation: {cells}."


def _maybe_collapse(data: pd.DataFrame, terms: list[str], collapse: Any
                    ) -> tuple[pd.DataFrame, bool]:
    collapsed = collapse_dyads(data, terms)
    if collapse is True or len(collapsed) * 4 <= len(data):
        return collapsed, True
    return data, False


def _endog(data: pd.DataFrame) -> np.ndarray | pd.DataFrame:
    if _layout(data) == "counts":
        return data[["ties", "nonties"]].astype(float)
    return data["tie"].astype(float)


def _fit(data: pd.DataFrame, terms: list[str], method: str, cluster: str | None,
         options: dict[str, Any]) -> Any:
    # a saturated collapsed table has no residual degrees of freedom: statsmodels then
    # divides by zero for its (unused, binomial scale is 1) WLS scale
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        return _fit_glm(data, terms, method, cluster, options)


def _fit_glm(data: pd.DataFrame, terms: list[str], method: str, cluster: str | None,
             options: dict[str, Any]) -> Any:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    # separation is found before fitting (separated_terms); statsmodels' own check flags
    # every saturated collapsed fit (fitted = observed proportions) as "perfect prediction"
    warnings.filterwarnings("ignore", category=PerfectSeparationWarning)
    x = data[terms].astype(float)
    offset = data["offset"].to_numpy(float) if "offset" in data.columns else None
    model = sm.GLM(_endog(data), x, family=sm.families.Binomial(), offset=offset)
    if method == "firth":
        return firth(model, options)
    # statsmodels (as R's glm) takes the covariance from the weights of the last IRLS step,
    # computed at the iterate before the estimate; a second fit started at the estimate
    # makes them the estimate's (the exact inverse information)
    first = model.fit(**options)
    refit = {**options, "start_params": np.asarray(first.params)}
    if cluster in ("sender", "receiver", "two-way"):
        codes = {k: pd.factorize(data[c])[0] for k, c in (("sender", "i"), ("receiver", "j"))}
        groups = np.column_stack([codes["sender"], codes["receiver"]]) \
            if cluster == "two-way" else codes[cluster]
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, **refit)
    res = model.fit(**refit)
    if cluster == "dyadic":
        return dyadic_robust(model, res, data)
    return res


def _r_glm_results(results: Any, data: pd.DataFrame, terms: list[str]) -> Any:
    """The fit with R glm.fit's covariance (same estimate, to IRLS tolerance)."""
    from statsmodels.genmod.generalized_linear_model import GLMResults, GLMResultsWrapper

    x = data[terms].to_numpy(float)
    off = data["offset"].to_numpy(float) if "offset" in data.columns else np.zeros(len(data))
    if "ties" in data.columns:  # each pattern: its tie rows and its non-tie rows
        rows = np.concatenate([x, x])
        y = np.r_[np.ones(len(data)), np.zeros(len(data))]
        w = np.r_[data["ties"].to_numpy(float), data["nonties"].to_numpy(float)]
        off = np.r_[off, off]
    else:
        rows, y, w = x, data["tie"].to_numpy(float), np.ones(len(data))
    keep = w > 0
    beta, cov, converged = r_glm_logit(rows[keep], y[keep], w[keep], off[keep])
    if not converged or not np.allclose(beta, results.params, rtol=1e-5, atol=1e-7):
        raise InputError("standard_error='glm': R's IRLS did not reach the maximum-likelihood "
                         "estimate here (no convergence in 25 steps); use "
                         "standard_error='exact'.")
    out = GLMResults(results.model, np.asarray(results.params), cov, 1.0)
    for attr in ("method", "converged", "fit_history", "mle_settings"):
        if hasattr(results, attr):
            setattr(out, attr, getattr(results, attr))
    return GLMResultsWrapper(out)


def _cluster_notes(data: pd.DataFrame, cluster: str | None, results: Any) -> list[str]:
    if cluster is None:
        return []
    n_i, n_j = data["i"].nunique(), data["j"].nunique()
    n_nodes = pd.unique(pd.concat([data["i"], data["j"]])).size
    return [{"sender": f"Standard errors clustered by sender ({n_i} clusters).",
             "receiver": f"Standard errors clustered by receiver ({n_j} clusters).",
             "two-way": f"Two-way clustered standard errors by sender ({n_i}) and receiver "
                        f"({n_j}): V_s + V_r - V_sr (Cameron, Gelbach & Miller 2011).",
             "dyadic": f"Dyadic-robust standard errors: any two dyads sharing one of the "
                       f"{n_nodes} people may be correlated (Aronow, Samii & Assenova "
                       "2015), no small-sample factor."}[cluster]]


def _check_fit(results: Any, method: str) -> None:
    big = np.abs(np.asarray(results.params)) > 15
    if method == "mle" and (big.any() or not getattr(results, "converged", True)):
        names = [str(n) for n, b in zip(results.params.index, big, strict=True) if b]
        warnings.warn(f"possible quasi-separation: coefficients {names or 'not converged'} "
                      "are huge; a combination of terms may predict the ties perfectly. "
                      "Refit with method='firth'.", SeparationWarning, stacklevel=3)
