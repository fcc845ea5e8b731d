"""The submissions store: one SQLite file (WAL mode), no server to run.

It records every file ever seen, every submission read from it (with its values and cells),
which submission is current for each unit and period, every run, and every approval of a
period and its reopening (docs/approval.md; written by :mod:`xhht_cli.batch.ledger`). The
schema is versioned; the migrations of :mod:`xhht_cli.batch.schema` bring an older store up to
date on first use.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xhht_cli.batch.schema import MIGRATIONS, statements
from xhht_cli.read import FileRead
from xhht_cli.read.discover import InputFile
from xhht_cli.values.codec import (
    dumps,
    finding_from_dict,
    finding_to_dict,
    report_from_dict,
    report_to_dict,
)
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


UNREAD = "unread:"


def content_key(file: InputFile) -> str:
    """The store's key for a file's content: its sha256. A file never read (refused, over the
    size limit) has none and is keyed by its path, so two such files keep a row each."""
    return file.sha256 or UNREAD + str(file.path)


@dataclass(frozen=True, slots=True)
class KnownFile:
    path: str
    sha256: str
    size: int
    mtime_ns: int
    kind: str


class Store:
    """A connection to the store; every write happens inside :meth:`transaction`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Apply the missing migrations, all in one transaction (SQLite's DDL is transactional;
        ``executescript`` is avoided because it commits on its own)."""
        with self.transaction() as db:
            for number in range(self.version, len(MIGRATIONS)):
                for statement in statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    # -- files and what was read from them ---------------------------------------------------

    def known_files(self) -> dict[str, KnownFile]:
        rows = self.db.execute("SELECT path, sha256, size, mtime_ns, kind FROM files")
        return {
            r["path"]: KnownFile(r["path"], r["sha256"], r["size"], r["mtime_ns"], r["kind"])
            for r in rows
        }

    def first_seen(self, paths: list[str]) -> dict[str, float]:
        """When the store first saw each of *paths* (seconds since the epoch)."""
        rows = self.db.execute(
            "SELECT path, first_seen FROM files WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(paths))),),
        )
        return {r["path"]: datetime.fromisoformat(r["first_seen"]).timestamp() for r in rows}

    def content_hashes(self) -> frozenset[str]:
        """Every content stored (a worker hashes a file and reads it only if it is new)."""
        return frozenset(r[0] for r in self.db.execute("SELECT sha256 FROM contents"))

    def has_content(self, sha256: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM contents WHERE sha256 = ?", (sha256,)).fetchone()
            is not None
        )

    def record_read(
        self,
        file: InputFile,
        mtime_ns: int,
        reports: list[Report],
        findings: list[Finding],
        run_id: int,
        archived_as: str | None,
    ) -> None:
        """Store one file's content and its submissions in one transaction."""
        stamp = now()
        key = content_key(file)
        with self.transaction() as db:
            if not self.has_content(key):
                db.execute(
                    "INSERT INTO contents (sha256, display, kind, reason, size, mtime, read_at,"
                    " run_id, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        file.display,
                        file.kind,
                        file.reason,
                        file.size,
                        file.mtime,
                        stamp,
                        run_id,
                        dumps([finding_to_dict(f) for f in findings]),
                    ),
                )
                for idx, report in enumerate(reports):
                    cursor = db.execute(
                        "INSERT INTO submissions (sha256, idx, unit_code, period, report_date,"
                        " report) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            key,
                            idx,
                            report.unit_code,
                            report.period,
                            report.report_date.isoformat() if report.report_date else None,
                            dumps(report_to_dict(report)),
                        ),
                    )
                    db.executemany(
                        "INSERT INTO submission_values VALUES (?, ?, ?, ?, ?)",
                        [
                            (cursor.lastrowid, code, v.value, v.sheet, v.cell)
                            for code, v in report.values.items()
                        ],
                    )
            self._upsert_file(db, file, mtime_ns, stamp, archived_as)

    def record_seen(self, file: InputFile, mtime_ns: int) -> None:
        """A file whose content is already stored (a copy, a rename, a touched file)."""
        with self.transaction() as db:
            self._upsert_file(db, file, mtime_ns, now(), None)

    def _upsert_file(
        self,
        db: sqlite3.Connection,
        file: InputFile,
        mtime_ns: int,
        stamp: str,
        archived_as: str | None,
    ) -> None:
        db.execute(
            "INSERT INTO files (path, sha256, size, mtime_ns, kind, first_seen, last_seen,"
            " archived_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET"
            " sha256 = excluded.sha256, size = excluded.size, mtime_ns = excluded.mtime_ns,"
            " kind = excluded.kind, last_seen = excluded.last_seen, moved = 0,"
            " archived_as = COALESCE(excluded.archived_as, files.archived_as)",
            (
                str(file.path),
                content_key(file),
                file.size,
                mtime_ns,
                file.kind,
                stamp,
                stamp,
                archived_as,
            ),
        )

    def touch(self, paths: list[str]) -> None:
        stamp = now()
        with self.transaction() as db:
            db.executemany(
                "UPDATE files SET last_seen = ? WHERE path = ?", [(stamp, p) for p in paths]
            )

    def mark_moved(self, path: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE files SET moved = 1 WHERE path = ?", (path,))

    # -- what a run validates ----------------------------------------------------------------

    def reads_for(self, period: str, present: set[str]) -> list[FileRead]:
        """Every stored content with a report of *period*, and every content of a file now in
        the inbox (so broken files there are reported), rebuilt as the reader gave them."""
        rows = self.db.execute(
            "SELECT DISTINCT c.* FROM contents c LEFT JOIN submissions s ON s.sha256 = c.sha256"
            " LEFT JOIN files f ON f.sha256 = c.sha256"
            " WHERE s.period = ? OR (f.path IN (SELECT value FROM json_each(?)) AND f.moved = 0)"
            " ORDER BY c.display, c.read_at, c.sha256",  # ties too: the same order every run
            (period, json.dumps(sorted(present))),
        )
        return self._each_file(self._rebuilt(rows), present)

    def _each_file(self, reads: list[FileRead], present: set[str]) -> list[FileRead]:
        """One read per file in the inbox, not per content: the same bytes under two names (an
        empty file, a copy sent twice) are two files, each told by its own name — an unreadable
        one counts for the commune its name points to (docs/pipeline.md, "Statuses"), a second
        copy of a report is listed as the duplicate it is, as ``validate`` lists them. Each is
        received when the content was (a copy sent again changes no deadline; the approvals ask
        when each name came: :meth:`first_seen`). A content taken out of the inbox
        (``move_processed``) stays under the name it was read as, its copies beside it; one no
        file of the inbox holds now, under that name alone."""
        named: dict[str, list[str]] = {}
        moved: set[str] = set()
        for row in self.db.execute("SELECT path, sha256, moved FROM files"):
            if row["moved"]:
                moved.add(row["path"])
            elif row["path"] in present:
                named.setdefault(row["sha256"], []).append(row["path"])
        out: list[FileRead] = []
        for read in reads:
            paths = sorted(named.get(content_key(read.file), ()))
            if not paths or paths == [read.file.display]:
                out.append(read)
                continue
            if read.file.display in moved:  # counted from its archived copy, as before
                out.append(read)
                paths = [p for p in paths if p != read.file.display]
            out += [_named(read, path) for path in paths]
        out.sort(key=lambda read: (read.file.display, read.file.received or 0.0))
        return out

    def reads_of(self, contents: set[str]) -> list[FileRead]:
        """The stored contents *contents* (SHA-256), rebuilt as the reader gave them."""
        rows = self.db.execute(
            "SELECT * FROM contents WHERE sha256 IN (SELECT value FROM json_each(?))"
            " ORDER BY display, read_at, sha256",
            (json.dumps(sorted(contents)),),
        )
        return self._rebuilt(rows)

    def present(self) -> set[str]:
        """The inbox files the store knows that are still there (what the last run saw)."""
        rows = self.db.execute("SELECT path FROM files WHERE moved = 0")
        return {r["path"] for r in rows if Path(r["path"]).is_file()}

    def _rebuilt(self, rows: Iterable[sqlite3.Row]) -> list[FileRead]:
        """The contents *rows*, each with its reports and where it can be opened now: three
        queries for all of them, not two per content (10,600 contents, a national inbox)."""
        rows = list(rows)
        keys = (json.dumps([row["sha256"] for row in rows]),)
        reports: dict[str, list[Report]] = {}
        for row in self.db.execute(
            "SELECT sha256, report FROM submissions"
            " WHERE sha256 IN (SELECT value FROM json_each(?)) ORDER BY sha256, idx",
            keys,
        ):
            reports.setdefault(row["sha256"], []).append(
                report_from_dict(json.loads(row["report"]))
            )
        places: dict[str, list[sqlite3.Row]] = {}
        for row in self.db.execute(
            "SELECT sha256, path, moved, archived_as FROM files"
            " WHERE sha256 IN (SELECT value FROM json_each(?))"
            " ORDER BY sha256, moved, last_seen DESC, path",
            keys,
        ):
            places.setdefault(row["sha256"], []).append(row)
        out = []
        for row in rows:
            location = _location(places.get(row["sha256"], ())) or Path(row["display"])
            file = InputFile(
                location,
                row["display"],
                row["size"],
                row["mtime"],
                "" if row["sha256"].startswith(UNREAD) else row["sha256"],
                row["kind"],
                row["reason"],
                datetime.fromisoformat(row["read_at"]).timestamp(),  # first seen: received
            )
            findings = [finding_from_dict(f) for f in json.loads(row["findings"])]
            out.append(FileRead(file, reports.get(row["sha256"], []), findings))
        return out

    def save_statuses(
        self, rows: list[dict[str, Any]], period: str, current: dict[str, tuple[str, int]]
    ) -> None:
        """Statuses from this run's validation, and the current submission of each unit."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE submissions SET status = :status, errors = :errors,"
                " warnings = :warnings, findings = :findings, unit_code = :unit_code"
                " WHERE sha256 = :sha256 AND idx = :idx",
                rows,
            )
            db.execute("DELETE FROM current WHERE period = ?", (period,))
            for unit_code, (sha256, idx) in current.items():
                db.execute(
                    "INSERT INTO current SELECT ?, ?, id FROM submissions WHERE sha256 = ?"
                    " AND idx = ?",
                    (period, unit_code, sha256, idx),
                )

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, after: int = 0) -> int:
        """A new run's number: after the store's last, and after *after* (the log's last: a
        store moved away and rebuilt goes on counting where the log is)."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (id, started) SELECT max(coalesce(max(id), 0), ?) + 1, ? FROM runs",
                (after, now()),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        counts: dict[str, Any],
        exit_code: int,
        digest: str | None,
        input_digest: str,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET ended = ?, counts = ?, exit_code = ?, digest = ?,"
                " input_digest = ? WHERE id = ?",
                (now(), dumps(counts), exit_code, digest, input_digest, run_id),
            )

    def last_run(self) -> sqlite3.Row | None:
        """The last run that completed."""
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM runs WHERE ended IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row

    def last_digest(self) -> str | None:
        row = self.last_run()
        return row["digest"] if row else None

    # -- queries for the analyst -----------------------------------------------------------

    def history(self, unit_code: str) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT s.id, s.period, s.report_date, s.status, s.errors, s.warnings, c.display,"
                " c.read_at, (cur.submission_id IS NOT NULL) AS is_current FROM submissions s"
                " JOIN contents c ON c.sha256 = s.sha256 LEFT JOIN current cur"
                " ON cur.submission_id = s.id WHERE s.unit_code = ? ORDER BY s.period, c.read_at",
                (unit_code,),
            )
        )

    def current_values(self, period: str) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT cur.unit_code, cur.period, v.field, v.value FROM current cur"
                " JOIN submission_values v ON v.submission_id = cur.submission_id"
                " WHERE cur.period = ? ORDER BY cur.unit_code, v.rowid",
                (period,),
            )
        )


def _location(places: Iterable[sqlite3.Row]) -> Path | None:
    """Where a content can be opened now, of the files that held it (*places*: those still
    in the inbox first, the latest seen first): a file in the inbox, else its archived copy."""
    for row in places:
        if not row["moved"] and Path(row["path"]).is_file():
            return Path(row["path"])
        if row["archived_as"] and Path(row["archived_as"]).is_file():
            return Path(row["archived_as"])
    return None


def _named(read: FileRead, path: str) -> FileRead:
    """*read* as the file at *path* gave it (the listing's name of an inbox file is its path)."""
    old = read.file.display

    def moved(finding: Finding) -> Finding:
        return replace(finding, path=path) if finding.path == old else finding

    reports = [
        replace(r, path=path, findings=[moved(f) for f in r.findings]) if r.path == old else r
        for r in read.reports
    ]
    file = replace(read.file, path=Path(path), display=path)
    return FileRead(file, reports, [moved(f) for f in read.findings])
