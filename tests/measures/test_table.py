"""segregation_table: the rows equal the index functions; p-values and intervals are those
of the inference functions; seeds reproduce."""

from __future__ import annotations

import numpy as np
import pytest

import netmix
from netmix.inference.table import INDICES, segregation_table


@pytest.fixture(scope="module")
def example():
    return netmix.datasets.load_example()


@pytest.fixture(scope="module")
def table(example):
    return segregation_table(example, "department", weight="duration", n_resamples=49,
                             seed=7)


def test_rows_cover_every_index(table, example):
    k = example.nodes["department"].nunique()
    per_group = sum(spec.per_group for spec in INDICES.values())
    assert len(table) == (len(INDICES) - per_group) + per_group * k
    assert set(table["index"]) == set(INDICES)


def test_statistics_equal_the_functions(table, example):
    g, grp, w = example, "department", "duration"
    row = table.set_index(["index", "group"], drop=False)
    assert row.loc[("nominal_assortativity", np.nan), "statistic"] == pytest.approx(
        netmix.nominal_assortativity(g, grp, w), abs=1e-12)
    assert row.loc[("ei_index", np.nan), "statistic"] == pytest.approx(
        netmix.ei_index(g, grp, w), abs=1e-12)
    coleman = netmix.coleman_homophily(g, grp, w)
    for label, value in coleman.items():
        assert row.loc[("coleman_homophily", label), "statistic"] == pytest.approx(value)
    odds = netmix.within_group_odds_ratio(g, grp)  # tie counts, whatever the weight
    assert row.loc[("log_odds_ratio_within", np.nan), "statistic"] == pytest.approx(
        odds.log_odds_ratio)
    assert row.loc[("log_odds_ratio_within", np.nan), "weight"] == "none"


def test_uncertainty_columns_are_sensible(table):
    m = table.attrs["n_resamples"]
    assert ((table["pvalue"] >= 1 / (m + 1)) & (table["pvalue"] <= 1)).all()
    # the simulated example is strongly homophilous: assortativity beats all 49 shuffles
    assort = table[table["index"] == "nominal_assortativity"].iloc[0]
    assert assort["pvalue"] == pytest.approx(2 / (m + 1))  # two-sided: 2 * (0 + 1) / (m + 1)
    assert assort["null_mean"] == pytest.approx(0, abs=0.1)
    assert assort["ci_low"] <= assort["statistic"] <= assort["ci_high"]
    assert (table["standard_error"] > 0).all()


def test_seed_reproduces(example):
    a = segregation_table(example, "department", indices=["ei_index"], n_resamples=39, seed=3)
    b = segregation_table(example, "department", indices=["ei_index"], n_resamples=39, seed=3)
    assert a.equals(b)


def test_bad_index_name(example):
    with pytest.raises(netmix.InputError, match="indices must be one of"):
        segregation_table(example, "department", indices=["assortativity"])


def test_skipping_inference(example):
    t = segregation_table(example, "department", indices=["freeman_segregation"],
                          n_resamples=0, n_bootstrap=0)
    assert np.isnan(t.loc[0, "pvalue"]) and np.isnan(t.loc[0, "standard_error"])
    assert t.loc[0, "statistic"] == pytest.approx(netmix.freeman_segregation(example,
                                                                            "department"))
