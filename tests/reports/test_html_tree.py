"""The PDF's HTML is read by servex's own reader (issue 21, report speed): the tree must be WeasyPrint's.

WeasyPrint parses with tinyhtml5; `_html_tree.read_tree` builds the same tree faster for the regular
markup our templates write, and hands anything else to tinyhtml5. These tests hold the reader to
tinyhtml5's tree for every sample's report in every language and for hostile evidence text, show that
irregular markup falls back rather than being read differently, and that the PDF is byte for byte the
one WeasyPrint makes from the string.
"""

from __future__ import annotations

import hashlib
from typing import Any
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5
from report_support import EPOCH, synthetic
from servex.plugins.reports._html import render_html
from servex.plugins.reports._html_tree import read_tree
from servex.plugins.reports._pdf import ASSETS, _created, html_to_pdf, make_fetcher
from servex.plugins.reports._ua_sheet import lean_html_class

HOSTILE = 'A <b>bold</b> claim & "quotes" <!-- hidden --> </p></li></ul><table><tr>x\r\n<svg><script>1</script>'


def _difference(mine: Element, theirs: Element, path: str = "html") -> str | None:
    """Where two trees differ (tag, attributes in order, text, tail, children), or None."""
    if mine.tag != theirs.tag or list(mine.attrib.items()) != list(theirs.attrib.items()):
        return f"{path}: <{mine.tag} {mine.attrib}> vs <{theirs.tag} {theirs.attrib}>"
    if (mine.text or None, mine.tail or None) != (theirs.text or None, theirs.tail or None):
        return f"{path}: text/tail {mine.text!r}/{mine.tail!r} vs {theirs.text!r}/{theirs.tail!r}"
    if len(mine) != len(theirs):
        return f"{path}: {[c.tag for c in mine]} vs {[c.tag for c in theirs]}"
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if found := _difference(a, b, f"{path}/{a.tag}[{i}]"):
            return found
    return None


def _reference(html: str) -> Element:
    tree: Element = tinyhtml5.parse(html, namespace_html_elements=False)
    return tree


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_every_sample_report_is_read_fast_into_weasyprints_tree(
    lang: str, sample_results: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    results = {**sample_results, "hostile": synthetic(HOSTILE)}
    for name, result in results.items():
        html = render_html(result, lang, for_pdf=True)
        tree, fast = read_tree(html)
        assert fast, f"{name} ({lang}): our own markup fell back to tinyhtml5"
        assert _difference(tree, _reference(html)) is None, name


@pytest.mark.parametrize(
    "body",
    [
        "<p>open paragraph<div>block</div>",  # HTML5 closes the paragraph before the block
        "<p>a</p><li>item outside a list</li>",
        "<ul><li>a<li>b</ul>",  # implied end tags
        "<b>bold <i>both</b> italic</i>",  # misnested: HTML5's adoption agency
        "<table><tr><td>a</td></tr>text in a table</table>",  # tbody implied, text foster-parented
        "<p>a<!-- comment --></p>",
        "<div/>after",  # the slash is ignored, the div stays open
        "<p>a\r\nb</p>",
        "<a href=#x>one <a href=#y>two</a></a>",
        "<svg><circle r=1 /><div>breaks out</div></svg>",
        "<pre>\nfirst newline dropped</pre>",
    ],
)
def test_irregular_markup_falls_back_to_weasyprints_parser(body: str) -> None:
    html = f"<!DOCTYPE html>\n<html lang=en>\n<head>\n<title>t</title>\n</head>\n<body>{body}</body>\n</html>\n"
    tree, fast = read_tree(html)
    assert not fast
    assert _difference(tree, _reference(html)) is None


def test_regular_markup_keeps_html5s_whitespace_svg_names_and_first_attribute() -> None:
    html = (
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<style>p > b { color: red }</style>\n"
        "</head>\n<body class=pdf><p id=a id=b>x &amp; y &lt;z&gt;<br></p><details open><summary>s</summary>"
        '</details><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><linearGradient id="g"/>'
        "<title>t</title><line x1=0 /></svg><table><tbody><tr><td>1</td></tr>\n</tbody></table></body>\n</html>\n"
    )
    tree, fast = read_tree(html)
    assert fast
    assert _difference(tree, _reference(html)) is None
    svg = tree.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("viewBox") == "0 0 1 1"
    assert svg.find("{http://www.w3.org/2000/svg}linearGradient") is not None


def test_the_pdf_is_the_one_weasyprint_makes_from_the_string(
    telecom: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    html = render_html(telecom, "fr", for_pdf=True)
    ours = html_to_pdf(html, identifier=b"0" * 32, created=_created(telecom))
    stock = lean_html_class()(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=make_fetcher())
    theirs = stock.write_pdf(pdf_identifier=b"0" * 32)
    assert hashlib.sha256(ours).hexdigest() == hashlib.sha256(theirs).hexdigest()
