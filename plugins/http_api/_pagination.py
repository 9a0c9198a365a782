"""The four ways APIs hand out the next page: a cursor in the body, a next URL in the body, a `Link`
header, or page/offset numbers. Numbered pages are the only kind that can be fetched concurrently,
since their URLs are known before the previous page arrives. A cursor goes back as a query parameter,
or into the JSON body of a POST (`body_path`: Intercom's search, HubSpot's search, GraphQL variables).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from servex import CollectionError

from ._client import HttpClient, Page

__all__ = ["PAGINATION_SCHEMA", "pages", "set_path"]

PAGINATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {"enum": ["none", "cursor", "next_url", "link", "page", "offset"]},
        "param": {"type": "string", "description": "cursor/page/offset query parameter"},
        "body_path": {
            "type": "string",
            "description": "cursor, page or offset: dotted path in the POST body instead (paging.pageNumber)",
        },
        "size_body_path": {"type": "string", "description": "page/offset: dotted path of the page size in the body"},
        "cursor": {"type": "string", "description": "cursor: JMESPath of the next cursor in the body"},
        "has_more": {"type": "string", "description": "cursor/next_url: JMESPath of a 'more pages' flag"},
        "next": {"type": "string", "description": "next_url: JMESPath of the next page's URL"},
        "size_param": {"type": "string", "description": "page/offset: page size parameter"},
        "size": {"type": "integer", "minimum": 1, "maximum": 10000},
        "start": {"type": "integer", "minimum": 0},
        "total": {
            "type": "string",
            "description": "page/offset: JMESPath of the record count in the first "
            "page; the other pages are then fetched at once (needed by APIs that 404 past the end)",
        },
        "max_pages": {"type": "integer", "minimum": 1, "description": "safety stop (default 100000)"},
    },
}

_LINK_NEXT = re.compile(r'<([^>]+)>\s*;[^,]*rel="?next"?', re.IGNORECASE)


def _search(expr: str | None, data: Any) -> Any:
    import jmespath

    return jmespath.search(expr, data) if expr else None


def _same_origin(base: str, url: str) -> str:
    """Follow a server-given URL only on the same host: credentials must never leave for another one."""
    absolute = urljoin(base, url)
    if urlsplit(absolute)[:2] != urlsplit(base)[:2]:
        raise CollectionError(f"next page points to another host ({urlsplit(absolute).netloc}); refusing it")
    return absolute


def set_path(body: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `body` with `value` at the dotted `path` (objects created on the way)."""
    out = copy.deepcopy(dict(body))
    node = out
    *parents, last = path.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return out


def pages(
    client: HttpClient,
    url: str,
    params: Mapping[str, Any],
    spec: Mapping[str, Any],
    count: Callable[[Any], int],
    warn: Callable[[str], None],
    *,
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
) -> Iterator[Page]:
    kind = spec.get("type", "none")
    if kind in ("page", "offset"):
        yield from _numbered(client, url, params, spec, count, method, body)
        return
    limit = int(spec.get("max_pages", 100000))
    seen: set[str] = set()
    current = client.url(url, params)
    for _ in range(limit):
        page = client.request(method, current, body)
        yield page
        if kind == "none":
            return
        more = _search(spec.get("has_more"), page.data)
        if spec.get("has_more") and not more:
            return
        if kind == "cursor":
            cursor = _search(spec.get("cursor"), page.data)
            if cursor in (None, ""):
                return
            token = str(cursor)
            if spec.get("body_path"):
                body = set_path(body or {}, str(spec["body_path"]), cursor)
                nxt = current
            else:
                nxt = client.url(url, {**params, str(spec.get("param", "cursor")): token})
        elif kind == "next_url":
            target = _search(spec.get("next", "next"), page.data)
            if not target:
                return
            token = nxt = _same_origin(url, str(target))
            method, body = "GET", None
        else:
            match = _LINK_NEXT.search(page.headers.get("link", ""))
            if not match:
                return
            token = nxt = _same_origin(url, match.group(1))
            method, body = "GET", None
        if token in seen:
            warn(f"{page.url}: the API repeated a page it already gave; stopping there (records are deduplicated)")
            return
        seen.add(token)
        current = nxt
    warn(f"{url}: stopped after {limit} pages (max_pages)")


def _numbered(
    client: HttpClient,
    url: str,
    params: Mapping[str, Any],
    spec: Mapping[str, Any],
    count: Callable[[Any], int],
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
) -> Iterator[Page]:
    """Fetch `concurrency` pages at once: all pages after the first when the API gives a record count,
    otherwise windows of pages until the first short one (pages after it are discarded)."""
    from concurrent.futures import ThreadPoolExecutor

    offset = spec.get("type") == "offset"
    size = int(spec.get("size", 100))
    param = str(spec.get("param", "offset" if offset else "page"))
    size_param = str(spec.get("size_param", "limit" if offset else "per_page"))
    first = int(spec.get("start", 0 if offset else 1))
    limit = int(spec.get("max_pages", 100000))
    width = max(1, client.concurrency)

    def fetch(index: int) -> Page:
        position = first + index * size if offset else first + index
        if spec.get("body_path"):  # the page is named in the POST body (Genesys Cloud analytics queries)
            paged = set_path(body or {}, str(spec["body_path"]), position)
            if spec.get("size_body_path"):
                paged = set_path(paged, str(spec["size_body_path"]), size)
            return client.request(method, client.url(url, params), paged)
        return client.request(method, client.url(url, {**params, param: position, size_param: size}), body)

    with ThreadPoolExecutor(max_workers=width) as pool:
        if spec.get("total"):
            head = fetch(0)
            yield head
            total = _search(str(spec["total"]), head.data)
            if not isinstance(total, int) or total < 0:
                raise CollectionError(f"{head.url}: no record count at {spec['total']!r}")
            wanted = min(limit, -(-total // size))
            yield from pool.map(fetch, range(1, wanted))
            return
        index = 0
        while index < limit:
            batch = list(pool.map(fetch, range(index, min(index + width, limit))))
            for page in batch:
                yield page
                if count(page.data) < size:
                    return
            index += width
