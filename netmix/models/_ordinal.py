"""statsmodels' OrderedModel with survey weights (a weighted pseudo-likelihood)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special, stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

__all__ = ["WeightedOrderedModel"]


class WeightedOrderedModel(OrderedModel):
    r"""OrderedModel maximising :math:`\sum_i w_i \log L_i` when ``weights`` are given.

    The score and Hessian (numerical, from :meth:`loglikeobs`) are then weighted too, so
    the robust (``HC0``) and clustered sandwiches are those for probability weights. With
    ``weights=None`` it is OrderedModel unchanged.
    """

    def __init__(self, endog: Any, exog: Any, offset: Any = None, distr: str = "probit",
                 weights: Any = None, **kwds: Any) -> None:
        super().__init__(endog, exog, offset=offset, distr=distr, **kwds)
        self.survey_weights = None if weights is None else np.asarray(weights, dtype=float)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        # scipy.special ufuncs: the same values as stats.norm / stats.logistic, without the
        # per-call overhead of scipy.stats (most of an ordinal fit's time otherwise)
        if self.distr is stats.norm:
            return special.ndtr(x)
        if self.distr is stats.logistic:
            return special.expit(x)
        return super().cdf(x)

    def pdf(self, x: np.ndarray) -> np.ndarray:
        if self.distr is stats.norm:
            return np.exp(-0.5 * np.square(x)) / np.sqrt(2 * np.pi)
        if self.distr is stats.logistic:
            p = special.expit(x)
            return p * (1 - p)
        return super().pdf(x)

    def loglikeobs(self, params: np.ndarray) -> np.ndarray:
        ll = super().loglikeobs(params)
        return ll if self.survey_weights is None else ll * self.survey_weights
