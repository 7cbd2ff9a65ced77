"""Bad input to QAP network regression (issue 14, items 4 and 5).

Matrices of the wrong shape or type, missing or infinite dyads, asymmetric matrices given as
undirected, predictors collinear with the intercept, non-binary or constant outcomes: each
raises an error naming the argument, what it got and the fix. Inputs that are legal but
used to give wrong numbers must now give the exact result: t and z values do not change
when y or x is multiplied by 1e-300 or 1e300 (the reference is the unscaled run, with the
same seed, computed in the same test); a tiny asymmetric matrix is not taken for a
symmetric one; an undefined statistic (an exact fit, separation) is nan with a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids

import netmix
from netmix import DegenerateMixingWarning
from netmix.models import qap_regression

N = 7


def data(directed=False, seed=0):
    rng = np.random.default_rng(seed)
    g = np.array([0, 0, 1, 1, 2, 2, 0])
    same = (g[:, None] == g[None, :]).astype(float)
    a = rng.normal(size=N)
    absdiff = np.abs(a[:, None] - a[None, :])
    y = same + rng.normal(size=(N, N))
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    return y, {"same": same, "absdiff": absdiff}


def binary(directed=False):
    y, x = data(directed)
    return (y > 0.5).astype(float), x


def run(y, x, **kw):
    kw.setdefault("n_resamples", 99)
    kw.setdefault("seed", 1)
    return qap_regression(y, x, **kw)


def with_cell(m, i, j, value, both=False):
    m = m.copy()
    m[i, j] = value
    if both:
        m[j, i] = value
    return m


def same_as_unscaled(family="linear", null="qapspp", ys=1.0, xs=1.0, directed=False):
    """Run on scaled y (ys) and x (xs); check t/z and p-values equal the unscaled run."""
    y, x = binary(directed) if family == "logistic" else data(directed)
    base = run(y, x, family=family, null=null)

    def go(_d):
        return run(y * ys, {k: v * xs for k, v in x.items()}, family=family, null=null)

    def result(res):
        assert res.directed == directed
        np.testing.assert_allclose(res.statistic, base.statistic, rtol=1e-9)
        np.testing.assert_array_equal(res.pvalue, base.pvalue)
        np.testing.assert_allclose(res.table["coef"] * np.r_[1, xs, xs] / ys,
                                   base.table["coef"], rtol=1e-9)
        assert np.isfinite(res.statistic).all()

    return go, result


def scaled_case(name, **kw):
    go, result = same_as_unscaled(**kw)
    return Case(name, go, error=None, result=result)


def graph_scaled(scale):
    y, x = data()
    src, dst = np.triu_indices(N, 1)
    w = y[src, dst] - y.min() + 1  # positive weights
    base = run(np.where(np.eye(N, dtype=bool), 0, y - y.min() + 1), x)

    def go(_d):
        g = netmix.SocialGraph(pd.DataFrame(index=range(N)), src, dst,
                               edge_attrs={"w": w * scale})
        return run(g, x, weight="w")

    def result(res):
        np.testing.assert_allclose(res.statistic, base.statistic, rtol=1e-9)
        np.testing.assert_array_equal(res.pvalue, base.pvalue)

    return Case(f"graph-weights-times-{scale:g}", go, error=None, result=result)


def tiny_asymmetric(_d):
    y, x = data(directed=True)
    return run(y * 1e-300, {k: v * 1e-300 for k, v in x.items()})


def nan_diagonal(_d):
    y, x = data()
    return run(with_cell(y, 2, 2, np.nan), x), run(y, x)


def three_d_stack(_d):
    y, x = data()
    return run(y, np.stack([x["same"], x["absdiff"]])), run(y, list(x.values()))


def separated(_d):
    _, x = data()
    return run(x["same"], x, family="logistic")


def exact_fit(_d):
    _, x = data()
    return run(1 + 2 * x["same"] - 0.5 * x["absdiff"], x)


def check_undefined(res):
    assert np.isnan(res.statistic).all() and np.isnan(res.pvalue).all()


CASES = [
    # ------------------------------------------------------------ shapes and types
    Case("y-not-square", lambda d: run(np.zeros((3, 4)), [np.zeros((3, 4))]),
         match=("y must be a square matrix", "(3, 4)")),
    Case("y-one-dimensional", lambda d: run(np.arange(5.0), [np.eye(5)]),
         match=("y must be a square matrix", "(5,)")),
    Case("x-other-size", lambda d: run(data()[0], [np.zeros((6, 6))]),
         match=("x[0] must be an (7, 7) matrix", "(6, 6)")),
    Case("x-second-not-square", lambda d: run(data()[0], [data()[1]["same"], np.ones((7, 3))]),
         match=("x[1] must be an (7, 7) matrix", "(7, 3)")),
    Case("x-ragged-rows", lambda d: run(np.eye(3) + 1, [[[1, 2, 3], [1, 2], [1]]]),
         match=("x[0] must be a numeric square matrix", "list")),
    Case("y-text-cells", lambda d: run([["a", "b"], ["c", "d"]], [np.eye(2)]),
         match=("y must be a numeric square matrix",)),
    Case("x-a-string", lambda d: run(data()[0], "same"),
         match=("x must be a list or dict", "'same'")),
    Case("x-empty-list", lambda d: run(data()[0], []),
         match=("x must hold at least one predictor",)),
    Case("two-nodes", lambda d: run(np.array([[0.0, 1], [1, 0]]), [np.eye(2)]),
         match=("at least 3 nodes", "got 2")),
    Case("names-too-few", lambda d: run(*data()[:1], list(data()[1].values()), names=["a"]),
         match=("names must name the 2 predictors", "got 1")),
    Case("names-duplicated", lambda d: run(data()[0], list(data()[1].values()), names=["a", "a"]),
         match=("names must be distinct", "'a'")),
    Case("n-resamples-zero", lambda d: run(*data(), n_resamples=0),
         match=("n_resamples must be a positive integer", "0")),
    Case("n-resamples-inf-too-many-nodes",
         lambda d: run(np.eye(11) + 1 - np.eye(11) * 2 + np.diag(np.ones(10), 1),
                       [np.add.outer(np.arange(11.0), np.arange(11.0))], n_resamples=np.inf),
         match=("n_resamples=inf", "up to 10 nodes", "got 11")),
    Case("directed-not-bool", lambda d: run(*data(), directed="yes"),
         match=("directed must be None, True or False", "'yes'")),
    # ------------------------------------------------------------ missing / infinite dyads
    Case("nan-in-y", lambda d: run(with_cell(data()[0], 1, 2, np.nan, True), data()[1]),
         match=("y must be finite on every dyad", "nan at [1, 2]", "2 such cells")),
    Case("inf-in-x", lambda d: run(data()[0], {**data()[1],
                                              "same": with_cell(data()[1]["same"], 4, 0, np.inf)}),
         match=("same must be finite", "inf at [4, 0]")),
    Case("nan-only-below-diagonal-undirected",
         lambda d: run(with_cell(data()[0], 5, 1, np.nan), data()[1], directed=False),
         match=("y must be finite", "[5, 1]")),
    Case("nan-on-diagonal-ignored", nan_diagonal, error=None,
         result=lambda v: np.testing.assert_array_equal(v[0].table, v[1].table)),
    # ------------------------------------------------------------ symmetry
    Case("asymmetric-y-undirected", lambda d: run(data(directed=True)[0], data()[1],
                                                  directed=False),
         match=("y must be symmetric when directed=False", "directed=True")),
    Case("asymmetric-x-undirected",
         lambda d: run(data()[0], {"same": data()[1]["same"],
                                   "sender": np.repeat(np.arange(7.0)[:, None], 7, axis=1)},
                       directed=False),
         match=("sender must be symmetric", "sender[")),
    Case("tiny-asymmetric-is-directed", tiny_asymmetric, error=None,
         result=lambda v: (v.directed is True and v.n_dyads == N * (N - 1)) or pytest.fail(
             "a 1e-300 asymmetric matrix was taken for a symmetric one")),
    # ------------------------------------------------------------ degenerate models
    Case("constant-x", lambda d: run(data()[0], {"one": np.ones((N, N))}),
         match=("collinear", "one")),
    Case("zero-x", lambda d: run(data()[0], {"zero": np.zeros((N, N)), **data()[1]}),
         match=("collinear", "zero")),
    Case("duplicated-x", lambda d: run(data()[0], {"a": data()[1]["absdiff"],
                                                   "b": 3 * data()[1]["absdiff"]}),
         match=("collinear", "a, b")),
    Case("constant-y", lambda d: run(np.ones((N, N)), data()[1]),
         match=("y must vary", "got 1")),
    Case("non-binary-y-logistic", lambda d: run(data()[0].round() + 2, data()[1],
                                                family="logistic"),
         match=("y must hold 0 and 1 only", "family='linear'")),
    Case("separated-logistic-is-nan", separated, error=None, result=check_undefined,
         warns=DegenerateMixingWarning, warns_match="separation"),
    Case("exact-linear-fit-is-nan", exact_fit, error=None, result=check_undefined,
         warns=DegenerateMixingWarning, warns_match="exact fit"),
    Case("x-as-3d-stack", three_d_stack, error=None,
         result=lambda v: np.testing.assert_array_equal(v[0].statistic, v[1].statistic)),
    # ------------------------------------------------------------ scale (exact results)
    scaled_case("y-times-1e-300", ys=1e-300),
    scaled_case("y-times-1e300", ys=1e300),
    scaled_case("x-times-1e-300", xs=1e-300),
    scaled_case("all-times-1e300-qapy", ys=1e300, xs=1e300, null="qapy"),
    scaled_case("all-times-1e-300-directed", ys=1e-300, xs=1e-300, directed=True),
    scaled_case("logistic-x-times-1e300", family="logistic", xs=1e300),
    scaled_case("logistic-x-times-1e-300-qapy", family="logistic", xs=1e-300, null="qapy"),
    graph_scaled(1e-300),
    graph_scaled(1e300),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
