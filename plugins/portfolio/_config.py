"""The portfolio file: which evidence folders to assess, with which shared criteria and options, and where
the results go.

Every path in it is relative to the portfolio file itself, so a portfolio and its sites can be moved or
checked out anywhere and mean the same thing. A mistake is one located line (exit 3) before any site
runs: a batch of a hundred sites must not start, half-run and then stop on a typo.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import InvalidInputError, Problem, YamlDoc, parse_yaml, read_input

__all__ = ["REPORT_FORMATS", "Portfolio", "load_portfolio"]

REPORT_FORMATS = ("html", "pdf", "csv")
_FAIL_ON = ("not_met", "partially_met", "error", "never")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sites"],
    "properties": {
        "sites": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "criteria": {
            "oneOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            ]
        },
        "lang": {"enum": ["en", "fr"]},
        "fail_on": {"enum": list(_FAIL_ON)},
        "offline": {"type": "boolean"},
        "cache_dir": {"type": "string", "minLength": 1},
        "output": {"type": "string", "minLength": 1},
        "reports": {"type": "array", "items": {"enum": list(REPORT_FORMATS)}, "uniqueItems": True},
        "report_lang": {"enum": ["en", "fr", "de"]},
    },
}


@dataclass(frozen=True)
class Site:
    name: str  #: the folder's name: its result is `<output>/<name>.json`
    path: Path


@dataclass(frozen=True)
class Portfolio:
    file: Path
    sites: tuple[Site, ...]
    criteria: tuple[str, ...] = ()  #: ids, or set files resolved against the portfolio file
    lang: str | None = None
    fail_on: str = "not_met"
    offline: bool = False
    cache_dir: Path | None = None
    output: Path = Path("results")
    reports: tuple[str, ...] = REPORT_FORMATS
    report_lang: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  #: what decides a result besides the evidence


def _first(problems: list[Problem]) -> InvalidInputError:
    """One line: the first problem in file order (the next run shows the next one)."""
    return InvalidInputError([min(problems, key=lambda p: (p.line or 0, p.column or 0, p.message))])


def _validate(doc: YamlDoc) -> None:
    import jsonschema
    from jsonschema.exceptions import best_match

    if not isinstance(doc.data, dict):
        raise InvalidInputError([doc.problem((), "a portfolio is a mapping with a 'sites' list")])
    error = best_match(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc.data))
    if error is None:
        return
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(doc.data) - set(SCHEMA["properties"]))
        key = extra[0] if extra else "?"
        message = f"unknown key {key!r} (allowed: {', '.join(SCHEMA['properties'])})"
        raise InvalidInputError([doc.problem((key,), message, key=True)])
    if error.validator == "required":
        raise InvalidInputError([doc.problem((), "missing required key 'sites' (evidence folders or globs)")])
    field_name = ".".join(str(p) for p in path) or "portfolio"
    raise InvalidInputError([doc.problem(path, f"{field_name}: {error.message}")])


def _criteria_refs(value: Any, base: Path) -> tuple[str, ...]:
    """Ids stay ids; a YAML file is resolved against the portfolio file, as every path in it is."""
    refs = [value] if isinstance(value, str) else list(value or [])
    return tuple(str((base / ref).resolve()) if _is_path(ref) else ref for ref in refs)


def _is_path(ref: str) -> bool:
    """As on the command line: a YAML suffix or a folder in it makes a file; anything else is an id."""
    return Path(ref).suffix in (".yaml", ".yml") or "/" in ref


def _sites(doc: YamlDoc, base: Path) -> tuple[Site, ...]:
    found: dict[str, Site] = {}
    for index, pattern in enumerate(doc.data["sites"]):
        if glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(str(base / pattern)) if Path(p).is_dir())
            if not matches:
                raise InvalidInputError([doc.problem(("sites", index), f"no evidence folder matches {pattern!r}")])
        else:
            folder = base / pattern
            if not folder.is_dir():
                raise InvalidInputError([doc.problem(("sites", index), f"evidence folder not found: {pattern!r}")])
            matches = [folder]
        for folder in matches:
            name = folder.resolve().name
            same = found.get(name)
            if same is not None and same.path.resolve() != folder.resolve():
                message = f"two sites are named {name!r} ({same.path} and {folder}); results are named by folder"
                raise InvalidInputError([doc.problem(("sites", index), message)])
            found[name] = Site(name, folder)
    return tuple(sorted(found.values(), key=lambda s: s.name))


def load_portfolio(path: Path) -> Portfolio:
    """Read and check the portfolio file; every error is one located line (exit 3)."""
    if not path.is_file():
        raise InvalidInputError([Problem(str(path), None, None, "portfolio file not found")])
    raw = read_input(path, str(path), "SERVEX_MAX_YAML_MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError([Problem(str(path), None, None, f"not UTF-8 text (at byte {exc.start})")]) from None
    doc = parse_yaml(text, str(path))
    _validate(doc)
    data = doc.data
    base = path.parent
    criteria = _criteria_refs(data.get("criteria"), base)
    for index, ref in enumerate(criteria):
        if Path(ref).is_absolute() and not Path(ref).is_file():
            where: tuple[str | int, ...] = ("criteria",) if isinstance(data["criteria"], str) else ("criteria", index)
            raise InvalidInputError([doc.problem(where, f"criteria set file not found: {ref}")])
    output = base / data.get("output", "results")
    sites = _sites(doc, base)
    for site in sites:  # the folder is evidence: results written into it would be read as evidence
        if output.resolve().is_relative_to(site.path.resolve()):
            at: tuple[str | int, ...] = ("output",) if "output" in data else ()
            raise InvalidInputError([doc.problem(at, f"output folder {output} is inside the site {site.path}")])
    cache_dir = base / data["cache_dir"] if data.get("cache_dir") else None
    options = {
        "criteria": list(criteria),
        "lang": data.get("lang"),
        "fail_on": data.get("fail_on", "not_met"),
        "offline": bool(data.get("offline", False)),
    }
    return Portfolio(
        file=path,
        sites=sites,
        criteria=criteria,
        lang=data.get("lang"),
        fail_on=data.get("fail_on", "not_met"),
        offline=bool(data.get("offline", False)),
        cache_dir=cache_dir,
        output=output,
        reports=tuple(data.get("reports", REPORT_FORMATS)),
        report_lang=data.get("report_lang"),
        options=options,
    )
