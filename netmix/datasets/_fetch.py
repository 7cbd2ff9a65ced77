"""Find SocioPatterns files: ``NETMIX_DATA_DIR``, then the user cache, then a download.

Downloads go through pooch into the cache (``NETMIX_CACHE_DIR`` or pooch's OS cache
folder); each file's SHA-256 is checked after decompression against the registry below,
computed from the official files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from ..exceptions import NetmixError

__all__ = ["REGISTRY", "cache_dir", "locate"]

_BASE = "http://www.sociopatterns.org/wp-content/uploads"

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
    """Path of an official file: found locally, or downloaded into the cache and verified.

    A download is decompressed into ``cache_dir()/sociopatterns/<dataset>/`` and its
    SHA-256 compared with :data:`REGISTRY`; on a mismatch both the file and the downloaded
    archive are deleted (so that the next try downloads afresh) and an error says so.
    """
    url, compression, digest = REGISTRY[dataset][filename]
    for path in _local_candidates(dataset, filename):  # no pooch import when found here
        if path.is_file():
            return path
    candidates = _candidates(dataset, filename)
    for path in candidates:
        if path.is_file():
            return path
    target = candidates[-1]
    if not download:
        raise _not_found(dataset, filename, candidates, None)
    archive = target.parent / Path(url).name
    try:
        _download(url, compression, target)
    except Exception as exc:  # any download failure gets the same advice
        _remove(archive, target)
        raise _not_found(dataset, filename, candidates, exc) from None
    got = sha256(target)
    if got != digest:
        _remove(archive, target)
        raise NetmixError(
            f"the downloaded {filename} of the SocioPatterns {dataset} data set has SHA-256 "
            f"{got}, not the official {digest}; the download was corrupted or the file on the "
            "server has changed, and it was deleted. Try again, or put a copy you trust in "
            f"$NETMIX_DATA_DIR/sociopatterns/{dataset}/."
        )
    if archive != target:
        _remove(archive)
    return target


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()


def _download(url: str, compression: str | None, target: Path) -> None:
    """Download ``url`` with pooch into ``target``'s folder and leave the content at ``target``.

    ``DOWNLOADER`` (when set) is a pooch downloader: ``callable(url, output_file, pooch)``.
    """
    import pooch

    target.parent.mkdir(parents=True, exist_ok=True)
    fname = Path(url).name if compression else target.name
    processor = None
    if compression == "gzip":
        processor = pooch.Decompress(method="gzip", name=target.name)
    elif compression == "zip":
        processor = pooch.Unzip(extract_dir=f"{fname}.unzip")  # a folder of its own
    try:
        out = pooch.retrieve(url, known_hash=None, fname=fname, path=target.parent,
                             processor=processor, downloader=DOWNLOADER, progressbar=False)
        if compression == "zip":
            found = [Path(p) for p in out if Path(p).name == target.name]
            if not found:
                names = ", ".join(sorted(Path(p).name for p in out)) or "nothing"
                raise OSError(f"the archive {fname} holds {names}, not {target.name}")
            found[0].replace(target)
    finally:
        _remove(target.parent / f"{fname}.unzip")
    if compression != "zip" and Path(out) != target:
        Path(out).replace(target)


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
