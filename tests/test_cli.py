"""The netmix command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import netmix
from netmix.cli import main


def test_demo_writes_report(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--resamples", "19"]) == 0
    out = capsys.readouterr().out
    assert "report written to" in out
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "mixing_matrix.csv").exists()


def test_analyze_contact_files(tmp_path, capsys):
    paths = netmix.datasets.example_paths()
    code = main(["analyze", str(paths["contacts"]), "--metadata", str(paths["metadata"]),
                 "--metadata-columns", "department", "--out", str(tmp_path), "--resamples", "19"])
    assert code == 0
    assert (tmp_path / "mixing_matrix_duration.csv").exists()


def test_analyze_dataset_with_window(tmp_path, data_dir):
    code = main(["analyze", "--dataset", "highschool_2013", "--start", "2013-12-05",
                 "--end", "2013-12-06", "--tz", "Europe/Paris", "--out", str(tmp_path),
                 "--resamples", "9"])
    assert code == 0
    summary = (tmp_path / "summary.csv").read_text()
    assert "nodes,295" in summary  # Mastrandrea et al. (2015): 295 students on 5 Dec 2013


def test_analyze_edge_tables(tmp_path):
    (tmp_path / "e.csv").write_text("from,to,minutes\na,b,5\nb,c,10\na,c,1\n")
    (tmp_path / "n.csv").write_text("person,team\na,x\nb,x\nc,y\n")
    with pytest.warns(netmix.DegenerateMixingWarning):  # 3 people: several indices undefined
        code = main(["analyze", "--edges", str(tmp_path / "e.csv"), "--nodes",
                     str(tmp_path / "n.csv"), "--source", "from", "--target", "to",
                     "--node-id", "person", "--groups", "team", "--weight", "minutes",
                     "--out", str(tmp_path / "out"), "--resamples", "9"])
    assert code == 0


@pytest.mark.parametrize("content, fragment", [
    ("20 1 2\n40 1\n", "line 2"),
    ("", "is empty"),
    ("20 1 x\n", "column 3"),
])
def test_analyze_bad_file_is_one_message(tmp_path, capsys, content, fragment):
    bad = tmp_path / "bad.dat"
    bad.write_text(content)
    assert main(["analyze", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("netmix: error:") and fragment in err
    assert "Traceback" not in err


def test_analyze_needs_exactly_one_input(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path)]) == 2
    assert "exactly one input" in capsys.readouterr().err


def test_unknown_group_attribute(tmp_path, capsys):
    paths = netmix.datasets.example_paths()
    code = main(["analyze", str(paths["contacts"]), "--metadata", str(paths["metadata"]),
                 "--metadata-columns", "department", "--groups", "dept",
                 "--out", str(tmp_path)])
    assert code == 2
    assert "'department'" in capsys.readouterr().err


def test_console_script_runs():
    exe = Path(sys.executable).parent / "netmix"
    found = str(exe) if exe.exists() else shutil.which("netmix")
    assert found, "the netmix console script is not installed beside the interpreter"
    done = subprocess.run([found, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"netmix {netmix.__version__}"


def test_analyze_survey_with_area_table(tmp_path, capsys):
    from netmix.datasets.survey import simulate_diary_survey

    sim = simulate_diary_survey(300, seed=4)
    sim.egos.to_csv(tmp_path / "egos.csv", index=False)
    sim.alters.to_csv(tmp_path / "alters.csv", index=False)
    sim.areas.to_csv(tmp_path / "areas.csv")  # wide: area, then one column a group
    code = main(["analyze", "--egos", str(tmp_path / "egos.csv"), "--alters",
                 str(tmp_path / "alters.csv"), "--groups", "group", "--alter-group",
                 "alter_group", "--area", "area", "--areas", str(tmp_path / "areas.csv"),
                 "--area-id", "area", "--survey-weight", "weight", "--out",
                 str(tmp_path / "out"), "--resamples", "19"])
    assert code == 0
    html_text = (tmp_path / "out" / "report.html").read_text()
    assert "actual versus expected" in html_text
    ratios = (tmp_path / "out" / "ego_integration_by_group.csv").read_text()
    assert "ratio" in ratios


def test_analyze_survey_needs_alters(tmp_path, capsys):
    (tmp_path / "egos.csv").write_text("ego,group\n1,A\n")
    assert main(["analyze", "--egos", str(tmp_path / "egos.csv"), "--groups", "group",
                 "--out", str(tmp_path)]) == 2
    assert "--alters" in capsys.readouterr().err
