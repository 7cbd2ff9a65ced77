"""Models: does mixing matter? Tidy tables for statsmodels, and what network data need.

* Outcome regressions (:mod:`~netmix.models.design`, :mod:`~netmix.models.outcome`):
  :func:`outcome_table` (each person's mixing measures beside attributes and outcomes,
  from a graph or ego-centric data) and :func:`fit_outcome` (OLS, logit, probit,
  ordinal, Poisson, negative binomial, mixed; survey weights, clustered errors,
  standardised coefficients; the statsmodels results with netmix's notes);
  :func:`outcome_permutation_test` for linked observations.
* Dyadic homophily models (:mod:`~netmix.models.dyadic`): :func:`dyad_table`,
  :func:`dyad_counts`, :func:`fit_dyadic` (the dyad-independent ERGM as a logit, with
  separation checks, Firth, and sender / receiver / dyadic clustering).
* Network regression (:mod:`~netmix.models.qap`): :func:`qap_regression` (MRQAP with
  Dekker's double semi-partialling, or Y-permutation; linear or logistic).
* Programme evaluation (:mod:`~netmix.models.evaluation`): :func:`mixing_change`,
  :func:`did_means`, :func:`did_estimate`, :func:`programme_matrices`.
* Tables: :func:`coefficient_table` (the report's :func:`netmix.report.outcome_report`
  builds on it).

statsmodels is imported when a model is fitted, not with netmix.
"""

from .coefficients import coefficient_table
from .design import EGO_MEASURES, GRAPH_MEASURES, outcome_table
from .dyadic import dyad_counts, dyad_table
from .dyadic_fit import SeparationWarning, fit_dyadic, separated_terms
from .evaluation import did_estimate, did_means, mixing_change, programme_matrices
from .outcome import FAMILIES, fit_outcome
from .permutation import CoefficientPermutationResult, outcome_permutation_test
from .qap import QAPResult, adjacency_matrix, dyadic_covariate, qap_regression

__all__ = [
    "EGO_MEASURES",
    "FAMILIES",
    "GRAPH_MEASURES",
    "CoefficientPermutationResult",
    "QAPResult",
    "SeparationWarning",
    "adjacency_matrix",
    "coefficient_table",
    "did_estimate",
    "did_means",
    "dyad_counts",
    "dyad_table",
    "dyadic_covariate",
    "fit_dyadic",
    "fit_outcome",
    "mixing_change",
    "outcome_permutation_test",
    "outcome_table",
    "programme_matrices",
    "qap_regression",
    "separated_terms",
]
