"""netmix.cite() (issue 18, item 8): the package citation agrees with CITATION.cff, and a
graph loaded from a SocioPatterns data set cites that data set's paper."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import netmix
from netmix import InputError, InputTypeError
from netmix._cite import DATASET_REFERENCES, PACKAGE_CITATION

ROOT = Path(__file__).resolve().parents[1]


def test_package_citation_agrees_with_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    preferred = cff["preferred-citation"]
    assert preferred["title"] == cff["title"] == PACKAGE_CITATION["title"]
    assert [a["name"] for a in preferred["authors"]] == [PACKAGE_CITATION["authors"]]
    assert preferred["year"] == PACKAGE_CITATION["year"]
    assert preferred["license"] == cff["license"] == PACKAGE_CITATION["license"]
    assert str(preferred["version"]) == str(cff["version"]) == netmix.__version__
    text = netmix.cite()
    assert text.startswith(f"The netmix developers ({preferred['year']}). {cff['title']}")
    assert f"version {netmix.__version__}" in text


def test_a_loaded_graph_cites_its_data_set(workplace):
    text = netmix.cite(workplace)
    package, data = text.split("\n\n")
    assert package == netmix.cite()
    # the citation the loader records in the provenance, word for word
    recorded = next(r["citation"] for r in workplace.provenance if r.get("citation"))
    assert data == f"Data (workplace_2013): {recorded}"
    assert "Génois" in data and "doi:10.1017/nws.2015.10" in data


def test_bibtex(workplace):
    bib = netmix.cite(workplace, style="bibtex")
    entries = bib.split("\n\n")
    assert entries[0].startswith("@software{netmix,") and netmix.__version__ in entries[0]
    assert entries[1].startswith("@article{genois2015,")
    assert "doi = {10.1017/nws.2015.10}" in entries[1]
    assert all(e.count("{") == e.count("}") for e in entries)


@pytest.mark.parametrize("name", list(DATASET_REFERENCES))
def test_bibtex_entries_agree_with_the_loaders_text(name):
    (found,) = netmix._cite.dataset_citations(name)
    for ref in found["references"]:  # each DOI is in the text the loader records
        assert ref["doi"] in found["citation"] or ref["key"] == "gemmetto2014"
        assert ref["year"] in found["citation"]


def test_simulated_data_has_nothing_more_to_cite():
    text = netmix.cite(netmix.datasets.load_example())
    assert "simulated by netmix" in text and "seed 2013" in text


def test_a_graph_without_a_data_set_says_so():
    g = netmix.SocialGraph(__import__("pandas").DataFrame({"g": list("ab")}), [0], [1])
    assert "records no data set" in netmix.cite(g)
    assert "% Data: the graph records no data set" in netmix.cite(g, style="bibtex")


def test_bad_arguments():
    with pytest.raises(InputError, match="style must be one of"):
        netmix.cite(style="apa")
    with pytest.raises(InputError, match="dataset must be one of"):
        netmix.cite("karate")
    with pytest.raises(InputTypeError, match="pass the graph it was computed on"):
        netmix.cite(netmix.mixing_matrix(netmix.datasets.load_example(), "department"))


def test_readme_has_a_citing_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Citing\n", 1)[1].split("\n## ", 1)[0]
    assert "netmix.cite(" in section and "CITATION.cff" in section
    assert "doi:10.1017/nws.2015.10" in section
