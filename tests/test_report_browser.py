"""The HTML report of ``netmix analyze`` as a reader sees it: rendered by headless Chromium.

For each kind of report (a contact network; an ego-centric survey with an area table) the
test writes the report with the command-line entry point, injects a small checker script
into a copy of the page (the report itself is static and has no script), and renders that
copy with Debian's ``chromium`` without network access. It then checks that

* no script error, failed resource or console message occurred (the checker records
  ``window.onerror`` and resource errors into the DOM, read back with ``--dump-dom``;
  Chromium's own console log comes from ``--enable-logging=stderr --v=0``);
* every figure decoded (``naturalWidth > 0``) and is laid out on the page, and every
  section shows a figure or a table with rows;
* the page refers to nothing on the network (it must work when mailed as one file);

* nothing is wider than the window: at 1280 px and at 390 px (a phone) the page never
  scrolls sideways; a wide table scrolls inside its own focusable box;
* the accessibility checker axe-core (Deque, from the npm registry, run in the same
  Chromium on the same page) finds no serious or critical violation;

and it writes a screenshot, ``report-<kind>-<width>.png``, into the test's temporary folder.

axe-core is looked for at ``NETMIX_AXE`` (a path to ``axe.min.js``), then in the cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache``, ``netmix-tests/axe-core-<version>``), and is otherwise
fetched once with ``npm pack axe-core@<version>``; where that fails the accessibility test
skips, saying why (the other checks still run).

A third report is made from hostile input: every name and label the report shows (group
column, group labels, weight column, node ids, outcome column, title) is HTML that would run
script (each payload records itself in ``window.__pwned``). The test checks that no payload
ran, that the page shows each of them as text, and that no raw payload is in the HTML.
Skipped, with a message, where Chromium is missing (``apt-get install chromium``; set
``NETMIX_CHROMIUM`` to use another binary).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from netmix.cli import main

HEIGHT = 6000  # tall enough for most of the network report in one screenshot
WIDTHS = (1280, 390)  # a laptop, and a phone held upright
#: Headless Chromium's narrowest window: a narrower page is shown in a frame of its width
#: (the page inside sees a viewport of that width, as on a phone).
MIN_WINDOW = 500

#: The axe-core release the accessibility check runs (pinned, so that its rules do not change
#: under the test).
AXE_VERSION = "4.14.1"

# Records errors (script errors, and resources that fail to load: capture phase) from the
# start of the page, and on load writes what the page shows into a hidden <pre>; then runs
# axe-core when it was injected and writes its violations into another.
CHECKER = """<script>
window.__netmixErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  window.__netmixErrors.push(t && t !== window && t.tagName
    ? 'failed to load ' + t.tagName + ' ' + String(t.src || t.href).slice(0, 80)
    : 'script error: ' + e.message);
}, true);
window.addEventListener('load', function () {
  function shown(el) { var r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; }
  var images = Array.prototype.map.call(document.images, function (img) {
    return {width: img.naturalWidth, height: img.naturalHeight, complete: img.complete,
            shown: shown(img), alt: img.alt};
  });
  var sections = Array.prototype.map.call(document.querySelectorAll('section'), function (s) {
    var h = s.querySelector('h2');
    return {title: h ? h.textContent : s.id, shown: shown(s),
            images: Array.prototype.filter.call(s.querySelectorAll('img'), shown).length,
            tables: Array.prototype.filter.call(s.querySelectorAll('table'), function (t) {
              return shown(t) && t.querySelectorAll('tbody tr').length > 0; }).length,
            text: s.textContent.length};
  });
  var width = document.documentElement.clientWidth;
  function where(el) {
    var s = el.closest('section'), h = s && s.querySelector('h2');
    return el.tagName + (el.className ? '.' + el.className : '') + ' in '
      + (h ? h.textContent : '?') + ' (right edge ' + Math.round(el.getBoundingClientRect().right)
      + ' px, content ' + el.scrollWidth + ' px in ' + el.clientWidth + ' px; window '
      + width + ' px)';
  }
  // past the window (any element not inside a table's scroll box), or its content past
  // its own box (a long <pre>, an unbroken path in a list item)
  var overflow = Array.prototype.filter.call(document.querySelectorAll('body *'),
    function (el) {
      if (el.closest('div.scroll') && !el.matches('div.scroll')) return false;
      var box = el.matches('div.scroll');  // may scroll: its edge only
      return shown(el) && (el.getBoundingClientRect().right > width + 1
        || (!box && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1));
    }).map(where);
  // wide tables, scrolling inside their own box (allowed on a phone)
  var scrolling = Array.prototype.filter.call(document.querySelectorAll('div.scroll'),
    function (el) { return shown(el) && el.scrollWidth > el.clientWidth + 1; }).map(where);
  var out = document.createElement('pre');
  out.id = 'netmix-check';
  out.hidden = true;
  out.textContent = JSON.stringify({errors: window.__netmixErrors, images: images,
    sections: sections, tables: document.querySelectorAll('table').length,
    overflow: overflow, scrolling: scrolling,
    scroll_width: document.documentElement.scrollWidth, width: width,
    height: document.documentElement.scrollHeight, title: document.title,
    pwned: window.__pwned || null});
  // in the narrow frame of a phone-width run: report to the page around it
  var host = window.frameElement ? window.parent.document : document;
  host.body.appendChild(out);
  if (window.axe) {
    window.axe.run(document, {resultTypes: ['violations']}).then(function (r) {
      var res = document.createElement('pre');
      res.id = 'netmix-axe';
      res.hidden = true;
      res.textContent = JSON.stringify({version: window.axe.version,
        violations: r.violations.map(function (v) {
          return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                  targets: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })};
        })});
      host.body.appendChild(res);
    }, function (err) {
      window.__netmixErrors.push('axe failed: ' + err);
    });
  }
});
</script>"""


def _chromium() -> str | None:
    for candidate in (os.environ.get("NETMIX_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = _chromium()
    if exe is None:
        pytest.skip("headless Chromium not found: the browser test of the HTML report needs "
                    "Debian's chromium (apt-get install chromium) or NETMIX_CHROMIUM=/path")
    return exe


def _axe_source() -> tuple[str | None, str]:
    """axe.min.js (its text), or None and why not."""
    given = os.environ.get("NETMIX_AXE")
    if given:
        path = Path(given)
        return (path.read_text(encoding="utf-8"), "") if path.is_file() else (
            None, f"NETMIX_AXE={given} is not a file")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "netmix-tests" / f"axe-core-{AXE_VERSION}"
    script = folder / "axe.min.js"
    if script.is_file():
        return script.read_text(encoding="utf-8"), ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm not found (apt-get install npm, or NETMIX_AXE=/path/to/axe.min.js)"
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        try:
            done = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent",
                                   "--pack-destination", tmp], capture_output=True, text=True,
                                  timeout=300, cwd=tmp, env={**os.environ, "HOME": tmp,
                                                             "npm_config_cache": tmp})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"npm pack axe-core@{AXE_VERSION} failed: {exc}"
        tgz = list(Path(tmp).glob("axe-core-*.tgz"))
        if done.returncode != 0 or not tgz:
            return None, (f"npm pack axe-core@{AXE_VERSION} failed (no network to the npm "
                          f"registry?): {done.stderr.strip()[-300:]}")
        with tarfile.open(tgz[0]) as archive:
            member = archive.extractfile("package/axe.min.js")
            text = member.read().decode("utf-8") if member else None
    if not text:
        return None, f"axe-core@{AXE_VERSION}'s package holds no axe.min.js"
    folder.mkdir(parents=True, exist_ok=True)
    script.write_text(text, encoding="utf-8")
    return text, ""


@pytest.fixture(scope="module")
def axe() -> tuple[str | None, str]:
    """axe-core's script (or None) and, when None, why it could not be had."""
    return _axe_source()


def _network_report(out: Path) -> Path:
    code = main(["analyze", "--dataset", "example", "--resamples", "39", "--seed", "7",
                 "--out", str(out)])
    assert code == 0
    return out / "report.html"


def _survey_report(out: Path) -> Path:
    from netmix.datasets import simulate_diary_survey

    sim = simulate_diary_survey(300, seed=4)
    sim.egos.to_csv(out.parent / "egos.csv", index=False)
    sim.alters.to_csv(out.parent / "alters.csv", index=False)
    sim.areas.to_csv(out.parent / "areas.csv")
    code = main(["analyze", "--egos", str(out.parent / "egos.csv"),
                 "--alters", str(out.parent / "alters.csv"), "--groups", "group",
                 "--alter-group", "alter_group", "--area", "area",
                 "--areas", str(out.parent / "areas.csv"), "--area-id", "area",
                 "--survey-weight", "weight", "--resamples", "39", "--out", str(out)])
    assert code == 0
    return out / "report.html"


def _with_checker(page: str, axe_script: str | None = None) -> str:
    """The page with CHECKER (and axe-core, when given) as the first elements of <head>
    after the charset."""
    match = re.search(r"<meta charset=[^>]*>", page) or re.search(r"<head[^>]*>", page)
    assert match, "the report has no <head>"
    assert axe_script is None or "</script" not in axe_script.lower()
    axe_tag = f"<script>{axe_script}</script>" if axe_script else ""
    return page[:match.end()] + axe_tag + CHECKER + page[match.end():]


def _render(chromium: str, page: Path, tmp: Path, screenshot: Path,
            width: int = WIDTHS[0]) -> tuple[dict, list[str]]:
    """Load ``page`` in headless Chromium ``width`` px wide; return the checker's record
    (with axe-core's, under "axe", when it ran) and the console lines."""
    target = page
    if width < MIN_WINDOW:  # the page in a frame of that width (srcdoc: same origin)
        import html

        target = page.with_name(f"frame-{width}-{page.name}")
        target.write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>frame</title>"
            "<style>body{margin:0}</style></head><body>"
            f"<iframe title='report' style='width:{width}px;height:{HEIGHT}px;border:0' "
            f"srcdoc=\"{html.escape(page.read_text(encoding='utf-8'), quote=True)}\">"
            "</iframe></body></html>", encoding="utf-8")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-extensions", "--hide-scrollbars",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # no network, even by mistake
           f"--user-data-dir={tmp / 'chromium-profile'}", "--enable-logging=stderr", "--v=0",
           f"--window-size={max(width, MIN_WINDOW)},{HEIGHT}", "--virtual-time-budget=30000",
           f"--screenshot={screenshot}", "--dump-dom", target.resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900,  # hang guard
                          env={**os.environ, "HOME": str(tmp)})
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-3000:]}"
    found = re.search(r'<pre id="netmix-check"[^>]*>(.*?)</pre>', done.stdout, re.S)
    assert found, ("the checker did not run (no load event?); chromium said:\n"
                   + done.stderr[-3000:])
    record = json.loads(_unescape(found.group(1)))
    axe_found = re.search(r'<pre id="netmix-axe"[^>]*>(.*?)</pre>', done.stdout, re.S)
    record["axe"] = json.loads(_unescape(axe_found.group(1))) if axe_found else None
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return record, console


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&amp;", "&"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The report of each kind, written once (by the command-line entry point)."""
    made: dict[str, str] = {}

    def page(kind: str) -> str:
        if kind not in made:
            tmp = tmp_path_factory.mktemp(f"report-{kind}")
            report = (_network_report if kind == "network" else _survey_report)(tmp / "report")
            made[kind] = report.read_text(encoding="utf-8")
        return made[kind]
    return page


@pytest.fixture(scope="module", params=[(k, w) for k in ("network", "survey") for w in WIDTHS],
                ids=lambda p: f"{p[0]}-{p[1]}px")
def rendered(request, chromium, axe, pages, tmp_path_factory):
    """Render one kind of report at one width with the checker (and axe-core when it could
    be had); return what the page showed."""
    kind, width = request.param
    page = pages(kind)
    tmp = tmp_path_factory.mktemp(f"render-{kind}-{width}")
    checked = tmp / "report-checked.html"
    checked.write_text(_with_checker(page, axe[0]), encoding="utf-8")
    screenshot = tmp / f"report-{kind}-{width}.png"
    record, console = _render(chromium, checked, tmp, screenshot, width)
    print(f"screenshot: {screenshot}")
    return {"kind": kind, "width": width, "page": page, "record": record, "console": console,
            "screenshot": screenshot, "axe_missing": axe[1]}


def test_report_renders_in_chromium(rendered):
    kind, page, record = rendered["kind"], rendered["page"], rendered["record"]

    # Self-contained: nothing to fetch (figures are data: URIs, CSS is inline).
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", page)
    assert not external, f"the report refers to the network: {external[:5]}"

    assert record["errors"] == [], f"errors while rendering: {record['errors']}"
    assert rendered["console"] == [], ("console messages while rendering:\n"
                                       + "\n".join(rendered["console"]))
    assert record["title"].startswith("netmix report")

    # Every figure decoded and is laid out; as many as the HTML holds.
    n_img = len(re.findall(r"<img\b", page))
    assert n_img >= (3 if kind == "network" else 1)
    assert len(record["images"]) == n_img
    bad = [i for i in record["images"]
           if not (i["complete"] and i["width"] > 100 and i["height"] > 100 and i["shown"])]
    assert not bad, f"figures that did not render: {bad}"

    # Every section is on the page; each but the citation shows a figure or a table.
    sections = record["sections"]
    assert len(sections) == len(re.findall(r"<section\b", page)) >= 3
    for s in sections:
        assert s["shown"] and s["text"] > 0, f"section {s['title']!r} is empty or hidden"
        if s["title"] not in {"Citing", "Survey"}:
            assert s["images"] + s["tables"] > 0, f"section {s['title']!r} shows nothing: {s}"
    if kind == "network":
        titles = [s["title"] for s in sections]
        assert titles[0] == "Summary"  # the summary in plain words opens the page
        for expected in ("Summary", "The data", "Mixing matrix", "Assortativity",
                         "Segregation and homophily indices", "Communities and groups"):
            assert expected in titles
    assert record["tables"] >= len(re.findall(r"<table\b", page))

    # The screenshot is a PNG of a page with content (not blank).
    import matplotlib.image

    screenshot = rendered["screenshot"]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[:2] == (HEIGHT, max(rendered["width"], MIN_WINDOW))
    assert float(np.std(pixels[: min(record["height"], HEIGHT)])) > 0.05


def test_report_fits_the_page_width(rendered):
    """Nothing is wider than the window: the page never scrolls sideways. At 1280 px no
    table needs to scroll either; on a phone a wide table scrolls in its own box."""
    record, width = rendered["record"], rendered["width"]
    what = f"{rendered['kind']} report at {width} px"
    assert record["overflow"] == [], f"{what}: wider than the window: {record['overflow']}"
    assert record["width"] == width  # the page saw the width asked for
    assert record["scroll_width"] <= record["width"], f"{what}: the page scrolls sideways"
    if width >= 1280:
        assert record["scrolling"] == [], f"{what}: tables that scroll: {record['scrolling']}"


def test_report_has_no_serious_accessibility_violation(rendered):
    """axe-core (WCAG 2 A/AA and best-practice rules) in the same browser: no violation of
    serious or critical impact; the others are printed."""
    if rendered["record"]["axe"] is None:
        if rendered["axe_missing"]:
            pytest.skip(f"axe-core could not be had: {rendered['axe_missing']}")
        pytest.fail("axe-core was injected but wrote no result: "
                    f"{rendered['record']['errors']}")
    result = rendered["record"]["axe"]
    assert result["version"] == AXE_VERSION
    for v in result["violations"]:
        print(f"axe {v['impact']}: {v['id']} ({v['nodes']} elements): {v['help']}; "
              f"{v['targets']}")
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{rendered['kind']} report at {rendered['width']} px: {serious}"


# ------------------------------------------------------------------------ hostile input
#: Each payload, if it ever ran as HTML, appends its number to window.__pwned.
HOSTILE_GROUPS = '<img src=x onerror="window.__pwned=(window.__pwned||[]).concat([1])">'
HOSTILE_WEIGHT = "<img src=x onerror=window.__pwned=[7]>/../w"
HOSTILE_OUTCOME = "</title><script>window.__pwned=[2]</script>"
HOSTILE_TITLE = "<script>window.__pwned=[6]</script>'\"><svg onload=window.__pwned=[8]>"
HOSTILE_LABELS = ['"><script>window.__pwned=[3]</script>', "javascript:window.__pwned=[4]",
                  "$\\frac{$ <b onmouseover=window.__pwned=[9]>x</b>"]


def _hostile_node(i: int) -> str:
    return f"<svg onload=window.__pwned=[5]>{i}"


def hostile_report(out: Path) -> tuple[Path, list[str]]:
    """Write the report of a graph whose every name and label is hostile; return the page
    and the payloads."""
    import pandas as pd

    rng = np.random.default_rng(5)
    n = 40
    ids = [_hostile_node(i) for i in range(n)]
    src, dst = rng.integers(0, n, 120), rng.integers(0, n, 120)
    keep = src != dst
    edges = pd.DataFrame({"source": np.array(ids)[src[keep]],
                          "target": np.array(ids)[dst[keep]],
                          HOSTILE_WEIGHT: rng.integers(1, 9, int(keep.sum()))})
    labels = np.array(HOSTILE_LABELS)[rng.integers(0, 3, n)]
    nodes = pd.DataFrame({"id": [*ids, "<i onclick=x>lonely</i>"],
                          HOSTILE_GROUPS: [*labels, HOSTILE_LABELS[0]],
                          HOSTILE_OUTCOME: [*rng.normal(size=n).round(2), 0.5]})
    out.parent.mkdir(parents=True, exist_ok=True)
    edges.to_csv(out.parent / "e.csv", index=False)
    nodes.to_csv(out.parent / "n.csv", index=False)
    args = ["analyze", "--edges", str(out.parent / "e.csv"), "--nodes",
            str(out.parent / "n.csv"), "--groups", HOSTILE_GROUPS, "--weight", HOSTILE_WEIGHT,
            "--outcome", HOSTILE_OUTCOME, "--title", HOSTILE_TITLE, "--resamples", "39",
            "--seed", "3", "--out", str(out)]
    import warnings

    with warnings.catch_warnings():  # small random graph: undefined statistics are expected
        warnings.simplefilter("ignore")
        assert main(args) == 0
    payloads = [HOSTILE_GROUPS, HOSTILE_WEIGHT, HOSTILE_OUTCOME, HOSTILE_TITLE,
                *HOSTILE_LABELS, _hostile_node(0), "<i onclick=x>lonely</i>"]
    return out / "report.html", payloads


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report-hostile")
    page, payloads = hostile_report(tmp / "report")
    return tmp, page, payloads


def test_hostile_names_are_text_in_the_html(hostile):
    """Plain Python: no payload appears raw; the page has no script, no event handler."""
    _, page, payloads = hostile
    text = page.read_text(encoding="utf-8")
    for payload in payloads:
        tag = payload[payload.index("<"):] if "<" in payload else None
        if tag:
            assert tag not in text, f"raw payload in the report: {tag!r}"
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(text)
    tags = {t for t, _ in parser.found}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "nav",
                    "ol", "li", "a", "main", "section", "h2", "h3", "p", "table", "thead",
                    "tbody", "tr", "th", "td", "figure", "img", "figcaption", "details",
                    "summary", "ul", "pre", "footer", "b", "div", "caption", "span"}, tags
    for tag, attrs in parser.found:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("src", "href"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value or value.startswith(("data:image/png;base64,", "#")), (tag, attrs)
    # file names are never a path from user text
    assert sorted(p.name for p in page.parent.iterdir() if "w" in p.name and "mixing" in p.name
                  ) == ["mixing_matrix__img_src_x_onerror_window.__pwned_7_w.csv"]


def test_hostile_names_run_no_script_in_chromium(chromium, hostile):
    tmp, page, _ = hostile
    checked = tmp / "report-checked.html"
    checked.write_text(_with_checker(page.read_text(encoding="utf-8")), encoding="utf-8")
    record, console = _render(chromium, checked, tmp, tmp / "report-hostile.png")
    assert record["pwned"] is None, f"a payload ran: {record['pwned']}"
    assert record["title"] == HOSTILE_TITLE  # the title shown as text, not parsed
    assert record["errors"] == [], f"errors while rendering: {record['errors']}"
    assert console == [], "console messages:\n" + "\n".join(console)
    # every figure decoded (labels with $ and < drawn literally, nothing failed)
    assert record["images"] and all(i["width"] > 100 for i in record["images"])
