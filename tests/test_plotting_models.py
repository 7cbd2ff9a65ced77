"""Coefficient plots state the level of the intervals they draw (issue 14)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from netmix import InputError
from netmix.datasets import simulate_diary_survey
from netmix.models import coefficient_table, fit_outcome
from netmix.plotting import plot_coefficients


@pytest.fixture(scope="module")
def res():
    return fit_outcome("trust ~ outgroup_share", simulate_diary_survey(300, seed=1).egos)


def _drawn_interval(ax):
    (segments,) = [c.get_segments() for c in ax.collections]
    (seg,) = segments
    return sorted(seg[:, 0])


@pytest.mark.parametrize("level", [None, 0.9, 0.99])
def test_intervals_drawn_at_the_level_the_label_states(res, level):
    ax = plot_coefficients(res, confidence_level=level)
    shown = 0.95 if level is None else level
    assert ax.get_xlabel() == f"estimate ({100 * shown:.4g} % interval)"
    expected = res.conf_int(alpha=1 - shown).loc["outgroup_share"].to_numpy()
    np.testing.assert_allclose(_drawn_interval(ax), expected, rtol=1e-12)


def test_a_table_says_its_level_only_when_known(res):
    table = coefficient_table(res, confidence_level=0.9)  # records its level in attrs
    assert plot_coefficients(table).get_xlabel() == "estimate (90 % interval)"
    table.attrs.clear()  # a table from elsewhere: no level known
    assert plot_coefficients(table).get_xlabel() == "estimate (confidence interval)"
    assert plot_coefficients(table, confidence_level=0.9).get_xlabel() == \
        "estimate (90 % interval)"


def test_a_percentage_level_is_refused(res):
    with pytest.raises(InputError, match=r"confidence_level .* 0\.95 for 95 %"):
        plot_coefficients(res, confidence_level=95)
