"""SocioPatterns readers: real files give the published networks; every error names its place.

Published sizes: Génois et al. (2015) Network Science 3(3):326 (workplace: 92 people, 755
links); Mastrandrea et al. (2015) PLoS ONE 10(9):e0136497 (high school: 327 students, 5,818
links; 502 diary reports; 5 Dec 2013 alone: 295 students, 2,162 links); Stehlé et al.
(2011) PLoS ONE 6(8):e23176 with the SocioPatterns page (primary school: 242 people, 8,317
links over the two days).
"""

from __future__ import annotations

import gzip
import re

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix import InputError
from netmix.io import read_contacts, read_diary, read_diary_network, read_metadata

SP = "sociopatterns"


def write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def raises(match, fn, *args, **kwargs):
    """Call fn, expect an InputError whose message matches every regex in ``match``."""
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    msg = str(info.value)
    for m in [match] if isinstance(match, str) else match:
        assert re.search(m, msg), f"{m!r} not in {msg!r}"
    return info.value


# ----------------------------------------------------------------------------- real data
def _pandas_pairs(path, sep):
    """Distinct unordered pairs and people, computed with plain pandas (independent)."""
    df = pd.read_csv(path, sep=sep, header=None, usecols=[0, 1, 2], names=["t", "i", "j"])
    a, b = np.minimum(df.i, df.j), np.maximum(df.i, df.j)
    return len(set(zip(a, b, strict=True))), len(set(df.i) | set(df.j)), df


def test_workplace_2013(workplace, data_dir):
    assert (workplace.n_nodes, workplace.n_edges) == (92, 755)  # Génois et al. 2015
    n_pairs, n_people, df = _pandas_pairs(data_dir / SP / "workplace_2013" / "tij_InVS.dat",
                                          " ")
    assert (n_people, n_pairs) == (92, 755)
    assert workplace.edge_attr("n_contacts").sum() == len(df) == 9827
    assert workplace.edge_attr("duration").sum() == 20 * 9827
    assert sorted(workplace.nodes["department"].unique()) == [
        "DISQ", "DMCT", "DSE", "SFLE", "SRH"]
    assert not workplace.directed and not workplace.has_loops()
    assert not workplace.has_multi_edges()


def test_highschool_2013_sensor(highschool, data_dir):
    assert (highschool.n_nodes, highschool.n_edges) == (327, 5818)  # Mastrandrea et al. 2015
    n_pairs, n_people, df = _pandas_pairs(
        data_dir / SP / "highschool_2013" / "High-School_data_2013.csv", " ")
    assert (n_people, n_pairs) == (327, 5818)
    assert highschool.edge_attr("n_contacts").sum() == len(df) == 188508
    assert highschool.nodes["class"].nunique() == 9
    # the metadata lists 329 students; the two without contacts are dropped and counted
    rec = next(p for p in highschool.provenance if p["step"] == "from_contacts")
    assert rec["isolates_dropped"] == 2
    # "Unknown" gender is a missing value, never a group
    assert "Unknown" not in set(highschool.nodes["gender"].dropna())
    assert highschool.nodes["gender"].isna().any()


def test_highschool_2013_one_day():
    # Mastrandrea et al. (2015): the contact network of 5 Dec 2013 has 295 nodes, 2,162 links
    g = netmix.datasets.load_highschool_2013("sensor", download=False, start="2013-12-05",
                                             end="2013-12-06", tz="Europe/Paris")
    assert (g.n_nodes, g.n_edges) == (295, 2162)
    lo = pd.Timestamp("2013-12-05", tz="Europe/Paris").timestamp()
    assert g.edge_attr("first_contact").min() >= lo
    assert g.edge_attr("last_contact").max() < lo + 86400


def test_highschool_2013_diary(data_dir):
    g = netmix.datasets.load_highschool_2013("diary", download=False)
    assert g.directed and g.n_edges == 502  # Mastrandrea et al. 2015: 502 reports
    raw = pd.read_csv(data_dir / SP / "highschool_2013" /
                      "Contact-diaries-network_data_2013.csv", sep=" ", header=None)
    assert len(raw) == 502
    assert set(g.edge_attr("duration_code")) <= {1, 2, 3, 4}
    assert np.bincount(g.edge_attr("duration_code")).tolist() == np.bincount(raw[2]).tolist()
    assert not g.has_loops() and not g.has_multi_edges()


def test_primaryschool_2009(primaryschool, data_dir):
    assert (primaryschool.n_nodes, primaryschool.n_edges) == (242, 8317)
    n_pairs, n_people, df = _pandas_pairs(
        data_dir / SP / "primaryschool_2009" / "primaryschool.csv", "\t")
    assert (n_people, n_pairs) == (242, 8317)
    assert primaryschool.edge_attr("n_contacts").sum() == len(df) == 125773
    assert primaryschool.nodes["class"].nunique() == 11  # 10 classes and the teachers


def test_read_contacts_real_file_is_exact(data_dir):
    path = data_dir / SP / "primaryschool_2009" / "primaryschool.csv"
    got = read_contacts(path)
    ref = pd.read_csv(path, sep="\t", header=None, names=["t", "i", "j", "Ci", "Cj"])
    assert list(got.columns) == ["t", "i", "j", "Ci", "Cj"]
    assert got["t"].dtype == np.int64
    np.testing.assert_array_equal(got[["t", "i", "j"]].to_numpy(), ref[["t", "i", "j"]])
    assert got["Ci"].tolist() == ref["Ci"].tolist()
    assert got.index[0] == 1 and got.index[-1] == len(ref)


# ----------------------------------------------------------------------------- read_contacts
def test_contacts_three_and_five_columns(tmp_path):
    t = read_contacts(write(tmp_path, "a.dat", "20 1 2\n40\t1\t3\n\n60 2 3"))
    assert t.to_dict("list") == {"t": [20, 40, 60], "i": [1, 1, 2], "j": [2, 3, 3]}
    assert t.index.tolist() == [1, 2, 4]  # line numbers, blank line 3 skipped
    t = read_contacts(write(tmp_path, "b.dat", "20 1 2 A B\r\n40 1 3 A C\r\n"))
    assert t["Ci"].tolist() == ["A", "A"] and t["Cj"].tolist() == ["B", "C"]


def test_contacts_fractional_times_are_float(tmp_path):
    t = read_contacts(write(tmp_path, "a.dat", "20 1 2\n40.5 1 3\n"))
    assert t["t"].dtype == np.float64 and t["t"].tolist() == [20.0, 40.5]


def test_contacts_gzip_and_bom(tmp_path):
    p = tmp_path / "a.dat.gz"
    p.write_bytes(gzip.compress(b"20 1 2\n40 1 3\n"))
    assert read_contacts(p)["j"].tolist() == [2, 3]
    t = read_contacts(write(tmp_path, "b.dat", b"\xef\xbb\xbf20 1 2\n"))
    assert t["t"].tolist() == [20]


def test_contacts_content_ending_in_gz_is_not_gzip(tmp_path):
    # regression: the reader once took any content ending in ".gz" for a gzip stream
    raises(r"line 2: expected 3 fields", read_contacts, write(tmp_path, "a.dat", "1 2 3\n.gz"))


@pytest.mark.parametrize("content, pattern", [
    ("", r"a\.dat' is empty"),
    ("  \n\t\n", r"a\.dat' is empty"),
    (b"20 1 2\n\x00\x01\x02", r"a\.dat', line 2, column 1: byte b'\\x00' is not text"),
    (b"20 1 2\n40 1 \xff\n", r"line 2, column 6: byte b'\\xff' is not text"),
    ("20 1 2\n40 1\n", r"a\.dat', line 2: expected 3 fields \(t i j\).*got 2: '40 1'"),
    ("20 1 2\n40 1 2 3\n", r"line 2: expected 3 fields .*got 4"),
    ("20 1\n", r"line 1: expected 3 or 5 fields .*got 2"),
    ("\n\n20 1 2 A\n", r"line 3: expected 3 or 5 fields .*got 4"),
    ("20 1 2\nnoon 1 2\n", r"line 2, column 1 \(t\): expected a number .*'noon'"),
    ("20 1 2\n1e999 1 2\n", r"line 2, column 1 \(t\): expected a finite number"),
    ("20 1 2\nnan 1 2\n", r"line 2, column 1 \(t\): expected a finite number"),
    ("20 1 2\n40 1 2.5\n", r"line 2, column 3 \(j\): expected an integer; got '2\.5'"),
    ("20 1 2\n40 x 2\n", r"line 2, column 2 \(i\): expected an integer; got 'x'"),
    ("20 1 2\n40 99999999999999999999 2\n", r"line 2, column 2 \(i\).*64-bit integer range"),
    ("20 1 2\n1_000 1 2\n", r"line 2, column 1 \(t\): expected a number"),
    ("20 1 2\n\u0664\u0660 1 2\n", r"line 2, column 1 \(t\): expected a number"),
])
def test_contacts_errors_name_the_place(tmp_path, content, pattern):
    p = write(tmp_path, "a.dat", content)
    err = raises(pattern, read_contacts, p)
    assert err.path == str(p)


def test_contacts_missing_file(tmp_path):
    raises(r"nope\.dat' does not exist", read_contacts, tmp_path / "nope.dat")
    raises(r"is a directory", read_contacts, tmp_path)


def test_contacts_damaged_gzip(tmp_path):
    p = tmp_path / "a.dat.gz"
    p.write_bytes(gzip.compress(b"20 1 2\n" * 100)[:30])
    raises(r"a\.dat\.gz' looks gzip-compressed but is damaged", read_contacts, p)


# ----------------------------------------------------------------------------- read_metadata
def test_metadata_basic_and_na_values(tmp_path):
    p = write(tmp_path, "m.txt", "1\tA\tF\n2\tB\tUnknown\n3 A M\n")
    nodes = read_metadata(p, ["class", "gender"], na_values=["Unknown"])
    assert nodes.index.tolist() == [1, 2, 3] and nodes.index.name == "id"
    assert nodes["class"].tolist() == ["A", "B", "A"]
    assert pd.isna(nodes.loc[2, "gender"])
    assert list(read_metadata(p).columns) == ["attr1", "attr2"]
    # issue 14: one policy, so SocioPatterns' Unknown is missing by default too (it was a
    # group in Python) and counted; na_values=() keeps it as written
    default = read_metadata(p, ["class", "gender"])
    assert pd.isna(default.loc[2, "gender"]) and default.attrs["missing_values"] == {"gender": 1}
    kept = read_metadata(p, ["class", "gender"], na_values=())
    assert kept["gender"].tolist() == ["F", "Unknown", "M"]
    assert kept.attrs["missing_values"] == {}


def test_metadata_identical_duplicates_collapsed_and_counted(tmp_path):
    p = write(tmp_path, "m.txt", "1\tA\n2\tB\n1\tA\n1\tA\n")
    nodes = read_metadata(p, ["class"])
    assert nodes.index.tolist() == [1, 2]
    assert nodes.attrs["duplicate_rows_collapsed"] == 2


def test_metadata_conflicting_duplicates_name_both_lines(tmp_path):
    # the first two rows of id 1 agree: the message names the first row and the one that
    # differs (line 4), not two identical rows
    p = write(tmp_path, "m.txt", "1\tA\n1\tA\n2\tB\n1\tC\n")
    raises([r"node id 1 appears more than once with different attributes",
            r"m\.txt, line 1 and .*m\.txt, line 4"], read_metadata, p, ["class"])


@pytest.mark.parametrize("content, names, pattern", [
    ("1\n", None, r"m\.txt', line 1: expected an id and at least one attribute"),
    ("1\tA\n2\n", None, r"m\.txt', line 2: expected 2 fields \(id attr1\)"),
    ("1\tA\nx\tB\n", None, r"line 2, column 1 \(id\): expected an integer; got 'x'"),
    ("1\tA\tF\n", ["class"], r"names \(metadata_columns\) must give one name per attribute"),
    ("1\tA\tF\n", ["a", "a"], r"must be distinct"),
    ("", None, r"m\.txt' is empty"),
])
def test_metadata_errors(tmp_path, content, names, pattern):
    raises(pattern, read_metadata, write(tmp_path, "m.txt", content), names)


# ----------------------------------------------------------------------------- diaries
def test_diary_reads_and_checks_codes(tmp_path):
    t = read_diary(write(tmp_path, "d.csv", "3 28 2\n3 106 1\n"))
    assert t.to_dict("list") == {"i": [3, 3], "j": [28, 106], "w": [2, 1]}
    raises([r"d\.csv', line 2, column 3 \(w\): duration code 5 is not one of \[1, 2, 3, 4\]",
            "codes=None"], read_diary, write(tmp_path, "d.csv", "3 28 2\n3 106 5\n"))
    raises(r"line 1, column 3 \(w\): duration code 0", read_diary,
           write(tmp_path, "d.csv", "3 28 0\n"))
    assert read_diary(write(tmp_path, "d.csv", "3 28 7\n"), codes=None)["w"].tolist() == [7]


def test_diary_network_errors(tmp_path):
    raises(r"self-loop at .*d\.csv, line 2 \(node 3\)", read_diary_network,
           write(tmp_path, "d.csv", "3 28 2\n3 3 1\n"))
    raises(r"d\.csv, line 3 repeats the one at .*d\.csv, line 1", read_diary_network,
           write(tmp_path, "d.csv", "3 28 2\n28 3 1\n3 28 1\n"))
    meta = write(tmp_path, "m.txt", "3\tA\n28\tB\n")
    raises(r"node 99 at .*d\.csv, line 2 is not in the node table", read_diary_network,
           write(tmp_path, "d.csv", "3 28 2\n3 99 1\n"), meta)


def test_diary_network_directed_reports(tmp_path):
    g = read_diary_network(write(tmp_path, "d.csv", "3 28 2\n28 3 1\n3 5 4\n"),
                           write(tmp_path, "m.txt", "3\tA\n28\tB\n5\tA\n"),
                           metadata_columns=["class"])
    assert g.directed and g.n_edges == 3  # 3->28 and 28->3 are two reports
    assert g.edges["duration_code"].tolist() == [2, 1, 4]
    assert g.provenance[0] == {"step": "read_diary_network", "diary": str(tmp_path / "d.csv"),
                               "reports": 3, "metadata": str(tmp_path / "m.txt"),
                               "metadata_rows": 3, "missing_values": {}, "respondents": 2,
                               "people": 3}


# ----------------------------------------------------------------------------- read_sociopatterns
def test_self_loop_is_an_error_unless_dropped(tmp_path):
    p = write(tmp_path, "c.dat", "20 1 2\n40 3 3\n60 4 4\n80 1 2\n")
    raises([r"person 3 is in contact with themself at .*c\.dat, line 2",
            "self_loops='drop'"], netmix.read_sociopatterns, p)
    g = netmix.read_sociopatterns(p, self_loops="drop")
    assert g.n_edges == 1 and not g.has_loops()
    assert g.provenance[1]["self_loops_dropped"] == 2


def test_node_absent_from_metadata(tmp_path):
    c = write(tmp_path, "c.dat", "20 1 2\n40 1 7\n")
    m = write(tmp_path, "m.txt", "1\tA\n2\tB\n")
    raises([r"node 7 at .*c\.dat, line 2 is not in the node table", "add_missing_nodes=True"],
           netmix.read_sociopatterns, c, m)
    g = netmix.read_sociopatterns(c, m, add_missing_nodes=True, metadata_columns=["dept"])
    assert g.n_nodes == 3 and pd.isna(g.nodes.loc[7, "dept"])
    assert [p.get("nodes_added") for p in g.provenance if p["step"] == "from_contacts"] == [1]


def test_class_columns_conflict_with_metadata(tmp_path):
    c = write(tmp_path, "c.dat", "20 1 2 A A\n40 1 3 A B\n")
    m = write(tmp_path, "m.txt", "1\tA\n2\tA\n3\tC\n")
    raises([r"person 3 is in class 'B' in the contact records \(.*c\.dat, line 2\)",
            r"but in 'C' in the node table"], netmix.read_sociopatterns, c, m,
           metadata_columns=["class"])
    m.write_text("1\tA\n2\tA\n3\tB\n")
    g = netmix.read_sociopatterns(c, m, metadata_columns=["class"])
    assert g.nodes["class"].tolist() == ["A", "A", "B"]


def test_class_columns_inconsistent_within_the_file(tmp_path):
    # person 2 is in two classes; person 4 too, but the message must be about one person
    c = write(tmp_path, "c.dat", "20 1 2 A A\n40 4 3 X B\n60 5 2 A C\n80 4 1 Y A\n")
    raises([r"person 2 is in two classes, at .*c\.dat, line 1 \('A'\) and .*c\.dat, line 3 "
            r"\('C'\)"], netmix.read_sociopatterns, c)


def test_classes_without_metadata_become_an_attribute(tmp_path):
    g = netmix.read_sociopatterns(write(tmp_path, "c.dat", "20 1 2 A B\n40 2 3 B B\n"))
    assert g.nodes["class"].to_dict() == {1: "A", 2: "B", 3: "B"}


def test_duplicate_metadata_counted_in_provenance(tmp_path):
    c = write(tmp_path, "c.dat", "20 1 2\n")
    m = write(tmp_path, "m.txt", "1\tA\n2\tB\n2\tB\n")
    g = netmix.read_sociopatterns(c, m)
    assert g.provenance[0]["metadata_duplicate_rows_collapsed"] == 1
    m.write_text("1\tA\n2\tB\n2\tC\n")
    raises(r"node id 2 appears more than once .*m\.txt, line 2 and .*m\.txt, line 3",
           netmix.read_sociopatterns, c, m)
