"""plot_forest and plot_coefficients on segregation_table's output (issue 18, item 7)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix import InputError, InputTypeError
from netmix.plotting import plot_coefficients, plot_forest
from netmix.plotting.forest import forest_frame


@pytest.fixture(scope="module")
def table():
    g = netmix.datasets.load_example()
    return netmix.segregation_table(g, "department", indices=[
        "nominal_assortativity", "ei_index", "coleman_homophily"], n_resamples=99, seed=1)


def _intervals(ax):
    (collection,) = ax.collections
    return [sorted(seg[:, 0]) for seg in collection.get_segments()]


def test_forest_of_a_segregation_table(table):
    ax = plot_forest(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:3] == ["nominal_assortativity", "ei_index", "coleman_homophily: D1"]
    assert len(labels) == len(table)
    np.testing.assert_allclose(_intervals(ax), table[["ci_low", "ci_high"]].to_numpy())
    texts = [t.get_text() for t in ax.texts]
    assert "p-value" in texts and "≤ 0.020" in texts  # 99 permutations, none as extreme
    assert not any(t in ("0", "0.000") for t in texts)
    assert ax.get_xlabel() == "estimate (95 % interval)"
    null = ax.lines[1].get_xdata()  # the null means, as drawn
    np.testing.assert_allclose(null, table["null_mean"].to_numpy())


def test_plot_coefficients_accepts_a_segregation_table(table):
    ax = plot_coefficients(table, terms=["ei_index"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ei_index"]
    row = table.set_index("index").loc["ei_index"]
    np.testing.assert_allclose(_intervals(ax), [[row["ci_low"], row["ci_high"]]])


def test_an_interval_that_misses_the_estimate_is_drawn():
    t = pd.DataFrame({"term": ["x"], "estimate": [1.0], "ci_low": [1.2], "ci_high": [1.5]})
    np.testing.assert_allclose(_intervals(plot_coefficients(t)), [[1.2, 1.5]])


def test_forest_of_results():
    g = netmix.datasets.load_example()
    res = {"jackknife": netmix.nominal_assortativity_test(g, "department"),
           "bootstrap": netmix.bootstrap(g, "nominal_assortativity", "department",
                                         n_resamples=99, seed=1)}
    ax = plot_forest(res)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["jackknife", "bootstrap"]
    assert ax.get_xlabel() == "estimate (95 % interval)"
    ratio = netmix.within_group_odds_ratio(netmix.mixing_matrix(g, "department"))
    ax = plot_forest(ratio)
    assert ax.lines[-1].get_xdata()[0] == 1.0  # ratios: the reference line at 1


def test_bad_input():
    with pytest.raises(InputError, match="results must be a table with columns"):
        forest_frame(pd.DataFrame({"x": [1]}))
    with pytest.raises(InputTypeError, match="results must be"):
        plot_forest("nominal_assortativity")
    with pytest.raises(InputTypeError, match="confidence_interval"):
        plot_forest({"a": 0.5})
    with pytest.raises(InputError, match="at least one"):
        plot_forest({})
