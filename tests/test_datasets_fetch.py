"""Downloads and local copies are verified before use (issue 14, item 8): a tiny fake
registry in a temporary folder, no network.

Expected digests are computed here from the bytes each test writes (hashlib), so every
expectation is a hand computation on known content.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zipfile

import pytest

from netmix import NetmixError
from netmix.datasets import _fetch

CONTENT = b"20 1 2\n40 1 3\n60 2 3\n"
DIGEST = hashlib.sha256(CONTENT).hexdigest()
URL = "https://example.invalid/files/"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A registry of three files (plain, gzip, zip) served by a fake downloader."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    cache.mkdir()
    monkeypatch.setenv("NETMIX_DATA_DIR", str(data))
    monkeypatch.setenv("NETMIX_CACHE_DIR", str(cache))
    served = {URL + "plain.dat": CONTENT, URL + "packed.dat.gz": gzip.compress(CONTENT),
              URL + "zipped.dat.zip": _zip({"zipped.dat": CONTENT})}
    registry = {"fake": {"plain.dat": (URL + "plain.dat", None, DIGEST),
                         "packed.dat": (URL + "packed.dat.gz", "gzip", DIGEST),
                         "zipped.dat": (URL + "zipped.dat.zip", "zip", DIGEST)}}
    monkeypatch.setattr(_fetch, "REGISTRY", registry)
    monkeypatch.setattr(_fetch, "SIZES", {n: len(CONTENT) for n in registry["fake"]})
    monkeypatch.setattr(_fetch, "ARCHIVES", {})
    monkeypatch.setattr(_fetch, "_VERIFIED", {})
    calls: list[str] = []

    def down(url, output_file, pooch):
        calls.append(url)
        with open(output_file, "wb") as fh:
            fh.write(served[url])

    monkeypatch.setattr(_fetch, "DOWNLOADER", down)
    return {"data": data, "cache": cache, "served": served, "calls": calls,
            "folder": cache / "sociopatterns" / "fake", "registry": registry}


@pytest.mark.parametrize("name", ["plain.dat", "packed.dat", "zipped.dat"])
def test_download_is_verified_and_cached(fake, name):
    path = _fetch.locate("fake", name)
    assert path.read_bytes() == CONTENT
    assert sorted(p.name for p in fake["folder"].iterdir()) == [name]  # no archive, no .part
    _fetch.locate("fake", name)
    assert len(fake["calls"]) == 1  # the second call uses the cache


def test_registry_addresses_are_https():
    for files in _fetch.REGISTRY.values():
        for url, _, _ in files.values():
            assert url.startswith("https://"), url


@pytest.mark.parametrize("url", ["http://www.sociopatterns.org/x.dat", "ftp://host/x.dat",
                                 "file:///etc/passwd", "HTTP://host/x", "//host/x"])
def test_only_https_is_downloaded(fake, monkeypatch, url):
    fake["registry"]["fake"]["plain.dat"] = (url, None, DIGEST)
    with pytest.raises(NetmixError, match="must be an https:// address") as info:
        _fetch.locate("fake", "plain.dat")
    assert repr(url) in str(info.value)
    assert fake["calls"] == []  # refused before any connection


def test_archive_digest_is_checked_before_it_is_opened(fake, monkeypatch):
    url = URL + "packed.dat.gz"
    monkeypatch.setitem(_fetch.ARCHIVES, url, hashlib.sha256(b"another archive").hexdigest())
    opened = []
    monkeypatch.setattr(_fetch.gzip, "open", lambda *a, **k: opened.append(a))
    with pytest.raises(NetmixError) as info:
        _fetch.locate("fake", "packed.dat")
    msg = str(info.value)
    assert "archive packed.dat.gz" in msg and "deleted before being opened" in msg
    assert hashlib.sha256(fake["served"][url]).hexdigest() in msg
    assert opened == []
    assert not any(fake["folder"].iterdir())


def test_archive_with_its_known_digest_is_accepted(fake, monkeypatch):
    url = URL + "packed.dat.gz"
    monkeypatch.setitem(_fetch.ARCHIVES, url, hashlib.sha256(fake["served"][url]).hexdigest())
    assert _fetch.locate("fake", "packed.dat").read_bytes() == CONTENT


def test_decompression_stops_past_the_official_size(fake):
    fake["served"][URL + "packed.dat.gz"] = gzip.compress(CONTENT * 1000)  # a small "bomb"
    with pytest.raises(NetmixError, match=f"larger than the official {len(CONTENT)} bytes"):
        _fetch.locate("fake", "packed.dat")
    assert not any(fake["folder"].iterdir())


def test_zip_member_paths_are_never_used(fake, tmp_path):
    fake["served"][URL + "zipped.dat.zip"] = _zip({"../../escaped/zipped.dat": CONTENT})
    path = _fetch.locate("fake", "zipped.dat")
    assert path == fake["folder"] / "zipped.dat" and path.read_bytes() == CONTENT
    assert not any(tmp_path.rglob("escaped"))


def test_tampered_download_is_deleted(fake):
    fake["served"][URL + "zipped.dat.zip"] = _zip({"zipped.dat": CONTENT.replace(b"1", b"7")})
    with pytest.raises(NetmixError) as info:
        _fetch.locate("fake", "zipped.dat")
    got = hashlib.sha256(CONTENT.replace(b"1", b"7")).hexdigest()
    assert f"SHA-256 {got}, not the official {DIGEST}" in str(info.value)
    assert not any(fake["folder"].iterdir())


@pytest.mark.parametrize("where", ["data", "cache"])
def test_local_copy_is_verified_before_first_use(fake, where):
    folder = (fake["data"] if where == "data" else fake["cache"]) / "sociopatterns" / "fake"
    folder.mkdir(parents=True)
    bad = CONTENT.replace(b"60", b"80")
    (folder / "plain.dat").write_bytes(bad)
    with pytest.raises(NetmixError) as info:
        _fetch.locate("fake", "plain.dat")
    msg = str(info.value)
    assert str(folder / "plain.dat") in msg
    assert DIGEST in msg and hashlib.sha256(bad).hexdigest() in msg
    assert ("Delete it" if where == "cache" else "Replace it with the official file") in msg
    assert fake["calls"] == []  # never silently replaced
    assert (folder / "plain.dat").read_bytes() == bad  # nor deleted


def test_local_copy_is_hashed_once_then_remembered(fake, monkeypatch):
    folder = fake["data"] / "sociopatterns" / "fake"
    folder.mkdir(parents=True)
    path = folder / "plain.dat"
    path.write_bytes(CONTENT)
    hashed = []
    real = _fetch.sha256
    monkeypatch.setattr(_fetch, "sha256", lambda p: hashed.append(p) or real(p))
    for _ in range(3):
        assert _fetch.locate("fake", "plain.dat") == path
    assert len(hashed) == 1
    # Changed after it was verified (same size, new time): checked again, and refused.
    path.write_bytes(CONTENT.replace(b"60", b"80"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    with pytest.raises(NetmixError, match=r"must be the official plain\.dat"):
        _fetch.locate("fake", "plain.dat")
    assert len(hashed) == 2
