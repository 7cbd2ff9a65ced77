"""The report page: :class:`Section`, :class:`Report` (one self-contained HTML page plus CSV
tables) and the HTML pieces the sections are made of.

The page embeds its figures as PNG data URIs and loads nothing from the network, so it can
be mailed or archived as one file.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .._format import format_duration, format_number, format_pvalue, format_share
from ..exceptions import NetmixError

__all__ = ["MARKER", "Report", "Section", "check_out_dir", "figure_html", "fmt_duration",
           "fmt_num", "fmt_p", "fmt_pct", "literal_text", "note", "safe_filename", "table_html"]


@dataclass
class Section:
    """One part of the report: a heading, HTML body and the tables behind it (saved as CSV)."""

    title: str
    body: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class Report:
    """A report: sections plus the record of how it was made."""

    title: str
    sections: list[Section]
    meta: dict[str, Any]

    def to_html(self) -> str:
        """The whole page as one self-contained HTML string."""
        toc = "".join(f"<li><a href='#{_slug(s.title)}'>{html.escape(s.title)}</a></li>"
                      for s in self.sections)
        body = _unique_labels("".join(
            f"<section id='{_slug(s.title)}'><h2>{html.escape(s.title)}</h2>"
            f"{s.body}</section>" for s in self.sections))
        meta = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in self.meta.items())
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>{html.escape(self.title)}</h1><nav><ol>{toc}</ol></nav></header>"
            f"<main>{body}</main><footer><h2>How this report was made</h2>"
            f"<table class='meta'>{meta}</table></footer></body></html>\n"
        )

    def save(self, out_dir: str | os.PathLike, *, overwrite: bool = False) -> dict[str, Path]:
        """Write ``report.html`` and one CSV per table into ``out_dir``; return the paths.

        The folder is made if needed. A folder that holds files netmix did not write (no
        netmix record of them, see :func:`check_out_dir`) is refused unless ``overwrite``.
        File names are made from the table names with :func:`safe_filename` (never a path
        from user text); the returned dict maps each table name to its file.
        """
        out = Path(out_dir)
        previous = check_out_dir(out, overwrite=overwrite)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"report": out / "report.html"}
        paths["report"].write_text(self.to_html(), encoding="utf-8")
        used = {"report.html", MARKER}
        for section in self.sections:
            for name, table in section.tables.items():
                path = out / _unique(safe_filename(name, suffix=".csv"), used)
                table.to_csv(path)
                paths[name] = path
        for stale in previous - used:  # tables of an earlier report no longer made
            (out / stale).unlink(missing_ok=True)
        (out / MARKER).write_text(json.dumps(
            {"written_by": "netmix", "files": sorted(used - {MARKER})}, indent=1) + "\n",
            encoding="utf-8")
        return paths


#: The file in each output folder that lists what netmix wrote there.
MARKER = ".netmix-report.json"


def safe_filename(name: Any, *, suffix: str = "") -> str:
    """A file name made from user text: ASCII letters, digits, ``_``, ``-`` and inner dots
    only, at most 100 characters; never a path, never hidden, never empty.

    Examples
    --------
    >>> safe_filename("mixing_matrix_a/b", suffix=".csv")
    'mixing_matrix_a_b.csv'
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    """
    text = re.sub(r"(?:[^A-Za-z0-9._-]|\.{2,})+", "_", str(name))
    text = text.strip("._-")[:100].rstrip("._-")
    return (text or "table") + suffix


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    candidate, k = name, 2
    while candidate.lower() in {u.lower() for u in used}:
        candidate = f"{stem}-{k}{dot}{ext}"
        k += 1
    used.add(candidate)
    return candidate


def check_out_dir(out_dir: str | os.PathLike, *, overwrite: bool = False,
                  argument: str = "out_dir") -> set[str]:
    """Check that a report may be written into ``out_dir``; return the files netmix wrote
    there before (from its record, :data:`MARKER`).

    Allowed: a folder that does not exist yet, an empty folder, or one holding only what an
    earlier netmix report wrote. Refused (a :class:`~netmix.NetmixError` saying why): a
    file, or a folder holding other files, unless ``overwrite=True`` (then files of the
    same names are replaced; other files are left alone).

    Examples
    --------
    >>> import tempfile
    >>> check_out_dir(tempfile.mkdtemp())  # empty: nothing written there before
    set()
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NetmixError(f"{argument} must be a folder for the report; got {str(out)!r}, "
                          "which is an existing file. Choose a new folder name (netmix never "
                          "replaces a file with a folder).")
    if not out.exists():
        return set()
    written: set[str] = set()
    marker = out / MARKER
    if marker.is_file():
        try:
            record = json.loads(marker.read_text(encoding="utf-8"))
            written = {str(f) for f in record.get("files", [])}
        except (ValueError, OSError, AttributeError):
            written = set()
    others = sorted(p.name for p in out.iterdir() if p.name != MARKER and p.name not in written)
    if others and not overwrite:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5
                                         else "")
        raise NetmixError(
            f"{argument} must be a new or empty folder, or one netmix wrote; got "
            f"{str(out)!r}, which holds files netmix did not write ({shown}). Choose another "
            "folder, or allow replacing files of the same names with --overwrite "
            "(overwrite=True).")
    return {w for w in written if (out / w).is_file() and safe_filename(w) == w}


_CSS = """
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;
max-width:62rem;padding:1rem;color:#1a1a1a;background:#fff;line-height:1.5}
h1{border-bottom:2px solid #1f5fa8;padding-bottom:.3rem;font-size:1.7rem;
overflow-wrap:anywhere}
h2{color:#1f5fa8;margin-top:2.2rem;overflow-wrap:anywhere}h3{overflow-wrap:anywhere}
p,li,figcaption,summary{overflow-wrap:anywhere}
a{color:#1f5fa8}
.scroll{max-width:100%;overflow-x:auto;margin:.8rem 0}
.scroll:focus{outline:2px solid #1f5fa8;outline-offset:2px}
table{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.2rem 0;caption-side:top}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
th,td{border:1px solid #c8cdd8;padding:.25rem .6rem;text-align:right}
th{background:#eef2f8}td{white-space:nowrap}td:first-child,th:first-child{text-align:left}
img{max-width:100%;height:auto}figure{margin:1rem 0}figcaption{font-size:.9rem;color:#4a4a4a}
.note{font-size:.9rem;color:#4a4a4a}
table.meta td{text-align:left;overflow-wrap:anywhere;white-space:normal}
.caution{color:#8a3b00;font-weight:600}
ul.groups li{margin:.3rem 0}
details{margin:.8rem 0}summary{cursor:pointer;color:#1f5fa8}
nav ol{columns:2;font-size:.9rem}
@media (max-width:40rem){body{padding:.6rem}h1{font-size:1.35rem}nav ol{columns:1}
th,td{padding:.2rem .35rem}table{font-size:.8rem}}
@media print{
@page{margin:14mm}
body{max-width:none;padding:0;font-size:10pt;color:#000}
nav{display:none}a{color:#000;text-decoration:none}
h1{font-size:16pt}h2{font-size:13pt;color:#000;break-after:avoid;margin-top:1.2rem}
h3,caption{break-after:avoid}thead{display:table-header-group}
.scroll{overflow:visible}table{font-size:8pt}th{background:#eee}
tr,figure,img{break-inside:avoid}figure img{max-height:120mm;width:auto}
details::details-content{content-visibility:visible;display:contents}
summary{color:#000;font-weight:600}
}
"""


def _unique_labels(page: str) -> str:
    """Number repeated ``aria-label`` values (``table``, ``table 2``, ...): each labelled
    region of the page is then told apart by assistive technology."""
    seen: dict[str, int] = {}

    def number(match: re.Match) -> str:
        label = match.group(1)
        seen[label] = seen.get(label, 0) + 1
        k = seen[label]
        return match.group(0) if k == 1 else f"aria-label='{label} {k}'"
    return re.sub(r"aria-label='([^']*)'", number, page)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def figure_html(ax: Any, caption: str, alt: str | None = None) -> str:
    """Render a matplotlib Axes' figure as an embedded PNG ``<figure>``."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # Long labels (a user's group names) can leave constrained layout no room; the
        # figure is still drawn, and saying so in the middle of a report helps nobody.
        warnings.filterwarnings("ignore", message="constrained_layout not applied",
                                category=UserWarning)
        ax.figure.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(alt or caption)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def table_html(table: pd.DataFrame, *, index: bool = True, caption: str | None = None,
               n_resamples: int | None = None) -> str:
    """A DataFrame as an HTML table with readable numbers: no e-notation, p-values (columns
    whose name holds ``pvalue``) as ``< 0.001`` (``≤ 0.002`` at the floor of a Monte Carlo
    test of ``n_resamples``), no empty header row, an optional caption."""
    shown = table.copy()
    for col in shown.columns:
        values = shown[col]
        if "pvalue" in str(col) and pd.api.types.is_numeric_dtype(values):
            shown[col] = values.map(lambda p: fmt_p(p, n_resamples)).astype(object)
        elif pd.api.types.is_float_dtype(values):
            shown[col] = values.map(fmt_num).astype(object)
    names = [n for n in shown.index.names if n is not None]
    if index and names and len(names) == shown.index.nlevels:
        shown = shown.reset_index()  # the index names in the header row, not a row of their own
        index = False
    shown.columns = [str(c).replace("_", " ") if isinstance(c, str) else str(c)
                     for c in shown.columns]
    out = shown.to_html(index=index, border=0, na_rep="–", escape=True)
    if caption:
        out = out.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>"
                          "\n  <thead>", 1)
    # A wide table scrolls in its own box (focusable, so that the keyboard can scroll it),
    # never the page.
    label = html.escape(caption or "table", quote=True)
    return f"<div class='scroll' tabindex='0' role='region' aria-label='{label}'>{out}</div>"


def _nan(value: Any) -> bool:
    try:
        return float(value) != float(value)
    except (TypeError, ValueError):
        return False


def fmt_p(p: Any, n_resamples: int | None = None) -> str:
    """A p-value for reading (:func:`netmix._format.format_pvalue`: ``< 0.001``, and
    ``≤ 0.002`` at a Monte Carlo test's floor when ``n_resamples`` is given); ``–`` if NaN."""
    return "–" if _nan(p) else format_pvalue(p, n_resamples)


def fmt_num(value: Any, digits: int = 3) -> str:
    """A number for reading, never in e-notation (:func:`netmix._format.format_number`);
    ``–`` if NaN."""
    if isinstance(value, str):
        return value
    return "–" if _nan(value) else format_number(value, digits)


def fmt_duration(seconds: Any) -> str:
    """A duration in seconds as hours and minutes (:func:`netmix._format.format_duration`)."""
    return "–" if _nan(seconds) else format_duration(seconds)


def fmt_pct(share: Any) -> str:
    """A share (0 to 1) as a whole percentage, ``61 %`` (:func:`netmix._format.format_share`);
    ``–`` if NaN."""
    return "–" if _nan(share) else format_share(share, digits=0)


def note(text: str) -> str:
    """A paragraph of small print, the text escaped."""
    return f"<p class='note'>{html.escape(text)}</p>"


class literal_text:
    """Within: matplotlib shows every label as written (``$`` starts no mathtext), so that
    a user's name or label can neither break nor restyle a figure."""

    def __enter__(self) -> None:
        import matplotlib

        self._context = matplotlib.rc_context({"text.parse_math": False})
        self._context.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._context.__exit__(*exc)
