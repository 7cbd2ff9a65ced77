"""Find SocioPatterns files: ``NETMIX_DATA_DIR``, then the user cache, then a download.

Every file is checked against the SHA-256 of the official file (:data:`REGISTRY`, computed
from the files published on sociopatterns.org) before netmix first reads it:

* a file found in ``NETMIX_DATA_DIR`` or in the cache is hashed once per process (and again
  only when its size or modification time changes); a mismatch is an error naming the
  file, both digests and what to do;
* downloads use https only (an ``http://`` address is refused before any connection); when
  the digest of the archive as served is known (:data:`ARCHIVES`) the archive is checked
  before it is opened; the decompressed content is then streamed into a temporary file,
  never past the official size (:data:`SIZES`), and takes the official name only once its
  digest matches. Only the one expected member of a zip archive is read, by its base name;
  no path stored in an archive is ever used.

Downloads go through pooch into the cache (``NETMIX_CACHE_DIR`` or pooch's OS cache
folder).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

from ..exceptions import NetmixError

__all__ = ["ARCHIVES", "REGISTRY", "SIZES", "cache_dir", "locate", "sha256"]

_BASE = "https://www.sociopatterns.org/wp-content/uploads"

#: dataset -> official file name -> (download URL, compression, SHA-256 of the content)
REGISTRY: dict[str, dict[str, tuple[str, str | None, str]]] = {
    "workplace_2013": {
        "tij_InVS.dat": (f"{_BASE}/2016/06/tij_InVS.dat_.zip", "zip",
                         "4b1c0c4065766e89106bdfca6687488bc38dd38ef48f42a0efa326144ecd0b2b"),
        "metadata_InVS13.txt": (f"{_BASE}/2016/06/metadata_InVS13.txt", None,
                                "4c554c57e4954fb2354e4e28e7085a9a20f20a5af437ee7fe8302610331e4208"),
    },
    "highschool_2013": {
        "High-School_data_2013.csv": (
            f"{_BASE}/2015/07/High-School_data_2013.csv.gz", "gzip",
            "ce89a0c98c694aa2eeeece2a21fa574311e1590b8a008e69155cca4c60d87898"),
        "metadata_2013.txt": (f"{_BASE}/2015/07/metadata_2013.txt", None,
                              "e1424d28ef7246866e5a5f81a5d9c654661d47cf944a57675f5ce63a42c4323f"),
        "Contact-diaries-network_data_2013.csv": (
            f"{_BASE}/2015/07/Contact-diaries-network_data_2013.csv.gz", "gzip",
            "97550503ae2bb0689ef0c2564d7ba8d57bb4e0b9451b785fadaef500af37b901"),
    },
    "primaryschool_2009": {
        "primaryschool.csv": (f"{_BASE}/2015/09/primaryschool.csv.gz", "gzip",
                              "87aea59c5afa2b83cf330d47f237a52f4d80cb3c28547dfc4056d164e71e23e3"),
        "metadata_primaryschool.txt": (
            f"{_BASE}/2015/09/metadata_primaryschool.txt", None,
            "ae023f7cedf277b4351d70f7e71ea63e19e858e9d7ec68e497d9d2287de45a9b"),
    },
}

#: SHA-256 of an archive as served (download URL -> digest), checked before the archive is
#: opened. Uncompressed files are their own archive (their digest is in REGISTRY). Fill in
#: the compressed archives' digests from a trusted download when they are known.
ARCHIVES: dict[str, str] = {}

#: Size in bytes of each official file: decompression stops past it.
SIZES: dict[str, int] = {
    "tij_InVS.dat": 143_504, "metadata_InVS13.txt": 765,
    "High-School_data_2013.csv": 5_400_064, "metadata_2013.txt": 3_573,
    "Contact-diaries-network_data_2013.csv": 5_078,
    "primaryschool.csv": 2_870_862, "metadata_primaryschool.txt": 2_524,
}

#: Files verified in this process: resolved path -> (size, mtime_ns, digest).
_VERIFIED: dict[str, tuple[int, int, str]] = {}

#: Replaced in tests to simulate a download without a network.
DOWNLOADER: Any = None


def cache_dir() -> Path:
    """The download cache: ``NETMIX_CACHE_DIR`` or pooch's per-user cache for netmix."""
    env = os.environ.get("NETMIX_CACHE_DIR")
    if env:
        return Path(env)
    import pooch

    return Path(pooch.os_cache("netmix"))


def _local_candidates(dataset: str, filename: str) -> list[Path]:
    env = os.environ.get("NETMIX_DATA_DIR")
    if not env:
        return []
    root = Path(env)
    return [root / "sociopatterns" / dataset / filename, root / dataset / filename,
            root / filename]


def _candidates(dataset: str, filename: str) -> list[Path]:
    return [*_local_candidates(dataset, filename),
            cache_dir() / "sociopatterns" / dataset / filename]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def locate(dataset: str, filename: str, *, download: bool = True) -> Path:
    """Path of an official file, verified: found locally, or downloaded into the cache.

    A file found in ``NETMIX_DATA_DIR`` or the cache is checked against :data:`REGISTRY`
    before its first use (:func:`verify`). A download is checked as the module says; on a
    mismatch whatever was downloaded is deleted (so that the next try downloads afresh) and
    an error says so.
    """
    url, compression, digest = REGISTRY[dataset][filename]
    for path in _local_candidates(dataset, filename):  # no pooch import when found here
        if path.is_file():
            return verify(path, dataset, filename)
    candidates = _candidates(dataset, filename)
    for path in candidates:
        if path.is_file():
            return verify(path, dataset, filename, cached=True)
    target = candidates[-1]
    if not download:
        raise _not_found(dataset, filename, candidates, None)
    check_url(url)
    archive = target.parent / Path(url).name
    try:
        _download(url, target)
    except Exception as exc:  # any download failure gets the same advice
        _remove(archive, target)
        raise _not_found(dataset, filename, candidates, exc) from None
    try:
        _check_archive(url, archive, filename, dataset)
        _extract(archive, compression, target, filename, dataset, digest)
    finally:
        if archive != target:
            _remove(archive)
    st = target.stat()
    _VERIFIED[str(target.resolve())] = (st.st_size, st.st_mtime_ns, digest)
    return target


def check_url(url: str) -> str:
    """Refuse any address but https (before any connection)."""
    if not str(url).lower().startswith("https://"):
        raise NetmixError(f"url must be an https:// address (netmix downloads nothing over "
                          f"plain http or other schemes); got {url!r}. Correct the registry "
                          "entry to its https:// address.")
    return url


def verify(path: Path, dataset: str, filename: str, *, cached: bool = False) -> Path:
    """Check ``path`` against the official digest once (again only when it changes).

    Raises
    ------
    NetmixError
        When its SHA-256 differs: names the file, the official and the found digest, and
        what to do.
    """
    digest = REGISTRY[dataset][filename][2]
    st = path.stat()
    key = str(path.resolve())
    if _VERIFIED.get(key) == (st.st_size, st.st_mtime_ns, digest):
        return path
    got = sha256(path)
    if got != digest:
        fix = ("Delete it: netmix then downloads the official file afresh." if cached else
               f"Replace it with the official file from sociopatterns.org (official name "
               f"{filename}), or remove it so that netmix downloads the official one.")
        raise NetmixError(
            f"{path} must be the official {filename} of the SocioPatterns {dataset} data set "
            f"(SHA-256 {digest}); got a file with SHA-256 {got} ({st.st_size} bytes): it "
            f"is damaged, edited or another version, and netmix will not analyse it. {fix}")
    _VERIFIED[key] = (st.st_size, st.st_mtime_ns, digest)
    return path


def _check_archive(url: str, archive: Path, filename: str, dataset: str) -> None:
    expected = ARCHIVES.get(url)
    if expected is None:
        return
    got = sha256(archive)
    if got != expected:
        _remove(archive)
        raise NetmixError(
            f"the downloaded archive {archive.name} of {filename} (SocioPatterns {dataset}) "
            f"has SHA-256 {got}, not the official {expected}; it was deleted before being "
            "opened. The download was corrupted or the file on the server has changed: try "
            f"again, or put a copy you trust in $NETMIX_DATA_DIR/sociopatterns/{dataset}/.")


def _extract(archive: Path, compression: str | None, target: Path, filename: str,
             dataset: str, digest: str) -> None:
    """Stream the content into a temporary file, at most the official size, hashing it; give
    it the official name only when the digest matches."""
    limit = SIZES.get(filename)
    part = target.with_name(target.name + ".part")
    h = hashlib.sha256()
    size = 0
    try:
        with _open_content(archive, compression, target.name) as src, open(part, "wb") as out:
            for block in iter(lambda: src.read(1 << 20), b""):
                size += len(block)
                if limit is not None and size > limit:
                    raise NetmixError(
                        f"the downloaded {filename} of the SocioPatterns {dataset} data set "
                        f"is larger than the official {limit} bytes; it was deleted. Try "
                        "again, or put a copy you trust in "
                        f"$NETMIX_DATA_DIR/sociopatterns/{dataset}/.")
                h.update(block)
                out.write(block)
    except NetmixError:
        _remove(part, target)
        raise
    except Exception as exc:
        _remove(part, target)
        raise _not_found(dataset, filename, _candidates(dataset, filename), exc) from None
    got = h.hexdigest()
    if got != digest:
        _remove(part, target)
        raise NetmixError(
            f"the downloaded {filename} of the SocioPatterns {dataset} data set has SHA-256 "
            f"{got}, not the official {digest}; the download was corrupted or the file on the "
            "server has changed, and it was deleted. Try again, or put a copy you trust in "
            f"$NETMIX_DATA_DIR/sociopatterns/{dataset}/."
        )
    part.replace(target)


def _open_content(archive: Path, compression: str | None, name: str) -> Any:
    """A binary stream of the content: the file, its gzip stream, or the zip member whose
    base name is ``name`` (read from the archive; no stored path is used)."""
    if compression is None:
        return open(archive, "rb")
    if compression == "gzip":
        return gzip.open(archive, "rb")
    if compression == "zip":
        z = zipfile.ZipFile(archive)
        members = [i for i in z.infolist() if not i.is_dir()]
        found = [i for i in members if Path(i.filename.replace("\\", "/")).name == name]
        if not found:
            names = ", ".join(sorted(Path(i.filename).name for i in members)) or "nothing"
            z.close()
            raise OSError(f"the archive {archive.name} holds {names}, not {name}")
        return _ZipMember(z, found[0])
    raise ValueError(f"unknown compression {compression!r}")


class _ZipMember:
    """One zip member's stream that closes its archive too."""

    def __init__(self, z: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        self._zip, self._stream = z, z.open(info)

    def read(self, n: int) -> bytes:
        return self._stream.read(n)

    def __enter__(self) -> _ZipMember:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stream.close()
        self._zip.close()


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()


def _download(url: str, target: Path) -> Path:
    """Download ``url`` as is (no processing) with pooch into ``target``'s folder, under the
    archive's name; return its path.

    ``DOWNLOADER`` (when set) is a pooch downloader: ``callable(url, output_file, pooch)``.
    """
    import pooch

    target.parent.mkdir(parents=True, exist_ok=True)
    out = pooch.retrieve(check_url(url), known_hash=None, fname=Path(url).name,
                         path=target.parent, downloader=DOWNLOADER, progressbar=False)
    return Path(out)


def _not_found(dataset: str, filename: str, candidates: list[Path], exc: Exception | None
               ) -> NetmixError:
    where = "\n  ".join(str(p) for p in candidates)
    why = f"The download failed ({type(exc).__name__}: {exc}). " if exc else ""
    return NetmixError(
        f"{filename} of the SocioPatterns {dataset} data set was not found in:\n  {where}\n"
        f"{why}Download it from sociopatterns.org (official name {filename}) and put it in "
        f"$NETMIX_DATA_DIR/sociopatterns/{dataset}/, or run once with a network connection "
        "to cache it."
    )
