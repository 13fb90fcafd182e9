"""What every command shares: the archive it works on, and errors turned into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from archive.errors import ArchiveError
from archive.store.folder import Archive
from archive.store.lock import Holder


class CliError(click.ClickException):
    """A failure people should read as one line: `error: ...` on stderr, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one-line error."""
        click.echo(f"error: {self.format_message()}", err=True, file=file)


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library and file-system exceptions into CliError at the edge."""
    try:
        yield
    except ArchiveError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from exc


@dataclass
class State:
    """What the group passes to every command: where the archive is."""

    root: Path | None
    # Seconds a writing command waits for another writer; None: VERBATIM_LOCK_TIMEOUT or 30.
    lock_timeout_s: float | None = None

    def require_root(self) -> Path:
        """Return the archive folder or stop with a usage error saying how to give one."""
        if self.root is None:
            raise click.UsageError("no archive given: pass --archive DIR or set VERBATIM_ARCHIVE")
        return self.root

    def archive(self) -> Archive:
        """Open the archive, with a one-line error if it is not one."""
        root = self.require_root()
        with library_errors():
            return Archive.open(root)

    def reader(self, command: str) -> Archive:
        """Open the archive for a reading command, first recovering a cut-short write.

        A writer that died leaves episodes stored but not yet searchable; readers would
        show them in `list` and miss them in `search`. So a reader recovers, if nobody is
        writing (see `recover_if_safe`), or warns on stderr and names the command to run.
        """
        from archive.integrity.recovery import recover_if_safe

        archive = self.archive()
        notes, dead = recover_if_safe(archive, command)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        if dead is not None:
            click.echo(
                f"warning: {dead.describe()} was cut short and the archive is not recovered "
                f"yet: search may miss what it stored; run "
                f"`verbatim --archive {archive.root} verify --repair`",
                err=True,
            )
        return archive

    @contextmanager
    def writing(
        self,
        command: str,
        *,
        record: bool = True,
        notes: list[str] | None = None,
        repairing: bool = False,
    ) -> Iterator[Archive]:
        """Open the archive for writing: hold its write lock, recover, record checksums after.

        Every command that changes the archive runs inside this block, and none runs on a
        missing or altered manifest (see archive.store.fixity) except `repairing`, the repair
        itself, which also records its checksums itself. Recovery's notes go to stderr, or
        into `notes` if given.
        """
        # Imported here: reading commands never load the writing machinery.
        from archive.integrity.recovery import recover
        from archive.store import manifest
        from archive.store.fixity import check_manifest
        from archive.store.lock import write_lock

        archive = self.archive()
        with (
            library_errors(),
            write_lock(
                archive.root, timeout_s=self.lock_timeout_s, command=command, on_wait=say_waiting
            ) as lock,
        ):
            for note in recover(archive, lock, repairing=repairing):
                if notes is not None:
                    notes.append(note)
                else:
                    click.echo(f"note: {note}", err=True)
            if not repairing:
                check_manifest(archive)
            yield archive
            if record and not repairing:
                # The store records episode files as it writes them; archive.json and
                # speakers.json are written elsewhere, so their checksums are taken here.
                manifest.sync_tags(archive, since=lock.started)


def say_waiting(holder: Holder | None) -> None:
    """Tell the person at the terminal that the command waits for the lock, and for whom."""
    who = holder.describe() if holder is not None else "another verbatim command"
    click.echo(f"note: waiting for {who} to finish writing to this archive", err=True)


pass_state = click.make_pass_decorator(State)
