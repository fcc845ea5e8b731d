"""A run's processes end with the run, and leave nothing behind (issue 25): a killed run's
workers end by themselves within a second and hold none of the caller's pipes; Ctrl-C and
SIGTERM end the run in one line with 130 / 143; a later run removes what a killed one left
(only xhht's own temporary files, only old ones)."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from conftest import SAMPLE_REGISTRY
from helpers import grid
from synth import write_csv
from xhht_cli.base.lifetime import Interrupted
from xhht_cli.write import stale
from xhht_cli.write.atomic import atomic_path, write_atomic

posix_only = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="process tree read from /proc"
)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """70 small reports: enough for two workers."""
    folder = tmp_path_factory.mktemp("inbox")
    rows = grid()
    for i in range(70):
        write_csv(folder / f"{i:02d}.csv", rows)
    return folder


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it is not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_reading(inbox: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """``xhht validate`` reading slowly (a fifth of a second a file), once its workers run."""
    env = {**os.environ, "XHHT_TEST_SLOW_READ": "0.2", "TMPDIR": str(tmp_path)}
    command = ["validate", str(inbox), "--units", str(SAMPLE_REGISTRY), "--period", "2023"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "xhht_cli", "--lang", "en", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 30
    while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    assert len(workers) == 2
    return proc, workers


@posix_only
def test_a_killed_run_leaves_no_process_and_no_pipe_held(inbox: Path, tmp_path: Path) -> None:
    """``kill -9`` of the run while it reads: within 2 s no process of it is left, and whoever
    reads its output sees the end (main: the workers stayed, blocked, holding both pipes)."""
    proc, workers = _start_reading(inbox, tmp_path)
    proc.kill()
    proc.communicate(timeout=2)  # stdout and stderr end: no worker holds them
    deadline = time.monotonic() + 2
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


@posix_only
@pytest.mark.parametrize(
    ("sent", "code", "said"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")]
)
def test_sigterm_and_ctrl_c_end_the_run_in_one_line(
    inbox: Path, tmp_path: Path, sent: int, code: int, said: str
) -> None:
    proc, workers = _start_reading(inbox, tmp_path)
    proc.send_signal(sent)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == code
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "Stopped" in lines[0], lines
    assert not [pid for pid in workers if _alive(pid)]
    assert os.listdir(tmp_path) == []  # nothing left in its temporary folder


def test_an_interrupted_write_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(Interrupted), atomic_path(target) as tmp:
        tmp.write_bytes(b"half of the ne")
        raise Interrupted(signal.SIGTERM)
    assert os.listdir(tmp_path) == ["tong-hop.xlsx"] and target.read_bytes() == b"old"


SIGNAL_IN_A_WRITE = """
import os, signal, sys
from pathlib import Path
from xhht_cli.cli.handling import handled
from xhht_cli.base.lifetime import catch_signals
from xhht_cli.write.atomic import write_atomic
import typer

def half(tmp):
    tmp.write_bytes(b"half of the ne")
    os.kill(os.getpid(), signal.SIGTERM)
    tmp.write_bytes(b"new")

@handled
def command():
    write_atomic(Path(sys.argv[1]), half)

catch_signals()
try:
    command()
except typer.Exit as done:
    sys.exit(done.exit_code)
"""


def test_sigterm_in_the_middle_of_a_write(tmp_path: Path) -> None:
    """The signal lands while an output is half written: exit 143 with one line, the old
    output whole, no temporary file."""
    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"old")
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_IN_A_WRITE, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 143, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "SIGTERM" in done.stderr
    assert os.listdir(tmp_path) == ["tong-hop.xlsx"] and target.read_bytes() == b"old"


def _aged(path: Path, hours: float) -> Path:
    path.write_bytes(b"x")
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


def test_a_later_write_removes_only_our_old_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    out.mkdir()
    ours_old = _aged(out / ".tong-hop-2023.xlsx.k3j9_x0a.xhht.tmp", 2)
    kept = [
        _aged(out / ".tong-hop-2023.json.ab12cd34.xhht.tmp", 0.1),  # a run writing it now
        _aged(out / ".tong-hop-2023.xlsx.k3j9_x0a.tmp", 2),  # not our name
        _aged(out / "ghi-chu.tmp", 2),
        _aged(out / ".bao-cao.xlsx.xhht.tmp", 2),  # no random part: not mkstemp's
    ]
    write_atomic(out / "tong-hop-2023.xlsx", lambda tmp: tmp.write_bytes(b"new"))
    assert not ours_old.exists() and all(path.exists() for path in kept)
    temp = tmp_path / "tam"
    temp.mkdir()
    rows_old = _aged(temp / "xhht-a1b2c3d4.rows", 2)
    rows_kept = [_aged(temp / "xhht-a1b2c3d5.rows", 0.1), _aged(temp / "tmpa1b2c3d4.rows", 2)]
    assert stale.sweep(temp, stale.ROWS) == 1
    assert not rows_old.exists() and all(path.exists() for path in rows_kept)


def test_a_batch_run_that_writes_nothing_still_sweeps(tmp_path: Path) -> None:
    from test_batch import THOI_BINH, setup
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    config = setup(tmp_path, communes=THOI_BINH[:1])
    run_batch(load_config(config))
    left = _aged(tmp_path / "ket-qua" / ".tong-hop-2023.xlsx.zz9_x0a1.xhht.tmp", 2)
    stale._swept.clear()  # a new run: a new process
    again = run_batch(load_config(config))
    assert not again.outputs_written and not left.exists()


ORPHAN = """
import multiprocessing, os, sys, time
from xhht_cli.base import lifetime

def child():
    lifetime._death_signal = lambda: False  # as on Windows and macOS: no PR_SET_PDEATHSIG
    lifetime.as_child()
    os.write(1, b"watching\\n")  # one write each: the two processes' lines never mix
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.get_context(sys.argv[1]).Process(target=child, daemon=True)
    process.start()
    os.write(1, f"{process.pid}\\n".encode())
    time.sleep(60)
"""


@posix_only
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_without_the_kernel_s_help_a_child_still_ends_with_its_parent(
    tmp_path: Path, method: str
) -> None:
    """The portable watch alone (the parent's sentinel, its pid) ends an orphan in well under
    a second, under fork as under spawn (what Windows and macOS use)."""
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script), method], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    lines = {parent.stdout.readline(), parent.stdout.readline()}  # in either order
    assert "watching\n" in lines
    child = int((lines - {"watching\n"}).pop())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 2
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(child)


def test_out_of_memory_names_what_was_too_large_for_that_kind_of_file() -> None:
    from xhht_cli.read.discover import InputFile
    from xhht_cli.read.pool import _stopped

    def said(kind: str) -> str:
        file = InputFile(Path(f"r.{kind}"), f"r.{kind}", 1, 0.0, "", kind)
        finding = _stopped(file, False, -signal.SIGABRT, 60)
        assert finding.code == "file.out_of_memory"
        return finding.message("en")

    assert "CSV" in said("csv") and "data area" not in said("csv")
    assert "data area" in said("zip") and "data area" in said("xlsx")
    assert "web page" in said("html") and "XML" in said("fods")


def test_an_interruption_python_could_not_pass_on_is_raised_again(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A signal landing in code whose exceptions Python ignores (the hooks ``fork`` runs, a
    finaliser) is not lost, nor printed: the reading loop and the command's end raise it."""
    from xhht_cli.base import lifetime

    monkeypatch.setattr(lifetime, "_pending", [])
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # this process keeps its own
    monkeypatch.setattr(sys, "unraisablehook", lifetime._unraisable)

    class Finaliser:
        def __del__(self) -> None:
            lifetime._raise(signal.SIGTERM, None)

    Finaliser()  # dropped at once: its exception cannot go anywhere
    assert capfd.readouterr().err == ""
    with pytest.raises(Interrupted) as raised:
        lifetime.check()
    assert raised.value.signum == signal.SIGTERM


class _Held:
    """Something a command holds while it ends (a national run: millions of these)."""


def _ending_command(made: list[object]) -> None:
    import typer

    from xhht_cli.cli.handling import handled

    @handled
    def command() -> None:
        held = _Held()  # a local of the command's frame, as an outcome is
        made.append(weakref.ref(held))
        raise typer.Exit(0)

    with contextlib.suppress(Exception, SystemExit):  # typer.Exit is an Exception
        command()


@pytest.mark.parametrize("asked", [True, False])
def test_what_a_command_holds_is_kept_until_the_process_ends_only_when_asked(
    asked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the console entry point (cli/root.py asks) a command's frames are not freed one
    by one when Typer drops its Exit (~0.2 s at national scale): the process ends a moment
    later. Called as ``app`` (tests, other programs), everything is freed as usual."""
    from xhht_cli.base import lifetime

    monkeypatch.setattr(lifetime, "_kept", [])
    monkeypatch.setattr(lifetime, "_keeping", [False])
    if asked:
        lifetime.keep_until_exit()
    made: list[weakref.ref[_Held]] = []
    _ending_command(made)  # type: ignore[arg-type]
    gc.collect()
    assert (made[0]() is not None) is asked


def test_the_collector_is_held_off_inside_the_roll_up_and_put_back_after() -> None:
    """``decide`` and the writing of the summary, report and document run with the cyclic
    collector off; it is on again after, even when they fail, and stays off where it was off
    before. The feedback, a workbook per report, is written under the collector."""
    from xhht_cli.base.lifetime import uncollected
    from xhht_cli.rollup import outcome
    from xhht_cli.write import outputs

    seen: list[bool] = []

    @uncollected
    def step(fail: bool) -> None:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("disk full")

    assert gc.isenabled()
    step(False)
    with pytest.raises(RuntimeError):
        step(True)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        step(False)
        assert not gc.isenabled()
    finally:
        gc.enable()
    wrapper = uncollected(lambda: None).__code__
    assert outputs.write_outputs.__code__ is not wrapper
    for held in (outcome.decide, outputs._write_rolled):
        assert held.__code__ is wrapper  # the very wrapper of uncollected
