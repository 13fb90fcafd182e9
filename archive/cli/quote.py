"""The `verbatim quote` command: a thin layer over `archive.research.quote.check_quote`."""

from __future__ import annotations

import json
import sys

import click

from archive.cli.state import State, library_errors, pass_state
from archive.research.quote import MAX_LIMIT, QuoteMatch, QuoteResults, check_quote
from transcripts.timecodes import format_clock


def render_diff(match: QuoteMatch, *, color: bool = False) -> str:
    """Return what was said with the quote's changes marked: [-dropped-] and {+added+}."""
    parts = []
    for op in match.diff:
        dropped = f"[-{op.source}-]" if op.source else ""
        added = f"{{+{op.quote}+}}" if op.quote else ""
        if color:
            dropped = click.style(dropped, fg="red") if dropped else ""
            added = click.style(added, fg="green") if added else ""
        if op.op == "equal":
            parts.append(op.source)
        elif op.op == "delete":
            parts.append(dropped)
        elif op.op == "insert":
            parts.append(added)
        else:
            parts.append(dropped + added)
    return " ".join(part for part in parts if part)


def quote_report(results: QuoteResults, *, color: bool = False) -> str:
    """Return the matches for people: score, who, where, when, the marked text, the link."""
    if not results.matches:
        return "no passage matches this quote"
    blocks = []
    for rank, match in enumerate(results.matches, start=1):
        where = [match.speaker or "Unknown speaker", match.episode_title]
        if match.date:
            where.append(match.date)
        if match.start_ms is not None:
            where.append(format_clock(match.start_ms))
        percent = f"{round(match.score * 100)}%"
        blocks.append(
            f"{rank}. {click.style(percent, bold=True) if color else percent}  "
            + " · ".join(where)
            + f"\n   {render_diff(match, color=color)}\n   {match.url}"
        )
    return "\n\n".join(blocks)


@click.command()
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=5,
    show_default=True,
    help="How many passages to show.",
)
@click.option("--speaker", help="Only passages by speakers whose name has these words.")
@click.option("--show", "show_name", help="Only episodes of this show.")
@click.option("--json", "as_json", is_flag=True, help="Print the quote JSON.")
@pass_state
def quote(
    state: State,
    text: str,
    limit: int,
    speaker: str | None,
    show_name: str | None,
    as_json: bool,
) -> None:
    """Check a quote as printed or remembered against what was actually said.

    Words may be reordered, changed or left out, and fragments joined with "..." or
    run together; each match shows what the quote [-dropped-] and {+added+}.

    \b
    Example:
        verbatim --archive my-archive quote "it was the very first time I saw the ocean"
        verbatim --archive my-archive quote "nine years old ... a silver bay" --json
    """
    archive = state.reader("quote")
    with library_errors():
        results = check_quote(archive, text, limit=limit, speaker=speaker, show=show_name)
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(quote_report(results, color=sys.stdout.isatty()))
