"""Bad and edge input to resampling inference (issue 14): bootstrap levels and resample
counts, extreme edge weights in the nulls, tiny graphs whose resampled statistic is nan or
infinite, and people without contacts in community stability."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids
from sklearn.metrics import normalized_mutual_info_score

import netmix
from netmix import DegenerateMixingWarning, SocialGraph
from netmix.communities import communities_vs_groups, community_stability
from netmix.inference import bootstrap, permutation_pvalues, permutation_test
from netmix.inference.statistics import nominal_assortativity_batch
from netmix.measures import within_group_odds_ratio

STAT = "nominal_assortativity"
NAMES = list("abcdef")
SRC, DST = [0, 1, 2, 3, 4, 5, 0, 1], [1, 2, 0, 4, 5, 3, 3, 4]
W = np.array([1, 2, 3, 4, 1, 2, 1, 5], dtype=float)


def small(weights=W) -> SocialGraph:
    """The 6-node graph of ``netmix analyze``'s corpus (two triangles, two bridges)."""
    return SocialGraph(pd.DataFrame({"team": list("xxyyxy")}, index=NAMES), SRC, DST,
                       edge_attrs={"w": np.asarray(weights)})


def log_odds(m) -> float:
    return within_group_odds_ratio(m).log_odds_ratio


def random_graph(weights=None, n: int = 40, m: int = 120, seed: int = 0) -> SocialGraph:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n, m)
    dst = (src + rng.integers(1, n, m)) % n
    base = rng.integers(1, 10, m).astype(float) if weights is None else weights
    return SocialGraph(pd.DataFrame({"g": rng.choice(list("abc"), n)}), src, dst,
                       edge_attrs={"w": base})


BASE_W = random_graph().edge_attr("w").astype(float)


def perm(scale) -> netmix.inference.PermutationTestResult:
    w = scale(BASE_W)
    return permutation_test(random_graph(w), STAT, "g", weight="w", n_resamples=199, seed=4)



def same_as_unscaled(exact: bool):
    def check_result(res) -> None:
        ref = perm(lambda w: w)
        assert res.pvalue == ref.pvalue
        if exact:
            assert res.statistic == ref.statistic
            np.testing.assert_array_equal(res.null_distribution, ref.null_distribution)
        else:
            assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
            np.testing.assert_allclose(res.null_distribution, ref.null_distribution,
                                       rtol=1e-12, atol=1e-15)
    return check_result


def percentile_interval(level: float):
    def check_result(res) -> None:
        a = (1 - level) / 2
        assert res.confidence_interval == tuple(np.quantile(res.bootstrap_distribution, [a, 1 - a]))
        assert res.confidence_level == level and res.n_undefined == 0
    return check_result


def example() -> SocialGraph:
    return netmix.datasets.load_example()


def rewire(weights) -> netmix.communities.CommunityGroupsResult:
    g0 = example()
    g = SocialGraph(g0.nodes, g0.src, g0.dst, edge_attrs={"duration": weights})
    return communities_vs_groups(g, "department", weight="duration", null="rewire",
                                 n_resamples=4, seed=3)


DURATION = np.asarray(example().edge_attr("duration"), dtype=float)


def same_rewire_null(res) -> None:
    ref = rewire(DURATION)
    assert res.statistic == ref.statistic and res.pvalue == ref.pvalue
    np.testing.assert_array_equal(res.null_distribution, ref.null_distribution)


def triangles_and_isolates(n_isolates: int = 3) -> SocialGraph:
    n = 6 + n_isolates
    return SocialGraph(pd.DataFrame(index=pd.RangeIndex(n)), [0, 1, 2, 3, 4, 5],
                       [1, 2, 0, 4, 5, 3])


def louvain_runs(isolates: str):
    g = random_graph(n=40, m=60, seed=2)
    nodes = pd.DataFrame(index=pd.RangeIndex(50))  # 10 more people without contacts
    g = SocialGraph(nodes, g.src, g.dst)
    return g, community_stability(g, "louvain", seeds=range(12), isolates=isolates)


def nmi_of_contacts(res_graph) -> None:
    g, res = res_graph
    keep = g.has_contacts.to_numpy()
    runs = res.memberships[:, keep]
    pairs = [normalized_mutual_info_score(runs[i], runs[j])
             for i in range(len(runs)) for j in range(i + 1, len(runs))]
    assert res.mean_nmi == pytest.approx(np.mean(pairs), abs=1e-12)
    assert res.n_isolates_excluded == int((~keep).sum()) >= 10
    assert res.n_distinct == len({tuple(np.unique(r, return_inverse=True)[1]) for r in runs})


def complete_four() -> SocialGraph:
    return SocialGraph(pd.DataFrame({"g": list("aabb")}), [0, 0, 0, 1, 1, 2],
                       [1, 2, 3, 2, 3, 3])


def check_log_odds_permutation(res) -> None:
    assert np.isinf(res.null_distribution).any()
    assert np.isnan(res.null_mean) and np.isnan(res.null_sd) and np.isnan(res.zscore)
    assert res.pvalue == permutation_pvalues(res.statistic, res.null_distribution)[0]


def check_log_odds_bootstrap(res) -> None:
    # 7 of 39 resamples have an empty cell (-inf), more than the 2.5 % tail: unbounded
    assert np.count_nonzero(np.isneginf(res.bootstrap_distribution)) == 7
    assert np.isnan(res.standard_error) and np.isnan(res.bias)
    assert np.isnan(res.confidence_interval.low) and np.isnan(res.confidence_interval.high)


def mostly_undefined() -> SocialGraph:
    # one member of group b: a node resample without it has one group (nan)
    return SocialGraph(pd.DataFrame({"g": list("aaab")}), [0, 1, 2, 0], [1, 2, 3, 3])


def check_mostly_undefined(res) -> None:
    assert res.n_undefined > 0 and res.bootstrap_distribution.size == 39 - res.n_undefined
    assert np.isnan(res.confidence_interval.low) and np.isnan(res.confidence_interval.high)
    assert res.standard_error == pytest.approx(np.std(res.bootstrap_distribution, ddof=1))


def check_one_replicate(res) -> None:
    assert res.null_distribution.size == 1
    assert res.null_mean == res.null_distribution[0]
    assert np.isnan(res.null_sd) and np.isnan(res.zscore)


def check_constant_null(res) -> None:
    assert res.null_sd == 0 and np.isnan(res.zscore)
    assert res.pvalue == 1.0 and (res.null_distribution == res.statistic).all()


def _stability(g, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)  # modularity of no edges
        return community_stability(g, **kw)


def one_sided_odds() -> SocialGraph:
    # no tie between the groups: the within-group odds ratio is infinite
    return SocialGraph(pd.DataFrame({"g": list("aabb")}), [0, 2], [1, 3])


CASES = [
    # ------------------------------------------------ bootstrap: level and resample count
    Case("bootstrap-9-resamples-at-95",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=9, seed=1),
         match=("n_resamples", "at least 39", "got 9", "0.95")),
    Case("bootstrap-38-resamples-at-95",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=38, seed=1),
         match=("at least 39", "got 38")),
    Case("bootstrap-39-resamples-at-95-accepted",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=39, seed=1),
         error=None, result=percentile_interval(0.95)),
    Case("bootstrap-19-resamples-at-90-accepted",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=19,
                             confidence_level=0.9, seed=1),
         error=None, result=percentile_interval(0.9)),
    Case("bootstrap-99-resamples-at-99",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=99, confidence_level=0.99),
         match=("at least 199", "got 99")),
    Case("bootstrap-bca-9-resamples",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=9, method="bca"),
         match=("at least 39", "got 9")),
    Case("bootstrap-basic-edge-19-resamples",
         lambda d: bootstrap(example(), STAT, "department", n_resamples=19, method="basic",
                             unit="edge"),
         match=("at least 39", "got 19")),
    Case("bootstrap-ci-numpy-percentage",
         lambda d: bootstrap(example(), STAT, "department", confidence_level=np.float64(95)),
         match=("confidence_level", "95", "0.95")),
    Case("bootstrap-ci-text",
         lambda d: bootstrap(example(), STAT, "department", confidence_level="0.95"),
         match=("confidence_level", "'0.95'")),
    Case("bootstrap-ci-nan",
         lambda d: bootstrap(example(), STAT, "department", confidence_level=float("nan")),
         match=("confidence_level", "nan")),
    Case("bootstrap-ci-true",
         lambda d: bootstrap(example(), STAT, "department", confidence_level=True),
         match=("confidence_level", "True")),
    Case("segregation-table-9-bootstrap-resamples",
         lambda d: netmix.segregation_table(example(), "department", indices=[STAT],
                                            n_resamples=0, n_bootstrap=9, seed=1),
         match=("at least 39", "got 9")),
    # ------------------------------------------------ extreme weights in the label null
    Case("permutation-weights-times-2**-1000",
         lambda d: perm(lambda w: w * 2.0**-1000), error=None,
         result=same_as_unscaled(exact=True)),
    Case("permutation-weights-times-1e-300",
         lambda d: perm(lambda w: w * 1e-300), error=None,
         result=same_as_unscaled(exact=False)),
    Case("permutation-weights-times-1e300",
         lambda d: perm(lambda w: w * 1e300), error=None,
         result=same_as_unscaled(exact=False)),
    Case("permutation-weights-int64-1e18",
         lambda d: perm(lambda w: (w * 10**17).astype(np.int64)), error=None,
         result=same_as_unscaled(exact=False)),
    Case("assortativity-batch-subnormal-counts",
         lambda d: nominal_assortativity_batch(np.array([[[2, 1], [1, 2]]]) * 2.0**-1070),
         error=None, result=lambda r: np.testing.assert_array_equal(r, [1 / 3])),
    Case("bootstrap-weights-times-1e300",
         lambda d: bootstrap(random_graph(BASE_W * 1e300), STAT, "g", weight="w",
                             n_resamples=59, seed=2), error=None,
         result=lambda r: np.testing.assert_allclose(
             r.bootstrap_distribution, bootstrap(random_graph(BASE_W), STAT, "g", weight="w",
                                       n_resamples=59, seed=2).bootstrap_distribution, rtol=1e-12)),
    # ------------------------------------------------ extreme weights in the rewire null
    Case("rewire-null-weights-times-2**-1000", lambda d: rewire(DURATION * 2.0**-1000),
         error=None, result=same_rewire_null),
    Case("rewire-null-weights-times-2**1000", lambda d: rewire(DURATION * 2.0**1000),
         error=None, result=same_rewire_null),
    Case("rewire-null-weights-int64-2**50",
         lambda d: rewire((DURATION * 2**50).astype(np.int64)), error=None,
         result=same_rewire_null),
    # ------------------------------------------------ tiny graphs: nan or inf resamples
    Case("permutation-log-odds-infinite-null",
         lambda d: permutation_test(small(), log_odds, "team", n_resamples=39, seed=1),
         error=None, result=check_log_odds_permutation, warns=DegenerateMixingWarning,
         warns_match="infinite statistic"),
    Case("bootstrap-log-odds-infinite-resamples",
         lambda d: bootstrap(small(), log_odds, "team", n_resamples=39, seed=1),
         error=None, result=check_log_odds_bootstrap, warns=DegenerateMixingWarning,
         warns_match="infinite statistic"),
    Case("bootstrap-too-few-defined-for-the-level",
         lambda d: bootstrap(mostly_undefined(), STAT, "g", n_resamples=39, seed=0),
         error=None, result=check_mostly_undefined, warns=DegenerateMixingWarning,
         warns_match="of 39 .*undefined statistic"),
    Case("bootstrap-infinite-observed-statistic",
         lambda d: bootstrap(one_sided_odds(), log_odds, "g", n_resamples=39, seed=0),
         error=None, warns=DegenerateMixingWarning, warns_match="infinite",
         result=lambda r: (np.isinf(r.statistic) and np.isnan(r.standard_error)
                           and np.isnan(r.confidence_interval.low)
                           and r.bootstrap_distribution.size == 0) or pytest.fail(repr(r))),
    Case("permutation-one-replicate",
         lambda d: permutation_test(example(), STAT, "department", n_resamples=1, seed=0),
         error=None, result=check_one_replicate, warns=DegenerateMixingWarning,
         warns_match="at least 2 defined"),
    Case("permutation-constant-null",
         lambda d: permutation_test(complete_four(), STAT, "g", n_resamples=19, seed=0),
         error=None, result=check_constant_null, warns=DegenerateMixingWarning,
         warns_match="constant"),
    # ------------------------------------------------ community stability and isolates
    Case("stability-isolates-excluded",
         lambda d: community_stability(triangles_and_isolates(), seeds=range(5)), error=None,
         result=lambda r: (r.n_consensus_communities, r.n_isolates_excluded, r.isolates,
                           r.mean_nmi, r.consensus.n_communities) == (2, 3, "exclude", 1.0, 5)
         or pytest.fail(repr(r))),
    Case("stability-isolates-included",
         lambda d: community_stability(triangles_and_isolates(), seeds=range(5),
                                       isolates="include"), error=None,
         result=lambda r: (r.n_consensus_communities, r.n_isolates_excluded, r.mean_nmi)
         == (5, 0, 1.0) or pytest.fail(repr(r))),
    Case("stability-isolates-nmi-of-contacts", lambda d: louvain_runs("exclude"), error=None,
         result=nmi_of_contacts),
    Case("stability-isolates-drop",
         lambda d: community_stability(triangles_and_isolates(), seeds=range(2),
                                       isolates="drop"),
         match=("isolates", "'exclude'", "'drop'")),
    Case("stability-no-contacts",
         lambda d: _stability(SocialGraph(pd.DataFrame(index=range(4)), [], []),
                              seeds=range(3)), error=None,
         result=lambda r: np.isnan(r.mean_nmi) or pytest.fail(repr(r))),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)


def test_louvain_isolates_inflate_included_nmi():
    # the bug: 10 one-person communities that agree in every run raise the mean NMI
    _, inc = louvain_runs("include")
    _, exc = louvain_runs("exclude")
    assert inc.mean_nmi > exc.mean_nmi
    assert (inc.memberships == exc.memberships).all()  # the same runs either way

