"""Renders the typed detail blocks of `servex.details` (metric, table, cited items) for any plugin.

The Markdown report takes lines, the HTML/PDF template takes small dicts of already formatted strings
(escaped by Jinja2's autoescape: plugin text is untrusted).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex import pick
from servex.details import MAX_ITEMS, MAX_ROWS, blocks
from servex.plugins.reports._i18n import lang as _lang

__all__ = ["detail_views", "markdown_details"]

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


def _t(value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return pick(value, lang)
    return "" if value is None else str(value)


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _t(value, lang)
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")  # as given, up to two decimals: 87.5, 12, 0.25
    return text.replace(".", ",") if lang in ("fr", "de") else text


def _metric(block: Mapping[str, Any], lang: str) -> str:
    unit = f" {block['unit']}" if block.get("unit") else ""
    text = f"{_t(block.get('label'), lang)} = {_cell(block['value'], lang)}{unit}"
    target = block.get("target")
    if isinstance(target, Mapping) and isinstance(target.get("value"), int | float):
        word = _lang(lang)._("target")
        text += f" ({word} {_OPS.get(str(target.get('op')), '')} {_cell(target['value'], lang)}{unit})"
    if "met" in block:
        text += " ✓" if block["met"] else " ✗"
    return text


def _item(item: Any, titles: Mapping[str, str], lang: str) -> str:
    if not isinstance(item, Mapping):
        return _t(item, lang)
    text = _t(item.get("text"), lang)
    if item.get("note"):
        text += f" — {item['note']}"
    title = titles.get(str(item.get("evidence_id")))
    return f"{text} [{title}]" if title else text


def detail_views(details: Mapping[str, Any] | None, lang: str, titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """For the HTML template: {kind, title, text | columns+rows | entries}, all plain strings."""
    out: list[dict[str, Any]] = []
    for block in blocks(details):
        view: dict[str, Any] = {"kind": block["kind"], "title": _t(block.get("title"), lang)}
        if block["kind"] == "metric":
            view["text"] = _metric(block, lang)
        elif block["kind"] == "table":
            view["columns"] = [_t(c, lang) for c in block["columns"]]
            view["rows"] = [[_cell(c, lang) for c in row] for row in block["rows"][:MAX_ROWS] if isinstance(row, list)]
            view["more"] = max(0, len(block["rows"]) - MAX_ROWS)
        else:
            view["entries"] = [_item(i, titles, lang) for i in block["items"][:MAX_ITEMS]]
            view["more"] = max(0, len(block["items"]) - MAX_ITEMS)
        out.append(view)
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_details(details: Mapping[str, Any] | None, lang: str, titles: Mapping[str, str]) -> Iterator[str]:
    """Bullet-list entries (the caller prefixes "- "); a table becomes an indented Markdown table."""
    for view in detail_views(details, lang, titles):
        title = f"{view['title']}: " if view["title"] else ""
        if view["kind"] == "metric":
            yield f"{title}{_md(view['text'])}"
        elif view["kind"] == "items":
            yield title + "; ".join(_md(i) for i in view["entries"]) + (f" (+{view['more']})" if view["more"] else "")
        else:
            lines = [title.rstrip(": ") or "—", ""]
            lines.append("  | " + " | ".join(_md(c) for c in view["columns"]) + " |")
            lines.append("  |" + "---|" * len(view["columns"]))
            lines += ["  | " + " | ".join(_md(c) for c in row) + " |" for row in view["rows"]]
            if view["more"]:
                lines.append(f"  (+{view['more']})")
            yield "\n".join(lines)
