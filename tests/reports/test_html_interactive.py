"""The interactive HTML report in a real browser: Debian's headless Chromium driven by Playwright (the system
browser, never one Playwright downloads). Filters by level, status and element and the search box change
what is shown; pyramid tiers and heat-map cells lead to the findings they name; the page loads nothing,
runs its script under its own Content Security Policy, and without JavaScript shows every finding.
Screenshots are taken and checked for size and content; they stay in the test's folder (run with
`--basetemp=DIR` to keep them where you can look at them).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

CHROMIUM = os.environ.get("SERVEX_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1100, "height": 800}

pytestmark = pytest.mark.browser


def _html(result: dict[str, Any], lang: str) -> bytes:
    return {f.name: f for f in servex_report_formats()}["html"].render(result, RenderOptions(lang=lang))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (make system-packages)")
        pytest.skip(f"{CHROMIUM} is missing; `make system-packages` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:  # launch() gives the browser a fresh, temporary profile
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(telecom: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The telecom report in English and French as file:// URLs."""
    folder = tmp_path_factory.mktemp("html")
    urls = {}
    for lang in ("en", "fr"):
        path = folder / f"report-{lang}.html"
        path.write_bytes(_html(telecom, lang))
        urls[lang] = path.as_uri()
    return urls


class Page:
    """One open report, with the requests it made and the console errors it printed."""

    def __init__(self, browser: Any, url: str, *, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
        self.context.set_default_timeout(5000)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url)

    def shown(self) -> list[dict[str, str]]:
        """The findings a reader sees: id, level, status and elements."""
        found: list[dict[str, str]] = self.page.eval_on_selector_all(
            ".finding[data-level]",
            "els => els.filter(e => e.offsetParent !== null).map(e => ({id: e.id, level: e.dataset.level, "
            "status: e.dataset.status, elements: e.dataset.elements}))",
        )
        return found

    def count_text(self) -> str:
        text: str = self.page.inner_text("#f-count")
        return text

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    opened: list[Page] = []

    def _open(url: str, **kwargs: Any) -> Page:
        page = Page(browser, url, **kwargs)
        opened.append(page)
        return page

    yield _open
    for page in opened:
        page.close()


def _screenshot(page: Page, path: Path) -> Image.Image:
    """The viewport as PNG (kept in the test's folder), checked: the expected size, and not blank."""
    data = page.page.screenshot(path=str(path))
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
    grey = image.convert("L").histogram()
    light = sum(grey[245:]) / sum(grey)
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert light < 0.97 and len(colours) > 40, f"{path.name} looks blank ({light:.0%} white, {len(colours)} colours)"
    return image


def _differ(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels whose grey changed by more than 40 levels."""
    histogram = ImageChops.difference(a.convert("L"), b.convert("L")).histogram()
    return sum(histogram[41:]) / sum(histogram)


def test_without_javascript_every_finding_is_shown_and_the_form_is_not(
    open_page: Any, pages: dict[str, str], telecom: dict[str, Any]
) -> None:
    page = open_page(pages["en"], javascript=False)
    assert len(page.shown()) == len(telecom["findings"])
    assert not page.page.is_visible("#filters") and not page.page.is_visible("#f-empty")
    assert page.requests == [pages["en"]]


def test_filters_by_level_status_and_element(
    open_page: Any, pages: dict[str, str], telecom: dict[str, Any], tmp_path: Path
) -> None:
    page = open_page(pages["en"])
    total = len(telecom["findings"])
    assert page.page.is_visible("#filters") and len(page.shown()) == total
    assert page.count_text() == f"Findings shown: {total} of {total}"
    page.page.select_option("#f-level", "L2")
    shown = page.shown()
    expected = [f for f in telecom["findings"] if f["level"] == "L2"]
    assert {s["id"] for s in shown} == {"crit-" + f["criterion_id"] for f in expected}
    assert page.count_text() == f"Findings shown: {len(expected)} of {total}"
    assert page.page.is_visible("#findings-level-L2") and not page.page.is_visible("#findings-level-L1")
    page.page.select_option("#f-level", "")
    page.page.select_option("#f-status", "not_met")
    not_met = {"crit-" + f["criterion_id"] for f in telecom["findings"] if f["status"] == "not_met"}
    assert not_met and {s["id"] for s in page.shown()} == not_met
    page.page.select_option("#f-status", "")
    page.page.select_option("#f-element", "E3")
    with_e3 = {"crit-" + f["criterion_id"] for f in telecom["findings"] if "E3" in f["elements"]}
    assert with_e3 and {s["id"] for s in page.shown()} == with_e3
    page.page.select_option("#f-level", "L4")
    both = {"crit-" + f["criterion_id"] for f in telecom["findings"] if "E3" in f["elements"] and f["level"] == "L4"}
    assert {s["id"] for s in page.shown()} == both
    page.page.click("#f-reset")
    assert len(page.shown()) == total and page.page.input_value("#f-element") == ""
    assert page.errors == [] and page.requests == [pages["en"]]


def test_search_finds_words_without_accents_and_says_when_nothing_matches(
    open_page: Any, pages: dict[str, str], telecom: dict[str, Any]
) -> None:
    page = open_page(pages["fr"])
    target = telecom["findings"][5]
    page.page.fill("#f-search", target["criterion_id"].lower())
    assert [s["id"] for s in page.shown()] == ["crit-" + target["criterion_id"]]
    assert not page.page.is_visible("#f-empty")
    accented = [f for f in telecom["findings"] if "réclamation" in f["title"]["fr"].lower()]
    page.page.fill("#f-search", "RECLAMATION")  # no accent, upper case: still found
    assert accented and {"crit-" + f["criterion_id"] for f in accented} <= {s["id"] for s in page.shown()}
    page.page.fill("#f-search", "zzzz-nothing-like-this")
    assert page.shown() == [] and page.page.is_visible("#f-empty")
    assert page.page.inner_text("#f-empty") == "Aucun constat ne correspond à ces filtres."
    assert page.errors == []


def test_a_pyramid_tier_leads_to_its_level_findings(
    open_page: Any, pages: dict[str, str], telecom: dict[str, Any], tmp_path: Path
) -> None:
    page = open_page(pages["en"])
    page.page.eval_on_selector("#sec-pyramid", "e => e.scrollIntoView()")
    top = _screenshot(page, tmp_path / "1-pyramid.png")
    page.page.select_option("#f-status", "met")  # a filter the tier must override
    page.page.click('svg a[href="#findings-level-L3"]')
    assert page.page.evaluate("location.hash") == "#findings-level-L3"
    assert page.page.input_value("#f-level") == "L3" and page.page.input_value("#f-status") == ""
    assert {s["level"] for s in page.shown()} == {"L3"}
    top_of = "e => e.getBoundingClientRect().top"
    heading = page.page.eval_on_selector("#findings-level-L3", top_of)
    bar = page.page.eval_on_selector("#filters", "e => e.getBoundingClientRect().bottom")
    assert bar <= heading < VIEWPORT["height"] / 2, (bar, heading)  # scrolled to the findings, not under the bar
    at_findings = _screenshot(page, tmp_path / "2-pyramid-L3.png")
    assert _differ(top, at_findings) > 0.05
    # the keyboard reaches a tier too: focus it and press Enter
    page.page.focus('svg a[href="#findings-level-L1"]')
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("location.hash") == "#findings-level-L1"
    assert {s["level"] for s in page.shown()} == {"L1"}
    assert page.errors == [] and page.requests == [pages["en"]]


def test_a_heat_map_cell_filters_by_element_and_level(
    open_page: Any, pages: dict[str, str], telecom: dict[str, Any], tmp_path: Path
) -> None:
    page = open_page(pages["en"])
    cells = page.page.eval_on_selector_all("td.heat a[data-level]", "els => els.map(e => [e.dataset.element, "
                                           "e.dataset.level])")
    element, level = cells[len(cells) // 2]
    page.page.click(f'td.heat a[data-element="{element}"][data-level="{level}"]')
    expected = {"crit-" + f["criterion_id"] for f in telecom["findings"]
                if element in f["elements"] and f["level"] == level}
    assert expected and {s["id"] for s in page.shown()} == expected
    assert page.page.input_value("#f-element") == element and page.page.input_value("#f-level") == level
    assert page.page.evaluate("location.hash") == f"#findings-level-{level}"
    _screenshot(page, tmp_path / f"3-heat-{element}-{level}.png")
    page.page.click(f'td.heat a[data-element="{element}"]:not([data-level])')  # the element's total: every level
    assert {s["id"] for s in page.shown()} == {"crit-" + f["criterion_id"] for f in telecom["findings"]
                                               if element in f["elements"]}
    assert page.errors == []


def test_a_link_to_a_hidden_finding_shows_it(open_page: Any, pages: dict[str, str], telecom: dict[str, Any]) -> None:
    page = open_page(pages["en"])
    blocker = telecom["readiness"]["next_level"]["criteria"][0]
    level = next(f["level"] for f in telecom["findings"] if f["criterion_id"] == blocker)
    page.page.select_option("#f-level", next(lv["id"] for lv in telecom["levels"] if lv["id"] != level))
    page.page.click(f'#sec-summary ~ ul.gaps a[href="#crit-{blocker}"], ul.gaps a[href="#crit-{blocker}"] >> nth=0')
    assert page.page.is_visible(f"#crit-{blocker}") and page.page.input_value("#f-level") == ""


def _luminance(rgb: list[float]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


_COLOURS = """els => els.filter(e => e.offsetParent !== null && e.textContent.trim()).map(e => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  let b = e, bg = null;
  while (b && !bg) {
    const c = getComputedStyle(b).backgroundColor;
    if (rgb(c)[3] !== 0) bg = rgb(c);
    b = b.parentElement;
  }
  return [e.textContent.trim().slice(0, 30), rgb(getComputedStyle(e).color), bg || [255, 255, 255]];
})"""


_TIER_COLOURS = """els => els.map(e => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const hex = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
  return [rgb(getComputedStyle(e).fill), hex(e.parentElement.querySelector("polygon").getAttribute("fill"))];
})"""


def test_text_keeps_its_contrast(open_page: Any, pages: dict[str, str]) -> None:
    """WCAG AA (4.5:1) for the filter bar, badges, metadata and muted text, as the browser computes them."""
    page = open_page(pages["en"])
    selectors = "form.filters label, form.filters button, #f-count, .badge, .meta, .muted, figcaption, .gap, .rec"
    checked = page.page.eval_on_selector_all(selectors, _COLOURS)
    assert len(checked) > 50
    low = []
    for text, colour, background in checked:
        light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
        if (light + 0.05) / (dark + 0.05) < 4.5:
            low.append((text, colour, background))
    assert low == []
    # every pyramid tier's label against its own fill (white on red and dark green, dark on orange and
    # light green); which colours occur depends on the sample's scores, so all tiers present are checked
    tiers = page.page.eval_on_selector_all("figure.chart svg a > polygon ~ text", _TIER_COLOURS)
    assert len(tiers) >= 4
    fills = {tuple(fill) for _, fill in tiers}
    assert len(fills) >= 2, fills
    for text_fill, fill in tiers:
        light, dark = sorted((_luminance(text_fill), _luminance(fill)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (text_fill, fill)


def test_hostile_evidence_loads_and_runs_nothing_in_the_browser(open_page: Any, tmp_path: Path) -> None:
    from report_support import synthetic

    hostile = ('<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
               '<script>document.title = "owned"</script><svg onload="document.title = \'owned\'"></svg>')
    path = tmp_path / "hostile.html"
    path.write_bytes(_html(synthetic(hostile), "en"))
    page = open_page(path.as_uri())
    assert page.requests == [path.as_uri()] and "owned" not in page.page.title()
    assert page.page.is_visible("#filters") and page.errors == []  # our own script ran, and only it
