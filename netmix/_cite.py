"""``netmix.cite()``: the citation of netmix and of the data set an analysis used.

The package citation is kept here, in the package (an installed wheel has no
``CITATION.cff``), and agrees with ``CITATION.cff`` at the repository root (a test checks
title, authors, year and version). A data set's citation comes from the graph it was
loaded into: the SocioPatterns loaders record it in the graph's provenance (the step
``"dataset"``), so the text a graph carries is the text cited. For BibTeX, the data sets
netmix loads have their entries here, keyed by the provenance name; a citation recorded
from elsewhere becomes a ``@misc`` entry holding its text.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._validation import check_choice, describe
from .exceptions import InputTypeError

__all__ = ["DATASET_REFERENCES", "PACKAGE_CITATION", "cite", "dataset_citations"]

#: netmix's citation, as ``CITATION.cff``'s ``preferred-citation`` gives it (the version is
#: ``netmix.__version__``).
PACKAGE_CITATION: dict[str, Any] = {
    "authors": "The netmix developers",
    "title": "netmix: measuring social mixing in networks",
    "year": 2026,
    "license": "BSD-3-Clause",
}

#: BibTeX fields of the papers behind each data set netmix loads, by provenance name
#: (``load_highschool_2013`` records ``highschool_2013/<layer>``: the part before ``/``).
DATASET_REFERENCES: dict[str, tuple[dict[str, str], ...]] = {
    "workplace_2013": ({
        "key": "genois2015", "type": "article",
        "author": "Génois, M. and Vestergaard, C. L. and Fournet, J. and Panisson, A. and "
                  "Bonmarin, I. and Barrat, A.",
        "title": "Data on face-to-face contacts in an office building suggest a low-cost "
                 "vaccination strategy based on community linkers",
        "journal": "Network Science", "volume": "3", "number": "3", "pages": "326--347",
        "year": "2015", "doi": "10.1017/nws.2015.10"},),
    "highschool_2013": ({
        "key": "mastrandrea2015", "type": "article",
        "author": "Mastrandrea, R. and Fournet, J. and Barrat, A.",
        "title": "Contact patterns in a high school: a comparison between data collected "
                 "using wearable sensors, contact diaries and friendship surveys",
        "journal": "PLoS ONE", "volume": "10", "number": "9", "pages": "e0136497",
        "year": "2015", "doi": "10.1371/journal.pone.0136497"},),
    "primaryschool_2009": ({
        "key": "stehle2011", "type": "article", "author": "Stehlé, J. and others",
        "title": "High-resolution measurements of face-to-face contact patterns in a "
                 "primary school",
        "journal": "PLoS ONE", "volume": "6", "number": "8", "pages": "e23176",
        "year": "2011", "doi": "10.1371/journal.pone.0023176"}, {
        "key": "gemmetto2014", "type": "article",
        "author": "Gemmetto, V. and Barrat, A. and Cattuto, C.",
        "title": "Mitigation of infectious disease at school: targeted class closure vs "
                 "school closure",
        "journal": "BMC Infectious Diseases", "volume": "14", "pages": "695",
        "year": "2014", "doi": "10.1186/s12879-014-0695-9"}),
}


def _version() -> str:
    return importlib.import_module("netmix").__version__  # not imported: no cycle


def _package_text() -> str:
    c = PACKAGE_CITATION
    return (f"{c['authors']} ({c['year']}). {c['title']} (version {_version()}). "
            f"Python package, {c['license']} licence.")


def _package_bibtex() -> str:
    c = PACKAGE_CITATION
    return _bibtex({"key": "netmix", "type": "software", "author": "{" + c["authors"] + "}",
                    "title": c["title"], "year": str(c["year"]), "version": _version(),
                    "license": c["license"], "note": "Python package"})


def _bibtex(entry: dict[str, str]) -> str:
    fields = ",\n".join(f"  {k} = {{{v}}}" for k, v in entry.items()
                        if k not in ("key", "type"))
    return f"@{entry['type']}{{{entry['key']},\n{fields}\n}}"


def _is_foreign_graph(obj: Any) -> bool:
    module = type(obj).__module__.split(".")[0]
    return module in ("networkx", "igraph")


def _provenance(dataset: Any) -> tuple[dict[str, Any], ...]:
    records = getattr(dataset, "provenance", None)
    if records is None and getattr(dataset, "graph", None) is not None:
        records = getattr(dataset.graph, "provenance", None)
    if records is None and _is_foreign_graph(dataset):
        from .graph import as_social_graph  # networkx or igraph: converted once, like anywhere

        records = as_social_graph(dataset, argument="dataset").provenance
    if records is None:
        raise InputTypeError(
            f"dataset must be a data set name ({', '.join(map(repr, DATASET_REFERENCES))}), "
            f"a SocialGraph or EgoData (their provenance records the data set), or None; got "
            f"{describe(dataset)}. A result does not keep its data: pass the graph it was "
            "computed on.")
    return tuple(records)


def dataset_citations(dataset: Any) -> list[dict[str, Any]]:
    """The data sets behind ``dataset`` (a graph, ego data or a data set name): one dict
    each with ``name``, ``citation`` (text, None for data with nothing to cite, such as
    netmix's simulated example) and ``references`` (BibTeX fields, empty when unknown).

    Examples
    --------
    >>> [d["references"][0]["doi"] for d in dataset_citations("workplace_2013")]
    ['10.1017/nws.2015.10']
    """
    if isinstance(dataset, str):
        from .datasets import sociopatterns as sp  # the text the loaders record

        texts = {"workplace_2013": sp.WORKPLACE_CITATION,
                 "highschool_2013": sp.HIGHSCHOOL_CITATION,
                 "primaryschool_2009": sp.PRIMARYSCHOOL_CITATION}
        base = dataset.split("/")[0]
        if base not in texts:
            check_choice("dataset", dataset, list(texts))
        return [{"name": dataset, "citation": texts[base],
                 "references": list(DATASET_REFERENCES[base])}]
    found = []
    for rec in _provenance(dataset):
        if rec.get("step") != "dataset":
            continue
        name = str(rec.get("name", "data"))
        refs = DATASET_REFERENCES.get(name.split("/")[0], ())
        found.append({"name": name, "citation": rec.get("citation"), "references": list(refs),
                      "record": dict(rec)})
    return found


def _data_text(found: dict[str, Any]) -> str:
    if found["citation"]:
        return f"Data ({found['name']}): {found['citation']}"
    made = ", ".join(f"{k} {v}" for k, v in found.get("record", {}).items()
                     if k not in ("step", "name"))
    return (f"Data ({found['name']}): simulated by netmix ({made}); nothing to cite beyond "
            "netmix.")


def cite(dataset: Any = None, *, style: str = "text") -> str:
    """How to cite netmix and, given the data an analysis used, that data set.

    Parameters
    ----------
    dataset : SocialGraph, EgoData, str or None
        The graph (or ego data) the analysis ran on: its provenance names the data set and
        records its citation (the SocioPatterns loaders do). A data set name
        (``"workplace_2013"``, ``"highschool_2013"``, ``"primaryschool_2009"``) works too.
        None: netmix only.
    style : {"text", "bibtex"}
        Reference text (one paragraph each), or BibTeX entries.

    Returns
    -------
    str
        netmix's citation first, then each data set's, separated by blank lines. Cite the
        papers of the indices you report too (each function's docstring names them).

    Notes
    -----
    The package citation agrees with ``CITATION.cff`` (checked by the tests); the data set
    references are those the data set's providers ask for (SocioPatterns' pages).

    Examples
    --------
    >>> import netmix
    >>> print(netmix.cite())  # doctest: +ELLIPSIS
    The netmix developers (2026). netmix: measuring social mixing in networks (version ...
    >>> print(netmix.cite("workplace_2013", style="bibtex").split("\\n\\n")[1].splitlines()[0])
    @article{genois2015,
    """
    check_choice("style", style, ("text", "bibtex"))
    found = [] if dataset is None else dataset_citations(dataset)
    if style == "text":
        parts = [_package_text()] + [_data_text(d) for d in found]
    else:
        parts = [_package_bibtex()]
        for d in found:
            refs = d["references"] or ([{"key": _key(d["name"]), "type": "misc",
                                        "title": d["name"], "note": d["citation"]}]
                                       if d["citation"] else [])
            parts += [_bibtex(r) for r in refs]
    if not isinstance(dataset, (str, type(None))) and not found:
        parts.append(("" if style == "text" else "% ") + "Data: the graph records no data "
                     "set (no 'dataset' step in its provenance); cite the source of your data.")
    return "\n\n".join(parts)


def _key(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_") or "data"
