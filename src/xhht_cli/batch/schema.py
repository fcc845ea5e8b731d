"""The submissions store's schema, as SQL: each migration brings a store from one version to
the next (the store's ``user_version``), applied in order by :class:`xhht_cli.batch.store.Store`
on first use; a migration once shipped is never changed, only followed by another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

MIGRATIONS: list[str] = [
    # 1: files, contents read, submissions and their values, current submissions, runs
    """
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        kind TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        archived_as TEXT,
        moved INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE contents (
        sha256 TEXT PRIMARY KEY,
        display TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT,
        size INTEGER NOT NULL,
        mtime REAL NOT NULL,
        read_at TEXT NOT NULL,
        run_id INTEGER NOT NULL,
        findings TEXT NOT NULL
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES contents(sha256),
        idx INTEGER NOT NULL,
        unit_code TEXT,
        period TEXT,
        report_date TEXT,
        status TEXT NOT NULL DEFAULT 'pending',
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        findings TEXT NOT NULL DEFAULT '[]',
        report TEXT NOT NULL,
        UNIQUE (sha256, idx)
    );
    CREATE INDEX submissions_period ON submissions(period);
    CREATE INDEX submissions_unit ON submissions(unit_code);
    CREATE TABLE submission_values (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        field TEXT NOT NULL,
        value INTEGER,
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (submission_id, field)
    );
    CREATE TABLE current (
        period TEXT NOT NULL,
        unit_code TEXT NOT NULL,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        PRIMARY KEY (period, unit_code)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        ended TEXT,
        counts TEXT,
        exit_code INTEGER,
        digest TEXT
    );
    """,
    # 2: what a run's inputs were (inbox files, plan, registry), to skip rebuilding when equal
    """
    ALTER TABLE runs ADD COLUMN input_digest TEXT
    """,
    # 3: approvals of a period for a unit, the inputs and submissions each froze, reopenings;
    # never deleted nor changed (the triggers refuse it), docs/approval.md
    """
    CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        unit_code TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        note TEXT,
        outcome_sha256 TEXT NOT NULL,
        gaps TEXT NOT NULL
    );
    CREATE INDEX approvals_period ON approvals(period);
    CREATE TABLE approval_inputs (
        approval_id INTEGER NOT NULL REFERENCES approvals(id),
        sha256 TEXT NOT NULL REFERENCES contents(sha256),
        PRIMARY KEY (approval_id, sha256)
    );
    CREATE TABLE approval_used (
        approval_id INTEGER NOT NULL REFERENCES approvals(id),
        unit_code TEXT NOT NULL,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        PRIMARY KEY (approval_id, unit_code)
    );
    CREATE TABLE reopenings (
        id INTEGER PRIMARY KEY,
        approval_id INTEGER NOT NULL UNIQUE REFERENCES approvals(id),
        reopened_at TEXT NOT NULL,
        reopened_by TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """
    + "".join(
        f"""
    CREATE TRIGGER {table}_kept BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table}: never deleted (docs/approval.md)'); END;
    CREATE TRIGGER {table}_fixed BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table}: never changed (docs/approval.md)'); END;
    """
        for table in ("approvals", "approval_inputs", "approval_used", "reopenings")
    ),
]


def statements(script: str) -> Iterator[str]:
    """The SQL statements of *script*, a trigger's body (with its own semicolons) whole."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""
