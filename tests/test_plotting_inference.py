"""Tests of netmix.plotting.inference (matplotlib, Agg backend)."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import netmix
from netmix import InputError
from netmix.inference import bootstrap, permutation_test
from netmix.plotting.inference import plot_null_distribution


@pytest.fixture(scope="module")
def example():
    return netmix.datasets.load_example()


def test_null_distribution_plot_has_histogram_and_observed_line(example):
    res = permutation_test(example, "nominal_assortativity", "department", n_resamples=99,
                           seed=1)
    ax = plot_null_distribution(res)
    assert isinstance(ax, Axes)
    bars = [p for p in ax.patches if p.get_height() > 0]
    # the histogram holds every null replicate
    assert sum(p.get_height() for p in ax.patches) == res.null_distribution.size == 99
    assert bars
    (line,) = ax.lines
    assert list(line.get_xdata()) == [res.statistic, res.statistic]
    assert "label_permutation" in ax.get_title() and "p = 0.02" in ax.get_title()
    assert ax.get_xlabel() == "nominal assortativity"


def test_plot_draws_on_a_given_axes_and_shades_a_bootstrap_interval(example):
    res = bootstrap(example, "nominal_assortativity", "department", n_resamples=100, seed=1)
    ax = Figure().add_subplot()
    out = plot_null_distribution(res, ax, bins=10, title="boot")
    assert out is ax
    assert ax.get_title() == "boot"
    (band,) = [p for p in ax.patches if "CI" in str(p.get_label())]  # the interval
    xs = band.get_window_extent().transformed(ax.transData.inverted()).intervalx
    np.testing.assert_allclose(xs, list(res.confidence_interval))
    assert np.isclose(ax.lines[0].get_xdata()[0], res.statistic)


def test_plot_rejects_other_objects():
    with pytest.raises(InputError, match="result must be"):
        plot_null_distribution(object())


def test_import_does_not_load_pyplot():
    code = ("import sys, netmix.plotting.inference; "
            "sys.exit('matplotlib.pyplot' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
