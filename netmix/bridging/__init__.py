"""Bridging ties and brokers.

* Cross-group ties (:mod:`~netmix.bridging.ties`): :func:`crossing`,
  :func:`cross_group_ties`, :func:`bridging_capital`.
* Bridges, local bridges and overlap (:mod:`~netmix.bridging.bridges`): :func:`bridges`,
  :func:`local_bridges`, :func:`edge_overlap`, :func:`weak_ties_test`.
* Burt's structural holes (:mod:`~netmix.bridging.holes`): :func:`constraint`,
  :func:`effective_size`, :func:`efficiency`, :func:`hierarchy`, :func:`structural_holes`.
* Gould-Fernandez brokerage (:mod:`~netmix.bridging.brokerage`): :func:`brokerage`.
* For reports: :func:`top_brokers`.
"""

from .bridges import WeakTiesResult, bridges, edge_overlap, local_bridges, weak_ties_test
from .brokerage import BrokerageResult, brokerage
from .holes import constraint, effective_size, efficiency, hierarchy, structural_holes
from .ties import bridging_capital, cross_group_ties, crossing
from .top import top_brokers

__all__ = [
    "BrokerageResult",
    "WeakTiesResult",
    "bridges",
    "bridging_capital",
    "brokerage",
    "constraint",
    "cross_group_ties",
    "crossing",
    "edge_overlap",
    "effective_size",
    "efficiency",
    "hierarchy",
    "local_bridges",
    "structural_holes",
    "top_brokers",
    "weak_ties_test",
]
