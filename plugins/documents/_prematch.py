"""Match every document against every `document` requirement of the set while collecting, in parallel.

The evaluator is called one requirement at a time in one process; matching there left one core idle
after a parallel extraction and built each document's index in the main process. The collector knows
the criteria set, so it matches each document not yet in the match cache against all the set's document
requirements at once, in the same kind of worker pool as extraction (one index per document, built in
the worker that matches it). The evaluator then finds every result in the store (:mod:`._matchcache`);
anything not matched here (a parameter only the engine resolves) it matches itself, with the same code,
so the outcome never depends on which of the two did it.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from servex.plugins.documents._extract import Limits, extract
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._lexicon import Lexicon
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._matchcache import MatchStore
from servex.plugins.documents._model import Extracted
from servex.plugins.documents._restated import Restated

__all__ = [
    "Job",
    "complete_key",
    "document_specs",
    "extract_and_match",
    "init_worker",
    "match_document",
    "pending",
    "restated_entry",
    "restated_key",
    "start_worker",
]

#: (document key, language, segments, [(requirement key, params)])
Job = tuple[str, str, tuple[tuple[str, str], ...], list[tuple[str, Mapping[str, Any]]]]
#: what a worker matches each newly extracted document against (set once per worker: see init_worker)
_WANTED: list[tuple[str, Mapping[str, Any]]] = []
#: the set's own wording, blanked in every document before matching (see init_worker and ._restated)
_RESTATED: list[Restated] = []


def document_specs(criteria_set: Any, horizon: int | None = None) -> list[tuple[str, Mapping[str, Any]]]:
    """(content key, params) of each distinct `document` requirement that names content; `horizon`, the
    period's last year, goes with the params (see Spec.horizon)."""
    found: dict[str, Mapping[str, Any]] = {}
    for criterion in getattr(criteria_set, "criteria", ()) or ():
        for requirement in criterion.evidence:
            if requirement.type != "document":
                continue
            params = {**requirement.params, "_horizon": horizon}
            try:
                if not Spec.parse(params).has_content:
                    continue
            except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                continue  # a `{param: ...}` value only the engine resolves: the evaluator matches it
            found.setdefault(Spec.content_key(params), params)
    return sorted(found.items())


def pending(
    store: MatchStore, docs: Sequence[tuple[str, str, tuple[tuple[str, str], ...]]], specs: Sequence[Any]
) -> list[Job]:
    """One job per document that lacks a result for some requirement (with just those requirements)."""
    keys = [store.key(doc_key, lang) for doc_key, lang, _s in docs]
    store.preload(keys)
    wanted = [name for name, _p in specs]
    params = dict(specs)
    jobs: list[Job] = []
    for key, (doc_key, lang, segments) in zip(keys, docs, strict=True):
        missing = store.missing(key, wanted)
        if missing:
            jobs.append((doc_key, lang, segments, [(name, params[name]) for name in missing]))
    return jobs


def complete_key(docs: Sequence[tuple[str, str, tuple[tuple[str, str], ...]]], specs: Sequence[Any]) -> str:
    """Names these documents (text key, language) and requirements together, for the store's record that
    every pair was matched: a re-run on the same folder and set then asks for none of them one by one."""
    digest = hashlib.sha256()
    for doc_key, lang, _segments in sorted(docs, key=lambda doc: doc[:2]):
        digest.update(f"{doc_key}\0{lang}\n".encode())
    digest.update(b"\1")
    for wanted, _params in specs:
        digest.update(wanted.encode() + b"\n")
    return digest.hexdigest()


def match_document(job: Job) -> tuple[str, str, list[tuple[str, dict[str, Any]]]]:
    """In a worker: the document's index, built once, matched against each requirement; with the set's
    restated passages blanked first, and where they were as one more entry (see :func:`restated_entry`)."""
    doc_key, lang, segments, specs = job
    with _no_gc():
        # the indexes go with _matched's frame, before the collector is back on: what they hold is freed
        # by reference counting, and the collection that follows no longer walks all of it (a tenth of
        # the matching time, when the last reference went after it)
        out = _matched(segments, lang, specs, _RESTATED[0] if _RESTATED else None)
    return doc_key, lang, out


def _matched(
    segments: tuple[tuple[str, str], ...],
    lang: str,
    specs: Sequence[tuple[str, Mapping[str, Any]]],
    restated: Restated | None,
) -> list[tuple[str, dict[str, Any]]]:
    parsed = [(wanted, _spec(wanted, params)) for wanted, params in specs]
    horizon = parsed[0][1].horizon if parsed else None  # the run's: the same in every spec
    lexicon = _lexicon(lang)
    index = DocIndex.build(segments, lang, restated, horizon=horizon, lexicon=lexicon)
    # the other readings (a plan decided in minutes, or every plan kept), built for the first spec that asks
    other: dict[str, DocIndex] = {}

    def index_for(spec: Spec) -> DocIndex:
        reads = spec.reads
        if index.serves(reads):
            return index
        if reads not in other:
            other[reads] = DocIndex.build(
                segments,
                lang,
                restated,
                plans=reads == "plans",
                decisions=reads == "decisions",
                horizon=horizon,
                lexicon=lexicon,
            )
        return other[reads]

    out = [(wanted, content_of(index_for(spec), spec).to_json()) for wanted, spec in parsed]
    if restated is not None:
        out.append(restated_entry(restated, index.restated_spans, index.restated_named))
    return out


def restated_entry(restated: Restated, spans: list[list[int]], named: set[str]) -> tuple[str, dict[str, Any]]:
    """The match store's entry for where a document restates the set, and which criteria it names by
    title: the collector blanks the same passages in the text it hands the evaluator, warns about them,
    and leaves out a document that lists the criteria, without searching again."""
    return restated_key(restated), {"spans": spans, "named": sorted(named)}


def restated_key(restated: Restated) -> str:
    return f"restated@{restated.digest}"


@contextmanager
def _no_gc() -> Iterator[None]:
    """Matching makes hundreds of thousands of small objects (places, hits, memo keys), none in a cycle:
    the cyclic collector ran over them again and again and took a third of the matching time. Whatever
    they hold is freed by reference counting when the index goes; the collector resumes afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_SPECS: dict[str, Spec] = {}


def _spec(wanted: str, params: Mapping[str, Any]) -> Spec:
    """A requirement parsed once per process, not once per document (`wanted` is its content key)."""
    spec = _SPECS.get(wanted)
    if spec is None:
        spec = _SPECS[wanted] = Spec.parse(params)
    return spec


_LEXICONS: dict[tuple[int, str], Lexicon] = {}


def _lexicon(lang: str) -> Lexicon:
    """The words of every term of the requirements parsed so far (see :mod:`._lexicon`), made again only
    when a requirement is added: one set's in a run, all the same for each document."""
    key = (len(_SPECS), lang)
    found = _LEXICONS.get(key)
    if found is None:
        terms = [term for spec in _SPECS.values() for term in (*spec.all, *spec.any, *(spec.near or ())[:2])]
        found = _LEXICONS[key] = Lexicon(dict.fromkeys(terms), lang)
    return found


def init_worker(specs: Sequence[tuple[str, Mapping[str, Any]]], restated: Restated | None = None) -> None:
    """The set's requirements, which :func:`extract_and_match` matches each document against, and its own
    wording, blanked in each document first."""
    _WANTED[:] = specs
    _RESTATED[:] = [restated] if restated is not None else []


def start_worker(specs: Sequence[tuple[str, Mapping[str, Any]]], restated: Restated | None = None) -> None:
    """Pool initializer: the set's requirements reach each worker once, not with every document; and the
    worker's C heap keeps what it frees for the next page.

    PDFium builds each page's text in a fresh array of a few hundred kilobytes and frees it with the
    page; glibc handed that memory back to the kernel every time and took it again for the next page,
    and the page faults cost a tenth of extraction's CPU (system time). A worker reads one document after
    another until the run ends, so keeping 16 MB at the top of its heap is all the change takes.
    """
    init_worker(specs, restated)
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_TOP_PAD, 16 << 20)
    except (OSError, AttributeError):  # not glibc (musl, macOS): the default behaviour, only slower
        pass


_M_TOP_PAD = -2  #: glibc's mallopt parameter number for M_TOP_PAD


def extract_and_match(
    path: str, limits: Limits, language: str | None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]] | None]:
    """In a worker: a document's text (as :func:`._extract.extract` gives it) and, when it has text, what it
    shows of each requirement, matched in the language the evaluator uses (`language`, the manifest's,
    else the one detected), by requirement. One task per document: its text crosses to the collector
    once, and matching overlaps the other worker's extraction instead of waiting for every document to
    be read."""
    with _no_gc():
        result = extract(path, limits)
        if "text" not in result or not _WANTED:
            return result, None
        text = Extracted.from_json(result["text"])
        lang = str(language or text.meta.get("language") or "en")
        return result, dict(match_document(("", lang, text.segments, _WANTED))[2])


def run(jobs: Sequence[Job], pool: Any) -> Iterator[tuple[str, str, list[tuple[str, dict[str, Any]]]]]:
    """Results as they come, from `pool` (an executor) or in-process when there is none."""
    if pool is None:
        yield from (match_document(job) for job in jobs)
    else:
        yield from pool.map(match_document, jobs, chunksize=max(1, min(8, len(jobs) // 16)))
