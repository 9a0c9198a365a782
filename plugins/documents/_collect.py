"""The `documents` collector: find documents, reuse cached text, extract the rest, yield one item each.

Extraction of many files runs in a small pool of worker processes (PDFium is not thread-safe, and
two cores is what CI machines have); a handful of files is cheaper to do in-process than to start
workers for.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from servex import CollectContext, EvidenceItem, input_limit, sha256_file
from servex.plugins.documents._extract import Limits
from servex.plugins.documents._item import build_item
from servex.plugins.documents._model import Extracted
from servex.plugins.documents._restated import Restated, blank_segments
from servex.plugins.documents._walk import Found, find_documents

__all__ = ["CONFIG_SCHEMA", "NAME", "collect"]

NAME = "documents"
PARALLEL_MIN = 16  #: fewer files than this are extracted in-process
_MB = 1 << 20

CONFIG_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "exclude": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "glob patterns (file name or path relative to the folder) that are not documents",
        },
        "max_text_chars": {
            "type": "integer",
            "minimum": 1000,
            "maximum": 20_000_000,
            "description": "text kept per document",
        },
        "max_file_mb": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "larger files are refused (at most SERVEX_MAX_DOCUMENT_MB)",
        },
        "max_unzipped_mb": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "how far a DOCX/XLSX/ODT may inflate (zip-bomb guard; at most SERVEX_MAX_UNZIPPED_MB)",
        },
        "workers": {"type": "integer", "minimum": 1, "maximum": 16, "description": "extraction processes"},
    },
}


class _Pool:
    """Worker processes, started on the first batch big enough to be worth them: a re-run with nothing
    new to read or match starts none."""

    def __init__(self, workers: int, specs: Sequence[tuple[str, Mapping[str, Any]]], restated: Restated) -> None:
        self.workers, self.specs, self.restated = workers, list(specs), restated
        self.executor: Any = None

    def get(self, jobs: int) -> Any:
        """The executor, or None when `jobs` are cheaper in-process."""
        if self.workers <= 1 or jobs < PARALLEL_MIN:
            return None
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from servex.plugins.documents import _prematch

            context = multiprocessing.get_context(_start_method())
            self.executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_prematch.start_worker,
                initargs=(self.specs, self.restated),
            )
        return self.executor

    def shutdown(self) -> None:
        """Let the workers go without waiting for them to exit: every result is in, and a worker's exit
        (tearing down its interpreter) then overlaps the evaluation instead of delaying it. The pool's
        own thread still joins them before servex exits."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)


def _start_method() -> str:
    """`fork` when this process runs one thread (Linux, where the kernel lists them), else `spawn`.

    A spawned worker starts a new interpreter and imports servex, the document plugin and PDFium before
    its first file: about 0.3 s on both cores, a tenth of a cold run over 300 PDFs. A forked worker has
    all of that already and starts in milliseconds. Forking is unsafe only when another thread may hold
    a lock the child then needs (a progress display, an HTTP client's pool, a library's own threads), so
    it is used only when `/proc/self/task` shows this process has no thread but the one forking."""
    if sys.platform.startswith("linux"):
        try:
            if len(os.listdir("/proc/self/task")) == 1:
                return "fork"
        except OSError:
            pass
    return "spawn"


def _extract_many(
    missing: Sequence[tuple[Found, str, int]],
    limits: Limits,
    pool: Any,
    workers: int,
    specs: Sequence[tuple[str, Mapping[str, Any]]],
    restated: Restated,
) -> Iterator[tuple[dict[str, Any], dict[str, dict[str, Any]] | None]]:
    """Each document's text and what it shows of each requirement, in the order of `missing`, as they
    come, so caching overlaps with extraction."""
    from servex.plugins.documents import _prematch

    paths = [str(found.path) for found, _s, _z in missing]
    languages = [_manifest_language(found) for found, _s, _z in missing]
    if pool is None or len(paths) < PARALLEL_MIN:
        _prematch.init_worker(specs, restated)
        yield from (_prematch.extract_and_match(p, limits, lang) for p, lang in zip(paths, languages, strict=True))
        return
    # small chunks: a worker left with the last big chunk kept the run waiting while the other sat idle
    chunk = max(1, min(4, len(paths) // (workers * 16)))
    yield from pool.map(_prematch.extract_and_match, paths, [limits] * len(paths), languages, chunksize=chunk)


def _manifest_language(found: Found) -> str | None:
    return str(found.meta["language"]) if found.meta.get("language") else None


def _language(found: Found, text: Extracted) -> str:
    """The language the evaluator matches in (as `build_item` records it)."""
    return str(found.meta.get("language") or text.meta.get("language") or "en")


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    config = ctx.config
    # The manifest may lower a limit, never raise it above the setting: the folder is untrusted.
    ceiling_unzipped, ceiling_file = input_limit("SERVEX_MAX_UNZIPPED_MB"), input_limit("SERVEX_MAX_DOCUMENT_MB")
    limits = Limits(
        max_chars=int(config.get("max_text_chars", 2_000_000)),
        max_unzipped=min(ceiling_unzipped, int(float(config.get("max_unzipped_mb", 256)) * _MB)),
        max_pdf_inflated=input_limit("SERVEX_MAX_PDF_INFLATED_MB"),
        max_xml_elements=input_limit("SERVEX_MAX_XML_ELEMENTS"),
    )
    max_bytes = min(ceiling_file, int(float(config.get("max_file_mb", 200)) * _MB))
    workers = int(config.get("workers", min(2, os.cpu_count() or 1)))
    documents = list(find_documents(ctx, NAME, [str(p) for p in config.get("exclude") or []]))
    if not documents:  # nothing to read: no cache to open (SQLite costs a small run's start-up)
        return
    from servex.plugins.documents._cache import TextCache

    cache = TextCache(ctx.cache_dir, limits)
    hashed: list[tuple[Found, str, int]] = []
    for found in documents:
        try:
            size = found.path.stat().st_size
            if size > max_bytes:
                ctx.error(
                    f"{size / _MB:.0f} MB is over the {max_bytes / _MB:.0f} MB document limit; ignored",
                    file=found.rel,
                )
                continue
            hashed.append((found, sha256_file(found.path), size))
        except OSError as exc:
            ctx.error(f"cannot be read ({exc.strerror or exc})", file=found.rel)
    stored = cache.get_many([sha for _f, sha, _z in hashed])
    ready = [(found, sha, size, stored[sha]) for found, sha, size in hashed if sha in stored]
    # largest first: the run ends when the last worker finishes, and a big file handed out last kept one
    # worker busy while the other sat idle (the order of the items is set by their paths, further down)
    missing = sorted(((f, sha, z) for f, sha, z in hashed if sha not in stored), key=lambda e: -e[2])
    from servex.plugins.documents._matchcache import DocumentText, MatchStore

    matches = MatchStore(ctx.cache_dir)  # what each text shows of each requirement, for the evaluator
    from servex.plugins.documents import _prematch

    specs = _prematch.document_specs(ctx.criteria_set, ctx.period.end.year)
    restated = Restated(ctx.criteria_set)
    # a text's matches hold for the set's wording they were blanked of (see ._restated)
    suffix = f"{cache.suffix}+{restated.digest}"
    blanked = _prematch.restated_key(restated)
    texts: dict[str, Extracted] = {}
    matched: set[str] = set()  #: hashes of the documents matched as they were extracted
    pool = _Pool(workers, specs, restated)  # started only when there is enough to do
    try:
        # new documents are matched where they are extracted; documents whose text was cached below
        for (found, sha, size), (result, shown) in zip(
            missing, _extract_many(missing, limits, pool.get(len(missing)), workers, specs, restated), strict=True
        ):
            cache.put(sha, result)
            ready.append((found, sha, size, result))
            if shown is not None:
                matched.add(sha)
                texts[sha] = Extracted.from_json(result["text"])
                lang = _language(found, texts[sha])
                # where it restates the set goes in a small row of its own: a warm run reads that row
                # for every document, and never needs the document's row of results (see _blanked)
                info = shown.pop(blanked, None)
                matches.put_document(matches.key(sha + suffix, lang), shown)
                if info is not None:
                    matches.put_document(_restated_row(matches, sha + suffix, lang), {blanked: info})
        cache.close()
        ready.sort(key=lambda entry: entry[0].rel)
        for _f, sha, _z, result in ready:
            if "error" not in result and sha not in texts:
                texts[sha] = Extracted.from_json(result["text"])
        docs = [
            (sha + suffix, _language(found, texts[sha]), texts[sha].segments)
            for found, sha, _z, _r in ready
            if sha in texts
        ]
        complete = _prematch.complete_key(docs, specs)
        if not matches.is_complete(complete):
            # a document matched as it was extracted lacks nothing: only the others are looked up
            earlier = [doc for doc in docs if doc[0][: len(doc[0]) - len(suffix)] not in matched]
            jobs = _prematch.pending(matches, earlier, specs)
            for doc_key, lang, contents in _prematch.run(jobs, pool.get(len(jobs))):
                row = matches.key(doc_key, lang)
                for wanted, content in contents:
                    matches.put(_restated_row(matches, doc_key, lang) if wanted == blanked else row, wanted, content)
            matches.mark_complete(complete)
        matches.flush()
    finally:
        cache.close()
        pool.shutdown()
    if cache.write_error:
        ctx.warn(cache.write_error)
    from servex.plugins.documents._own_output import OwnOutputs

    own = OwnOutputs(ctx.criteria_set)
    from servex.plugins.documents._owner import organisation_names, other_owner

    names = organisation_names(ctx.manifest)
    matches.preload(
        _restated_row(matches, sha + suffix, _language(f, texts[sha])) for f, sha, _z, _r in ready if sha in texts
    )
    # whose document a text is (servex's own output, another organisation's) is worked out once per text,
    # set and organisation and kept in the text's small row: a re-run reads it instead of scanning every
    # text again (a tenth of a warm run over 300 PDFs); MATCHER_VERSION covers it: bump it when _owner or
    # _own_output decide differently
    whose = "\0whose:" + hashlib.sha256(json.dumps([own.key, names]).encode()).hexdigest()[:16]
    items: list[EvidenceItem] = []
    for found, sha, size, result in ready:
        if "error" in result:
            ctx.error(f"no text extracted: {result['error']}", file=found.rel)
            continue
        text = texts[sha]
        lang = _language(found, text)
        row = _restated_row(matches, sha + suffix, lang)  # the text's small row (see _blanked)
        verdict = matches.get(row, whose)
        if not isinstance(verdict, dict) or not {"own", "owner"} <= verdict.keys():
            said = [segment for _locator, segment in text.segments]
            verdict = {"own": own.reason(said), "owner": other_owner(said, names)}
            matches.put(row, whose, verdict)
        reason, owner = verdict["own"], verdict["owner"]
        if reason is not None:
            ctx.warn(reason, file=found.rel)
            continue
        if owner is not None:  # another organisation's document (see _owner)
            ctx.warn(
                f"not used as evidence: it names {owner} as its owner and never names {names[0]}, so it says "
                f"what {owner} does (if {owner} is a name of yours, add it to `organisation: also_known_as:` in "
                "servex.yaml)",
                file=found.rel,
            )
            continue
        segments, titles = _blanked(matches, row, blanked, restated, text, lang)
        if titles >= own.needed > 0:
            ctx.warn(
                f"not used as evidence: it names {titles} {own.set_id} criteria by their titles, as a report, "
                "checklist or copy of the criteria does, and a list of what is assessed cannot prove the "
                "practices (move it out of the folder, or list it under the documents source's `exclude`)",
                file=found.rel,
            )
            continue
        if segments is not text.segments:
            ctx.warn(_restated_warning(text.segments, segments, ctx), file=found.rel)
        if text.truncated:
            ctx.warn(f"only the first {limits.max_chars:,} characters are searched (text limit)", file=found.rel)
        if not text.segments:
            ctx.warn("no text found (a scanned image without OCR?); only its tags can match", file=found.rel)
        item = build_item(found, NAME, sha, size, text, ctx.collected_at)
        items.append(replace(item, payload=DocumentText(segments, matches, sha + suffix)))
    matches.flush()  # what was found of restated passages just now (see _blanked)
    yield from items


def _restated_row(matches: Any, document: str, lang: str) -> str:
    """The store's row for where a text restates the set (apart from its results: see collect)."""
    return str(matches.key(document + "\0restated", lang))


def _blanked(
    matches: Any, row: str, blanked: str, restated: Restated, text: Extracted, lang: str
) -> tuple[tuple[tuple[str, str], ...], int]:
    """The text's segments with the passages restating the set blanked, as matching saw them (the same
    tuple when there are none), and how many of the set's criteria the text names by their titles: from
    the store where matching recorded them, else found now (a set with no document requirement to match
    still must not let its wording reach another requirement type)."""
    if restated.empty:
        return text.segments, 0
    found = matches.get(row, blanked)
    spans = found.get("spans") if isinstance(found, dict) else None
    named = found.get("named") if isinstance(found, dict) else None
    if not isinstance(spans, list) or not isinstance(named, list):
        from servex.plugins.documents._match import DocIndex

        index = DocIndex.build(text.segments, lang, restated)
        spans, named = index.restated_spans, sorted(index.restated_named)
        matches.put(row, blanked, {"spans": spans, "named": named})
    return (blank_segments(text.segments, spans) if spans else text.segments), len(named)


def _restated_warning(raw: Sequence[tuple[str, str]], blanked: Sequence[tuple[str, str]], ctx: CollectContext) -> str:
    changed = [locator for (locator, before), (_l, after) in zip(raw, blanked, strict=True) if before != after]
    where = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    set_id = str(getattr(ctx.criteria_set, "id", "") or "the criteria set")
    return (
        f"passages restating {set_id}'s own wording are not read as evidence ({where}): a requirement "
        "copied into a document says what is asked, not what the organisation does"
    )
