"""The `verify` command: prove the archive is whole, and rebuild what is derived."""

from __future__ import annotations

import json

import click

from archive.cli.state import CliError, State, library_errors, pass_state, say_waiting
from archive.integrity.verify import Report, repair, verify
from archive.store.lock import read_lock
from transcripts.wording import plural


def _print_report(report: Report) -> None:
    for note in report.repaired:
        click.echo(f"repaired: {note}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    summary = (
        f"checked {plural(report.files_checked, 'file')} and "
        f"{plural(report.episodes_checked, 'episode')} "
        f"in {report.root}"
    )
    if report.index is not None:
        index = report.index
        parts = "segment" if index["engine"] == "whoosh" else "part"
        click.echo(
            f"index: {index['engine']} (schema {index['schema']}), "
            f"{plural(index['passages'], 'passage')} in {plural(index['parts'], parts)}"
            + (f", {index['bytes'] / 1e6:.1f} MB on disk" if index.get("bytes") else "")
        )
    if report.ok:
        click.echo(f"{summary}: all well")
        return
    click.echo(f"{summary}: {plural(len(report.problems), 'problem')}")
    for kind, problems in report.by_kind().items():
        click.echo(f"{kind} ({len(problems)}):")
        for problem in problems:
            click.echo(f"  {problem.path}: {problem.detail}")


@click.command(name="verify")
@click.option(
    "--repair",
    "do_repair",
    is_flag=True,
    help="Finish a cut-short write, rebuild what is derived (the index, a missing or "
    "altered manifest, loudly) and clear leftovers; originals and episode records are "
    "never touched.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@pass_state
def verify_(state: State, do_repair: bool, as_json: bool) -> None:
    """Check every kept file against the checksum manifest and the index against the store.

    Lists each problem by kind (a write cut short, missing manifest, missing file,
    checksum mismatch, original not matching its record, unlisted file, unreadable
    record, staging leftover, episode not indexed or indexed stale, indexed but not
    stored, damaged index file) and exits 1 if there is any. Without --repair it changes
    nothing at all; --repair rebuilds a missing or altered manifest (saying what it
    rebuilt and whether it is the one recorded) and the index.

    \b
    Example:
        verbatim --archive my-archive verify
        verbatim --archive my-archive verify --repair
        verbatim --archive my-archive verify --json
    """
    if do_repair:
        # Under the write lock, and a writer that died is recovered first, as before any
        # other write; what recovery did is part of what the repair reports.
        # record=False: whatever verify finds, it must never take it in as the new normal.
        recovered: list[str] = []
        with state.writing("verify --repair", notes=recovered, repairing=True) as archive:
            report = repair(archive)
        report.repaired[:0] = recovered
    else:
        # Writers wait while it reads (a write in progress would look like damage), and
        # it writes nothing, not even its name in the lock file.
        archive = state.archive()
        with (
            library_errors(),
            read_lock(archive.root, timeout_s=state.lock_timeout_s, on_wait=say_waiting) as dead,
        ):
            report = verify(archive, interrupted=dead)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    if not report.ok:
        first = report.problems[0]
        raise CliError(
            f"{archive.root}: {plural(len(report.problems), 'problem')}, first {first.kind} "
            f"{first.path}; see above"
            + ("" if do_repair else " (`verbatim verify --repair` fixes derived files)")
        )
