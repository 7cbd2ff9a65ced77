"""Odds ratio of a within-group tie (R netseg's ``orwg``), with its log, standard error
and confidence interval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.special import ndtr, ndtri

from .._results import ConfidenceInterval, ResultMixin
from .._validation import check_choice, check_level, check_nonneg
from ..exceptions import InputError
from ._common import (
    GraphOrMatrix,
    _as_matrix,
    _dyads,
    _sizes,
    _ties,
    _unweighted,
    _warn,
)
from .mixing import MixingMatrix

__all__ = ["OddsRatioResult", "within_group_odds_ratio"]


# ----------------------------------------------------------------------------- odds ratio
@dataclass(frozen=True)
class OddsRatioResult(ResultMixin):
    """The odds of a tie within groups over the odds of a tie between groups.

    ``statistic, pvalue = result`` unpacks; ``summary()`` renders a table.

    Attributes
    ----------
    statistic : float
        The odds ratio :math:`ad / bc`.
    pvalue : float
        Wald test of :math:`\\log OR = 0` against ``alternative``.
    log_odds_ratio, standard_error_log : float
        :math:`\\log OR` and its standard error (Woolf's), on the log scale like the test
        and the interval.
    confidence_interval : ConfidenceInterval
        ``(low, high)``: the Wald confidence interval of the odds ratio at
        ``confidence_level``.
    within_ties, within_non_ties, between_ties, between_non_ties : float
        The 2x2 table of dyads (``a, b, c, d``), after any ``correction``.
    """

    statistic: float
    pvalue: float
    log_odds_ratio: float
    standard_error_log: float
    confidence_interval: ConfidenceInterval
    confidence_level: float
    alternative: str
    within_ties: float
    within_non_ties: float
    between_ties: float
    between_non_ties: float
    correction: float
    directed: bool
    _title: ClassVar[str] = "Odds ratio of a within-group tie (Moody 2001)"
    _statistic_label = "odds ratio"

    @property
    def table(self) -> np.ndarray:
        """``[[a, b], [c, d]]``: rows within / between, columns tie / no tie."""
        return np.array([[self.within_ties, self.within_non_ties],
                         [self.between_ties, self.between_non_ties]])


def _dyad_table(m: MixingMatrix) -> np.ndarray:
    """Ties and non-ties within and between groups, counting each dyad once."""
    _sizes(m, "within_group_odds_ratio")
    per = 1.0 if m.directed else 0.5
    dyads, counts = _dyads(m) * per, _ties(m) * per
    a, within = np.trace(counts), np.trace(dyads)
    c, between = counts.sum() - a, dyads.sum() - within
    if a > within + 1e-9 or c > between + 1e-9:
        raise InputError("the mixing matrix has more ties than dyads (multi-edges or "
                         "self-loops?); build the graph with duplicates='sum' and "
                         "self_loops='drop', or pass a simple graph.")
    return np.array([[a, within - a], [c, between - c]])


def _wald(log_or: float, se: float, confidence_level: float, alternative: str
          ) -> tuple[float, float, float]:
    z = ndtri(0.5 + confidence_level / 2)
    with np.errstate(over="ignore"):
        lo, hi = np.exp(log_or - z * se), np.exp(log_or + z * se)
    zstat = log_or / se
    p = {"two-sided": 2 * ndtr(-(abs(zstat))), "greater": ndtr(-(zstat)),
         "less": ndtr(zstat)}[alternative]
    return float(p), float(lo), float(hi)


def within_group_odds_ratio(graph: GraphOrMatrix, groups: Any = None, *,
                            directed: bool | None = None, confidence_level: float = 0.95,
                            alternative: str = "two-sided", correction: float = 0.0,
                            missing: str = "raise") -> OddsRatioResult:
    r"""Odds ratio of a tie within rather than between groups, with Woolf's standard error.

    Every dyad (pair of distinct people; ordered for directed graphs) is within or between
    groups and tied or not, giving the table :math:`(a, b; c, d)` = (within ties, within
    non-ties; between ties, between non-ties). Then

    .. math::

        OR = \frac{a\,d}{b\,c}, \qquad
        \widehat{\mathrm{se}}(\log OR) = \sqrt{\frac1a + \frac1b + \frac1c + \frac1d}

    (Moody 2001; R netseg's ``orwg``; Woolf 1955 for the standard error), with the
    Wald interval :math:`\exp(\log OR \pm z_{1-\alpha/2}\,\mathrm{se})` and a Wald z test.

    Parameters
    ----------
    graph, groups, directed, missing
        As in :func:`coleman_homophily` (ties are counted: no ``weight``).
    confidence_level : float, default 0.95
    alternative : {"two-sided", "greater", "less"}
        For the p-value (``"greater"``: ties more likely within groups).
    correction : float, default 0.0
        Added to all four cells when one of them is 0 (0.5 is the Haldane-Anscombe
        correction). Without it a zero cell gives an odds ratio of 0 or inf and a nan
        standard error, with a warning.

    Returns
    -------
    OddsRatioResult

    Notes
    -----
    Validated against netseg's ``orwg`` (``WhiteKinship`` 3.301587; ``Classroom``
    16.58071, its mutual ties 26.13333) and live against statsmodels' ``Table2x2``.

    References
    ----------
    Moody, J. (2001). Race, school integration, and friendship segregation in America.
    American Journal of Sociology 107(3), 679-716. doi:10.1086/338954

    Woolf, B. (1955). On estimating the relation between blood group and disease. Annals of
    Human Genetics 19(4), 251-253. doi:10.1111/j.1469-1809.1955.tb01348.x

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import within_group_odds_ratio
    >>> m = netmix.MixingMatrix.from_array([[22, 1], [1, 20]], directed=False,
    ...                                    row_sizes=[13, 13], col_sizes=[13, 13])
    >>> res = within_group_odds_ratio(m)
    >>> round(res.statistic, 5), round(res.standard_error_log, 4)
    (26.13333, 1.03)
    """
    check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    confidence_level = check_level(confidence_level)
    check_nonneg("correction", correction)
    m = _as_matrix(graph, groups, None, directed, missing)
    _unweighted(m, "within_group_odds_ratio")
    table = _dyad_table(m)
    if (table == 0).any():
        table = table + correction
    (a, b), (c, d) = table
    nan = float("nan")
    if a + c <= 0 or a + b <= 0 or c + d <= 0:
        why = "there are no ties" if a + c <= 0 else "no dyad is " + (
            "within a group" if a + b <= 0 else "between groups")
        _warn(f"the within-group odds ratio is undefined (nan): {why}.")
        stat = log_or = se = p = lo = hi = nan
    elif (table == 0).any():
        _warn("a cell of the dyad table is 0, so the odds ratio is 0 or inf and its standard "
              f"error is undefined (nan); table [[a, b], [c, d]] = {table.tolist()}. Pass "
              "correction=0.5 to add 0.5 to every cell.")
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = float(a * d / (b * c))
            log_or = float(np.log(stat))
        se = p = lo = hi = nan
    else:
        stat = float(a * d / (b * c))
        log_or, se = float(np.log(stat)), float(np.sqrt((1 / table).sum()))
        p, lo, hi = _wald(log_or, se, confidence_level, alternative)
    return OddsRatioResult(stat, p, log_or, se, ConfidenceInterval(lo, hi), confidence_level,
                           alternative, float(a), float(b), float(c), float(d),
                           float(correction), m.directed)
