"""Read survey-tool exports (one row per submission) into responses in the YAML answers shape.

Kobo/ODK XLSX exports name columns after the XLSForm fields we exported (group paths joined by `/`);
Microsoft Forms, Google Forms and LimeSurvey CSV exports name them after the question text, so the
manifest maps headers to questions. Rows are numbered as a spreadsheet shows them (header = row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from servex import CollectContext, input_limit
from servex.plugins.questionnaires._coerce import match_role, norm, parse_date, to_value
from servex.plugins.questionnaires._fields import Item, select
from servex.plugins.questionnaires._xlsform import SET_FIELD, VERSION_FIELD

__all__ = ["Table", "read_table", "responses_from_table"]

_US = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%Y/%m/%d %I:%M:%S %p")
_FORMATS: dict[str, dict[str, Any]] = {
    "msforms": {
        "meta": {"id", "start time", "completion time", "email", "name", "last modified time"},
        "id": "ID",
        "date": "Completion time",
        "dates": _US,
        "sep": ";",
    },
    "googleforms": {
        "meta": {"timestamp", "email address", "horodateur", "adresse e-mail", "score"},
        "id": None,
        "date": "Timestamp",
        "dates": (*_US, "%d/%m/%Y %H:%M:%S"),
        "sep": ",;",
    },
    "limesurvey": {
        "meta": {
            "id",
            "response id",
            "submitdate",
            "date submitted",
            "lastpage",
            "last page",
            "startlanguage",
            "start language",
            "seed",
            "startdate",
            "date started",
            "datestamp",
            "date last action",
            "token",
            "ipaddr",
            "refurl",
        },
        "id": "id",
        "date": "submitdate",
        "dates": ("%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M"),
        "sep": ";,",
    },
    "xlsform": {
        "meta": {
            "start",
            "end",
            "today",
            "deviceid",
            "username",
            "__version__",
            "instanceid",
            "formhub/uuid",
            "submissiondate",
            "key",
            "submitterid",
            "submittername",
            "attachmentspresent",
            "attachmentsexpected",
            "status",
            "reviewstate",
            "edits",
            "formversion",
        },
        "id": "_uuid",
        "date": "answered_at",
        "dates": (),
        "sep": " ",
    },
    "csv": {"meta": set(), "id": None, "date": None, "dates": _US, "sep": ";,"},
}


_MAX_RATIO = 200  # office XML compresses 5-50x; hundreds or thousands means a bomb
_RATIO_FLOOR = 1 << 20


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as a spreadsheet shows it, cells)


def _inflation(data: bytes) -> str:
    """Why the workbook must not be opened (a zip bomb), judged on the ZIP directory; empty when fine.

    openpyxl inflates whole sheet parts, so an answers export gets the same guard as a document: the
    declared sizes against SERVEX_MAX_UNZIPPED_MB, and every part's compression ratio.
    """
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return f"not a readable XLSX workbook: {exc}"
    limit = input_limit("SERVEX_MAX_UNZIPPED_MB")
    total = sum(info.file_size for info in infos)
    if total > limit:
        return f"it would inflate to {total:,} bytes (limit SERVEX_MAX_UNZIPPED_MB, {limit:,}); refused"
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
            return f"part {info.filename!r} is compressed more than {_MAX_RATIO}:1; refused as a possible zip bomb"
    return ""


def read_table(path: Path, data: bytes, rel: str, spec: Mapping[str, Any], ctx: CollectContext) -> Table | None:
    """Header and rows of a CSV or XLSX export; None (reported) when the file cannot be read at all."""
    max_rows = input_limit("SERVEX_MAX_ANSWER_ROWS")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        refused = _inflation(data)
        if refused:
            ctx.error(refused, file=rel)
            return None
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged workbook
            ctx.error(f"not a readable XLSX workbook: {exc}", file=rel)
            return None
        try:
            name = spec.get("sheet") or ("data" if "data" in book.sheetnames else book.sheetnames[0])
            if name not in book.sheetnames:
                ctx.error(f"no sheet {name!r} (sheets: {', '.join(book.sheetnames)})", file=rel, field="sheet")
                return None
            cells = [list(r) for r in islice(book[name].iter_rows(values_only=True), max_rows + 2)]
        except Exception as exc:  # a damaged sheet part: this file's error only
            ctx.error(f"not a readable XLSX workbook: {exc}", file=rel)
            return None
        finally:
            book.close()
    else:
        try:
            text = data.decode(str(spec.get("encoding") or "utf-8-sig"))
        except (UnicodeDecodeError, LookupError) as exc:
            ctx.error(f"cannot decode the CSV export: {exc}; set `encoding` in the manifest", file=rel)
            return None
        delimiter = spec.get("delimiter")
        if delimiter is None:
            first = text.split("\n", 1)[0]
            delimiter = max(",;\t", key=first.count)
        try:
            cells = [list(r) for r in islice(csv.reader(io.StringIO(text), delimiter=delimiter), max_rows + 2)]
        except csv.Error as exc:
            ctx.error(f"not a readable CSV export: {exc}", file=rel)
            return None
    if not cells or not any(cells[0]):
        ctx.error("the export has no header row", file=rel)
        return None
    if len(cells) > max_rows + 1:
        ctx.error(f"more than {max_rows:,} rows (limit SERVEX_MAX_ANSWER_ROWS); the export is ignored", file=rel)
        return None
    headers = ["" if h is None else str(h).strip() for h in cells[0]]
    rows = [(n, row) for n, row in enumerate(cells[1:], start=2) if any(v not in (None, "") for v in row)]
    return Table(headers, rows)


def _targets(table: Table, rel: str, spec: Mapping[str, Any], ctx: CollectContext) -> dict[int, Any]:
    """Column index -> an Item, or a respondent field name ('role', 'name', 'date', 'id', 'set', 'version')."""
    fmt = _FORMATS[str(spec["format"])]
    items = select(ctx.criteria_set)
    by_key = {item.key: item for item in items}
    known = {norm(t): item for item in items for t in item.question.text.values()}
    known |= {norm(item.key): item for item in items} | {norm(item.name): item for item in items}
    mapping = {norm(k): str(v) for k, v in (spec.get("mapping") or {}).items()}
    for header, key in (spec.get("mapping") or {}).items():
        if key not in by_key:
            ctx.warn(
                f"mapping of {header!r} names no question {key!r} of {ctx.criteria_set.id}",
                file=rel,
                field=f"mapping.{header}",
            )
    special = {norm(spec.get("respondent") or "respondent_name"): "name", norm(spec.get("date") or fmt["date"]): "date"}
    special |= {norm(spec.get("role_column") or "role"): "role", norm(SET_FIELD): "set", norm(VERSION_FIELD): "version"}
    if fmt["id"]:
        special.setdefault(norm(fmt["id"]), "id")
    ignored = fmt["meta"] | {norm(h) for h in spec.get("ignore") or []}
    out: dict[int, Any] = {}
    kobo = spec["format"] == "xlsform"
    for index, header in enumerate(table.headers):
        key = norm(header)
        # Kobo joins group paths with "/", ODK Central's CSV with "-"; our field names contain neither.
        last = re.split(r"[/-]", key)[-1] if kobo else key
        if key in mapping:
            target = by_key.get(mapping[key])
            if target is not None:
                out[index] = target
        elif last in special or key in special:
            out[index] = special.get(last) or special[key]
        elif last in known or key in known:
            out[index] = known.get(last) or known[key]
        elif not header or key in ignored or last in ignored or (kobo and (last.startswith("_") or "/" in key)):
            continue  # tool metadata, Kobo's per-choice columns of a select_multiple, blank headers
        else:
            ctx.warn(
                f"column {header!r} is not mapped to a question; add it to `mapping` (or `ignore`)",
                file=rel,
                field=header,
            )
    return out


def responses_from_table(table: Table, rel: str, spec: Mapping[str, Any], ctx: CollectContext) -> list[Any]:
    fmt = _FORMATS[str(spec["format"])]
    targets = _targets(table, rel, spec, ctx)
    formats = (spec["date_format"],) if spec.get("date_format") else fmt["dates"]
    values = {str(k): str(v) for k, v in (spec.get("values") or {}).items()}
    responses: list[Any] = []
    for number, row in table.rows:
        who: dict[str, Any] = {"role": spec.get("role")}
        answers: dict[str, dict[str, Any]] = {}
        date, skip = str(spec.get("answered_at") or ""), False  # one date for a whole undated export
        for index, target in targets.items():
            raw = row[index] if index < len(row) else None
            if isinstance(target, Item):
                value = to_value(target.question, raw, values, fmt["sep"])
                if value is not None:
                    answers.setdefault(target.criterion.id, {})[target.question.id] = value
            elif target == "role" and not spec.get("role"):
                who["role"] = match_role(raw) or raw
            elif target in ("name", "id") and raw not in (None, ""):
                who[target] = str(raw).strip()
            elif target == "date" and raw not in (None, ""):
                date = parse_date(raw, formats) or ""
                if not date:
                    date = str(raw)  # kept as written: the response is then refused for it, by name
                    ctx.warn(
                        f"row {number}: unreadable date {raw!r} in column {table.headers[index]!r}; "
                        "set `date_format` in the manifest",
                        file=rel,
                        line=number,
                        field=table.headers[index],
                    )
            elif target == "set" and raw not in (None, "", ctx.criteria_set.id):
                ctx.warn(
                    f"row {number} answers criteria set {raw!r}, not {ctx.criteria_set.id!r}; ignored",
                    file=rel,
                    line=number,
                    field=SET_FIELD,
                )
                skip = True
            elif target == "version" and raw not in (None, "", ctx.criteria_set.version):
                ctx.warn(
                    f"row {number} was answered to version {raw} of the questions; this set is "
                    f"{ctx.criteria_set.version}",
                    file=rel,
                    line=number,
                    field=VERSION_FIELD,
                )
        if skip:
            continue
        rid = who.get("name") or who.get("id") or f"row-{number}"
        responses.append(
            {
                "_row": number,
                "respondent": {"id": rid, "name": who.get("name") or rid, "role": who["role"]},
                "answered_at": date,
                "answers": answers,
            }
        )
    return responses
