"""One result vocabulary, one argument order, one seed policy (issue 15 items 4 and 5).

* Every ``*Result`` of netmix names its fields as scipy does (``statistic``, ``pvalue``,
  ``standard_error``, ``confidence_interval`` with ``confidence_level``,
  ``null_distribution``, ``null_mean``, ``null_sd``, ``n_resamples``, ``seed``): none of the
  old spellings is left, found by introspection of every result class.
* Every public function with a confidence level calls it ``confidence_level``; the
  resampling functions take the graph first.
* ``seed=None`` is the default everywhere; a result made with it records the seed that was
  drawn, and passing that seed back repeats the run exactly (checked here for every
  resampling entry point); the report and the command line record and print it.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import warnings

import numpy as np
import pytest

import netmix
from netmix._results import ConfidenceInterval, ResultMixin

OLD_FIELDS = {"std_err", "se", "std_error", "sd", "se_log", "null_std", "ci_low", "ci_high",
              "ci", "distribution", "z", "modularity_std"}
OLD_ARGUMENTS = {"ci", "alpha", "level", "conf_level"}


def _modules():
    for info in pkgutil.walk_packages(netmix.__path__, "netmix."):
        if ".datasets.data" in info.name:
            continue
        yield importlib.import_module(info.name)


def _result_classes():
    seen = {}
    for mod in _modules():
        for obj in vars(mod).values():
            if (inspect.isclass(obj) and issubclass(obj, ResultMixin)
                    and dataclasses.is_dataclass(obj)):
                seen[obj.__qualname__] = obj
    return sorted(seen.values(), key=lambda c: c.__qualname__)


def _public_functions():
    seen = {}
    for mod in _modules():
        if any(part.startswith("_") for part in mod.__name__.split(".")):
            continue
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            if inspect.isfunction(obj):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return seen


RESULTS = _result_classes()


def test_the_result_classes_are_found():
    names = {c.__name__ for c in RESULTS}
    assert {"PermutationTestResult", "BootstrapResult", "AssortativityResult",
            "OddsRatioResult", "IntegrationResult", "QAPResult"} <= names


@pytest.mark.parametrize("cls", RESULTS, ids=lambda c: c.__name__)
def test_result_fields_use_scipys_names(cls):
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert not OLD_FIELDS & set(fields), f"{cls.__name__}: {sorted(OLD_FIELDS & set(fields))}"
    if "confidence_interval" in fields:
        assert "confidence_level" in fields
        assert fields["confidence_interval"].type in (ConfidenceInterval, "ConfidenceInterval")
    if "null_mean" in fields:
        assert "null_sd" in fields


def test_every_confidence_level_is_called_confidence_level():
    bad = {name: sorted(OLD_ARGUMENTS & set(inspect.signature(f).parameters))
           for name, f in _public_functions().items()}
    assert not {k: v for k, v in bad.items() if v}


def test_resampling_functions_take_the_graph_first():
    from netmix import scale

    for f in (netmix.permutation_test, netmix.bootstrap):
        assert list(inspect.signature(f).parameters)[:3] == ["graph", "statistic", "groups"]
    assert list(inspect.signature(scale.permutation_test).parameters)[:4] == [
        "edges", "nodes", "statistic", "groups"]


#: The bundled example *is* the data of seed 2013: its writer reproduces that file.
FIXED_SEED = {"netmix.datasets.bundled.write_example"}


def test_seed_defaults_to_none_everywhere():
    bad = {name: inspect.signature(f).parameters["seed"].default
           for name, f in _public_functions().items()
           if "seed" in inspect.signature(f).parameters and name not in FIXED_SEED
           and inspect.signature(f).parameters["seed"].default is not None}
    assert not bad


def test_to_frame_and_summary_flatten_the_interval():
    g = netmix.datasets.load_example()
    res = netmix.nominal_assortativity_test(g, "department")
    low, high = res.confidence_interval
    assert isinstance(res.confidence_interval, ConfidenceInterval)
    row = res.to_frame().iloc[0]
    assert (row["ci_low"], row["ci_high"]) == (low, high)
    assert "confidence_interval" not in row.index and "standard_error" in row.index
    assert "ci_low" in res.summary() and "standard_error" in res.summary()


# ------------------------------------------------------------------------------- seeds
def _example():
    return netmix.datasets.load_example()


def _survey():
    from netmix.datasets import simulate_diary_survey

    return simulate_diary_survey(200, seed=3).ego_data()


RUNS = {
    "permutation_test": (lambda seed: netmix.permutation_test(
        _example(), "nominal_assortativity", "department", n_resamples=19, seed=seed),
        lambda r: r.null_distribution),
    "bootstrap": (lambda seed: netmix.bootstrap(
        _example(), "nominal_assortativity", "department", n_resamples=39, seed=seed),
        lambda r: r.bootstrap_distribution),
    "integration_ratio": (lambda seed: netmix.ego.integration_ratio(
        _survey(), n_resamples=39, seed=seed), lambda r: r.table["ci_low"].to_numpy()),
    "communities_vs_groups": (lambda seed: netmix.communities_vs_groups(
        _example(), "department", n_resamples=19, seed=seed), lambda r: r.null_distribution),
    "brokerage": (lambda seed: netmix.brokerage(
        _example(), "department", method="permutation", n_resamples=19, seed=seed),
        lambda r: r.totals["pvalue"].to_numpy()),
    "weak_ties_test": (lambda seed: netmix.bridging.weak_ties_test(
        _example(), "duration", n_resamples=19, seed=seed), lambda r: np.array([r.pvalue])),
}


@pytest.mark.parametrize("name", list(RUNS))
def test_a_result_made_with_seed_none_records_a_seed_that_repeats_it(name):
    run, values = RUNS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", netmix.DegenerateMixingWarning)
        first = run(None)
        assert isinstance(first.seed, int) and first.seed >= 0
        again = run(first.seed)
    assert again.seed == first.seed
    np.testing.assert_array_equal(values(again), values(first))


def test_segregation_table_records_the_seed_it_drew():
    g = _example()
    kw = dict(indices=["coleman_homophily"], n_resamples=39)
    first = netmix.segregation_table(g, "department", **kw)
    seed = first.attrs["seed"]
    assert isinstance(seed, int)
    again = netmix.segregation_table(g, "department", seed=seed, **kw)
    np.testing.assert_array_equal(first[["pvalue", "ci_low"]].to_numpy(float),
                                  again[["pvalue", "ci_low"]].to_numpy(float))


def test_the_report_records_the_seed_it_drew():
    from netmix.report import build_report
    from netmix.report.network import indices_section

    g = _example()
    first = build_report(g, "department", sections=[indices_section], n_resamples=39,
                         command="test")
    seed = first.meta["seed"]
    assert isinstance(seed, int)
    again = build_report(g, "department", sections=[indices_section], n_resamples=39,
                         command="test", seed=seed)
    a, b = (r.sections[0].tables["indices"] for r in (first, again))
    np.testing.assert_array_equal(a["pvalue"].to_numpy(float), b["pvalue"].to_numpy(float))


def test_the_command_line_prints_the_seed_it_drew(tmp_path, capsys):
    from netmix.cli import main

    out = tmp_path / "report"
    assert main(["analyze", "--dataset", "example", "--groups", "department",
                 "--resamples", "39", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    line = next(x for x in printed.splitlines() if x.startswith("netmix: seed "))
    seed = int(line.split()[2])
    assert f"--seed {seed} repeats this run" in line
    assert str(seed) in (out / "report.html").read_text()
