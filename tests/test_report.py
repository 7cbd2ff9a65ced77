"""The HTML report: parses, embeds its figures, needs no network, records its making."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import netmix
from netmix.report import analyze, build_report


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


def test_report_with_missing_groups_counts_them(tmp_path):
    g = netmix.datasets.load_example()
    nodes = g.nodes
    nodes.iloc[:3, nodes.columns.get_loc("department")] = None
    g2 = g.with_nodes(nodes)
    report = build_report(g2, "department", command="test", n_resamples=9)
    summary = report.sections[0].tables["summary"]
    assert summary.loc["nodes without a group", "value"] == "3"


def test_data_citation_appears_for_real_data(workplace, tmp_path):
    report = build_report(workplace, "department", weight="duration", command="test",
                          n_resamples=9)
    html_text = report.to_html()
    assert "doi:10.1017/nws.2015.10" in html_text  # Génois et al. (2015)


def test_report_has_every_section(example_report):
    text = example_report["report"].read_text(encoding="utf-8")
    for title in ("Summary", "Mixing matrix", "Assortativity",
                  "Segregation and homophily indices", "Bridges and brokers",
                  "Communities and groups", "Citation"):
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
                          n_resamples=19, outcome="trust", command="test")
    section = next(s for s in report.sections if s.title == "Mixing and trust")
    table = section.tables["outcome_models"].set_index("measure")
    # trust was simulated to rise with out-group contact: the cross-group share is positive
    assert table.loc["cross_share", "ci_low"] > 0
    assert "data:image/png;base64," in section.body
