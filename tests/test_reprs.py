"""Results that read well in a console and in Jupyter (issue 18, item 7).

Every result class of netmix, made on real data (the SocioPatterns workplace and high school
data sets, the bundled contact-diary survey), shows a text repr of at most 10 lines of at
most 100 characters and an HTML repr that html.parser reads without error, with user
strings escaped; no p-value is shown as 0 or in e-notation.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix._results import REPR_LINES, REPR_WIDTH, ResultMixin

E_NOTATION = re.compile(r"\d[eE][+-]?\d")


def _survey():
    """The bundled (simulated) diary survey, the workplace of the bundled example as its one
    area (department sizes from the example graph)."""
    s = netmix.datasets.load_example_survey()
    sizes = netmix.datasets.load_example().nodes["department"].value_counts()
    areas = pd.DataFrame([sizes.to_dict()], index=pd.Index(["site"], name="area"))
    data = netmix.read_ego_data(s.egos.assign(site="site"), s.alters, group="department",
                                alter_group="alter_department")
    return data.with_areas(areas, area="site")


def _workplace_contacts():
    """The workplace 2013 records as a timeline (netmix.temporal), for the temporal results."""
    return netmix.temporal.load_contacts("workplace_2013", download=False)


def _qap(g):
    from netmix.models import adjacency_matrix, dyadic_covariate, qap_regression

    return qap_regression(adjacency_matrix(g), {"same": dyadic_covariate(g, "department")},
                          n_resamples=19, seed=1)


def _diary_sensor():
    diary = netmix.datasets.load_highschool_2013("diary", download=False)
    sensor = netmix.datasets.load_highschool_2013("sensor", start="2013-12-05",
                                                  end="2013-12-06", tz="Europe/Paris",
                                                  download=False)
    return netmix.ego.compare_diary_sensor(diary, sensor)


def _outcome():
    from netmix.models import outcome_permutation_test

    egos = netmix.datasets.load_example_survey().egos
    return outcome_permutation_test("trust ~ outgroup_share", egos, "outgroup_share",
                                    n_resamples=19, seed=1)


#: One maker per result class: (graph -> result); the graph is the workplace data set.
MAKERS = {
    "PermutationTestResult": lambda g: netmix.permutation_test(
        g, "nominal_assortativity", "department", n_resamples=99, seed=1),
    "BootstrapResult": lambda g: netmix.bootstrap(
        g, "nominal_assortativity", "department", n_resamples=99, seed=1),
    "AssortativityResult": lambda g: netmix.nominal_assortativity_test(g, "department"),
    "OddsRatioResult": lambda g: netmix.within_group_odds_ratio(
        netmix.mixing_matrix(g, "department")),
    "WeakTiesResult": lambda g: netmix.bridging.weak_ties_test(
        g, "duration", n_resamples=99, seed=1),
    "BrokerageResult": lambda g: netmix.brokerage(g, "department"),
    "StabilityResult": lambda g: netmix.communities.community_stability(g, n_runs=5, seed=1),
    "CommunityGroupsResult": lambda g: netmix.communities_vs_groups(
        g, "department", n_resamples=19, seed=1),
    "Partition": lambda g: netmix.detect_communities(g, seed=1),
    "CoefficientPermutationResult": lambda g: _outcome(),
    "QAPResult": _qap,
    "IntegrationResult": lambda g: netmix.integration_ratio(_survey(), n_resamples=99, seed=1),
    "ContactMatrix": lambda g: netmix.ego.contact_matrix(_survey()),
    "DiarySensorComparison": lambda g: _diary_sensor(),
    "DurationTestResult": lambda g: netmix.temporal.duration_distributions(
        _workplace_contacts(), "department"),
    "TiePersistenceResult": lambda g: netmix.temporal.tie_persistence(
        _workplace_contacts(), "department"),
}


def _result_classes():
    import importlib
    import pkgutil

    seen = {}
    for info in pkgutil.walk_packages(netmix.__path__, "netmix."):
        if ".datasets.data" in info.name:
            continue
        for obj in vars(importlib.import_module(info.name)).values():
            if isinstance(obj, type) and issubclass(obj, ResultMixin) and \
                    dataclasses.is_dataclass(obj):
                seen[obj.__name__] = obj
    return seen


@pytest.fixture(scope="module")
def results(workplace):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", netmix.DegenerateMixingWarning)
        made = {name: make(workplace) for name, make in MAKERS.items()}
    made["MixingMatrix"] = netmix.mixing_matrix(workplace, "department")
    return made


def test_every_result_class_is_checked():
    missing = set(_result_classes()) - set(MAKERS) - {"MixingOverTime"}  # tests/temporal
    assert not missing, f"add a maker for {sorted(missing)}"


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("br", "hr", "img", "meta", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (tag, self.open[-3:])
        self.open.pop()


def _check_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert not checker.open, checker.open
    return checker


def _pvalues_shown(text: str) -> list[str]:
    return re.findall(r"\bp(?: =|\b)\s*([<≤]?\s*[0-9.]+)", text)


@pytest.mark.parametrize("name", [*MAKERS, "MixingMatrix"])
def test_text_repr_is_short_and_narrow(results, name):
    text = repr(results[name])
    lines = text.splitlines()
    assert 1 <= len(lines) <= REPR_LINES, text
    assert max(map(len, lines)) <= REPR_WIDTH, text
    assert not E_NOTATION.search(text), text
    assert str(results[name]) == text  # print() shows the same short text


@pytest.mark.parametrize("name", [*MAKERS, "MixingMatrix"])
def test_html_repr_parses(results, name):
    html = results[name]._repr_html_()
    checker = _check_html(html)
    assert "table" in checker.tags
    assert not E_NOTATION.search(re.sub(r"<[^>]*>", "", html))


@pytest.mark.parametrize("name", [n for n in MAKERS if n not in (
    "ContactMatrix", "DiarySensorComparison", "Partition", "StabilityResult")])
def test_pvalues_never_read_zero(results, name):
    res = results[name]
    for text in (repr(res), str(res.summary()), res._repr_html_()):
        for shown in _pvalues_shown(text):
            assert shown.strip() not in ("0", "0.0", "0.00", "0.000"), (name, text)


def test_pvalues_read_as_people_read_them(results):
    # Assortativity of the workplace departments: z = r / se is about 30, p underflows
    res = results["AssortativityResult"]
    assert res.pvalue < 1e-100
    assert "p < 0.001" in repr(res)
    assert "pvalue" in res.summary() and "< 0.001" in res.summary()
    # 99 label permutations, none as extreme: two-sided p = 2/(99 + 1), the test's floor
    perm = results["PermutationTestResult"]
    assert perm.pvalue == pytest.approx(0.02)
    assert "p ≤ 0.020" in repr(perm)


def test_repr_previews_the_main_table(results):
    text = repr(results["BrokerageResult"])
    assert "coordinator" in text and "liaison" in text  # the role totals
    text = repr(results["IntegrationResult"])
    assert "D1" in text and "ratio" in text  # one row per department
    assert "more row" in repr(results["WeakTiesResult"])  # cut, and said so


def test_user_strings_are_escaped_in_html():
    nodes = pd.DataFrame({"g": ["<script>alert(1)</script>"] * 3 + ["a&b"] * 3})
    g = netmix.SocialGraph(nodes, [0, 1, 3, 4, 0, 2], [1, 2, 4, 5, 3, 5])
    m = netmix.mixing_matrix(g, "g")
    for obj in (m, netmix.nominal_assortativity_test(g, "g"),
                netmix.permutation_test(g, "nominal_assortativity", "g", n_resamples=9,
                                        seed=1, weight=None)):
        html = obj._repr_html_()
        assert "<script>" not in html, html
        _check_html(html)
    assert "&lt;script&gt;" in m._repr_html_() and "a&amp;b" in m._repr_html_()
    cm = netmix.ego.contact_matrix(netmix.read_ego_data(
        pd.DataFrame({"ego": [1, 2], "g": ["<b>", "x"]}),
        pd.DataFrame({"ego": [1, 2], "g": ["x", "<b>"]}), group="g"))
    assert "<b>" not in cm._repr_html_() and "&lt;b&gt;" in cm._repr_html_()


def test_summary_has_no_e_notation(results):
    for name in MAKERS:
        text = str(results[name].summary())
        assert not E_NOTATION.search(text), (name, text)


def test_row_shares_in_the_repr_world(results):
    shares = results["MixingMatrix"].row_shares()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
