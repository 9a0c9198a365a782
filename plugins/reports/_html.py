"""HTML of the gap analysis, from the result alone: the `html` format, and the input of the `pdf` one.

Jinja2 runs with autoescape on, because snippets and file names come from the organisation's evidence:
a snippet holding `<img src="http://...">` must print as text, not become an element a browser or
WeasyPrint would fetch. The HTML is self-contained (inline CSS and SVG, no font files, no URL), so it
can be mailed or archived and opens offline. The PDF variant adds @font-face rules for the fonts we
ship; they resolve against the assets folder through the restricted fetcher in `_pdf.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex.plugins.reports._rubric_view import rubric_view
from servex.plugins.reports._view import anchor, build

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["TEMPLATES", "compact_blocks", "css_string", "render_changes_html", "render_html"]

TEMPLATES = Path(__file__).parent / "templates"

# The PDF's list markers are text at the start of each item (a no-break space keeps the bullet on its line),
# with `list-style: none` and a hanging indent of the same width (`body.pdf ul > li` in report.css). Why:
# WeasyPrint lays out every `outside` marker as an absolutely positioned box of its own, about an eighth of
# the report's rendering work (Python calls, bench result at 40 criteria); the glyphs and their places on
# the page are the same (pages compared as PNG). The HTML
# report keeps real markers (screen readers announce them, browsers draw them for free).
PDF_BULLETS = {"bullet": "\u2022\u00a0", "sub_bullet": "\u25e6\u00a0"}


# White space next to the tags of block-level elements, dropped from the PDF's HTML: CSS would collapse it, but
# WeasyPrint first makes every such run of spaces an anonymous box, wraps it in a block, then removes it (a
# sixtieth of the report's work). Only elements that are blocks, list items or table parts in report.css are
# named, and none whose white space is kept (`blockquote.snippet` is `pre-wrap`) or that is inline-block
# (`figure.spark`): between two inline-blocks a space is a space.
_BLOCK_TAGS = r"(?:div|ul|ol|li|p|h[1-6]|table|thead|tbody|tr|td|th|section|nav|dl|dt|dd)"
_SPACE_BEFORE_BLOCK = re.compile(rf"\s+(?=</?{_BLOCK_TAGS}[\s>])")
_SPACE_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK_TAGS}(?:\s[^>]*)?>)\s+")


def compact_blocks(html: str) -> str:
    """`html` without the white space next to block-level tags (see above); the PDF draws the same pages."""
    return _SPACE_AFTER_BLOCK.sub(r"\1", _SPACE_BEFORE_BLOCK.sub("", html))


def css_string(value: Any) -> str:
    """A double-quoted CSS string; `<`, quotes, backslashes and controls as hex escapes (no `</style>`)."""
    out = []
    for char in str(value):
        if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = lambda value: Markup(css_string(value))
    env.filters["crit"] = lambda value: anchor("crit", str(value))
    env.globals.update(bullet="", sub_bullet="")  # list markers as text: only the PDF has them, see render_html
    return env


def _toc(view: Mapping[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    label = view["L"]
    rubrics = view["rubrics"]
    levels = [(level["anchor"], f"{level['id']} {level['name']}") for level in view["levels"]]
    profile: list[tuple[str, str, list[tuple[str, str]]]] = (
        [("sec-profile", view["profile"]["heading"], [])] if view.get("profile") else []
    )
    checks = [("sec-data-checks", label["data_checks"])] if view["data_checks"] else []
    return [
        ("sec-summary", label["summary"], []),
        *([("sec-since", view["since"]["heading"], [])] if view["since"] else []),
        *([("sec-history", view["history"]["heading"], [])] if view["history"] else []),
        *profile,
        ("sec-levels", label["level_details"], levels),
        ("sec-elements", label["elements"], []),
        ("sec-findings", label["findings"], []),
        ("sec-plan", label["action_plan"], []),
        ("sec-appendix-evidence", label["appendix"], checks),
        ("sec-appendix-method", label["appendix_method"], []),
        *([("sec-exceptions", view["exceptions"]["heading"], [])] if view["exceptions"]["rows"] else []),
        *([("sec-appendix-rubrics", rubrics["heading"], [])] if rubrics["criteria"] or rubrics["left_out"] else []),
        ("sec-appendix-na", label["appendix_na"], []),
    ]


def render_html(result: Mapping[str, Any], lang: str, *, for_pdf: bool = False) -> str:
    """The whole report as one HTML document in `lang`; `for_pdf` adds the shipped fonts."""
    from markupsafe import Markup

    view = build(result, lang)
    view["rubrics"] = rubric_view(result, lang)
    for key in ("pyramid", "radar"):
        view[key] = Markup(view[key])  # drawn by _svg.py, which escapes its own texts
    if view["history"]:
        view["history"]["chart"] = Markup(view["history"]["chart"])  # drawn by _history_view.py, escaped there
    for findings in [f for _, level_findings in view["findings"] for f in level_findings]:
        for requirement in findings["requirements"]:
            if requirement["kpi"] and requirement["kpi"]["chart"]:
                requirement["kpi"]["chart"] = Markup(requirement["kpi"]["chart"])
    live: dict[str, Any] = {}
    if not for_pdf:  # the interactive layer (filters, search, links from the charts); see _interactive.py
        from servex.plugins.reports._i18n import lang as language
        from servex.plugins.reports._interactive import csp, filters, script

        live = {**filters(result, language(lang)), "csp": csp(), "script": Markup(script())}
    html = _environment().get_template("report.html.j2").render(
        **view, toc=_toc(view), for_pdf=for_pdf, live=live, **(PDF_BULLETS if for_pdf else {})
    )
    return compact_blocks(html) if for_pdf else html


def render_changes_html(view: Mapping[str, Any]) -> str:
    """The page of `servex diff --format html`: the changes section alone (`view` from `changes_page`)."""
    return _environment().get_template("changes_page.html.j2").render(**view)
