"""Every confidence interval netmix reports is at the level it says.

For each function that returns an interval, the endpoints are recomputed in the test,
independently and exactly, at several levels:

* percentile bootstrap intervals: ``np.quantile`` of the bootstrap replicates at
  ``(1 - level) / 2`` and ``(1 + level) / 2``, the replicates drawn again here from the same
  seed (integration ratio) or taken from the result and checked elsewhere against explicit
  resamples (``netmix.inference.bootstrap``, ``segregation_table``); basic and BCa
  intervals against :func:`scipy.stats.bootstrap` at the same level and draws;
* normal-approximation intervals: half-width over standard error equals
  ``scipy.stats.norm.ppf((1 + level) / 2)`` (two-sided) or ``norm.ppf(level)`` (one-sided),
  with the standard error recomputed here (Taylor linearisation of the ratio, statsmodels'
  cluster-robust GLM) where the function does not report it;
* statsmodels fits: half-width over standard error equals the t quantile with
  ``clusters - 1`` degrees of freedom;

and the level recorded on the result equals the level asked for. An interval computed at
90 % but labelled 95 % (or at 95 % whatever was asked) fails every test here.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.stats
import statsmodels.api as sm
from scipy.stats import norm
from statsmodels.stats.contingency_tables import Table2x2

import netmix
from netmix import DegenerateMixingWarning
from netmix.datasets.survey import simulate_diary_survey
from netmix.ego import ingroup_overrepresentation, integration_ratio
from netmix.ego.expected import own_and_out
from netmix.inference import bootstrap
from netmix.measures.assortativity import (
    degree_assortativity_test,
    nominal_assortativity_test,
    numeric_assortativity_test,
)
from netmix.measures.segregation import within_group_odds_ratio

LEVELS = [0.5, 0.8, 0.9, 0.95, 0.99]
RTOL = 1e-10


def two_sided(level):
    return (1 - level) / 2, (1 + level) / 2


# ============================================================================ ego ratios
FUNCS = {"outgroup": integration_ratio, "ingroup": ingroup_overrepresentation}


@pytest.fixture(scope="module")
def survey():
    return simulate_diary_survey(300, homophily={"A": 0.6, "B": 0.3, "C": 0.2},
                                 seed=4).ego_data()


def ego_terms(data, kind, estimator="ratio_of_sums"):
    """Per-ego numerator and denominator of the ratio, from the public expected contacts."""
    parts = own_and_out(data, None, True)
    obs = parts["observed_out" if kind == "outgroup" else "observed_same"]
    exp = parts["expected_out" if kind == "outgroup" else "expected_same"]
    s = data.weights()
    if estimator == "ratio_of_sums":
        return s * obs, s * exp
    used = exp > 0
    return s * np.divide(obs, exp, out=np.zeros_like(obs), where=used), s * used


def taylor_se_log(a, b):
    """Cochran (1977) sec. 6.3: with-replacement variance of a ratio, on the log scale."""
    n, r = a.size, a.sum() / b.sum()
    z = (a - r * b) / b.sum()
    return r, np.sqrt(n / (n - 1) * (z**2).sum()) / r


@pytest.mark.parametrize("estimator", ["ratio_of_sums", "mean_of_ratios"])
@pytest.mark.parametrize("kind", list(FUNCS))
@pytest.mark.parametrize("level", LEVELS)
def test_ego_analytic_interval_level(survey, kind, estimator, level):
    res = FUNCS[kind](survey, method="analytic", estimator=estimator, confidence_level=level)
    assert res.confidence_level == level
    q = norm.ppf((1 + level) / 2)
    a, b = ego_terms(survey, kind, estimator)
    r, se = taylor_se_log(a, b)
    assert res.statistic == pytest.approx(r, rel=RTOL)
    assert res.standard_error_log == pytest.approx(se, rel=RTOL)
    assert res.confidence_interval == pytest.approx(
        (r * np.exp(-q * se), r * np.exp(q * se)), rel=RTOL)
    # by group: a domain of the sample (its egos' terms, zero elsewhere)
    codes = survey.ego_codes
    for k, label in enumerate(survey.labels):
        rd, sed = taylor_se_log(a * (codes == k), b * (codes == k))
        row = res.table.loc[label]
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            (rd * np.exp(-q * sed), rd * np.exp(q * sed)), rel=RTOL)
    # the p-value tests ratio = 1 and does not depend on the level
    assert res.pvalue == pytest.approx(2 * norm.sf(abs(np.log(r)) / se), rel=1e-9)


@pytest.mark.parametrize("level", LEVELS)
def test_ego_glm_interval_level(survey, level):
    res = integration_ratio(survey, method="glm", by=None, confidence_level=level)
    assert res.confidence_level == level
    a, b = ego_terms(survey, "outgroup")
    use = b > 0
    fit = sm.GLM(a[use], np.ones((use.sum(), 1)), family=sm.families.Poisson(),
                 offset=np.log(b[use])).fit(cov_type="cluster",
                                            cov_kwds={"groups": np.arange(use.sum())})
    low, high = np.exp(fit.conf_int(alpha=1 - level)[0])
    assert res.confidence_interval == pytest.approx((low, high), rel=1e-8)
    q = norm.ppf((1 + level) / 2)
    low, high = res.confidence_interval
    assert np.log(high / low) / 2 == pytest.approx(q * res.standard_error_log, rel=RTOL)


def bootstrap_ratios(a, b, n_resamples, seed):
    """The percentile bootstrap's replicates, drawn again: egos with replacement."""
    picks = np.random.default_rng(seed).integers(0, a.size, size=(n_resamples, a.size))
    return a[picks].sum(axis=1) / b[picks].sum(axis=1)


@pytest.mark.parametrize("kind", list(FUNCS))
@pytest.mark.parametrize("level", LEVELS)
def test_ego_bootstrap_interval_level(survey, kind, level):
    n_resamples, seed = 499, 17
    res = FUNCS[kind](survey, method="bootstrap", n_resamples=n_resamples, seed=seed,
                      confidence_level=level)
    assert res.confidence_level == level and res.n_resamples == n_resamples
    a, b = ego_terms(survey, kind)
    reps = bootstrap_ratios(a, b, n_resamples, seed)
    assert res.confidence_interval == pytest.approx(
        tuple(np.quantile(reps, two_sided(level))), rel=RTOL)
    assert res.standard_error_log == pytest.approx(np.log(reps).std(ddof=1), rel=1e-9)
    # by group, from the same resamples of egos
    picks = np.random.default_rng(seed).integers(0, a.size, size=(n_resamples, a.size))
    for k, label in enumerate(survey.labels):
        ak, bk = a * (survey.ego_codes == k), b * (survey.ego_codes == k)
        num, den = ak[picks].sum(axis=1), bk[picks].sum(axis=1)
        reps_k = (num / den)[den > 0]
        row = res.table.loc[label]
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            tuple(np.quantile(reps_k, two_sided(level))), rel=RTOL)


def test_ego_interval_levels_nest(survey):
    # wider at a higher level, for every method and row
    for ci in ("analytic", "glm", "bootstrap"):
        tables = [integration_ratio(survey, method=ci, confidence_level=lv, seed=3,
                                    n_resamples=299).table for lv in (0.8, 0.95)]
        assert (tables[1]["ci_low"] < tables[0]["ci_low"]).all(), ci
        assert (tables[1]["ci_high"] > tables[0]["ci_high"]).all(), ci


# ============================================================================ bootstrap
def share_graph():
    rng = np.random.default_rng(14)
    n = 35
    src, dst = np.nonzero(np.triu(rng.random((n, n)) < 0.1, 1))
    nodes = pd.DataFrame({"g": rng.choice(["a", "b"], n)})
    return netmix.SocialGraph(nodes, src, dst)


def share_a(graph, groups):
    return float(np.mean(np.asarray(groups) == "a"))


@pytest.mark.parametrize("level", [0.5, 0.8, 0.99])
@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
def test_bootstrap_interval_level_matches_scipy(method, level):
    # A node-level statistic makes the node bootstrap an iid bootstrap of the nodes, which
    # scipy.stats.bootstrap draws the same way from the same Generator (tests/
    # test_inference.py checks 0.95; here the level is varied)
    g = share_graph()
    is_a = (g.nodes["g"] == "a").to_numpy().astype(float)
    ours = bootstrap(g, share_a, "g", n_resamples=499, seed=21, method=method,
                     confidence_level=level)
    ref = scipy.stats.bootstrap((is_a,), np.mean, n_resamples=499, method=method,
                                confidence_level=level, rng=np.random.default_rng(21))
    assert ours.confidence_level == level
    assert ours.confidence_interval.low == pytest.approx(ref.confidence_interval.low, abs=1e-12)
    assert ours.confidence_interval.high == pytest.approx(ref.confidence_interval.high, abs=1e-12)


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap_percentile_and_basic_are_quantiles_of_the_replicates(level):
    g = netmix.datasets.load_example()
    pct = bootstrap(g, "nominal_assortativity", "department", n_resamples=400, seed=2,
                    confidence_level=level)
    basic = bootstrap(g, "nominal_assortativity", "department", n_resamples=400, seed=2,
                      confidence_level=level, method="basic")
    lo, hi = np.quantile(pct.bootstrap_distribution, two_sided(level))
    assert pct.confidence_interval == (pytest.approx(lo, rel=RTOL),
                                         pytest.approx(hi, rel=RTOL))
    t = basic.statistic
    assert basic.confidence_interval == (pytest.approx(2 * t - hi, rel=RTOL),
                                             pytest.approx(2 * t - lo, rel=RTOL))
    assert pct.confidence_level == basic.confidence_level == level


@pytest.mark.parametrize("level", [0.8, 0.95])
def test_segregation_table_interval_level(level):
    g = netmix.datasets.load_example()
    seed, n_boot = 6, 199
    table = netmix.segregation_table(g, "department", indices=["nominal_assortativity"],
                                     n_resamples=0, n_bootstrap=n_boot,
                                     confidence_level=level, seed=seed)
    assert table.attrs["confidence_level"] == level
    # the row's bootstrap stream, as segregation_table spawns it (one index, one row)
    root = np.random.SeedSequence(np.random.default_rng(seed).integers(2**63))
    _, s_boot = root.spawn(1)[0].spawn(1)[0].spawn(2)
    dist = bootstrap(g, "nominal_assortativity", "department", n_resamples=n_boot,
                     seed=s_boot).bootstrap_distribution
    row = table.iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        tuple(np.quantile(dist, two_sided(level))), rel=RTOL)
    assert row["standard_error"] == pytest.approx(dist.std(ddof=1), rel=RTOL)


# ============================================================================ Wald intervals
def assortativity_results(level, alternative):
    g = netmix.datasets.load_example()
    rng = np.random.default_rng(0)
    num = g.with_nodes(g.nodes.assign(x=rng.normal(size=g.n_nodes)))
    return {
        "nominal": nominal_assortativity_test(g, "department", confidence_level=level,
                                              alternative=alternative),
        "numeric": numeric_assortativity_test(num, "x", confidence_level=level,
                                              alternative=alternative),
        "degree": degree_assortativity_test(g, confidence_level=level,
                                            alternative=alternative),
    }


@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
@pytest.mark.parametrize("level", LEVELS)
def test_assortativity_jackknife_interval_level(level, alternative):
    for name, res in assortativity_results(level, alternative).items():
        assert res.confidence_level == level and res.alternative == alternative, name
        r, se = res.statistic, res.standard_error
        assert np.isfinite(se) and se > 0, name
        if alternative == "two-sided":
            q = norm.ppf((1 + level) / 2)
            want = (r - q * se, r + q * se)
        else:
            q = norm.ppf(level)
            want = (r - q * se, 1.0) if alternative == "greater" else (-1.0, r + q * se)
        want = tuple(np.clip(want, -1, 1))
        assert res.confidence_interval == pytest.approx(want, rel=RTOL, abs=1e-14), name


@pytest.mark.parametrize("level", LEVELS)
def test_odds_ratio_interval_level_equals_statsmodels(level):
    g = netmix.datasets.load_example()
    res = within_group_odds_ratio(g, "department", confidence_level=level)
    assert res.confidence_level == level
    low, high = Table2x2(res.table).oddsratio_confint(alpha=1 - level)
    assert res.confidence_interval == pytest.approx((low, high), rel=RTOL)
    q = norm.ppf((1 + level) / 2)
    low, high = res.confidence_interval
    assert np.log(high / low) / 2 == pytest.approx(q * res.standard_error_log, rel=RTOL)


# ============================================================================ models
@pytest.mark.parametrize("level", [0.8, 0.95])
def test_outcome_and_did_intervals_use_t_with_clusters_minus_one_df(level):
    from netmix.datasets.programme import simulate_programme
    from netmix.models import coefficient_table, did_estimate, fit_outcome, mixing_change

    sim = simulate_diary_survey(400, seed=3)
    res = fit_outcome("trust ~ outgroup_share", sim.egos, cluster="area")
    n_clusters = sim.egos["area"].nunique()
    low, high = res.conf_int(alpha=1 - level).loc["outgroup_share"]
    q = scipy.stats.t.ppf((1 + level) / 2, n_clusters - 1)
    assert (high - low) / 2 == pytest.approx(q * res.bse["outgroup_share"], rel=RTOL)
    row = coefficient_table(res, ["outgroup_share"], confidence_level=level).iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=RTOL)

    prog = simulate_programme(600, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        change = mixing_change(prog.ego_data("before"), prog.ego_data("after"),
                               participants="participant")
    did = did_estimate(change)
    g = change["area"].nunique()
    low, high = did.conf_int(alpha=1 - level).loc["did"]
    q = scipy.stats.t.ppf((1 + level) / 2, g - 1)
    assert (high - low) / 2 == pytest.approx(q * did.bse["did"], rel=RTOL)
