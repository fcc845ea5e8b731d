"""One batch run: scan the inbox, read what is new, rebuild the outputs from the store.

Safe to run any number of times, at the same time (one waits or gives up with exit 75), and
after a crash: every file's submissions are committed in one transaction, every output is
written to a temporary file and renamed into place, and the next run completes the work.
An approved period's figures are rebuilt from what its approval froze (``batch/freeze.py``,
docs/approval.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from xhht_cli import __version__
from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.base.text import slug
from xhht_cli.batch import ledger
from xhht_cli.batch.config import BatchConfig
from xhht_cli.batch.freeze import Hold, approval_of, hold
from xhht_cli.batch.lock import Busy, file_lock
from xhht_cli.batch.store import KnownFile, Store, now
from xhht_cli.check.pipeline import Read, read_all, validate_reads
from xhht_cli.plans import Plan, load_plan
from xhht_cli.read.discover import InputFile, discover
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.values.codec import dumps, finding_to_dict
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report
from xhht_cli.values.results import Validation
from xhht_cli.write import stale
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.letterhead import load_letterhead
from xhht_cli.write.outputs import Outputs, write_outputs
from xhht_cli.write.paths import check_folder, check_outside

EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later
LOG = "nhat-ky.jsonl"  # one line per run, in the output folder
FILE_COUNTS = ("new", "changed", "unchanged")  # the log line's "files", every key every run


def _no_hook(point: str) -> None:
    """Where a test stops a run (``kill -9`` there): ``taking`` (the first file just committed,
    the others not yet), ``taken`` (every file in the store, nothing validated), ``written``
    (the outputs in place, the run not yet recorded as finished)."""


hook: Callable[[str], None] = _no_hook


class StoreLocked(XhhtError):
    exit_code = EXIT_LOCKED


@dataclass
class RunResult:
    run_id: int
    exit_code: int
    files: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    outputs_written: bool = False
    read: list[str] = field(default_factory=list)  # inbox paths read this run
    missing: int = 0  # communes expected that sent no report
    late: list[str] = field(default_factory=list)  # received after an approval, not used


@contextmanager
def store_lock(store: Path, wait: float) -> Iterator[None]:
    """One run at a time per store: wait up to *wait* seconds for the lock."""
    try:
        with file_lock(store.with_name(store.name + ".lock"), wait):
            yield
    except Busy:
        raise StoreLocked(tr("batch.locked", store=store, wait=f"{wait:g}")) from None


def check_outputs(config: BatchConfig) -> None:
    """The run's outputs can be written where the configuration says (else exit 2), checked
    before the inbox is read; the output folder is made when its parent exists."""
    key = tr("batch.output_folder")
    check_folder(config.output, key)
    check_outside(config.output, [config.inbox], key)  # its phan-hoi read as reports else
    config.output.mkdir(exist_ok=True)
    _outputs(config).check_paths(
        dict.fromkeys(("summary", "json", "check", "docx", "feedback"), key)
    )
    if config.store.is_dir():
        raise XhhtError(tr("paths.is_folder", option="store", path=config.store))
    check_folder(config.store.parent, "store")


def run_batch(config: BatchConfig, wait: float = 0.0) -> RunResult:
    check_outputs(config)
    started = now()
    try:
        with store_lock(config.store, wait):
            stale.sweep_run(config.output)  # a killed run's leftovers, even if this one writes none
            store = Store(config.store)
            try:
                registry = load_registry(config.units, config.crosswalk)
                return _run(store, config, load_plan(config.plan), registry)
            finally:
                store.close()
    except StoreLocked:  # this run did not happen: the log says so (docs/pipeline.md), exit 75
        _log(
            config,
            {
                "run": None,
                "start": started,
                "end": now(),
                "files": dict.fromkeys(FILE_COUNTS, 0),  # none looked at
                "outputs": "unchanged",
                "exit_code": EXIT_LOCKED,
                "reason": "locked",
            },
        )
        raise


def _run(store: Store, config: BatchConfig, plan: Plan, registry: Registry) -> RunResult:
    started = now()
    run_id = store.start_run(_last_logged(config))
    result = RunResult(run_id, 0)
    known = store.known_files()
    unchanged: list[InputFile] = []

    def reuse(path: Path, display: str, stat: os.stat_result) -> InputFile | None:
        row: KnownFile | None = known.get(str(path))
        if row is None or row.size != stat.st_size or row.mtime_ns != stat.st_mtime_ns:
            return None
        file = InputFile(path, display, row.size, stat.st_mtime, row.sha256, row.kind)
        unchanged.append(file)
        return file

    listed = discover([config.inbox], reuse)  # only lists: the workers read and hash
    kept = {id(file) for file in unchanged}
    new = [f for f in listed if id(f) not in kept]
    fresh = _read_new(store, config, plan, registry, new, known, result)
    hook("taken")
    result.files["unchanged"] += len(unchanged)
    store.touch([str(f.path) for f in unchanged])
    files = sorted([*unchanged, *fresh], key=lambda f: f.display)
    present = {str(f.path) for f in files if f.path.exists()}
    inputs = _input_digest(config, plan, registry, files, ledger.mark(store))
    last = store.last_run()
    before = json.loads(last["counts"]) if last is not None and last["counts"] else {}
    outputs = _outputs(config)
    if (
        last is not None
        and last["input_digest"] == inputs
        and "missing" in before  # a run before it was counted (or none): not reused
        and all(p.exists() for p in outputs.paths())
    ):
        # Same files, plan, registry and period as the last completed run: same results.
        result.statuses = Counter(before.get("statuses", {}))
        result.late = list(before.get("late", []))
        result.missing = int(before["missing"])
        result.exit_code = int(last["exit_code"])
        digest: str | None = last["digest"]
    else:
        validation, held = _validate(store, config, plan, registry, present)
        result.exit_code = validation.exit_code(require_complete=True)
        result.statuses = validation.counts()
        result.late = sorted({e.file.display for e in held.late})
        result.missing = validation.missing
        head = outputs.letterhead.model_dump_json() if outputs.letterhead else ""
        digest = _digest(validation, plan, registry, head + held.fingerprint())
        if digest != store.last_digest() or not all(p.exists() for p in outputs.paths()):
            _write_outputs(validation, outputs, held)
            result.outputs_written = True
            hook("written")
    seen = {kind: result.files[kind] for kind in FILE_COUNTS}  # 0s too: scripts read each key
    counts: dict[str, Any] = {
        "files": seen,
        "statuses": dict(result.statuses),
        "missing": result.missing,  # communes expected with no report at all
    }
    if result.late:  # "nhận sau phê duyệt": kept, answered, not used
        counts["late"] = result.late
    store.finish_run(run_id, counts, result.exit_code, digest, inputs)
    _log(
        config,
        {
            "run": run_id,
            "start": started,
            "end": now(),
            **counts,
            "outputs": "written" if result.outputs_written else "unchanged",
            "exit_code": result.exit_code,
        },
    )
    return result


def _read_new(
    store: Store,
    config: BatchConfig,
    plan: Plan,
    registry: Registry,
    files: list[InputFile],
    known: dict[str, KnownFile],
    result: RunResult,
) -> list[InputFile]:
    """Read *files* in worker processes, each within its time budget; a content the store
    holds already (the same bytes under another name, or a file only touched) is hashed there
    and not read again. Then archive, commit and move one file at a time, so a crash never
    leaves a file half-taken. The files as read (with their sha256)."""
    reads = read_all(files, plan, known=store.content_hashes())
    for file, reports, findings in reads:
        previous = known.get(str(file.path))
        if previous is not None and previous.sha256 == file.sha256 != "":
            result.files["unchanged"] += 1  # touched, not changed
        else:
            result.files["changed" if previous is not None else "new"] += 1
        if file.sha256 and store.has_content(file.sha256):
            store.record_seen(file, _mtime_ns(file))  # a copy: nothing new to take
        else:
            _take(store, config, registry, file, reports, findings, result.run_id, result)
            hook("taking")
    return [read.file for read in reads]


def _mtime_ns(file: InputFile) -> int:
    return file.path.stat().st_mtime_ns if file.path.exists() else 0


def _changed(findings: list[Finding]) -> bool:
    return any(f.code == "file.changed_while_reading" for f in findings)


def _take(
    store: Store,
    config: BatchConfig,
    registry: Registry,
    file: InputFile,
    reports: list[Report],
    findings: list[Finding],
    run_id: int,
    result: RunResult,
) -> None:
    """Archive a file just read, commit its submissions, then maybe move it out of the inbox.
    A file that changed while it was read is recorded with no time, so the next run reads it
    again whatever its time says then."""
    mtime_ns = 0 if _changed(findings) else _mtime_ns(file)
    result.read.append(str(file.path))
    archived = _archive(config, registry, file, reports) if reports else None
    store.record_read(file, mtime_ns, reports, findings, run_id, archived)
    if config.move_processed and archived is not None:
        file.path.unlink()
        store.mark_moved(str(file.path))


def _archive(
    config: BatchConfig, registry: Registry, file: InputFile, reports: list[Report]
) -> str | None:
    """Copy an accepted file to archive/<period>/<unit code>/<sha256>.<ext>, fsync'ed."""
    if config.archive is None:
        return None
    periods = {r.period for r in reports}
    units = {registry.pad_code(r.unit_code) for r in reports if r.unit_code}
    period = periods.pop() if len(periods) == 1 and None not in periods else "khong-ro-ky"
    unit = (
        units.pop()
        if len(units) == 1 and len(reports) == 1
        else ("tong-hop" if len(reports) > 1 else "khong-ro-don-vi")
    )
    suffix = file.path.suffix.lower() or ".bin"
    target = config.archive / slug(str(period)) / slug(unit) / f"{file.sha256}{suffix}"
    if not target.exists():
        data = file.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != file.sha256:
            return None  # changed since it was read: not archived nor moved; the next run reads it
        write_atomic(target, lambda tmp: tmp.write_bytes(data))
    return str(target)


def period_validation(
    store: Store,
    config: BatchConfig,
    plan: Plan,
    registry: Registry,
    period: str,
    present: set[str],
    history: bool = True,
) -> tuple[Validation, Hold]:
    """The validation of *period* the run's outputs render: from the store's contents, as the
    approvals in force leave them (``batch/freeze.py``); earlier periods likewise."""
    earlier: list[Read] = []
    for other in config.history_periods if history else []:
        stored = store.reads_for(other, set())
        earlier += hold(store, plan, registry, other, stored, pinned=False).reads
    held = hold(store, plan, registry, period, store.reads_for(period, present), earlier)
    return validate_reads(held.reads, plan, registry, period, None, earlier), held


def _validate(
    store: Store, config: BatchConfig, plan: Plan, registry: Registry, present: set[str]
) -> tuple[Validation, Hold]:
    validation, held = period_validation(store, config, plan, registry, config.period, present)
    rows: list[dict[str, Any]] = []
    late = {id(e) for e in held.late}  # stored as "late": received after an approval
    for entry in [*validation.entries, *held.late]:
        if entry.report is None:
            continue
        sha256, idx = entry.key
        rows.append(
            {
                "sha256": sha256,
                "idx": idx,
                "status": "late" if id(entry) in late else entry.status,
                "errors": entry.errors,
                "warnings": entry.warnings,
                "findings": dumps([finding_to_dict(f) for f in entry.findings]),
                "unit_code": entry.unit.code if entry.unit else entry.report.unit_code,
            }
        )
    current = {code: entry.key for code, entry in validation.used().items()}
    store.save_statuses(rows, config.period, current)
    return validation, held


def _input_digest(
    config: BatchConfig, plan: Plan, registry: Registry, files: list[InputFile], approvals: str
) -> str:
    """What a run starts from: the inbox's files (by content), the plan, registry, periods,
    the approvals and reopenings recorded."""
    digest = hashlib.sha256(approvals.encode())
    for part in (
        __version__,
        plan.model_dump_json(),
        config.period,
        ",".join(config.history_periods),
        registry.fingerprint,
        hashlib.sha256(config.crosswalk.read_bytes()).hexdigest() if config.crosswalk else "",
        config.letterhead.read_text(encoding="utf-8") if config.letterhead else "",
    ):
        digest.update(part.encode())
    for file in files:
        digest.update(f"{file.path}\0{file.sha256}\0{file.kind}\n".encode())
    return digest.hexdigest()


def _digest(validation: Validation, plan: Plan, registry: Registry, letterhead: str = "") -> str:
    """What the outputs depend on; equal digests give equal outputs."""
    digest = hashlib.sha256()
    for part in (
        __version__,
        plan.model_dump_json(),
        validation.period,
        registry.fingerprint,
        letterhead,
    ):
        digest.update(part.encode())
    for entry in validation.entries:
        digest.update(f"{entry.file.sha256}:{entry.file.display}:{entry.status}".encode())
    crosswalk = registry.crosswalk if validation.earlier else None
    if crosswalk is not None:  # what carries the earlier periods onto today's units
        digest.update(repr(crosswalk.links).encode())
    for earlier in validation.earlier:  # the series and the progress depend on them too
        digest.update(f"\0{earlier.period}\0".encode())
        for entry in earlier.entries:
            digest.update(f"{entry.file.sha256}:{entry.index}:{entry.status}".encode())
    return digest.hexdigest()


def _outputs(config: BatchConfig) -> Outputs:
    period = config.period
    return Outputs(
        summary=config.output / f"tong-hop-{period}.xlsx",
        json=config.output / f"tong-hop-{period}.json",
        check=config.output / f"kiem-tra-{period}.json",
        feedback=config.output / "phan-hoi",
        prune_feedback=True,
        docx=config.output / f"tong-hop-{period}.docx",
        letterhead=load_letterhead(config.letterhead),  # checked by load_config already
    )


def _write_outputs(validation: Validation, outputs: Outputs, held: Hold) -> None:
    # The summary's time is the data's (the newest input), so equal inputs give equal bytes.
    # (no input at all, an empty inbox on the first night: the run's own time)
    as_of = max((e.file.mtime for e in validation.entries), default=0.0) or time.time()
    generated = datetime.fromtimestamp(as_of).replace(microsecond=0)
    outcome = decide(validation, roll=outputs.rolled)
    if not held.signed:
        write_outputs(outcome, outputs, generated)
        return
    outcome.approval = approval_of(held, outcome)
    write_outputs(outcome, replace(outputs, feedback=None), generated)
    if outputs.feedback is not None:  # the clerks of held files are answered as usual
        _feedback(outcome, held, outputs.feedback)


def _feedback(outcome: Outcome, held: Hold, folder: Path) -> None:
    """Feedback of the period's reports and of the held ones (theirs last: a commune's newest
    file is the one its clerk works on); workbooks neither gives are removed."""
    from xhht_cli.write.feedback import write_feedback

    written = write_feedback(folder, outcome)
    if held.late_validation is not None:
        written += write_feedback(folder, decide(held.late_validation, roll=False))
    names = {p.name for p in written}
    for old in folder.glob("*.xlsx") if folder.exists() else []:
        if old.name not in names:
            old.unlink(missing_ok=True)


def _last_logged(config: BatchConfig) -> int:
    """The last run number in nhat-ky.jsonl (0: none, or a line that is not one of ours)."""
    try:
        lines = (config.output / LOG).read_text(encoding="utf-8").splitlines()
        for line in reversed(lines):
            run = json.loads(line).get("run") if line.strip() else None
            if isinstance(run, int):
                return run
    except (OSError, ValueError, AttributeError):
        pass
    return 0


def _log(config: BatchConfig, line: dict[str, Any]) -> None:
    """Append one JSON line per run to nhat-ky.jsonl (fsync'ed)."""
    config.output.mkdir(parents=True, exist_ok=True)
    with open(config.output / LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(line, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())
