"""Report tables, the report section and the ego plots."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.axes import Axes

import netmix
from netmix.datasets.survey import simulate_diary_survey
from netmix.ego import compare_diary_sensor, integration_ratio, read_ego_data
from netmix.plotting.ego import (
    plot_integration_ratio,
    plot_ratio_matrix,
    plot_reporting_by_duration,
)
from netmix.report import ego_report_tables


@pytest.fixture(scope="module")
def sim():
    return simulate_diary_survey(400, seed=12)


def test_report_tables(sim):
    rep = ego_report_tables(sim.ego_data(), method="bootstrap", n_resamples=99)
    t = rep.tables
    assert set(t) == {"ego_composition", "ego_integration_by_group", "ego_ingroup_by_group",
                      "ego_ratio_matrix", "ego_integration_by_area", "ego_contact_matrix"}
    by_group = t["ego_integration_by_group"]
    assert list(by_group.index) == ["A", "B", "C", "all"]
    assert {"ratio", "ci_low", "ci_high"} <= set(by_group.columns)
    assert by_group.loc["all", "ratio"] == rep.results["integration"].statistic
    assert all(isinstance(ax, Axes) for ax in rep.figures.values())
    assert any("kept" in n for n in rep.notes)


def test_report_tables_with_an_area_table_given_separately(sim):
    d = read_ego_data(sim.egos, sim.alters, group="group", alter_group="alter_group",
                      survey_weight="weight")
    rep = ego_report_tables(d, sim.areas, area="area", method="analytic")
    ref = integration_ratio(sim.ego_data(), method="analytic")
    assert rep.results["integration"].statistic == pytest.approx(ref.statistic)


def test_report_section_html(sim):
    from netmix.report import ego_report_section

    section = ego_report_section(sim.ego_data(), method="analytic")
    assert "<img src='data:image/png;base64," in section.body
    assert "ego_integration_by_group" in section.tables


def test_plots_return_axes(sim, data_dir):
    res = integration_ratio(sim.ego_data(), method="analytic")
    ax = plot_integration_ratio(res, title="t")
    assert ax.get_title() == "t" and len(ax.get_yticklabels()) == 4
    m = pd.DataFrame([[2.0, 0.5], [0.25, float("nan")]], index=["a", "b"], columns=["a", "b"])
    assert isinstance(plot_ratio_matrix(m), Axes)
    assert isinstance(plot_ratio_matrix(m, log=False, annotate=False), Axes)
    diary = netmix.datasets.load_highschool_2013("diary", download=False)
    sensor = netmix.datasets.load_highschool_2013("sensor", start="2013-12-05",
                                                  end="2013-12-06", tz="Europe/Paris",
                                                  download=False)
    ax = plot_reporting_by_duration(compare_diary_sensor(diary, sensor))
    assert [p.get_height() for p in ax.patches][-1] == 1.0
    with pytest.raises(netmix.InputError):
        plot_ratio_matrix([[1, 2]])
