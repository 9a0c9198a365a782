"""`servex questionnaire export|fill`: put a criteria set's questions in front of people.

Export writes forms for tools organisations already use (KoboToolbox/ODK via XLSForm, a YAML file to
fill by hand, a printable HTML form); fill interviews one respondent in the terminal. Both produce
answers the questionnaires collector reads back under the same field names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from servex import CriteriaSet
    from servex.plugins.questionnaires._fields import Item

__all__ = ["questionnaire_group"]

_FORMATS = {".xlsx": "xlsform", ".yaml": "yaml", ".yml": "yaml", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def load_questions(
    ctx: click.Context, set_id: str, level: str | None, role: str | None
) -> tuple[CriteriaSet, list[Item]]:
    """The set and its selected questions; an unknown set, level or role is exit 3 with one line."""
    from servex import InvalidInputError, load_criteria_set
    from servex.plugins.questionnaires._fields import select

    cset = load_criteria_set(set_id, ctx)
    try:
        items = select(cset, level, role)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    if not items:
        raise InvalidInputError(f"{cset.id} has no questions for level {level or 'any'} and role {role or 'any'}")
    return cset, items


# The options both commands share: one definition, one wording in `--help`.
_criteria_option = click.option("--criteria", "set_id", required=True, metavar="ID", help="Criteria set id (or file).")
_level_option = click.option("--level", metavar="L", help="Only this level's questions, e.g. L2.")


def _output_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help=help_text
    )


@click.group(name="questionnaire")
def questionnaire_group() -> None:
    """Export a criteria set's questions as forms, or fill them in the terminal."""


@questionnaire_group.command(name="export", short_help="Write the questions as XLSForm, blank YAML, HTML or PDF.")
@_criteria_option
@_level_option
@click.option("--role", metavar="ROLE", help="Only questions asked of this role: management, staff or customer.")
@click.option("--lang", type=click.Choice(["en", "fr"]), help="One language only (default: English and French).")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsform", "yaml", "html", "pdf"]), help="Default: from the file suffix."
)
@_output_option("The form to write: .xlsx, .yaml, .html or .pdf.")
@click.pass_context
def export_command(
    ctx: click.Context,
    set_id: str,
    level: str | None,
    role: str | None,
    lang: str | None,
    fmt: str | None,
    output: Path,
) -> None:
    """Write the questions as an XLSForm workbook (.xlsx), a blank YAML answers file or a printable form.

    The printable form is HTML, or PDF (A4, to answer on paper) when FILE ends in .pdf.

    \b
    The XLSForm opens in KoboToolbox, ODK or Ona; put their response export (XLSX) in answers/.
    """
    from servex import write_atomic

    fmt = fmt or _FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise click.UsageError(f"cannot tell the format from {output.name!r}; use --format xlsform|yaml|html|pdf")
    cset, items = load_questions(ctx, set_id, level, role)
    langs = [lang] if lang else ["en", "fr"]
    if fmt == "xlsform":
        from servex.plugins.questionnaires._xlsform import build_xlsform

        data = build_xlsform(cset, items, langs, role)
    elif fmt == "yaml":
        from servex.plugins.questionnaires._yamlform import build_yaml

        data = build_yaml(cset, items, langs[0], role, level).encode("utf-8")
    else:
        from servex.plugins.questionnaires._htmlform import build_html

        html = build_html(cset, items, langs[0], role, level)
        if fmt == "pdf":
            from servex.plugins.questionnaires._pdfform import html_form_to_pdf

            data = html_form_to_pdf(html)
        else:
            data = html.encode("utf-8")
    write_atomic(output, data)
    click.echo(f"wrote {output} ({fmt}, {len(items)} questions)", err=True)


@questionnaire_group.command(name="fill", short_help="Interview one respondent in the terminal (resumable).")
@_criteria_option
@_level_option
@click.option("--role", metavar="ROLE", help="The respondent's role (asked first when omitted).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@_output_option("Answers file (YAML) the response is added to; progress is kept in FILE.partial.")
@click.pass_context
def fill_command(ctx: click.Context, set_id: str, level: str | None, role: str | None, lang: str, output: Path) -> None:
    """Interview one respondent in the terminal and add the response to an answers file.

    \b
    Answer with a number or a choice; '?' shows help, 'b' goes back, 's' skips.
    Ctrl-C or Ctrl-D saves progress to FILE.partial; the same command resumes it.
    """
    from servex.plugins.questionnaires._fill import run_fill

    cset, items = load_questions(ctx, set_id, level, role)
    raise click.exceptions.Exit(run_fill(cset, items, output, role=role, lang=lang, level=level))
