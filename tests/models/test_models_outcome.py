"""Outcome regressions: person tables, statsmodels fits with notes, coverage, permutation."""

from __future__ import annotations

import pickle

import igraph as ig
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

import netmix
from netmix.datasets import simulate_diary_survey
from netmix.exceptions import DegenerateMixingWarning, InputError
from netmix.models import (
    coefficient_table,
    fit_outcome,
    outcome_permutation_test,
    outcome_table,
)
from netmix.models.permutation import permutations
from netmix.report import outcome_report

# ----------------------------------------------------------------------------- coverage
# simulate_diary_survey: trust = 2.5 + 1.5 * outgroup_share + N(0, 0.5^2) (its truth dict)
#
# 1000 seeded replications, threshold 922 covered (scipy.stats.binom.sf(921, 1000, p)): a true
# 95 % interval passes with probability 0.99994, one covering 94 % with 0.991, a 90 % interval
# with 0.0099. The same intervals at 90 % are asserted to fall below the threshold, so that a
# level mislabelled as 95 % fails. (100 replications with >= 93 passed a 90 % interval with
# probability 0.21.) fit_outcome takes 25 ms (OLS) to 140 ms (ordered probit) a fit, too slow
# for 1000; the 1000 fits are computed at once in numpy (the same estimator, covariance and
# interval as statsmodels), and that batch is checked against fit_outcome's own conf_int, at
# both levels, on the first seeds. Observed (seeds 0-999), 95 % / 90 %: OLS 940 / 876, WLS
# with HC1 935 / 883, ordered probit 949 / 907. Whole block: about 6 s.
N_REPS, THRESHOLD = 1000, 922


def _survey_arrays(n_egos: int, columns: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """``(N_REPS, n_egos)`` arrays of the simulator's columns for seeds 0 .. N_REPS - 1."""
    egos = [simulate_diary_survey(n_egos, seed=seed).egos for seed in range(N_REPS)]
    return tuple(np.stack([e[c].to_numpy(float) for e in egos]) for c in columns)


_SURVEY_300: list[tuple[np.ndarray, ...]] = []


def _survey_300() -> tuple[np.ndarray, ...]:
    if not _SURVEY_300:
        _SURVEY_300.append(_survey_arrays(300, ("outgroup_share", "trust", "weight")))
    return _SURVEY_300[0]


def _ols_intervals(x: np.ndarray, y: np.ndarray, w: np.ndarray | None, level: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The slope's interval of ``y ~ x`` in every row, as fit_outcome gives it: OLS with the
    model-based covariance and t(n - 2); with weights, WLS with HC1 and the normal."""
    from scipy import stats

    n = x.shape[1]
    root = np.ones_like(x) if w is None else np.sqrt(w)
    design = np.stack([root, root * x], axis=2)  # (R, n, 2), whitened
    yw = root * y
    bread = np.linalg.inv(np.einsum("rni,rnj->rij", design, design))
    beta = np.einsum("rij,rnj,rn->ri", bread, design, yw)
    resid = yw - np.einsum("rni,ri->rn", design, beta)
    if w is None:
        var = (resid ** 2).sum(axis=1) / (n - 2) * bread[:, 1, 1]
        q = stats.t.ppf(0.5 + level / 2, n - 2)
    else:
        meat = np.einsum("rni,rn,rnj->rij", design, resid ** 2, design)
        cov = np.einsum("rij,rjk,rkl->ril", bread, meat, bread) * n / (n - 2)
        var = cov[:, 1, 1]
        q = stats.norm.ppf(0.5 + level / 2)
    half = q * np.sqrt(var)
    return beta[:, 1] - half, beta[:, 1] + half


@pytest.mark.parametrize("weights", [None, "weight"])
def test_ols_95ci_covers_the_trust_effect_in_922_of_1000(weights):
    x, y, w = _survey_300()
    w = w if weights else None
    # the batch is fit_outcome's interval, at both levels
    for seed in range(20):
        sim = simulate_diary_survey(300, seed=seed)
        res = fit_outcome("trust ~ outgroup_share", sim.egos, weights=weights)
        for level in (0.95, 0.90):
            low, high = _ols_intervals(x[seed:seed + 1], y[seed:seed + 1],
                                       None if w is None else w[seed:seed + 1], level)
            expected = res.conf_int(alpha=1 - level).loc["outgroup_share"].to_numpy()
            np.testing.assert_allclose([low[0], high[0]], expected, rtol=1e-10)
    truth = simulate_diary_survey(300, seed=0).truth["trust_effect"]
    low, high = _ols_intervals(x, y, w, 0.95)
    covered = int(np.count_nonzero((low < truth) & (truth < high)))
    low, high = _ols_intervals(x, y, w, 0.90)
    covered90 = int(np.count_nonzero((low < truth) & (truth < high)))
    assert covered >= THRESHOLD, covered
    assert covered90 < THRESHOLD, covered90


# A 5-point trust scale cut from the simulator's own latent trust at fixed thresholds (near
# its quartiles): P(scale <= k) = Phi((c_k - 2.5 - 1.5 x) / 0.5), an ordered probit whose
# slope is trust_effect / noise_sd = 3 (the latent effect in SD units of the noise)
CUTS = np.array([2.4, 2.75, 3.05, 3.4])


def _ordered_probit(x: np.ndarray, scale: np.ndarray, levels: tuple[float, ...]
                    ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Slope intervals of ordered probits ``scale ~ x`` (one a row, categories 1..5): the
    maximum likelihood by Newton's method on all rows at once (the log-likelihood is concave
    in slope and cuts), Wald intervals from the inverse observed information (fit_outcome's
    model-based covariance; the cuts' parametrisation does not change the slope's variance
    at the maximum)."""
    from scipy import stats

    reps = x.shape[0]
    k = int(scale.max())
    cat = scale.astype(int) - 1  # 0 .. k - 1
    assert np.stack([(cat == c).any(axis=1) for c in range(k)]).all(), "a category is empty"
    # parameters: slope, then the k - 1 cuts; start from the marginal shares
    share = np.stack([(cat <= c).mean(axis=1) for c in range(k - 1)], axis=1)
    theta = np.concatenate([np.zeros((reps, 1)), stats.norm.ppf(share)], axis=1)
    onehot = np.eye(k + 1)[:, 1:]  # row j: d(cut j)/d(cuts); rows 0 and k: the infinite cuts
    upper_d = np.concatenate([-x[..., None], onehot[cat + 1][..., : k - 1]], axis=2)
    lower_d = np.concatenate([-x[..., None], onehot[cat][..., : k - 1]], axis=2)
    for _ in range(50):
        cuts = np.concatenate([np.full((reps, 1), -np.inf), theta[:, 1:],
                               np.full((reps, 1), np.inf)], axis=1)
        bx = theta[:, :1] * x
        a = np.take_along_axis(cuts, cat + 1, axis=1) - bx
        b = np.take_along_axis(cuts, cat, axis=1) - bx
        prob = stats.norm.cdf(a) - stats.norm.cdf(b)
        a, b = np.clip(a, -60, 60), np.clip(b, -60, 60)  # the infinite cuts: pdf 0, a pdf 0
        pa, pb = stats.norm.pdf(a), stats.norm.pdf(b)
        apa, bpb = a * pa, b * pb
        la, lb = pa / prob, -pb / prob
        laa, lbb, lab = -apa / prob - la ** 2, bpb / prob - lb ** 2, -la * lb
        grad = np.einsum("rn,rni->ri", la, upper_d) + np.einsum("rn,rni->ri", lb, lower_d)
        hess = (np.einsum("rn,rni,rnj->rij", laa, upper_d, upper_d)
                + np.einsum("rn,rni,rnj->rij", lbb, lower_d, lower_d)
                + np.einsum("rn,rni,rnj->rij", lab, upper_d, lower_d)
                + np.einsum("rn,rni,rnj->rij", lab, lower_d, upper_d))
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        theta = theta - step
        if np.abs(step).max() < 1e-12:
            break
    assert np.abs(step).max() < 1e-9, "Newton's method did not converge"
    se = np.sqrt(np.linalg.inv(-hess)[:, 0, 0])
    out = []
    for level in levels:
        half = stats.norm.ppf(0.5 + level / 2) * se
        out.append((theta[:, 0] - half, theta[:, 0] + half))
    return out


def test_ordered_probit_95ci_covers_the_latent_slope_in_922_of_1000():
    x, trust = _survey_arrays(400, ("outgroup_share", "trust"))
    scale = np.digitize(trust, CUTS) + 1
    (low, high), (low90, high90) = _ordered_probit(x, scale, (0.95, 0.90))
    # the batch is fit_outcome's interval (statsmodels' BFGS maximum and numerical Hessian
    # agree with Newton's exact ones to about 1e-5)
    for seed in range(5):
        sim = simulate_diary_survey(400, seed=seed)
        egos = sim.egos.assign(scale=np.digitize(sim.egos["trust"], CUTS) + 1)
        res = fit_outcome("scale ~ outgroup_share", egos, family="ordinal", link="probit")
        for level, (lo, hi) in ((0.95, (low, high)), (0.90, (low90, high90))):
            expected = res.conf_int(alpha=1 - level).loc["outgroup_share"].to_numpy()
            np.testing.assert_allclose([lo[seed], hi[seed]], expected, rtol=1e-4)
    sim = simulate_diary_survey(400, seed=0)
    truth = sim.truth["trust_effect"] / sim.truth["noise_sd"]
    covered = int(np.count_nonzero((low < truth) & (truth < high)))
    covered90 = int(np.count_nonzero((low90 < truth) & (truth < high90)))
    assert covered >= THRESHOLD, covered
    assert covered90 < THRESHOLD, covered90


def test_ordered_logit_recovers_a_logistic_latent_slope():
    # latent y* = 3 x + Logistic(0, 1), cut at -1, 0, 1, 2: an ordered logit with slope 3
    sim = simulate_diary_survey(3000, seed=1)
    rng = np.random.default_rng(2)
    latent = 3 * sim.egos["outgroup_share"] + rng.logistic(size=3000)
    egos = sim.egos.assign(scale=np.digitize(latent, [-1, 0, 1, 2]))
    res = fit_outcome("scale ~ outgroup_share", egos, family="ordinal")
    low, high = res.conf_int().loc["outgroup_share"]
    assert low < 3 < high
    # and equals statsmodels' own OrderedModel (no weights)
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    ref = OrderedModel.from_formula("scale ~ outgroup_share", egos, distr="logit").fit(
        method="bfgs", disp=False, maxiter=200)
    np.testing.assert_allclose(res.params, ref.params, rtol=1e-4)


# ----------------------------------------------------------------------------- fits
@pytest.fixture(scope="module")
def survey():
    sim = simulate_diary_survey(400, seed=3)
    egos = sim.egos.copy()
    egos["scale"] = np.digitize(egos["trust"], CUTS) + 1
    egos["high"] = (egos["trust"] > 3).astype(int)
    egos.loc[egos.index[:5], "trust"] = np.nan
    return egos


def test_returns_the_statsmodels_object_with_notes(survey):
    res = fit_outcome("trust ~ outgroup_share + C(group)", survey, cluster="area")
    assert isinstance(res, sm.regression.linear_model.RegressionResultsWrapper)
    ref = smf.ols("trust ~ outgroup_share + C(group)", survey.dropna()).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(survey.dropna()["area"])[0]},
        use_t=True)
    np.testing.assert_allclose(res.params, ref.params)
    np.testing.assert_allclose(res.bse, ref.bse)
    text = str(res.summary())
    assert "netmix notes:" in text
    assert "395 of 400 rows used; 5 dropped" in text
    assert "clustered by area (4 clusters)" in text and "fewer than about 30" in text
    assert res.netmix["n_clusters"] == 4 and res.netmix["family"] == "ols"
    restored = pickle.loads(pickle.dumps(fit_outcome("trust ~ outgroup_share",
                                                     survey.dropna().reset_index())))
    assert "netmix notes:" in str(restored.summary())


def test_weighted_logit_cluster_se_is_the_probability_weighted_sandwich(survey):
    res = fit_outcome("high ~ outgroup_share", survey, family="logit", weights="weight",
                      cluster="group")
    x = sm.add_constant(survey["outgroup_share"].to_numpy())
    y, w = survey["high"].to_numpy(float), survey["weight"].to_numpy()
    p = 1 / (1 + np.exp(-x @ res.params.to_numpy()))
    bread = np.linalg.inv(x.T @ (x * (w * p * (1 - p))[:, None]))
    scores = pd.DataFrame(x * (w * (y - p))[:, None]).groupby(survey["group"].to_numpy()).sum()
    s = scores.to_numpy()
    g, n = s.shape[0], len(y)
    hand = g / (g - 1) * (n - 1) / (n - 2) * bread @ (s.T @ s) @ bread  # CR1, by hand
    np.testing.assert_allclose(res.cov_params(), hand, rtol=1e-6)


def test_weighted_ordinal_equals_replicated_rows(survey):
    # integer weights: the weighted pseudo-likelihood equals the likelihood of repeated rows
    data = survey.dropna().copy()
    data["w2"] = np.where(np.arange(len(data)) % 3 == 0, 2, 1)
    res = fit_outcome("scale ~ outgroup_share", data, family="ordinal", weights="w2",
                      method="newton")
    rep = data.loc[data.index.repeat(data["w2"])]
    ref = fit_outcome("scale ~ outgroup_share", rep, family="ordinal", method="newton")
    np.testing.assert_allclose(res.params, ref.params, rtol=1e-6)
    assert res.cov_type == "HC0" and "robust (HC0)" in res.netmix_notes[1]


def test_standardized_coefficients(survey):
    data = survey.dropna()
    raw = fit_outcome("trust ~ outgroup_share + C(group)", data, weights="weight")
    std = fit_outcome("trust ~ outgroup_share + C(group)", data, weights="weight",
                      standardize=True)
    w = data["weight"].to_numpy()
    x = data["outgroup_share"].to_numpy()
    sd = np.sqrt(np.average((x - np.average(x, weights=w)) ** 2, weights=w))
    np.testing.assert_allclose(std.params["outgroup_share"],
                               raw.params["outgroup_share"] * sd)
    np.testing.assert_allclose(std.params["C(group)[T.B]"], raw.params["C(group)[T.B]"])
    both = fit_outcome("trust ~ outgroup_share", data, standardize="xy")
    y = data["trust"].to_numpy()
    np.testing.assert_allclose(both.params["outgroup_share"],
                               np.corrcoef(x, y)[0, 1], rtol=1e-10)  # beta = r (one x)
    assert "per SD" in std.netmix_notes[-1]


@pytest.mark.parametrize("family,formula", [("poisson", "n_alters ~ outgroup_share"),
                                            ("probit", "high ~ outgroup_share")])
def test_glm_families_equal_statsmodels(survey, family, formula):
    res = fit_outcome(formula, survey, family=family)
    fam = sm.families.Poisson() if family == "poisson" else \
        sm.families.Binomial(link=sm.families.links.Probit())
    ref = smf.glm(formula, survey, family=fam).fit()
    np.testing.assert_allclose(res.params, ref.params, rtol=1e-7)


def test_binary_outcomes_model_the_event(survey):
    as_bool = fit_outcome("flag ~ outgroup_share", survey.assign(flag=survey["high"] == 1),
                          family="logit")
    as_int = fit_outcome("high ~ outgroup_share", survey, family="logit")
    np.testing.assert_allclose(as_bool.params, as_int.params)
    # patsy splits a boolean expression into [False], [True] columns and statsmodels would
    # model the first: refused rather than a silently flipped sign
    for std in (False, True):
        with pytest.raises(InputError, match="0/1"):
            fit_outcome("I(trust > 3) ~ outgroup_share", survey.dropna(), family="logit",
                        standardize=std)


def test_mixed_model_random_intercepts():
    rng = np.random.default_rng(5)
    n = 600
    area = rng.integers(0, 30, n)
    x = rng.random(n)
    y = 1 + 2 * x + rng.normal(0, 0.7, 30)[area] + rng.normal(0, 1, n)
    data = pd.DataFrame({"y": y, "x": x, "area": area})
    res = fit_outcome("y ~ x", data, family="mixed", groups="area")
    ref = smf.mixedlm("y ~ x", data, groups="area").fit()
    np.testing.assert_allclose(res.params, ref.params, rtol=1e-6)
    assert "Random intercepts by area (30 groups)." in res.netmix_notes
    low, high = res.conf_int().loc["x"]
    assert low < 2 < high


def test_negbin_runs_and_records(survey):
    data = survey.assign(count=np.random.default_rng(1).negative_binomial(2, 0.4, 400))
    res = fit_outcome("count ~ outgroup_share", data, family="negbin")
    assert "alpha" in res.params.index and res.netmix["family"] == "negbin"


def test_argument_errors(survey):
    with pytest.raises(InputError, match="groups must name"):
        fit_outcome("trust ~ outgroup_share", survey, family="mixed")
    with pytest.raises(InputError, match="weights are not supported"):
        fit_outcome("trust ~ outgroup_share", survey, family="mixed", groups="area",
                    weights="weight")
    with pytest.raises(InputError, match="family must be one of"):
        fit_outcome("trust ~ outgroup_share", survey, family="tobit")
    with pytest.raises(InputError, match="cluster must name a column"):
        fit_outcome("trust ~ outgroup_share", survey, cluster="region")
    with pytest.raises(InputError, match="formula could not be evaluated"):
        fit_outcome("trust ~ nothing_here", survey)
    with pytest.raises(InputError, match="link is for family='ordinal'"):
        fit_outcome("trust ~ outgroup_share", survey, link="probit")


# ----------------------------------------------------------------------------- tables
@pytest.fixture()
def small_graph():
    # p - q - r triangle in team a, s in team b tied to p and r; t isolated (team b)
    nodes = pd.DataFrame({"team": list("aaabb"), "trust": [3, 4, 2, 5, 1]},
                         index=list("pqrst"))
    return netmix.SocialGraph(nodes, [0, 1, 2, 3, 3], [1, 2, 0, 0, 2])


def test_graph_table_by_hand(small_graph):
    with pytest.warns(DegenerateMixingWarning, match="1 node"):
        t = outcome_table(small_graph, "team", community=None)
    # p: ties q (a), r (a), s (b): cross share 1/3; s: ties p, r both a: 1
    np.testing.assert_allclose(t["cross_share"], [1 / 3, 0, 1 / 3, 1, np.nan])
    np.testing.assert_allclose(t["ei_index"], [-1 / 3, -1, -1 / 3, 1, np.nan])
    # Blau of p's contacts (a, a, b): 1 - (4/9 + 1/9) = 4/9
    np.testing.assert_allclose(t["blau"], [4 / 9, 0, 4 / 9, 0, np.nan])
    # integration ratio: share / ((n - n_g) / (n - 1)); team a: 2/4, team b: 3/4
    np.testing.assert_allclose(t["integration_ratio"], [2 / 3, 0, 2 / 3, 4 / 3, np.nan])
    # constraint equals igraph's Graph.constraint (C implementation, live)
    skel = ig.Graph(n=5, edges=[(0, 1), (1, 2), (2, 0), (3, 0), (3, 2)])
    np.testing.assert_allclose(t["constraint"].to_numpy()[:4], skel.constraint()[:4])
    assert list(t["trust"]) == [3, 4, 2, 5, 1] and t.attrs["netmix"]["source"] == "graph"
    with pytest.warns(DegenerateMixingWarning, match="liaison"):  # 2 groups: no liaisons
        roles = netmix.bridging.brokerage(small_graph, "team").roles
    np.testing.assert_array_equal(t["brokerage"], roles["total"])


def test_graph_table_communities_and_network_caveat(small_graph):
    part = netmix.communities.Partition.from_labels(small_graph, "team")
    with pytest.warns(DegenerateMixingWarning):
        t = outcome_table(small_graph, "team", community=part,
                          measures=["cross_share", "community"])
    assert t["community"].nunique() == 2
    res = fit_outcome("trust ~ cross_share", t)
    assert any("not independent observations" in n for n in res.netmix_notes)
    assert res.netmix["n_dropped"] == 1  # the isolated node's share is nan


def test_ego_table_integration_ratio_by_hand():
    egos = pd.DataFrame({"ego": [1, 2], "g": ["a", "b"], "area": ["x", "x"], "trust": [3, 4]})
    alters = pd.DataFrame({"ego": [1, 1, 1, 2], "g": ["a", "b", "b", "b"]})
    areas = pd.DataFrame({"a": [6], "b": [4]}, index=pd.Index(["x"], name="area"))
    data = netmix.read_ego_data(egos, alters, group="g", area="area", areas=areas)
    t = outcome_table(data)
    np.testing.assert_allclose(t["cross_share"], [2 / 3, 0])
    # ego 1 (a): expected out-group share without the ego 4/9 of 3 alters; observed 2
    # ego 2 (b): expected 6/9 of 1 alter; observed 0
    np.testing.assert_allclose(t["integration_ratio"], [2 / (3 * 4 / 9), 0])
    assert t.attrs["netmix"]["source"] == "ego" and "trust" in t.columns


# ----------------------------------------------------------------------------- permutation
@pytest.mark.parametrize("options", [{}, {"weights": "weight"}, {"cluster": "area"},
                                     {"weights": "weight", "cluster": "area"}])
def test_vectorised_ols_statistic_equals_statsmodels(survey, options):
    res = outcome_permutation_test("trust ~ outgroup_share + C(group)", survey,
                                   "outgroup_share", n_resamples=19, seed=1, **options)
    ref = fit_outcome("trust ~ outgroup_share + C(group)", survey, **options)
    assert res.statistic == pytest.approx(ref.tvalues["outgroup_share"], rel=1e-10)
    assert res.pvalue == pytest.approx(2 / 20)  # no shuffle comes close: 2 (0 + 1) / 20


def test_fast_path_matches_refits(survey):
    from netmix.models.permutation import _FastOLS, _Refit, _rows

    data = survey.dropna()
    obs = fit_outcome("trust ~ outgroup_share", data, weights="weight")
    extra = {"weights": data["weight"], "cluster": None, "groups": None}
    sub, _ = _rows("trust ~ outgroup_share", data, "ols", extra)
    perms = permutations(np.random.default_rng(0), np.zeros(len(sub), int), 3)
    fast = _FastOLS("trust ~ outgroup_share", sub, "outgroup_share", obs, extra)
    slow = _Refit("trust ~ outgroup_share", sub, "outgroup_share", "ols",
                  {"weights": "weight"})
    np.testing.assert_allclose(fast.tvalues(perms), [slow.tvalues(p) for p in perms])


def test_permutations_stay_within_strata():
    strata = np.array([0, 1, 0, 2, 1, 0, 2])
    perms = permutations(np.random.default_rng(1), strata, 50)
    assert (strata[perms] == strata).all()
    assert (np.sort(perms, axis=1) == np.arange(7)).all()


def test_permutation_pvalues_are_uniform_under_the_null():
    rng = np.random.default_rng(8)
    pvals = []
    for rep in range(100):
        data = pd.DataFrame({"x": rng.normal(size=80), "y": rng.normal(size=80),
                             "area": rng.integers(0, 8, 80)})
        pvals.append(outcome_permutation_test("y ~ x", data, "x", within="area",
                                              n_resamples=99, seed=rep).pvalue)
    rate = (np.array(pvals) <= 0.05).mean()
    assert 0.01 <= rate <= 0.10, rate


def test_refit_path_for_ordinal_and_reproducibility(survey):
    data = survey.dropna().assign(noise=np.random.default_rng(0).normal(size=395))
    a = outcome_permutation_test("scale ~ noise", data, "noise", family="ordinal",
                                 n_resamples=19, seed=4)
    b = outcome_permutation_test("scale ~ noise", data, "noise", family="ordinal",
                                 n_resamples=19, seed=4)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    assert 0 < a.pvalue <= 1 and a.n_failed == 0 and a.family == "ordinal"
    stat, p = a
    assert stat == a.statistic and p == a.pvalue
    with pytest.raises(InputError, match="term must be a coefficient"):
        outcome_permutation_test("scale ~ noise", data, "nois", family="ordinal",
                                 n_resamples=9)


# ----------------------------------------------------------------------------- reports
def test_coefficient_table_and_report():
    sim = simulate_diary_survey(300, seed=1)
    res = fit_outcome("trust ~ outgroup_share + C(group)", sim.egos)
    table = coefficient_table({"m1": res})
    assert table["term"].tolist() == ["C(group)[T.B]", "C(group)[T.C]", "outgroup_share"]
    row = table.set_index("term").loc["outgroup_share"]
    assert row["ci_low"] == pytest.approx(res.conf_int().loc["outgroup_share", 0])
    rep = outcome_report(sim.ego_data(), "trust", n_resamples=49, seed=1)
    assert rep.family == "ols" and len(rep.table) == 3
    assert rep.table["perm_pvalue"].between(0, 1).all()
    assert rep.figure.get_title().startswith("trust")
    assert "<table" in rep.to_html()


def test_graph_table_keeps_people_without_contacts_as_marked_rows(small_graph):
    # t has no contacts: has_contacts False, counts 0, shares nan, no community of its own
    with pytest.warns(DegenerateMixingWarning, match="1 of them without any contact"):
        t = outcome_table(small_graph, "team", seed=1)
    assert t["has_contacts"].tolist() == [True, True, True, True, False]
    assert t.loc["t", ["degree", "cross_ties", "groups_reached", "brokerage"]].eq(0).all()
    assert t.loc["t", ["cross_share", "ei_index", "blau", "constraint"]].isna().all()
    assert pd.isna(t.loc["t", "community"]) and t["community"].notna().sum() == 4
    assert t.attrs["netmix"]["n_without_contacts"] == 1


def test_graph_table_all_missing_groups_with_drop_raise(small_graph):
    g = small_graph.with_nodes(small_graph.nodes.assign(team=None))
    with pytest.raises(InputError, match=r"'team' is missing \(5 of 5 nodes\)"):
        outcome_table(g, "team", missing="drop", community=None)
