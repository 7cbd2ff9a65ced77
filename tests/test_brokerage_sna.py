"""Brokerage z-scores and p-values pinned to the values printed by R's sna.

``tests/r/brokerage.R`` ran ``sna::brokerage`` (R 4.2.2, sna 2.7-1; the versions head
``tests/r/brokerage_sna.Rout``, sna's own printed summary) on two digraphs and wrote every
number to ``tests/r/brokerage_sna.csv`` with 17 significant digits (CI has no R):

* the classroom by gender: netseg's ``Classroom`` (26 pupils, 88 "with whom do you like to
  play" nominations), the data of ``tests/measures/test_segregation.py``;
* the toy digraph of the :func:`netmix.bridging.brokerage` docstring (groups A A A B B C).

Every node, role and graph total is compared: observed counts exactly, expectations, sds,
z-scores and p-values to 1e-10 (relative). A z computed with the variance in place of the
standard deviation, a one-sided p labelled two-sided or a swapped role fails here.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classroom_data import CLASSROOM_ARCS, CLASSROOM_GIRLS, CLASSROOM_IDS

import netmix
from netmix import DegenerateMixingWarning
from netmix.bridging import brokerage
from netmix.bridging.brokerage import SNA_NAMES

R_DIR = Path(__file__).parent / "r"
RTOL = 1e-10

# netseg data-raw/classroom-edb.csv (tests/classroom_data.py; for R, tests/r/brokerage.R:
# test_same_data_as_the_r_script checks the copies agree)


def _digraph(ids, groups, arcs):
    pos = {v: i for i, v in enumerate(ids)}
    nodes = pd.DataFrame({"g": groups}, index=pd.Index(ids, name="id"))
    return netmix.SocialGraph(nodes, [pos[a] for a, _ in arcs], [pos[b] for _, b in arcs],
                              directed=True)


def classroom():
    v = [int(x) for x in CLASSROOM_ARCS.split()]
    groups = ["Girl" if i in CLASSROOM_GIRLS else "Boy" for i in CLASSROOM_IDS]
    return _digraph(CLASSROOM_IDS, groups, list(zip(v[::2], v[1::2], strict=True)))


def toy():
    return _digraph([1, 2, 3, 4, 5, 6], list("AAABBC"),
                    [(1, 2), (2, 3), (4, 2), (2, 5), (3, 6), (6, 4), (1, 3)])


CASES = {"classroom": classroom, "toy": toy}


@pytest.fixture(scope="module")
def sna():
    return pd.read_csv(R_DIR / "brokerage_sna.csv", dtype={"id": str})


def run(case):
    with warnings.catch_warnings():
        # classroom: two groups, so the liaison role is impossible (sd 0, z nan, warned)
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        return brokerage(CASES[case](), "g")


def assert_same(got, want, what):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"{what}: nan")
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=RTOL, atol=1e-13, err_msg=what)


def test_same_data_as_the_r_script():
    text = (R_DIR / "brokerage.R").read_text()
    arcs = re.search(r'classroom_arcs <- scan\(text = "(.*?)"', text, re.S).group(1)
    assert arcs.split() == CLASSROOM_ARCS.split()
    girls = re.search(r"girls <- c\((.*?)\)", text, re.S).group(1)
    assert [int(x) for x in girls.split(",")] == sorted(CLASSROOM_GIRLS)
    versions = (R_DIR / "brokerage_sna.Rout").read_text().splitlines()[:2]
    assert versions[0].startswith("R version 4.2.2") and versions[1].strip() == "sna 2.7.1"


@pytest.mark.parametrize("case", list(CASES))
def test_node_z_equals_sna(case, sna):
    res = run(case)
    want = sna[(sna["case"] == case) & (sna["level"] == "node")]
    n_nodes = len(res.roles)
    assert len(want) == 6 * n_nodes
    for col, r_name in SNA_NAMES.items():
        w = want[want["role"] == r_name].set_index("id")
        assert list(w.index) == [str(i) for i in res.roles.index]  # sna's node order
        np.testing.assert_array_equal(res.roles[col].to_numpy(), w["observed"].to_numpy())
        assert_same(res.null_mean[col], w["expected"], f"{case} {col} expected")
        assert_same(res.null_sd[col], w["sd"], f"{case} {col} sd")
        assert_same(res.zscore[col], w["z"], f"{case} {col} z")


@pytest.mark.parametrize("case", list(CASES))
def test_total_z_and_p_equal_sna(case, sna):
    res = run(case)
    assert res.alternative == "two-sided"
    want = sna[(sna["case"] == case) & (sna["level"] == "total")].set_index("role")
    want = want.loc[[SNA_NAMES[c] for c in res.totals.index]]
    t = res.totals
    np.testing.assert_array_equal(t["observed"].to_numpy(), want["observed"].to_numpy())
    for col, r_col in (("null_mean", "expected"), ("null_sd", "sd"), ("zscore", "z")):
        assert_same(t[col], want[r_col], f"{case} total {col}")
    # sna prints 2 * (1 - pnorm(|z|)); netmix computes 2 * Phi(-|z|), the same number
    # without the cancellation (they agree to ~1e-16 absolute, here 1e-10 relative)
    assert_same(t["pvalue"], want["p"], f"{case} total p")
    np.testing.assert_allclose(t["pvalue"].dropna(), want["p_sna"].dropna(), rtol=1e-9,
                               atol=1e-15)


@pytest.mark.parametrize("case", list(CASES))
def test_group_moments_equal_sna(case, sna):
    res = run(case)
    want = sna[(sna["case"] == case) & (sna["level"] == "group")]
    for col, r_name in SNA_NAMES.items():
        w = want[want["role"] == r_name].set_index("id")
        labels = [str(x) for x in res.group_null_mean.index]
        assert sorted(labels) == sorted(w.index)
        assert_same(res.group_null_mean[col].to_numpy(), w.loc[labels, "expected"],
                    f"{case} {col} group expected")
        assert_same(res.group_null_sd[col].to_numpy(), w.loc[labels, "sd"],
                    f"{case} {col} group sd")


def test_one_sided_p_values_from_the_same_z(sna):
    # the one-sided p-values are the two tails of the z sna prints: Phi(-z) and Phi(z)
    from scipy.stats import norm

    want = sna[(sna["case"] == "toy") & (sna["level"] == "total")].set_index("role")
    g = toy()
    for alternative, tail in (("greater", norm.sf), ("less", norm.cdf)):
        t = brokerage(g, "g", alternative=alternative).totals
        zs = want.loc[[SNA_NAMES[c] for c in t.index], "z"].to_numpy()
        assert_same(t["pvalue"], tail(zs), f"{alternative} p")
