"""Ego-centric data (contact diaries and surveys): who each respondent met, compared with
who lives in the respondent's area.

* :class:`EgoData`, :func:`read_ego_data`, :func:`from_graph`: the data model (egos,
  alters, alter-alter ties, area populations), validated at reading;
* :func:`ego_composition`, :func:`composition_summary`: counts, shares, E-I, Blau, IQV,
  entropy and richness per ego;
* :func:`expected_contacts`, :func:`integration_ratio`, :func:`ingroup_overrepresentation`,
  :func:`ratio_matrix`: actual versus expected mixing against the area baseline, with
  bootstrap, analytic or GLM intervals;
* :func:`contact_matrix`: contact matrices with reciprocity correction;
* :func:`compare_diary_sensor`, :func:`symmetrize_diary`: diaries against sensors.

The tables and figures of the ``netmix analyze`` report are made by
:func:`netmix.report.ego_report_tables`.
"""

from .composition import composition_summary, ego_composition
from .contact_matrix import ContactMatrix, contact_matrix
from .convert import from_graph
from .data import EgoData
from .diary_sensor import (
    DURATION_BANDS,
    DiarySensorComparison,
    compare_diary_sensor,
    duration_band,
    symmetrize_diary,
)
from .expected import baseline_shares, expected_contacts, ratio_matrix
from .integration import IntegrationResult, ingroup_overrepresentation, integration_ratio
from .read import read_ego_data

__all__ = [
    "DURATION_BANDS",
    "ContactMatrix",
    "DiarySensorComparison",
    "EgoData",
    "IntegrationResult",
    "baseline_shares",
    "compare_diary_sensor",
    "composition_summary",
    "contact_matrix",
    "duration_band",
    "ego_composition",
    "expected_contacts",
    "from_graph",
    "ingroup_overrepresentation",
    "integration_ratio",
    "ratio_matrix",
    "read_ego_data",
    "symmetrize_diary",
]
