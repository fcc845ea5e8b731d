"""Write the outputs of a run's :class:`~xhht_cli.rollup.outcome.Outcome`: the one driver both the
``aggregate`` command and the cron run use, so they can never write different things from the
same reports. Every output renders the one outcome; none decides anything again.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from xhht_cli.base.i18n import Lang
from xhht_cli.base.lifetime import uncollected
from xhht_cli.rollup.outcome import Outcome
from xhht_cli.values.codec import document_bytes, document_chunks
from xhht_cli.write import fork
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.documents import aggregate_parts, validate_document
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.paths import DOCX, JSON, XLSX, check_file, check_folder
from xhht_cli.write.sources import check_sources, write_sources


@dataclass(frozen=True)
class Outputs:
    """Where each output goes; None: not written."""

    summary: Path | None = None  # the summary workbook (.xlsx)
    json: Path | None = None  # xhht/aggregate/v1
    check: Path | None = None  # xhht/validate/v1
    feedback: Path | None = None  # a folder: one feedback workbook per report with findings
    prune_feedback: bool = False  # remove feedback workbooks of reports that no longer need one
    docx: Path | None = None  # the draft written report (.docx)
    letterhead: Letterhead | None = None  # who issues and signs; None: the registry's defaults
    sources: Path | None = None  # every cell the summary used: the long table (.csv, .parquet)

    @property
    def rolled(self) -> bool:
        """Whether an output needs the roll-up (validate and status need none)."""
        return self.summary is not None or self.json is not None or self.docx is not None

    def paths(self) -> list[Path]:
        """The output files (not the feedback folder)."""
        files = (self.summary, self.json, self.check, self.docx, self.sources)
        return [p for p in files if p is not None]

    def check_paths(self, options: dict[str, str] | None = None) -> None:
        """Every output can be written where it is asked for (else exit 2), before any work.
        *options* names each output as the user gave it (``{"summary": "-o"}``)."""
        names = {
            "summary": "-o",
            "json": "--json",
            "check": "-o",
            "docx": "--docx",
            "feedback": "--feedback",
            "sources": "--sources",
        }
        names.update(options or {})
        for key, suffixes in (("summary", XLSX), ("json", JSON), ("check", JSON), ("docx", DOCX)):
            path = getattr(self, key)
            if path is not None:
                check_file(path, suffixes, names[key])
        if self.feedback is not None:
            check_folder(self.feedback, names["feedback"])
        if self.sources is not None:
            check_sources(self.sources, names["sources"])


def write_feedback_folder(
    outcome: Outcome, folder: Path, prune: bool = False
) -> tuple[list[Path], list[Path]]:
    """One feedback workbook per report with findings in *folder*, and the workbooks removed
    there because their units' reports are now correct: with *prune* (the cron run's own
    folder) every workbook this validation no longer gives, else only those named for a unit
    of this run (:func:`~xhht_cli.write.feedback.stale_feedback`)."""
    from xhht_cli.write.feedback import stale_feedback, write_feedback  # openpyxl: when asked

    written = write_feedback(folder, outcome)
    if prune:
        names = {p.name for p in written}
        stale = [
            p for p in (folder.glob("*.xlsx") if folder.exists() else []) if p.name not in names
        ]
    else:
        stale = stale_feedback(folder, outcome, written)
    for path in stale:
        path.unlink(missing_ok=True)
    return written, stale


def write_outputs(
    outcome: Outcome,
    outputs: Outputs,
    generated: datetime | None = None,
    lang: Lang | None = None,
) -> None:
    """Write *outputs* of *outcome* (rolled up when an output needs it: :attr:`Outputs.rolled`);
    every file is written to a temporary file and renamed into place. *generated* is the time
    the summary says it was made (the clock's by default); *lang* the language of the
    validation document's messages."""
    _write_rolled(outcome, outputs, generated)
    if outputs.check is not None:
        _write_document(outputs.check, validate_document(outcome, lang))
    if outputs.feedback is not None:  # a workbook per report: under the collector, as ever
        write_feedback_folder(outcome, outputs.feedback, outputs.prune_feedback)
    if outputs.sources is not None:
        write_sources(outputs.sources, outcome)


@uncollected  # one workbook, one report, one document: the objects of one of each
def _write_rolled(outcome: Outcome, outputs: Outputs, generated: datetime | None) -> None:
    """The summary workbook, the report and the aggregate document (the last by a child
    beside the others where the system forks)."""
    document = _fork_document(outcome, outputs)  # rendered beside the workbook, on another core
    try:
        if outputs.summary is not None or outputs.docx is not None:
            top = outcome.top.unit.name if outcome.top else None
            head = (outputs.letterhead or Letterhead()).filled(top)
            day = (generated or datetime.now()).date()
            if outputs.summary is not None:
                from xhht_cli.write.summary import write_summary

                write_summary(outputs.summary, outcome, generated, head)
            if outputs.docx is not None:
                from xhht_cli.write.docx_report import write_report

                write_report(outputs.docx, outcome, head, day)
        if outputs.json is not None:
            child, document = document, None  # waited for (reaped) there, never killed after
            if not _place_forked(child, outputs.json):
                write_atomic(outputs.json, lambda tmp: _write_aggregate(tmp, outcome))
    finally:  # a failure or an interruption before: the child is stopped, its file removed
        if document is not None:
            fork.discard(document)


def _fork_document(outcome: Outcome, outputs: Outputs) -> fork.Child | None:
    """The aggregate document rendered by a forked child while this process writes the
    workbook and the report (a national document is 165 MB: 1.7 s of building, encoding and
    syncing that the workbook's 0.9 s would otherwise wait for); None where the system does
    not fork (:func:`xhht_cli.write.fork.allowed`) or there is nothing to overlap."""
    if outputs.json is None or (outputs.summary is None and outputs.docx is None):
        return None
    if not fork.allowed():
        return None

    def render(out: TextIO) -> int:
        head, units = aggregate_parts(outcome)
        out.buffer.writelines(document_chunks(head, "units", units))
        out.flush()
        os.fsync(out.fileno())
        return 0

    try:  # its file in the output's folder: created there, it takes the folder's group and ACL
        return fork.start(render, str(outputs.json.parent))
    except OSError:  # no temporary file: written here, where a failure is named
        return None


def _place_forked(child: fork.Child | None, target: Path) -> bool:
    """Move what *child* rendered into *target* (atomically); False when there is no child
    or it failed: the document is then written here, and a failure of the system named. The
    child's file is gone afterwards, whatever happens."""
    if child is None:
        return False
    try:
        code = fork.exit_code(child.pid, _RENDER_SECONDS)
    except BaseException:  # interrupted while waiting: the child is stopped here
        fork.discard(child)
        raise

    try:
        if code != 0:
            return False
        write_atomic(target, lambda tmp: os.replace(child.path, tmp))  # the same folder
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(child.path)


_RENDER_SECONDS = 1800.0  # a bound, never reached: the document takes seconds


def _write_aggregate(tmp: Path, outcome: Outcome) -> None:
    head, units = aggregate_parts(outcome)
    with open(tmp, "wb") as out:
        out.writelines(document_chunks(head, "units", units))


def _write_document(target: Path, document: dict[str, Any]) -> None:
    data = document_bytes(document)
    write_atomic(target, lambda tmp: tmp.write_bytes(data))
