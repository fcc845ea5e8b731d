"""Memory and time of ``xhht validate FILE`` on each file of a folder, each file alone (issue 25).

    python benchmarks/hostile.py build /tmp/xhht-hostile        # the crafted files, full size
    python benchmarks/hostile.py measure /tmp/xhht-hostile      # one row per file
    python benchmarks/hostile.py measure /tmp/third-party --jobs 2 --only-over
    python benchmarks/hostile.py screen /tmp/third-party          # thousands of files, quickly

``measure`` runs ``/usr/bin/time -v xhht validate FILE --format json`` for every file under
the folder (Linux: GNU time), and reports its exit code, the largest resident set of any process
of the run (GNU time's "Maximum resident set size" covers the waited-for workers), the wall
time, the finding codes, and whether anything reached stderr. The goals: no exit 3, nothing on
stderr, every run under 200 MB and 2 s. ``screen`` does the same without starting Python for
each file: one process loads the plan and registry, then validates each file in a forked child
(``validate_inputs``, workers and all) and reads the child's rusage from ``wait4`` (the largest
resident set of the child and the workers it reaped, its CPU time); what it flags is worth a
``measure``. ``build`` writes the crafted files of
``tests/hostile/crafted.py`` at the sizes of the issue's table, and a 400 MB file of zeros
named ``.xlsx`` (sparse: it costs no disk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "hostile")]

GOAL_MB, GOAL_S = 200, 2.0
UNITS = ROOT / "data" / "samples" / "don-vi-ca-mau-2024.csv"


def build(folder: Path) -> None:
    from crafted import CRAFTED

    folder.mkdir(parents=True, exist_ok=True)
    for name, (builder, *_) in CRAFTED.items():
        path = builder(folder, True)
        print(f"{name}: {path.name} {path.stat().st_size / 2**20:.2f} MB", flush=True)
    with open(folder / "zeros-400mb.xlsx", "wb") as handle:
        handle.truncate(400 * 2**20)


def _time_field(text: str, label: str) -> str:
    found = re.search(rf"^\s*{re.escape(label)}: (.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else ""


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def measure_one(path: Path, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "o.json"
        timing = Path(work) / "time.txt"
        command = [
            "/usr/bin/time",
            "-v",
            "-o",
            str(timing),
            sys.executable,
            "-m",
            "xhht_cli",
            "validate",
            str(path),
            "--units",
            str(UNITS),
            "--period",
            "2023",
            "--format",
            "json",
            "-o",
            str(target),
        ]
        env = {**os.environ, "XHHT_LANG": "en"}
        try:
            proc = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, env=env, check=False
            )
            stderr, code = proc.stderr, proc.returncode
        except subprocess.TimeoutExpired:
            return {"file": str(path), "exit": "timeout", "mb": 0.0, "s": timeout, "cpu": timeout}
        report = timing.read_text() if timing.exists() else ""
        codes: list[str] = []
        if target.exists():
            document = json.loads(target.read_text(encoding="utf-8"))
            codes = sorted({f["code"] for f in document["findings"]} - {"unit.missing"})
    return {
        "file": str(path),
        "exit": int(_time_field(report, "Exit status") or code),
        "mb": int(_time_field(report, "Maximum resident set size (kbytes)") or 0) / 1024,
        "s": _seconds(_time_field(report, "Elapsed (wall clock) time (h:mm:ss or m:ss)") or "0"),
        "cpu": float(_time_field(report, "User time (seconds)") or 0)
        + float(_time_field(report, "System time (seconds)") or 0),
        "codes": codes,
        "stderr": stderr.strip()[:300],
    }


def measure(folder: Path, jobs: int, only_over: bool, timeout: float, clock: str) -> int:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    over = 0
    print("| file | size | exit | max RSS MB | wall s | CPU s | findings |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with ThreadPoolExecutor(jobs) as pool:
        for row, path in zip(
            pool.map(lambda p: measure_one(p, timeout), files), files, strict=True
        ):
            bad = (
                row["exit"] not in (0, 1)
                or bool(row.get("stderr"))
                or float(row["mb"]) > GOAL_MB  # type: ignore[arg-type]
                or float(row[clock]) > GOAL_S  # type: ignore[arg-type]
            )
            over += bad
            if bad or not only_over:
                size = path.stat().st_size / 2**20
                codes = ", ".join(row.get("codes", []))  # type: ignore[arg-type]
                mark = " **over**" if bad else ""
                print(
                    f"| {path.relative_to(folder)} | {size:.2f} MB | {row['exit']} | "
                    f"{row['mb']:.0f} | {row['s']:.2f} | {row.get('cpu', 0):.2f} | {codes}{mark} |",
                    flush=True,
                )
                if row.get("stderr"):
                    print(f"|  stderr: {row['stderr']!r} | | | | | | |", flush=True)
    print(
        f"\n{len(files)} files, {over} over a goal (exit 3, stderr, > {GOAL_MB} MB, > {GOAL_S} s)"
    )
    return 1 if over else 0


def _screen_child(path: Path, errors: Path) -> None:
    """In the forked child: validate one file; exit 0, or 3 with the traceback in *errors*."""
    import traceback

    from xhht_cli.check.pipeline import validate_inputs

    try:
        handle = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(handle, 2)
        validation = validate_inputs([path], _SCREEN["plan"], _SCREEN["registry"], "2023")
        findings = [f for e in validation.entries for f in e.findings if f.code != "unit.missing"]
        codes = sorted({f.code for f in findings})
        damage = sorted({str(f.params.get("detail_en", "")) for f in findings} - {""})
        text = " ".join(codes) + (f" ({'; '.join(damage)[:160]})" if damage else "")
        errors.with_suffix(".codes").write_text(text, encoding="utf-8")
        os._exit(0)
    except BaseException:
        traceback.print_exc()
        os._exit(3)


_SCREEN: dict[str, object] = {}


def screen(folder: Path, only_over: bool) -> int:
    from xhht_cli.plans import load_plan
    from xhht_cli.units.load import load_registry

    _SCREEN.update(plan=load_plan(), registry=load_registry(str(UNITS)))
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    over = 0
    print("| file | size | exit | max RSS MB | wall s | CPU s | findings |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        errors = Path(work) / "stderr.txt"
        for path in files:
            start = time.monotonic()
            child = os.fork()
            if child == 0:
                _screen_child(path, errors)
            _, status, usage = os.wait4(child, 0)
            wall = time.monotonic() - start
            code = os.waitstatus_to_exitcode(status)
            stderr = errors.read_text(errors="replace").strip() if errors.exists() else ""
            found = errors.with_suffix(".codes")
            codes = found.read_text(encoding="utf-8") if code == 0 and found.exists() else ""
            mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
            bad = code != 0 or bool(stderr) or mb > GOAL_MB or cpu > GOAL_S
            over += bad
            if bad or not only_over:
                print(
                    f"| {path.relative_to(folder)} | {path.stat().st_size / 2**20:.2f} MB | {code} | "
                    f"{mb:.0f} | {wall:.2f} | {cpu:.2f} | {codes}{' **over**' if bad else ''} |",
                    flush=True,
                )
                if stderr:
                    print(f"|  stderr: {stderr[-300:]!r} | | | | | | |", flush=True)
    print(
        f"\n{len(files)} files, {over} over a goal (a crash, stderr, > {GOAL_MB} MB, > {GOAL_S} s CPU)"
    )
    return 1 if over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("build", "measure", "screen"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=1, help="files measured at once")
    parser.add_argument("--only-over", action="store_true", help="print only files over a goal")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument(
        "--clock",
        choices=("s", "cpu"),
        default="s",
        help="the time held against the goal: wall (s) or CPU (user + system, all processes) —"
        " CPU on a machine others load",
    )
    args = parser.parse_args()
    if args.action == "build":
        build(args.folder)
        return 0
    if args.action == "screen":
        return screen(args.folder, args.only_over)
    return measure(args.folder, args.jobs, args.only_over, args.timeout, args.clock)


if __name__ == "__main__":
    sys.exit(main())
