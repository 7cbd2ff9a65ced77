"""Inference for mixing statistics: named null models, permutation tests and the bootstrap.

* :func:`permutation_test` compares an observed statistic with its distribution under a
  null model from :data:`NULL_MODELS` (label permutation, degree-preserving rewiring, the
  configuration model, or your own) and returns a :class:`PermutationTestResult`.
* :func:`bootstrap` resamples nodes (Snijders & Borgatti 1999) or edges for standard
  errors and confidence intervals, returning a :class:`BootstrapResult`.

Statistics are registered names (:data:`STATISTICS`) or any function of the mixing matrix
or of the graph; see :mod:`netmix.inference.statistics`.
"""

from ._data import NetworkData
from .bootstrap import BootstrapResult, bootstrap
from .nulls import (
    NULL_MODELS,
    ConfigurationModel,
    DegreePreserving,
    LabelPermutation,
    NullModel,
    register_null_model,
)
from .permutation import PermutationTestResult, permutation_pvalues, permutation_test
from .statistics import STATISTICS, Statistic, register_statistic
from .table import INDICES, segregation_table

__all__ = [
    "INDICES",
    "NULL_MODELS",
    "STATISTICS",
    "BootstrapResult",
    "ConfigurationModel",
    "DegreePreserving",
    "LabelPermutation",
    "NetworkData",
    "NullModel",
    "PermutationTestResult",
    "Statistic",
    "bootstrap",
    "permutation_pvalues",
    "permutation_test",
    "register_null_model",
    "register_statistic",
    "segregation_table",
]
