"""Mixing measures: the mixing matrix and the indices computed from it."""

from .assortativity import assortativity_from_matrix, nominal_assortativity
from .mixing import MixingMatrix, mixing_matrix

__all__ = ["MixingMatrix", "assortativity_from_matrix", "mixing_matrix", "nominal_assortativity"]
