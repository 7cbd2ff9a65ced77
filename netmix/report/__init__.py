"""The HTML report written by ``netmix analyze``: one self-contained page plus CSV tables.

The report is built from sections, each composed from netmix's public API (the report
computes nothing of its own); the core never imports it.

* :mod:`~netmix.report.build`: :func:`build_report`, :func:`build_ego_report`,
  :func:`analyze` and the list of :data:`SECTIONS`;
* :mod:`~netmix.report.summary`: :func:`mixing_summary` and the summary in plain words that
  opens the page (shares, actual versus expected, the integration ratio, caveats);
* :mod:`~netmix.report.network`: the data, mixing matrix, assortativity, indices, bridges;
* :mod:`~netmix.report.communities`: :func:`community_report` and its section;
* :mod:`~netmix.report.models`: :func:`outcome_report` (does mixing predict an outcome?);
* :mod:`~netmix.report.ego`: :func:`ego_report_tables` for diary and survey data;
* :mod:`~netmix.report._page`: :class:`Report`, :class:`Section` and the HTML pieces.
"""

from ._page import MARKER, Report, Section, check_out_dir, safe_filename
from .build import NETMIX_CITATION, SECTIONS, analyze, build_ego_report, build_report
from .communities import CommunityReport, community_report
from .ego import EgoReportTables, ego_report_section, ego_report_tables
from .models import OutcomeReport, outcome_report
from .summary import MIN_GROUP_SIZE, mixing_summary

__all__ = [
    "MARKER",
    "MIN_GROUP_SIZE",
    "NETMIX_CITATION",
    "SECTIONS",
    "CommunityReport",
    "EgoReportTables",
    "OutcomeReport",
    "Report",
    "Section",
    "analyze",
    "build_ego_report",
    "build_report",
    "check_out_dir",
    "community_report",
    "ego_report_section",
    "ego_report_tables",
    "mixing_summary",
    "outcome_report",
    "safe_filename",
]
