"""Bad-input corpus: the formatting helpers, netmix.cite, row shares, mixing_change of
matrices and the forest plot (issue 18, items 2, 7 and 8).

Every malformed argument is refused with a message naming it; the edge cases that are
valid give the exact expected text or value (hand-checked).
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids

import netmix
from netmix import DegenerateMixingWarning, InputTypeError, MixingMatrix
from netmix._format import format_duration, format_number, format_pvalue, format_share
from netmix.models import mixing_change
from netmix.plotting import plot_forest


def _eq(expected):
    def check_value(value):
        assert value == expected, value
    return check_value


def _is(predicate):
    def check_value(value):
        assert predicate(value), value
    return check_value


def _m(counts, labels=("a", "b"), **kw):
    return MixingMatrix.from_array(counts, labels=list(labels), **kw)


CASES = [
    # ------------------------------------------------------------------ numbers and text
    Case("pvalue-percentage", lambda d: format_pvalue(5), match=("pvalue", "between 0 and 1",
                                                                   "5")),
    Case("pvalue-negative", lambda d: format_pvalue(-0.01), match=("pvalue", "-0.01")),
    Case("pvalue-text", lambda d: format_pvalue("0.05"), error=InputTypeError,
         match=("pvalue must be a real number", "'0.05'")),
    Case("pvalue-bool", lambda d: format_pvalue(True), error=InputTypeError,
         match=("pvalue", "bool")),
    Case("pvalue-array", lambda d: format_pvalue(np.array([0.1, 0.2])), error=InputTypeError,
         match=("pvalue", "format_frame")),
    Case("pvalue-nan", lambda d: format_pvalue(float("nan")), error=None, result=_eq("nan")),
    Case("pvalue-underflow", lambda d: format_pvalue(0.0), error=None, result=_eq("< 0.001")),
    Case("pvalue-rounding-above-one", lambda d: format_pvalue(1 + 1e-15), error=None,
         result=_eq("1.00")),
    Case("number-none", lambda d: format_number(None), error=InputTypeError,
         match=("value must be a real number", "None")),
    Case("number-huge", lambda d: format_number(1e300), error=None,
         result=_is(lambda v: "e" not in v and v.startswith("1,000,000"))),
    Case("number-tiny", lambda d: format_number(5e-324), error=None,
         result=_eq("< 0.000001")),
    Case("duration-text", lambda d: format_duration("20 s"), error=InputTypeError,
         match=("seconds must be a real number",)),
    Case("duration-inf", lambda d: format_duration(math.inf), error=None, result=_eq("inf")),
    Case("share-text", lambda d: format_share("50%"), error=InputTypeError,
         match=("share must be a real number",)),
    # ------------------------------------------------------------------ cite
    Case("cite-style", lambda d: netmix.cite(style="APA"), match=("style", "'APA'", "bibtex")),
    Case("cite-unknown-dataset", lambda d: netmix.cite("karate_club"),
         match=("dataset must be one of", "workplace_2013")),
    Case("cite-a-number", lambda d: netmix.cite(3), error=InputTypeError,
         match=("dataset must be", "3 (int)")),
    Case("cite-a-result", lambda d: netmix.cite(netmix.nominal_assortativity_test(
        netmix.datasets.load_example(), "department")), error=InputTypeError,
        match=("pass the graph it was computed on",)),
    Case("cite-layer-name", lambda d: netmix.cite("highschool_2013/diary"), error=None,
         result=_is(lambda v: "Mastrandrea" in v)),
    # ------------------------------------------------------------------ row shares
    Case("row-shares-empty-row", lambda d: _m([[0, 0], [1, 1]]).row_shares(), error=None,
         warns=DegenerateMixingWarning, warns_match="without contacts: 'a'",
         result=_is(lambda v: np.isnan(v.loc["a"]).all() and v.loc["b"].tolist() == [0.5, 0.5])),
    Case("row-shares-hostile-label", lambda d: _m([[1, 0], [0, 0]], ("<b>x", "\n")).row_shares(),
         error=None, warns=DegenerateMixingWarning, result=_is(lambda v: v.shape == (2, 2))),
    # ------------------------------------------------------------------ mixing_change
    Case("change-matrix-and-graph", lambda d: mixing_change(
        _m([[1, 1], [1, 1]]), netmix.datasets.load_example(), "department"),
        match=("groups must be None",)),
    Case("change-graph-and-matrix", lambda d: mixing_change(
        netmix.datasets.load_example(), _m([[1, 1], [1, 1]])), error=InputTypeError,
        match=("before must be a MixingMatrix", "SocialGraph")),
    Case("change-other-groups", lambda d: mixing_change(
        _m([[1, 1], [1, 1]]), _m([[1, 1], [1, 1]], ("a", "c"))), match=("same groups",)),
    Case("change-rows-not-columns", lambda d: mixing_change(
        MixingMatrix.from_array([[1, 1], [1, 1]], labels=["a", "b"], col_labels=["x", "y"]),
        _m([[1, 1], [1, 1]])), match=("same groups in its rows and columns",)),
    Case("change-negative-table", lambda d: mixing_change(
        pd.DataFrame([[1, -1], [0, 1]]), pd.DataFrame([[1, 1], [1, 1]])),
        match=("counts must be",)),
    # ------------------------------------------------------------------ forest plot
    Case("forest-no-interval-columns", lambda d: plot_forest(
        pd.DataFrame({"term": ["x"], "estimate": [1.0]})), match=("ci_low", "ci_high")),
    Case("forest-a-string", lambda d: plot_forest("ei_index"), error=InputTypeError,
         match=("results must be",)),
    Case("forest-a-float-result", lambda d: plot_forest({"r": 0.3}), error=InputTypeError,
         match=("confidence_interval", "0.3")),
    Case("forest-empty", lambda d: plot_forest(pd.DataFrame(
        columns=["term", "estimate", "ci_low", "ci_high"])), match=("at least one",)),
    Case("forest-bad-level", lambda d: plot_forest(pd.DataFrame(
        {"term": ["x"], "estimate": [1.0], "ci_low": [0.5], "ci_high": [1.5]}),
        confidence_level=95), match=("confidence_level",)),
    Case("forest-nan-interval", lambda d: plot_forest(pd.DataFrame(
        {"term": ["x", "y"], "estimate": [1.0, 2.0], "ci_low": [np.nan, 1.5],
         "ci_high": [np.nan, 2.5]})), error=None,
        result=_is(lambda ax: len(ax.collections[0].get_segments()) == 1)),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_format_cite_corpus(case, tmp_path):
    check(case, tmp_path)
