"""The summary that opens the report (issue 18, items 1, 3, 5 and 6): shares, actual versus
expected and the integration ratio for network data, by hand on a six-person graph; small
groups and degenerate intervals flagged; directed networks; progress."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.report import MIN_GROUP_SIZE, build_report, mixing_summary
from netmix.report.network import indices_section
from netmix.report.summary import overview_section


def _tiny():
    """Six people in two teams: a-b-c a triangle (weights 1, 2, 3), d-e a pair (4); f has no
    contact. Teams: a, b, e in x; c, d, f in y (hand-made)."""
    edges = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "a", "e"],
                          "w": [1.0, 2.0, 3.0, 4.0]})
    nodes = pd.DataFrame({"id": list("abcdef"), "team": list("xxyyxy")})
    return netmix.from_edges(edges, nodes, node_id="id")


def _summary(**options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", netmix.DegenerateMixingWarning)
        return mixing_summary(_tiny(), "team", "w", n_resamples=99, seed=1, **options)


def test_shares_and_ratios_by_hand():
    t = _summary()
    # Hand computation. Contact of each person (both ends of each edge):
    #   a: b 1 (x), c 3 (y); b: a 1 (x), c 2 (y); e: d 4 (y)      -> team x: 11, own 2
    #   c: b 2 (x), a 3 (x); d: e 4 (x); f: none                  -> team y: 9, own 0
    # Random mixing with the other five people: own team 2 of 5 = 0.4 for both teams.
    assert t.loc["x", "contact"] == 11 and t.loc["y", "contact"] == 9
    assert t.loc["x", "own_share"] == pytest.approx(2 / 11)
    assert t.loc["y", "own_share"] == 0
    assert t["expected_share"].tolist() == pytest.approx([0.4, 0.4])
    assert t.loc["x", "ratio"] == pytest.approx(2 / (11 * 0.4))
    assert t.loc["y", "ratio"] == 0
    assert t.loc["x", "integration_ratio"] == pytest.approx(9 / (11 * 0.6))
    assert t.loc["y", "integration_ratio"] == pytest.approx(9 / (9 * 0.6))
    assert t["people"].tolist() == [3, 3] and t["people_with_contacts"].tolist() == [3, 2]
    # overall: own 2 of 20; expected 0.4; integration (9 + 9) / (0.6 * 20)
    assert t.attrs["own_share"] == pytest.approx(0.1)
    assert t.attrs["expected_share"] == pytest.approx(0.4)
    assert t.attrs["integration_ratio"] == pytest.approx(1.5)
    low, high = t.attrs["integration_ci"]
    assert low <= 1.5 <= high


def test_small_groups_and_degenerate_intervals_are_flagged():
    t = _summary()
    assert MIN_GROUP_SIZE == 10
    assert t["small_group"].tolist() == [True, True]  # 3 people each, fewer than 10
    # team y never meets itself: every resample gives ratio 0, the interval [0, 0]
    assert t.loc["y", "degenerate_interval"]
    assert not _summary(min_group_size=3)["small_group"].any()


def test_summary_section_in_words():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # six people: several indices undefined
        s = overview_section(_tiny(), "team", "w", seed=1, n_resamples=39)
    assert s.title == "Summary"
    assert "People in <b>x</b> spend 18 % of their contact (w) with their own team" in s.body
    assert "Small groups (fewer than 10 people): x (3), y (3)" in s.body
    assert "1 of 6 people have no contact at all" in s.body
    assert "degenerate" in s.body
    assert "e-" not in s.body.split("<figure")[0]  # no e-notation in the text


def _directed():
    rng = np.random.default_rng(3)
    n = 40
    nodes = pd.DataFrame({"g": np.repeat(["p", "q"], n // 2)}, index=range(n))
    src, dst = rng.integers(0, n, 200), rng.integers(0, n, 200)
    keep = src != dst
    pairs = np.unique(np.c_[src[keep], dst[keep]], axis=0)
    return netmix.SocialGraph(nodes, pairs[:, 0], pairs[:, 1], directed=True)


def test_directed_network_leaves_undirected_indices_out_with_a_note():
    s = indices_section(_directed(), "g", None, seed=1, n_resamples=39)
    assert "spectral_segregation" not in set(s.tables["indices"]["index"])
    assert "Left out: the spectral segregation index" in s.body


def test_progress_calls_once_a_step():
    calls = []
    build_report(netmix.datasets.load_example(), "department", n_resamples=39, seed=1,
                 command="test", sections=[overview_section, indices_section],
                 progress=lambda *a: calls.append(a))
    assert [c[:2] for c in calls] == [(1, 2), (2, 2), (2, 2)]
    assert calls[-1][2] == "done"


def test_progress_is_checked_before_any_work():
    with pytest.raises(netmix.InputError, match="progress must be"):
        build_report(netmix.datasets.load_example(), "department", progress="yes")


def test_survey_group_of_one_is_flagged():
    """Issue 18: a group with one respondent got a ratio with interval [1.094, 1.094] and
    no warning. Hand-made survey: 30 respondents in A, 20 in B, 1 in C."""
    from netmix.ego import read_ego_data
    from netmix.report import build_ego_report

    rng = np.random.default_rng(2)
    groups = ["A"] * 30 + ["B"] * 20 + ["C"]
    egos = pd.DataFrame({"ego": range(51), "g": groups})
    alters = pd.DataFrame({"ego": np.repeat(range(51), 4),
                           "g": rng.choice(["A", "B", "C"], 51 * 4, p=[0.5, 0.4, 0.1])})
    data = read_ego_data(egos, alters, group="g", areas={"A": 100, "B": 80, "C": 20},
                         area_units="counts")
    report = build_ego_report(data, n_resamples=39, seed=1, command="test")
    assert report.sections[0].title == "Summary"
    summary = report.sections[0].body
    assert "caution: only 1 respondent" in summary
    assert "Small groups (fewer than 10 respondents): C." in summary
    table = report.sections[2].tables["ego_integration_by_group"]
    assert table.loc["C", "caution"].startswith("small group (1 respondent)")
    # one respondent: every bootstrap resample that holds C repeats the same ratio
    low, high = table.loc["C", ["ci_low", "ci_high"]]
    assert (low == high) == ("degenerate" in table.loc["C", "caution"])
    assert table.loc["A", "caution"] == ""


def test_ratio_heat_map_diverges_at_one_and_marks_zero():
    """Issue 18, item 4: zero contact was white, the colour of "as expected"."""
    from matplotlib.colors import to_hex

    from netmix.plotting import plot_ratio_matrix

    m = pd.DataFrame([[4.0, 0.0], [0.5, float("nan")]], index=["a", "b"],
                     columns=["a", "b"])
    ax = plot_ratio_matrix(m)
    image = ax.images[0]
    low, high = image.get_clim()
    assert low == -high == -2  # log2 scale centred on ratio 1; widest |log2| is log2(4)
    data = image.get_array()
    assert data[0, 1] == low  # no contact: the deepest "less than expected" colour ...
    assert [p.get_hatch() for p in ax.patches] == ["///"]  # ... and hatched
    assert tuple(ax.patches[0].get_xy()) == (0.5, -0.5)  # the cell (row a, column b)
    assert to_hex(image.cmap.get_bad()) == "#bdbdbd"  # nothing expected: grey
    texts = {t.get_text() for t in ax.texts}
    assert {"0", "–", "4.00", "0.50"} <= texts
    ticks = [t.get_text() for t in ax.figure.axes[1].get_yticklabels()]
    assert ticks == ["1/4", "1/2", "1", "2", "4"]


def test_page_has_a_print_stylesheet_and_no_script():
    from netmix.report import Report, Section

    page = Report("t", [Section("s", "<p>x</p>")], {}).to_html()
    assert "@media print" in page and "<script" not in page
