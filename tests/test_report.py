"""The HTML report: parses, embeds its figures, needs no network, records its making."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import netmix
from netmix.report import analyze, build_report, network


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.imgs: list[dict] = []
        self.external: list[str] = []
        self.stack: list[str] = []

    VOID = frozenset({"meta", "img", "br", "hr", "link", "input"})

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "img":
            self.imgs.append(a)
        for key in ("src", "href"):
            v = a.get(key, "")
            if v and re.match(r"(https?:)?//", v):
                self.external.append(v)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
        self.stack.pop()


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = analyze(netmix.datasets.load_example(), "department", out, weight="duration",
                    command="netmix demo", n_resamples=49)
    return paths


def test_report_parses_and_embeds_png(example_report):
    text = example_report["report"].read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(text)
    parser.close()
    assert parser.stack == []  # every element closed
    assert parser.external == []  # nothing fetched from the network
    assert len(parser.imgs) >= 2  # ties and duration heatmaps
    for img in parser.imgs:
        src = img["src"]
        assert src.startswith("data:image/png;base64,")
        png = base64.b64decode(src.split(",", 1)[1])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert img.get("alt")


def test_report_records_command_version_and_citation(example_report):
    text = example_report["report"].read_text(encoding="utf-8")
    assert "netmix demo" in text
    assert netmix.__version__ in text
    assert "netmix: measuring social mixing in networks" in text


def test_report_tables_match_the_api(example_report):
    g = netmix.datasets.load_example()
    table = pd.read_csv(example_report["mixing_matrix"], index_col=0)
    expected = netmix.mixing_matrix(g, "department").to_frame()
    assert (table.to_numpy() == expected.to_numpy()).all()
    assort = pd.read_csv(example_report["assortativity"], index_col=0)
    assert assort["value"].iloc[0] == pytest.approx(netmix.nominal_assortativity(g, "department"))
    assert assort["value"].iloc[1] == pytest.approx(
        netmix.nominal_assortativity(g, "department", weight="duration"))


def _section(report, title):
    return next(s for s in report.sections if s.title == title)


def test_report_takes_a_networkx_graph(tmp_path):
    """A networkx graph is converted once and reported as its SocialGraph would be (issue
    15: it raised AttributeError); expected values: the API on the SocialGraph."""
    g = netmix.datasets.load_example()
    paths = analyze(g.to_networkx(), "department", tmp_path, command="test", n_resamples=39,
                    sections=[network.summary_section, network.assortativity_section])
    assort = pd.read_csv(paths["assortativity"], index_col=0)
    assert assort["value"].iloc[0] == pytest.approx(netmix.nominal_assortativity(g, "department"))


def test_report_with_missing_groups_counts_them(tmp_path):
    g = netmix.datasets.load_example()
    nodes = g.nodes
    nodes.iloc[:3, nodes.columns.get_loc("department")] = None
    g2 = g.with_nodes(nodes)
    report = build_report(g2, "department", command="test", n_resamples=39)
    summary = _section(report, "The data").tables["summary"]
    assert summary.loc["nodes without a group", "value"] == "3"


def test_data_citation_appears_for_real_data(workplace, tmp_path):
    report = build_report(workplace, "department", weight="duration", command="test",
                          n_resamples=39)
    html_text = report.to_html()
    assert "doi:10.1017/nws.2015.10" in html_text  # Génois et al. (2015)


def test_report_has_every_section(example_report):
    text = example_report["report"].read_text(encoding="utf-8")
    for title in ("Summary", "The data", "Mixing matrix", "Assortativity",
                  "Segregation and homophily indices", "Bridges and brokers",
                  "Communities and groups", "Citing"):
        assert f">{title}</h2>" in text
    for table in ("indices", "top_brokers", "brokerage_totals", "communities_alignment"):
        assert example_report[table].exists()
    top = pd.read_csv(example_report["top_brokers"], index_col=0)
    g = netmix.datasets.load_example()
    expected = netmix.top_brokers(g, "department", k=10, weight="duration")
    assert list(top.index) == list(expected.index)


def test_report_with_an_outcome_adds_the_models(tmp_path):
    g = netmix.datasets.load_example()
    survey = netmix.datasets.load_example_survey()  # simulated trust, effect 1.5 of out-group
    nodes = g.nodes
    nodes["trust"] = survey.egos.set_index("ego")["trust"].reindex(nodes.index).to_numpy()
    report = build_report(g.with_nodes(nodes), "department", weight="duration",
                          n_resamples=39, outcome="trust", command="test")
    section = next(s for s in report.sections if s.title == "Mixing and trust")
    table = section.tables["outcome_models"].set_index("measure")
    # trust was simulated to rise with out-group contact: the cross-group share is positive
    assert table.loc["cross_share", "ci_low"] > 0
    assert "data:image/png;base64," in section.body


# ------------------------------------------------------------- issue 14: edges of the report
from netmix import NetmixError  # noqa: E402
from netmix.report import MARKER, check_out_dir, safe_filename  # noqa: E402


def _tiny(nodes_extra=None, weight="w"):
    """Six people in two teams, a triangle and a pair; ``f`` has no contact (hand-made)."""
    edges = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "a", "e"],
                          weight: [1.0, 2.0, 3.0, 4.0]})
    nodes = pd.DataFrame({"id": list("abcdef"), "team": list("xxyyxy")})
    for k, v in (nodes_extra or {}).items():
        nodes[k] = v
    return netmix.from_edges(edges, nodes, node_id="id")


HOSTILE = "<img src=x onerror=alert(7)>"


class _Quiet:
    """These tests are about the report's edges, not the statistics of a six-person graph
    (whose undefined indices warn; some as bare numpy RuntimeWarnings, reported upstream)."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)


def test_weight_name_is_escaped_everywhere():
    """The weight column's name once reached the page raw (<details><summary>total {w})."""
    g = _tiny(weight=HOSTILE)
    with _Quiet():
        html_text = build_report(g, "team", weight=HOSTILE, n_resamples=39,
                                 command="test").to_html()
    assert HOSTILE not in html_text
    assert "total &lt;img src=x onerror=alert(7)&gt; (table)</summary>" in html_text


@pytest.mark.parametrize("name, expected", [
    ("mixing_matrix_a/b", "mixing_matrix_a_b"), ("../../etc/passwd", "etc_passwd"),
    ("..", "table"), ("", "table"), ("a\x00b", "a_b"), (".hidden", "hidden"),
    ("C:\\x\\y", "C_x_y"), ("é", "table"), ("x" * 300, "x" * 100),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected  # hand-derived: only [A-Za-z0-9._-], no ".."


def test_two_tables_with_the_same_safe_name_both_kept(tmp_path):
    from netmix.report import Report, Section

    t1, t2 = pd.DataFrame({"v": [1]}), pd.DataFrame({"v": [2]})
    paths = Report("t", [Section("s", "", {"a/b": t1, "a?b": t2})], {}).save(tmp_path)
    assert paths["a/b"].name == "a_b.csv" and paths["a?b"].name == "a_b-2.csv"
    assert pd.read_csv(paths["a?b"])["v"].tolist() == [2]


def test_out_dir_rules(tmp_path):
    g = _tiny()
    (tmp_path / "file.txt").write_text("mine")
    with pytest.raises(NetmixError, match="existing file"):
        check_out_dir(tmp_path / "file.txt")
    with pytest.raises(NetmixError, match=r"holds files netmix did not write \(file\.txt\)"):
        analyze(g, "team", tmp_path, n_resamples=39, command="t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # checked before work
    out = tmp_path / "out"
    with _Quiet():
        paths = analyze(g, "team", out, weight="w", n_resamples=39, command="t")
        analyze(g, "team", out, n_resamples=39, command="t")  # its own folder: fine
    assert (out / MARKER).is_file()
    assert not paths["mixing_matrix_w"].exists()  # a table of the earlier report, removed
    (out / "notes.txt").write_text("mine")
    with pytest.raises(NetmixError, match=r"notes\.txt"):
        analyze(g, "team", out, n_resamples=39, command="t")
    with _Quiet():
        analyze(g, "team", out, n_resamples=39, command="t", overwrite=True)
    assert (out / "notes.txt").read_text() == "mine"  # other files are left alone


def test_isolates_are_counted_and_their_treatment_stated():
    g = _tiny()
    with _Quiet():
        report = build_report(g, "team", n_resamples=39, command="test")
    summary = _section(report, "The data").tables["summary"]
    assert summary.loc["people without contacts (isolates)", "value"] == "1"  # f
    text = report.to_html()
    assert "People without contacts (isolates): 1 of 6." in text
    bridges = next(s for s in report.sections if s.title == "Bridges and brokers").body
    assert "People without contacts (1) are in bridging_capital.csv" in bridges
    assert "People without contacts (1) are left out of the drawing" in bridges
    communities = next(s for s in report.sections if s.title == "Communities and groups").body
    assert "People without contacts: 1." in communities
    assert "one-person communities are left out of the table of communities" in communities
    # the treatment, as the comparison reports it: isolates left out (or counted, said so)
    assert ("The comparison with the groups leaves out the 1 of them" in communities
            or "isolates included" in communities)
    mixing = next(s for s in report.sections if s.title == "Mixing matrix").body
    assert "People without contacts (1) are in no cell" in mixing


def test_all_missing_groups_are_refused_before_any_work():
    g = _tiny({"empty": [None] * 6})
    with pytest.raises(NetmixError, match="missing for all 6 people"):
        build_report(g, "empty", n_resamples=39, command="test")


@pytest.mark.parametrize("name", [
    "__import__('os').system('touch {flag}')",
    "a + I(open('{flag}', 'w'))",
    "trust ~ 1 + I(__import__('pathlib').Path('{flag}').touch())",
    "Q('x') + C(y)",
])
def test_outcome_name_is_never_evaluated(tmp_path, name):
    """A column name once became Python that patsy ran; now no name reaches a formula."""
    flag = tmp_path / "pwned"
    name = name.format(flag=flag)
    g = netmix.datasets.load_example()
    survey = netmix.datasets.load_example_survey()
    nodes = g.nodes
    trust = survey.egos.set_index("ego")["trust"].reindex(nodes.index).to_numpy()
    ref_nodes = nodes.assign(trust=trust)
    ref = netmix.report.outcome_report(g.with_nodes(ref_nodes), "trust", "department",
                                       n_resamples=19, seed=1)
    bad_nodes = nodes.assign(**{name: trust})
    got = netmix.report.outcome_report(g.with_nodes(bad_nodes), name, "department",
                                       n_resamples=19, seed=1)
    assert not flag.exists()
    pd.testing.assert_frame_equal(got.table, ref.table)  # the same numbers, by name
    assert got.outcome == name and name in got.notes[0]
    assert list(got.results["blau"].params.index) == ["Intercept", "blau"]


def test_source_date_epoch_fixes_the_stamp_and_the_page(monkeypatch):
    # reproducible builds: with SOURCE_DATE_EPOCH set, the same data and seed give a
    # byte-identical page whatever the clock (a page stamped with the clock's minute would
    # differ across a minute boundary, as a CI run once showed)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1386201600")  # 2013-12-05 00:00 UTC
    g = netmix.datasets.load_example()
    a = build_report(g, "department", n_resamples=39, seed=3, command="t")
    b = build_report(g, "department", n_resamples=39, seed=3, command="t")
    assert a.meta["created"] == "2013-12-05 00:00 UTC"
    assert a.to_html() == b.to_html()
    assert "2013-12-05 00:00 UTC" in a.to_html()


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999"])
def test_source_date_epoch_must_be_whole_seconds(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(NetmixError, match=r"SOURCE_DATE_EPOCH must be an integer.*"
                                          + re.escape(repr(value))):
        build_report(netmix.datasets.load_example(), "department", n_resamples=39,
                     command="t")


def test_without_source_date_epoch_the_clock_is_used(monkeypatch):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    rep = build_report(netmix.datasets.load_example(), "department", n_resamples=39,
                       command="t")
    after = dt.datetime.now(dt.timezone.utc)
    stamp = dt.datetime.strptime(rep.meta["created"], "%Y-%m-%d %H:%M UTC").replace(
        tzinfo=dt.timezone.utc)
    assert before <= stamp <= after
