"""The same statistics from edge lists too large for memory: DuckDB (out of core) or Dask.

Every function takes Parquet files (an edge list, one row an edge, and a node table, one
row a person) instead of a :class:`~netmix.SocialGraph`, and returns the very object the
in-memory function returns, with the same conventions:

=================================  ==============================================
:func:`mixing_matrix`              :func:`netmix.mixing_matrix` (a MixingMatrix)
:func:`nominal_assortativity`      :func:`netmix.nominal_assortativity`
:func:`degree_assortativity`       :func:`netmix.degree_assortativity`
:func:`numeric_assortativity`      :func:`netmix.numeric_assortativity`
:func:`cross_group_ties`           ties within / across groups per node
:func:`permutation_test`           :func:`netmix.inference.permutation_test`
                                   (label permutation)
=================================  ==============================================

``netmix.scale.f(edges, nodes, ...)`` equals ``netmix.f(netmix.read_edges(edges, nodes,
directed=..., duplicates=...), ...)``: counts exactly, indices to rounding. Every index
that is a function of the mixing matrix (:mod:`netmix.measures`) applies unchanged to
:func:`mixing_matrix`'s result, e.g. ``netmix.measures.segregation.coleman_homophily(m)``.

Engines (``engine=``):

* ``"duckdb"`` (default, :class:`DuckDBEngine`): embedded and out of core. DuckDB scans
  the Parquet files in parallel and joins them to the node table; the mixing matrix is
  one SQL ``GROUP BY`` over the group codes of the two ends, the per-node and moment
  statistics stream int32 node positions to numpy in Arrow batches. Memory: the node
  table (about 20 bytes a node) plus DuckDB's ``memory_limit``.
* ``"dask"`` (:class:`DaskEngine`): the same tallies as tasks on a dask.distributed
  cluster (the current ``Client``), summed on the cluster. On a SLURM cluster::

      from dask_jobqueue import SLURMCluster
      from distributed import Client
      cluster = SLURMCluster(cores=8, memory="32GB", walltime="01:00:00")
      cluster.scale(jobs=4)
      client = Client(cluster)
      m = netmix.scale.mixing_matrix("edges/*.parquet", "nodes.parquet", "group",
                                     engine="dask")

Edges are read as they are (``duplicates="sum"``, the default, merges parallel edges as
``read_edges`` does; ``"keep"`` counts every row and skips that step). Node ids are
integers or strings, of the same type in both tables.
"""

from ._dask import DaskEngine
from ._duckdb import DuckDBEngine
from .api import ENGINES, mixing_matrix, nominal_assortativity
from .assortativity import degree_assortativity, numeric_assortativity
from .local import cross_group_ties
from .permutation import permutation_test
from .temporal import mixing_over_time

__all__ = [
    "ENGINES",
    "DaskEngine",
    "DuckDBEngine",
    "cross_group_ties",
    "degree_assortativity",
    "mixing_matrix",
    "mixing_over_time",
    "nominal_assortativity",
    "numeric_assortativity",
    "permutation_test",
]
