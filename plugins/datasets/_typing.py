"""SQL that reads one raw text column as its canonical type (timestamp, number, yes/no, category).

Every expression yields NULL for a value it cannot read, and `bad_sql` tells such a value apart from
an empty one, so the conversion can count and cite bad values without a second pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from servex.plugins.datasets._dates import formats_for
from servex.plugins.datasets._fields import SCALES

__all__ = [
    "FALSE_WORDS", "NULL_MARKERS", "TRUE_WORDS", "bad_sql", "best_first", "clean_sql", "lit", "normalise", "q",
    "scale_of", "scale_sql", "typed_sql",
]

_OFFSET = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$"
#: yes and no as exports write them (English, French, German), compared in lower case
TRUE_WORDS = _TRUE = ("true", "yes", "y", "1", "1.0", "t", "oui", "o", "vrai", "x", "ja", "j", "wahr")
FALSE_WORDS = _FALSE = ("false", "no", "n", "0", "0.0", "f", "non", "faux", "nein", "falsch")
#: Cells that mean "no value" in common exports (compared case-insensitively; empty cells always are). Kept
#: short: the typed CSV reader compares every cell with every spelling of every marker (see
#: _conversion.MARKER_LIKE for the others, which a refusal names and `null_values` adds).
NULL_MARKERS = ("NA", "N/A", "-")


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def normalise(value: str) -> str:
    """A category as compared: no accents, lower case, single spaces ("  Téléphone " == "telephone").
    Python twin of the SQL in `typed_sql`, used for values written in criteria and manifests."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def clean_sql(column: str, nulls: Sequence[str], padded_only: bool = False) -> str:
    """The trimmed text, NULL when empty or a null marker.

    `padded_only`: the reader already took empty cells and the exact markers as NULL (see _native), so
    only a value with a space at either end still needs the work."""
    markers = ", ".join(lit(m.strip().lower()) for m in nulls if m.strip())
    trimmed = f"trim({column})"
    full = (
        f"CASE WHEN lower({trimmed}) IN ({markers}) THEN NULL ELSE NULLIF({trimmed}, '') END"
        if markers
        else f"NULLIF({trimmed}, '')"
    )
    if padded_only:
        return f"CASE WHEN starts_with({column}, ' ') OR ends_with({column}, ' ') THEN {full} ELSE {column} END"
    return full


#: month names as English, French and German exports write them (lower case, no accents, no dot)
_MONTHS = {
    1: ("january", "jan", "janvier", "janv", "januar", "janner"),
    2: ("february", "feb", "fevrier", "fevr", "fev", "februar"),
    3: ("march", "mar", "mars", "marz", "mrz"),
    4: ("april", "apr", "avril", "avr"),
    5: ("may", "mai"),
    6: ("june", "jun", "juin", "juni"),
    7: ("july", "jul", "juillet", "juil", "juli"),
    8: ("august", "aug", "aout"),
    9: ("september", "sep", "sept", "septembre"),
    10: ("october", "oct", "octobre", "oktober", "okt"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "decembre", "dezember", "dez"),
}
_MONTH_YEAR = "^([a-z]+)\\.?[ -]?(\\d{4}|\\d{2})$"


def _named_month(value: str) -> str:
    """SQL: the first of the month a "Januar 2025", "févr. 2025" or "Mrz-25" names (aggregate exports from
    French and German systems; strptime's %b and %B know English names only); NULL for anything else."""
    plain = f"lower(strip_accents({value}))"
    pairs = ", ".join(f"{lit(name)}: {month}" for month, names in _MONTHS.items() for name in names)
    name, digits = (f"regexp_extract({plain}, {lit(_MONTH_YEAR)}, {i})" for i in (1, 2))
    year = f"(CAST(NULLIF({digits}, '') AS BIGINT) + CASE WHEN length({digits}) = 2 THEN 2000 ELSE 0 END)"
    return f"make_timestamp({year}, MAP {{{pairs}}}[{name}], 1, 0, 0, 0)"


def _timestamp(column: str, spec: Mapping[str, Any], order: str, nulls: Sequence[str] | None) -> str:
    value = column if nulls is None else clean_sql(column, nulls)
    tz = spec.get("timezone") or "UTC"
    local = (lambda e: e) if tz == "UTC" else (lambda e: f"CAST(timezone({lit(tz)}, {e}) AS TIMESTAMP)")
    fmt = spec.get("date_format")
    if fmt:
        parsed = f"try_strptime({value}, {lit(fmt)})"
        return f"CAST({parsed} AS TIMESTAMP)" if "%z" in fmt or "%Z" in fmt else local(parsed)
    formats = "[" + ", ".join(lit(f) for f in formats_for(order)) + "]"
    if tz == "UTC":
        # The session zone is UTC, so one cast reads ISO timestamps with and without an offset; the
        # slower trimming and format guessing only run where it failed (COALESCE is lazy).
        tstz = "CAST(TRY_CAST({} AS TIMESTAMPTZ) AS TIMESTAMP)"
        slow = f"COALESCE({tstz.format(value)}, try_strptime({value}, {formats}), {_named_month(value)})"
        return f"COALESCE({tstz.format(column)}, {slow})"
    naive = f"COALESCE(TRY_CAST({value} AS TIMESTAMP), try_strptime({value}, {formats}), {_named_month(value)})"
    return (
        f"CASE WHEN regexp_matches({value}, {lit(_OFFSET)})"
        f" THEN CAST(TRY_CAST({value} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE {local(naive)} END"
    )


def _category(value: str, mapping: Mapping[str, Any]) -> str:
    # Most exports already write categories in lower-case ASCII: one cheap match spares them the
    # accent stripping and whitespace regex (which would leave them unchanged).
    norm = (
        f"(CASE WHEN regexp_full_match({value}, '[a-z0-9_.-]*') THEN {value} "
        f"ELSE lower(regexp_replace(strip_accents({value}), '\\s+', ' ', 'g')) END)"
    )
    if not mapping:
        return norm
    cases = " ".join(
        f"WHEN {lit(normalise(k))} THEN {lit(normalise(str(v)))}" for k, v in sorted(mapping.items())
    )
    return f"(CASE {norm} {cases} ELSE {norm} END)"


def typed_sql(
    name: str,
    kind: str,
    column: str,
    spec: Mapping[str, Any],
    order: str = "month_first",
    cleaned: bool = False,
    scaled: bool = True,
) -> str:
    """SQL reading the raw text `column` as the canonical type; NULL when it cannot be read.

    `cleaned`: the column is already trimmed with null markers as NULL (see `clean_sql`), as in the
    conversion, which cleans each column once; `scaled=False` leaves the scale check to the caller."""
    nulls = None if cleaned else spec.get("null_values", NULL_MARKERS)
    if nulls is not None and kind in ("ts", "num", "bool") and tuple(nulls) == NULL_MARKERS:
        nulls = ()  # the default markers never read as a date, number or yes/no: only trim (faster)
    if kind == "ts":
        return _timestamp(column, spec, order, nulls)
    value = column if nulls is None else clean_sql(column, nulls)
    if kind == "bool":
        low = f"lower({value})"
        return (
            f"CASE WHEN {low} IN ({', '.join(map(lit, _TRUE))}) THEN true "
            f"WHEN {low} IN ({', '.join(map(lit, _FALSE))}) THEN false END"
        )
    if kind == "num":
        # the untouched column first: most values are plain numbers, and COALESCE is lazy
        first = column if not nulls else value
        # a comma is a decimal mark unless the column's values settled it as a thousands separator (_numbers)
        comma = "''" if order == "thousands_comma" else "'.'"
        number = f"COALESCE(TRY_CAST({first} AS DOUBLE), TRY_CAST(replace({value}, ',', {comma}) AS DOUBLE)"
        # thousands grouped by a space, as French and German exports write them ("14 007", "1 234,5", often a
        # no-break space): a space is never a decimal mark, so the groups are joined and the rest read as above
        grouped = f"regexp_full_match({value}, '{_SPACED}')"
        joined = f"replace(regexp_replace({value}, '[ \u00a0\u202f]', '', 'g'), ',', '.')"
        number += f", CASE WHEN {grouped} THEN TRY_CAST({joined} AS DOUBLE) END)"
        if name.endswith("_seconds"):  # a duration as telephony exports write it: hours:minutes:seconds
            clock = f"regexp_full_match({value}, '{_CLOCK}')"
            number = f"COALESCE({number}, CASE WHEN {clock} THEN epoch(TRY_CAST({value} AS INTERVAL)) END)"
        if order == "decimal_comma":  # the comma is the decimal mark: a dot groups thousands ("1.234,5")
            dotted = f"regexp_full_match({value}, '{_DOTTED}')"
            number = f"COALESCE(CASE WHEN {dotted} THEN TRY_CAST({_joined_dots(value)} AS DOUBLE) END, {number})"
        if name == "satisfaction_score":  # Zendesk legacy CSAT is good/bad, shown as the ends of 1-5
            verdict = f"CASE lower({value}) WHEN 'good' THEN 5.0 WHEN 'bad' THEN 1.0 END"
            number = f"COALESCE({number}, {verdict})"
        return scale_sql(name, number, spec) if scaled else number
    if kind == "cat":
        return _category(value, (spec.get("values") or {}).get(name) or {})
    return value


#: a duration written hours:minutes:seconds ("00:17:05", "01:02:03.5"), as call-centre systems export waits;
#: "17:05" alone (minutes and seconds, or hours and minutes?) is not read
_CLOCK = "\\d{1,3}:[0-5]\\d:[0-5]\\d(\\.\\d+)?"

#: a number whose thousands are grouped by dots, as where the comma is the decimal mark
_DOTTED = "[-+]?\\d{1,3}(\\.\\d{3})+(,\\d+)?"


def _joined_dots(value: str) -> str:
    """SQL: the number with its dot groups joined and its decimal comma a point."""
    return f"replace(replace({value}, '.', ''), ',', '.')"


#: a number whose thousands are grouped by spaces (a plain, no-break or narrow no-break space)
_SPACED = "[-+]?\\d{1,3}([ \u00a0\u202f]\\d{3})+([.,]\\d+)?"


def scale_sql(name: str, number: str, spec: Mapping[str, Any]) -> str:
    """A score outside its scale is a bad value, not a very good or very bad one. On a scale declared
    best-first (`[5, 1]`: 1 is the best answer, as German school grades) each answer is turned round,
    so that higher is better wherever servex reads it (top boxes, means, NPS)."""
    scale = scale_of(name, spec)
    if scale is None:
        return number
    kept = f"({scale[0] + scale[1]} - {number})" if best_first(name, spec) else number
    return f"(CASE WHEN {number} BETWEEN {scale[0]} AND {scale[1]} THEN {kept} END)"


def _declared_scale(name: str, spec: Mapping[str, Any]) -> tuple[int, int] | None:
    declared = (spec.get("scales") or {}).get(name)
    if declared is None and name in (spec.get("scores") or {}):
        declared = spec["scores"][name]["scale"]
    return (int(declared[0]), int(declared[1])) if declared is not None else None


def scale_of(name: str, spec: Mapping[str, Any]) -> tuple[int, int] | None:
    """The scale, lowest and highest answer, a file's entry declares for a score field (`scales:`, or a
    `scores:` item's own), else the canonical field's default; None for a field that is not a score."""
    declared = _declared_scale(name, spec)
    if declared is not None:
        return min(declared), max(declared)
    return SCALES.get(name)


def best_first(name: str, spec: Mapping[str, Any]) -> bool:
    """Whether the file declares the score's scale best answer first (`[5, 1]`)."""
    declared = _declared_scale(name, spec)
    return declared is not None and declared[0] > declared[1]


def bad_sql(name: str, parsed: str, raw: str, spec: Mapping[str, Any], cleaned: bool = False) -> str:
    """A value was there (not blank, not a null marker) but could not be read."""
    value = raw if cleaned else clean_sql(raw, spec.get("null_values", NULL_MARKERS))
    test = f"{parsed} IS NULL AND {value} IS NOT NULL"
    if name == "satisfaction_score":  # Zendesk marks surveys never answered: missing data, not bad data
        test += f" AND lower({value}) NOT IN ('offered', 'unoffered', 'not offered')"
    return test
