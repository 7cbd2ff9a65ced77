"""Composition per ego: hand computations, an independent per-ego loop, properties."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmix.ego import composition_summary, ego_composition, from_graph, read_ego_data


def small():
    egos = pd.DataFrame({"ego": [1, 2, 3, 4], "g": ["a", "b", "c", "a"]})
    alters = pd.DataFrame({"ego": [1, 1, 1, 1, 2, 2, 3],
                           "g": ["a", "a", "b", "c", "b", "b", "a"],
                           "minutes": [10.0, 30.0, 40.0, 20.0, 5.0, 5.0, 0.0],
                           "alter": ["p", "q", "r", "s", "p", "q", "p"]})
    ties = pd.DataFrame({"ego": [1, 1, 2], "source": ["p", "q", "p"],
                         "target": ["q", "r", "q"]})
    return read_ego_data(egos, alters, group="g", alter_id="alter", ties=ties)


def test_hand_computed_counts():
    c = ego_composition(small())
    # ego 1 (a): alters a, a, b, c -> shares 1/2, 1/4, 1/4
    row = c.loc[1]
    assert (row["n_a"], row["n_b"], row["n_c"], row["n_alters"]) == (2, 1, 1, 4)
    assert row["prop_same"] == 0.5
    assert row["ei_index"] == 0.0  # (E - I) / (E + I) = (2 - 2) / 4
    assert row["blau"] == pytest.approx(1 - (0.25 + 0.0625 + 0.0625))  # 0.625
    assert row["iqv"] == pytest.approx(0.625 * 3 / 2)  # K = 3 groups: 0.9375
    assert row["entropy"] == pytest.approx(-(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25)))
    assert row["richness"] == 3
    # 2 ties among 4 alters: 2 / (4 * 3 / 2)
    assert row["density"] == pytest.approx(2 / 6)
    # ego 2 (b): b, b -> all same group
    assert c.loc[2, ["prop_same", "ei_index", "blau", "entropy", "richness"]].tolist() == [
        1.0, -1.0, 0.0, 0.0, 1]
    assert c.loc[2, "density"] == 1.0
    # ego 3 (c): one alter of group a -> E-I = +1
    assert c.loc[3, "ei_index"] == 1.0
    assert np.isnan(c.loc[3, "density"])  # fewer than 2 alters


def test_ego_without_alters_is_kept_with_nan_indices():
    c = ego_composition(small())
    row = c.loc[4]
    assert row["n_alters"] == 0 and row["richness"] == 0
    assert np.isnan(row[["share_a", "prop_same", "ei_index", "blau", "iqv", "entropy"]]
                    .to_numpy(float)).all()


def test_weighted_by_duration():
    c = ego_composition(small(), weight="minutes")
    # ego 1: a 10 + 30 = 40, b 40, c 20 of 100 minutes
    assert c.loc[1, ["volume_a", "volume_b", "volume_c"]].tolist() == [40.0, 40.0, 20.0]
    assert c.loc[1, "prop_same"] == 0.4
    assert c.loc[1, "blau"] == pytest.approx(1 - (0.16 + 0.16 + 0.04))
    # ego 3's one alter has duration 0: counted in n_alters, shares undefined
    assert c.loc[3, "n_alters"] == 1 and np.isnan(c.loc[3, "prop_same"])


def test_entropy_base_and_join():
    d = small()
    bits = ego_composition(d, base=2)
    assert bits.loc[1, "entropy"] == pytest.approx(1.5)  # -(1/2 log2 1/2 + 2 * 1/4 log2 1/4)
    joined = ego_composition(d, join=True)
    assert joined.index.equals(d.egos.index)


def loop_composition(egos, alters):
    """Independent implementation: a plain Python loop with collections.Counter."""
    labels = sorted(set(egos["g"]) | set(alters["g"]))
    rows = {}
    for ego, g in zip(egos["ego"], egos["g"], strict=True):
        cnt = Counter(alters.loc[alters["ego"] == ego, "g"])
        n = sum(cnt.values())
        if n == 0:
            rows[ego] = (0, math.nan, math.nan, math.nan, 0)
            continue
        p = [cnt[k] / n for k in labels]
        rows[ego] = (n, cnt[g] / n, 1 - sum(x * x for x in p),
                     -sum(x * math.log(x) for x in p if x > 0), sum(1 for x in p if x > 0))
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["n_alters", "prop_same", "blau", "entropy",
                                           "richness"])


@st.composite
def ego_tables(draw):
    n_egos = draw(st.integers(1, 12))
    groups = st.sampled_from(["x", "y", "z", "w"])
    ego_g = draw(st.lists(groups, min_size=n_egos, max_size=n_egos))
    n_alt = draw(st.integers(0, 40))
    alt_ego = draw(st.lists(st.integers(1, n_egos), min_size=n_alt, max_size=n_alt))
    alt_g = draw(st.lists(groups, min_size=n_alt, max_size=n_alt))
    egos = pd.DataFrame({"ego": range(1, n_egos + 1), "g": ego_g})
    alters = pd.DataFrame({"ego": pd.Series(alt_ego, dtype=np.int64),
                           "g": pd.Series(alt_g, dtype=object)})
    return egos, alters


@settings(max_examples=40, deadline=None)
@given(ego_tables())
def test_matches_independent_loop_and_bounds(tables):
    egos, alters = tables
    d = read_ego_data(egos, alters, group="g")
    got = ego_composition(d)
    ref = loop_composition(egos, alters)
    for col in ref.columns:
        np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float),
                                   atol=1e-12)
    k = d.n_groups
    ok = got["n_alters"] > 0
    assert (got.loc[ok, "ei_index"].between(-1, 1)).all()
    assert (got.loc[ok, "blau"] <= 1 - 1 / k + 1e-12).all()
    if k > 1:
        assert (got.loc[ok, "iqv"].between(-1e-12, 1 + 1e-12)).all()
    assert (got.loc[ok, "entropy"] <= math.log(k) + 1e-12).all()
    shares = got.loc[ok, [f"share_{v}" for v in d.labels]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)


@settings(max_examples=30, deadline=None)
@given(ego_tables(), st.permutations(["x", "y", "z", "w"]))
def test_relabelling_groups_changes_nothing(tables, perm):
    egos, alters = tables
    mapping = dict(zip(["x", "y", "z", "w"], perm, strict=True))
    a = ego_composition(read_ego_data(egos, alters, group="g"))
    b = ego_composition(read_ego_data(egos.assign(g=egos["g"].map(mapping)),
                                      alters.assign(g=alters["g"].map(mapping)), group="g"))
    cols = ["n_alters", "prop_same", "ei_index", "blau", "iqv", "entropy", "richness"]
    pd.testing.assert_frame_equal(a[cols], b[cols])


def test_sociocentric_prop_same_matches_networkx(workplace):
    comp = ego_composition(from_graph(workplace, "department"))
    g = workplace.to_networkx()
    dept = dict(g.nodes(data="department"))
    for node in list(g.nodes)[:40]:  # independent: share of same-department neighbours
        nbrs = list(g.neighbors(node))
        expect = sum(dept[v] == dept[node] for v in nbrs) / len(nbrs)
        assert comp.loc[node, "prop_same"] == pytest.approx(expect)


def test_composition_summary_by_group():
    s = composition_summary(small())
    # group a: egos 1 (4 alters, prop_same 0.5) and 4 (no alters)
    assert s.loc["a", "n_egos"] == 2 and s.loc["a", "n_without_alters"] == 1
    assert s.loc["a", "mean_n_alters"] == 2.0  # (4 + 0) / 2
    assert s.loc["a", "prop_same"] == 0.5  # ego 4 has no shares
    assert s.loc["all", "n_egos"] == 4
    # all: prop_same of egos 1, 2, 3 = (0.5 + 1 + 0) / 3
    assert s.loc["all", "prop_same"] == pytest.approx(0.5)
