"""Data sets: finding, downloading (simulated) and verifying files; the bundled example; the
simulators; Newman's (2003) race-mixing table."""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile

import numpy as np
import pandas as pd
import pytest
import requests

import netmix
from netmix import NetmixError
from netmix.datasets import _fetch

SP = "sociopatterns"


# ----------------------------------------------------------------------------- downloads
@pytest.fixture
def offline(tmp_path, monkeypatch):
    """Empty data and cache folders; the network is down."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    cache.mkdir()
    monkeypatch.setenv("NETMIX_DATA_DIR", str(data))
    monkeypatch.setenv("NETMIX_CACHE_DIR", str(cache))
    calls = []

    def down(url, output_file, pooch):
        calls.append(url)
        raise requests.exceptions.ConnectionError(f"Failed to resolve host for {url}")

    monkeypatch.setattr(_fetch, "DOWNLOADER", down)
    return {"data": data, "cache": cache, "calls": calls}


def serve(monkeypatch, data_dir, *, corrupt=None, not_gzip=False, zip_member=None):
    """A pooch downloader (url, output_file, pooch) serving the official files compressed
    as the server does, made from the copies in ../shared/data."""
    calls = []
    names = {url: (dataset, name, comp) for dataset, files in _fetch.REGISTRY.items()
             for name, (url, comp, _) in files.items()}

    def down(url, output_file, pooch):
        calls.append(url)
        dataset, name, comp = names[url]
        content = (data_dir / SP / dataset / name).read_bytes()
        if corrupt == name:
            content = content.replace(b"1", b"7", 1)
        if comp == "gzip":
            content = b"this is no gzip" if not_gzip else gzip.compress(content)
        elif comp == "zip":
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr(zip_member or name, content)
            content = buf.getvalue()
        with open(output_file, "wb") as fh:
            fh.write(content)

    monkeypatch.setattr(_fetch, "DOWNLOADER", down)
    return calls


def test_offline_without_a_copy_says_where_to_put_the_files(offline):
    with pytest.raises(NetmixError) as info:
        netmix.datasets.load_workplace_2013()
    msg = str(info.value)
    assert "tij_InVS.dat of the SocioPatterns workplace_2013 data set was not found" in msg
    assert str(offline["data"] / SP / "workplace_2013" / "tij_InVS.dat") in msg
    assert str(offline["cache"] / SP / "workplace_2013" / "tij_InVS.dat") in msg
    assert "The download failed (ConnectionError: Failed to resolve host" in msg
    assert "put it in $NETMIX_DATA_DIR/sociopatterns/workplace_2013/" in msg
    assert offline["calls"] and not any(offline["cache"].rglob("*.*"))  # nothing half-written


def test_download_false_never_downloads(offline):
    with pytest.raises(NetmixError, match="was not found in") as info:
        netmix.datasets.load_highschool_2013("diary", download=False)
    assert "download failed" not in str(info.value)
    assert offline["calls"] == []


def test_simulated_zip_download(offline, monkeypatch, data_dir):
    calls = serve(monkeypatch, data_dir)
    g = netmix.datasets.load_workplace_2013()
    assert (g.n_nodes, g.n_edges) == (92, 755)  # Génois et al. 2015
    folder = offline["cache"] / SP / "workplace_2013"
    assert sorted(p.name for p in folder.iterdir()) == ["metadata_InVS13.txt", "tij_InVS.dat"]
    for name in ("tij_InVS.dat", "metadata_InVS13.txt"):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == _fetch.REGISTRY["workplace_2013"][name][2]
        assert (folder / name).read_bytes() == (data_dir / SP / "workplace_2013" / name
                                                ).read_bytes()
    assert len(calls) == 2
    netmix.datasets.load_workplace_2013()  # now cached: no new download
    assert len(calls) == 2


def test_simulated_gzip_download(offline, monkeypatch, data_dir):
    calls = serve(monkeypatch, data_dir)
    g = netmix.datasets.load_highschool_2013("diary")
    assert g.n_edges == 502  # Mastrandrea et al. 2015
    folder = offline["cache"] / SP / "highschool_2013"
    assert sorted(p.name for p in folder.iterdir()) == [
        "Contact-diaries-network_data_2013.csv", "metadata_2013.txt"]
    assert all(u.endswith((".csv.gz", ".txt")) for u in calls)


def test_corrupted_download_is_rejected_and_retried_afresh(offline, monkeypatch, data_dir):
    serve(monkeypatch, data_dir, corrupt="Contact-diaries-network_data_2013.csv")
    with pytest.raises(NetmixError) as info:
        netmix.datasets.load_highschool_2013("diary")
    msg = str(info.value)
    assert "the downloaded Contact-diaries-network_data_2013.csv" in msg
    official = _fetch.REGISTRY["highschool_2013"]["Contact-diaries-network_data_2013.csv"][2]
    assert f"not the official {official}" in msg
    assert "it was deleted" in msg
    folder = offline["cache"] / SP / "highschool_2013"
    assert sorted(p.name for p in folder.iterdir()) == ["metadata_2013.txt"]  # archive gone
    serve(monkeypatch, data_dir)  # the server is fixed: the next call downloads afresh
    assert netmix.datasets.load_highschool_2013("diary").n_edges == 502


def test_damaged_archive_is_rejected(offline, monkeypatch, data_dir):
    serve(monkeypatch, data_dir, not_gzip=True)
    with pytest.raises(NetmixError, match=r"download failed \(BadGzipFile"):
        netmix.datasets.load_highschool_2013("diary")
    assert not list((offline["cache"] / SP / "highschool_2013").glob("*.gz"))


def test_zip_without_the_file_is_rejected(offline, monkeypatch, data_dir):
    serve(monkeypatch, data_dir, zip_member="other.dat")
    with pytest.raises(NetmixError, match=r"the archive tij_InVS\.dat_\.zip holds other\.dat, "
                                          r"not tij_InVS\.dat"):
        netmix.datasets.load_workplace_2013()
    assert not any((offline["cache"] / SP / "workplace_2013").iterdir())  # nothing left over


def test_registry_matches_the_reference_copies(data_dir):
    for dataset, files in _fetch.REGISTRY.items():
        for name, (_, _, digest) in files.items():
            assert _fetch.sha256(data_dir / SP / dataset / name) == digest, name


def test_bad_layer():
    with pytest.raises(netmix.InputError, match="layer must be one of 'sensor', 'diary'"):
        netmix.datasets.load_highschool_2013("friendship")


# ----------------------------------------------------------------------------- bundled
def test_write_example_is_byte_identical(tmp_path):
    made = netmix.datasets.write_example(tmp_path)
    shipped = netmix.datasets.example_paths()
    assert sorted(made) == sorted(shipped) == ["alters", "contacts", "egos", "metadata"]
    for key in made:
        assert made[key].read_bytes() == shipped[key].read_bytes(), key


def test_simulation_is_seeded():
    a = netmix.datasets.simulate_contacts(60, [0.5, 0.5], seed=7)
    b = netmix.datasets.simulate_contacts(60, [0.5, 0.5], seed=7)
    c = netmix.datasets.simulate_contacts(60, [0.5, 0.5], seed=8)
    pd.testing.assert_frame_equal(a.contacts, b.contacts)
    pd.testing.assert_frame_equal(a.nodes, b.nodes)
    assert not a.contacts.equals(c.contacts)
    sa = netmix.datasets.simulate_survey(a, seed=1)
    sb = netmix.datasets.simulate_survey(b, seed=1)
    pd.testing.assert_frame_equal(sa.egos, sb.egos)
    assert a.params["seed"] == 7 and a.params["n_people"] == 60


def test_load_example_is_the_simulation():
    sim = netmix.datasets.simulate_contacts(seed=netmix.datasets.EXAMPLE_SEED)
    g = netmix.datasets.load_example()
    assert g == netmix.from_contacts(sim.contacts, sim.nodes)
    assert g.provenance[0]["seed"] == netmix.datasets.EXAMPLE_SEED
    survey = netmix.datasets.load_example_survey()
    ref = netmix.datasets.simulate_survey(sim, seed=netmix.datasets.EXAMPLE_SEED + 1)
    pd.testing.assert_frame_equal(survey.alters, ref.alters)
    pd.testing.assert_frame_equal(survey.egos, ref.egos.round(6), check_exact=False)
    assert survey.truth == ref.truth


def test_simulated_homophily_is_visible():
    g = netmix.datasets.load_example()
    dept = g.nodes["department"].to_numpy()
    within = np.mean(dept[g.src] == dept[g.dst])
    # expected within-department share of ties if ties ignored departments: the share of
    # within-department pairs, sum_k C(n_k, 2) / C(n, 2) (sizes 42, 33, 24, 21, 18, 12 -> 0.187)
    sizes = g.nodes["department"].value_counts().to_numpy()
    expected = (sizes * (sizes - 1)).sum() / (len(dept) * (len(dept) - 1))
    assert expected == pytest.approx(2094 / 11175)
    assert within > 3 * expected  # p_within = 0.30 vs p_between = 0.03
    assert netmix.nominal_assortativity(g, "department") > 0.5


@pytest.mark.parametrize("kwargs, pattern", [
    ({"p_within": 1.5}, r"p_within must be a probability in \[0, 1\]; got 1\.5"),
    ({"n_people": 3}, r"n_people=3 is too small for 6 groups"),
    ({"group_shares": [1, -1]}, r"group_shares must be positive numbers"),
    ({"n_people": 0}, r"n_people must be a positive integer"),
])
def test_simulate_errors(kwargs, pattern):
    with pytest.raises(netmix.InputError, match=pattern):
        netmix.datasets.simulate_contacts(**kwargs)


# ----------------------------------------------------------------------------- race mixing
def test_race_mixing_newman_table_1():
    m = netmix.datasets.load_race_mixing()
    assert m.total == 1958
    # Newman (2003) Phys. Rev. E 67, 026126, Table I, as printed (fractions of couples)
    table_1 = [[0.258, 0.016, 0.035, 0.013],
               [0.012, 0.157, 0.058, 0.019],
               [0.013, 0.023, 0.306, 0.035],
               [0.005, 0.007, 0.024, 0.016]]
    np.testing.assert_allclose(m.normalized(), table_1, atol=5e-4)
    assert (m.row_attr, m.col_attr) == ("men", "women")  # as Table I prints them
    r = netmix.nominal_assortativity(m)
    assert round(r, 3) == 0.621  # Newman (2003), p. 3
    assert r == pytest.approx(0.621446, abs=5e-7)  # eq. 2 with rows = men, cols = women


def test_loaders_share_the_readers_missing_tokens(data_dir, highschool, primaryschool):
    # issue 14 item 2: one policy (netmix.io.MISSING_TOKENS) for loaders and readers; the
    # metadata files hold 7 "Unknown" (high school, counted with awk) and 15 "Unkn" (primary
    # school) genders: missing values, counted in the provenance, never a group
    from netmix.io import read_metadata

    for graph, folder, name, n in ((highschool, "highschool_2013", "metadata_2013.txt", 7),
                                   (primaryschool, "primaryschool_2009",
                                    "metadata_primaryschool.txt", 15)):
        rec = next(p for p in graph.provenance if p["step"] == "read_sociopatterns")
        assert rec["missing_values"] == {"gender": n}
        assert sorted(graph.nodes["gender"].dropna().unique()) == ["F", "M"]
        raw = read_metadata(data_dir / "sociopatterns" / folder / name, ["class", "gender"])
        assert int(raw["gender"].isna().sum()) == n
    diary = netmix.datasets.load_highschool_2013("diary", download=False)
    rec = next(p for p in diary.provenance if p["step"] == "read_diary_network")
    assert rec["missing_values"] == {"gender": 7}
    assert (rec["respondents"], rec["people"]) == (119, 120)
