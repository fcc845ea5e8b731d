import subprocess
import sys

from typer.testing import CliRunner

from xhht_cli import __version__
from xhht_cli.cli import app
from xhht_cli.cli.handling import handled
from xhht_cli.cli.output import OUT
from xhht_cli.cli.root import _hoist_global_options

runner = CliRunner()


def test_version_and_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("plan", "units"):
        assert command in result.output


def test_every_command_has_help_with_an_example():
    for args in (
        ["plan", "list"],
        ["plan", "show"],
        ["plan", "check"],
        ["units", "show"],
        ["units", "check"],
        ["template"],
        ["validate"],
        ["aggregate"],
        ["status"],
        ["run"],
        ["history"],
        ["export"],
    ):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Ví dụ" in result.output, args


def test_a_command_tree_built_once_speaks_each_language_asked(monkeypatch):
    """The session builds the tree once (tests/conftest.py), as the console does: it must say
    Vietnamese, then English, then Vietnamese again, each help in one language only."""
    import typer.main
    import typer.testing

    tree = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: tree)
    outputs = {}
    for lang in ("vi", "en", "vi"):
        result = runner.invoke(app, ["--lang", lang, "validate", "--help"])
        assert result.exit_code == 0, result.output
        outputs.setdefault(lang, []).append(result.output)
    assert "Ví dụ" in outputs["vi"][0] and "Example" not in outputs["vi"][0]
    assert "Example" in outputs["en"][0] and "Ví dụ" not in outputs["en"][0]
    assert outputs["vi"][1] == outputs["vi"][0]


def test_lang_option_anywhere_and_env():
    assert _hoist_global_options(["plan", "show", "x", "--lang", "en", "-q"]) == [
        "--lang",
        "en",
        "-q",
        "plan",
        "show",
        "x",
    ]
    assert _hoist_global_options(["a", "--", "--lang"]) == ["a", "--", "--lang"]
    result = runner.invoke(app, ["plan", "show", "nope"], env={"XHHT_LANG": "en"})
    assert "No plan named" in result.output


def test_bad_lang_is_usage_error_saying_which_languages_there_are():
    result = runner.invoke(app, ["--lang", "fr", "plan", "list"])
    assert result.exit_code == 2
    assert "xhht không có ngôn ngữ 'fr': dùng vi (tiếng Việt) hoặc en (English)." in result.output


def test_an_unknown_xhht_lang_is_said_once_and_the_command_runs_in_vietnamese():
    result = runner.invoke(app, ["plan", "list"], env={"XHHT_LANG": "fr"})
    assert result.exit_code == 0
    assert result.stderr.count("XHHT_LANG=fr: xhht chỉ có vi và en; dùng tiếng Việt.") == 1
    assert "XHHT_LANG" not in result.stdout  # what scripts read stays clean
    quiet = runner.invoke(app, ["plan", "list"], env={"XHHT_LANG": "en_US.UTF-8"})
    assert "XHHT_LANG" not in quiet.output


def test_a_missing_option_is_named_with_what_it_is_and_how_to_give_it():
    result = runner.invoke(app, ["aggregate", "data/samples/2023"])
    assert result.exit_code == 2
    assert "Thiếu --output — tệp tổng hợp .xlsx: thêm -o và giá trị của nó vào lệnh." in (
        result.output
    )
    english = runner.invoke(app, ["--lang", "en", "aggregate", "data/samples/2023"])
    assert "Missing --output — the summary workbook: add -o and its value" in english.output
    argument = runner.invoke(app, ["--lang", "en", "units", "check"])
    assert "Missing FILE — a registry file: add it to the command." in argument.output
    assert "See: xhht units check --help" in argument.output
    no_value = runner.invoke(app, ["aggregate", "data/samples/2023", "-o"])
    assert no_value.exit_code == 2
    assert "Tùy chọn -o cần một giá trị." in no_value.output
    assert "Xem hướng dẫn: xhht aggregate --help" in no_value.output  # the command it was
    assert runner.invoke(app, ["--lang", "EN", "plan", "list"]).exit_code == 0


def test_a_value_a_command_cannot_take_is_said_with_the_command_help_line():
    wrong = runner.invoke(app, ["validate", "data/samples/2023", "--format", "xml"])
    assert wrong.exit_code == 2
    assert "--format xml: chỉ nhận text | json." in wrong.output
    assert "Xem hướng dẫn: xhht validate --help" in wrong.output
    period = runner.invoke(app, ["--lang", "en", "trace", "data/samples/2023", "--period", "24"])
    assert period.exit_code == 2
    assert "See: xhht trace --help" in period.output


def test_an_unreadable_path_is_said_in_the_users_language_and_an_output_need_not_be_read(
    tmp_path, monkeypatch
):
    """Typer checks that a given path can be read (as root here every file can: the check is
    made to fail for two names). An input that cannot be read is named with the fix, in the
    user's language; an output already there is replaced, never read, so it is not checked."""
    import os

    real = os.access
    locked = ("cu.xlsx", "tieu-de.toml", "tieu-de's.toml")

    def access(path, mode):  # read permission only: an output's write check stays real
        return real(path, mode) and not (mode == os.R_OK and str(path).endswith(locked))

    monkeypatch.setattr(os, "access", access)
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"old summary")
    head = tmp_path / "tieu-de.toml"
    head.write_text("", encoding="utf-8")
    samples = ["aggregate", "data/samples/2024", "--units", "data/samples/don-vi-ca-mau-2024.csv"]
    given = [*samples, "-o", str(tmp_path / "x.xlsx"), "--letterhead", str(head)]
    refused = runner.invoke(app, given)
    assert refused.exit_code == 2
    assert "tieu-de.toml': không đọc được vì tài khoản đang chạy xhht không có quyền đọc" in (
        refused.output
    )
    assert "is not readable" not in refused.output
    english = runner.invoke(app, ["--lang", "en", *given])
    assert "cannot be read: the account running xhht has no permission" in english.output
    quoted = tmp_path / "tieu-de's.toml"  # repr quotes it with " instead of '
    quoted.write_text("", encoding="utf-8")
    named = runner.invoke(app, [*given[:-1], str(quoted)])
    assert "không đọc được vì tài khoản" in named.output and "not readable" not in named.output
    replaced = runner.invoke(app, [*samples, "-o", str(old)])
    assert replaced.exit_code in (0, 1), replaced.output
    assert old.read_bytes()[:2] == b"PK"  # the summary, written over the old file


def test_unexpected_exception_is_exit_3_without_traceback(capsys):
    @handled
    def broken() -> None:
        raise ZeroDivisionError("boom")

    OUT.reset(quiet=False, verbose=False)
    try:
        broken()
    except BaseException as exc:  # typer.Exit
        assert getattr(exc, "exit_code", None) == 3
    err = capsys.readouterr().err
    assert "ZeroDivisionError: boom" in err and "Traceback" not in err


def test_python_dash_m_and_quiet():
    proc = subprocess.run(
        [sys.executable, "-m", "xhht_cli", "--quiet", "plan", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout == ""
    proc = subprocess.run(
        [sys.executable, "-m", "xhht_cli", "plan", "show", "x", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "No plan named 'x'" in proc.stderr


def test_the_program_ends_with_its_output_whole(tmp_path):
    """main() keeps the run's objects instead of freeing them at exit: the exit code and every
    byte written to stdout are as they would be otherwise."""
    import json

    from conftest import ROOT

    samples = ROOT / "data" / "samples"
    command = [
        sys.executable,
        "-m",
        "xhht_cli",
        "validate",
        str(samples / "2023"),
        "--units",
        str(samples / "don-vi-ca-mau-2024.csv"),
        "--period",
        "2023",
        "--format",
        "json",
    ]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr  # the samples hold wrong and missing reports
    document = json.loads(proc.stdout)
    assert document["schema"] == "xhht/validate/v1" and len(document["files"]) > 100


def test_version_answers_before_the_application_is_imported():
    """`xhht --version` (with global flags) loads neither typer nor any stage of the pipeline:
    a clerk's first command answers at once (issue 30: start-up)."""
    probe = (
        "import sys; sys.argv = ['xhht', '--lang', 'en', '-q', '--version']\n"
        "from xhht_cli.cli import main; main()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('typer', 'rich', 'pydantic',"
        " 'xhht_cli.plans', 'xhht_cli.check', 'xhht_cli.rollup'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"xhht {__version__}", "[]"]


def test_help_loads_no_plan_nor_pipeline():
    """The application and every command's options import no stage: they load when a command
    runs (`--help` of every command stays quick)."""
    probe = (
        "import sys; import xhht_cli.cli.root\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'xhht_cli.plans',"
        " 'xhht_cli.check', 'xhht_cli.rollup', 'xhht_cli.read', 'openpyxl', 'pandas'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_options_default_plan_is_the_plans_default():
    from xhht_cli.cli.options import DEFAULT_PLAN
    from xhht_cli.plans import DEFAULT_PLAN as PLANS_DEFAULT

    assert DEFAULT_PLAN == PLANS_DEFAULT


def test_plan_show_speaks_one_language_in_its_kinds_and_formulas():
    vi = runner.invoke(app, ["plan", "show", "quoc-gia-2021-2030"], env={"COLUMNS": "200"})
    assert vi.exit_code == 0
    assert "│ số đếm " in vi.output and "│ mức 0–2 " in vi.output and "có/không 0–1" in vi.output
    assert "XMC_MUC ≥ 1 (đơn vị cấp dưới)" in vi.output and "CDXA_MUC ≥ 1 (mọi xã)" in vi.output
    assert not any(word in vi.output for word in ("│ count ", "(children)", "(commune)"))
    en = runner.invoke(
        app, ["--lang", "en", "plan", "show", "quoc-gia-2021-2030"], env={"COLUMNS": "200"}
    )
    assert "│ count " in en.output and "CDXA_MUC ≥ 1 (every commune)" in en.output
    assert "│ households " in en.output and "│ level " in en.output  # units of measure too
    assert "│ hộ " in vi.output
    counted = runner.invoke(app, ["plan", "show", "ke-hoach-tinh-2023"], env={"COLUMNS": "200"})
    assert "│ 9 đơn vị (tỉnh) │" in counted.output  # a count of units, at the province


def test_a_registry_file_that_is_not_there_is_said_to_be_missing_not_unknown(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path), "--units", "du-lieu/don-vi.csv"])
    assert result.exit_code == 2
    assert "Không tìm thấy tệp danh mục đơn vị 'du-lieu/don-vi.csv'" in result.output
    named = runner.invoke(app, ["--lang", "en", "validate", str(tmp_path), "--units", "abc"])
    assert "No registry named 'abc'" in named.output
    here = runner.invoke(app, ["validate", str(tmp_path), "--units", "./khong-co"])
    assert "Không tìm thấy tệp danh mục đơn vị './khong-co'" in here.output


def test_a_read_only_output_file_is_named_as_the_file_not_its_folder(tmp_path, monkeypatch):
    """The folder takes files; the summary already there is read-only (root passes os.access,
    so the file's answer is given here as a user's would be)."""
    import os
    from pathlib import Path

    from xhht_cli.write import paths

    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"x")
    real = os.access
    monkeypatch.setattr(
        paths.os,
        "access",
        lambda p, mode: False if Path(p) == target and mode == os.W_OK else real(p, mode),
    )
    result = runner.invoke(app, ["aggregate", str(tmp_path), "-o", str(target)])
    assert result.exit_code == 2
    assert f"-o {target}: tệp đã có này chỉ cho đọc" in result.output


def test_a_long_line_wraps_at_words_under_its_indent_on_a_terminal_and_stays_whole_off_it():
    import io

    from rich.console import Console

    from xhht_cli.cli.output import Output

    line = "  lỗi value.fraction BaoCao!E32: " + "số liệu có phần lẻ " * 5 + "Hãy nhập số nguyên."
    screen = Output(
        out=Console(file=io.StringIO(), force_terminal=True, width=40, color_system=None)
    )
    screen.result(line)
    shown = screen.out.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(shown) > 2 and all(len(row) <= 40 for row in shown)
    assert all(row.startswith("  ") and not row.endswith(" ") for row in shown)
    assert " ".join(row.strip() for row in shown) == line.strip()  # no word cut
    mail = Output(out=Console(file=io.StringIO(), width=40))  # a file, a cron mail: grep it
    mail.result(line)
    assert mail.out.file.getvalue() == line + "\n"  # type: ignore[attr-defined]


def test_a_table_too_wide_for_the_terminal_keeps_each_head_with_its_value():
    import io

    from rich.console import Console
    from rich.table import Table

    from xhht_cli.cli.output import records

    table = Table("Mã", "Đơn vị", "Dự kiến", "Đã nhận", "Trễ hạn", "Chưa nộp")
    table.add_row("964", "Thành phố Cà Mau", "16", "16", "0", "0")
    console = Console(file=io.StringIO(), force_terminal=True, width=40, color_system=None)
    console.print(records(table, 40), soft_wrap=True)
    shown = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert shown[0] == "Mã: 964" and all(len(row) <= 40 for row in shown)
    pairs = [p.strip() for row in shown[1:] for p in row.split(" · ")]
    expected = ["Đơn vị: Thành phố Cà Mau", "Dự kiến: 16", "Đã nhận: 16", "Trễ hạn: 0"]
    assert pairs == [*expected, "Chưa nộp: 0"]
    total = Table("Mã", "Đơn vị", "Dự kiến")
    total.add_row("—", "Tổng", "100")  # no code: titled by its name, not "Mã: —"
    console = Console(file=io.StringIO(), force_terminal=True, width=40, color_system=None)
    console.print(records(total, 40), soft_wrap=True)
    assert console.file.getvalue().splitlines() == ["Tổng", "  Dự kiến: 100"]  # type: ignore[attr-defined]


def test_a_text_of_several_lines_wraps_each_under_its_own_indent():
    import io

    from rich.cells import cell_len
    from rich.console import Console

    from xhht_cli.cli.output import Output

    text = "Bảng chuyển đổi vn → vn:96\n  " + " ".join(["đơn vị cũ chia cho nhiều đơn vị"] * 4)
    shown_to = Output(out=Console(file=io.StringIO(), force_terminal=True, width=40))
    shown_to.result(text, markup_text=False)
    shown = shown_to.out.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert shown[0] == "Bảng chuyển đổi vn → vn:96"  # not run on into the next line
    assert len(shown) > 3 and all(row.startswith("  ") and cell_len(row) <= 40 for row in shown[1:])


def test_a_value_longer_than_the_terminal_wraps_under_its_head_in_a_too_wide_table():
    """trace's unused reports: a reason of 150 characters wrapped at words, two columns in."""
    import io

    from rich.console import Console
    from rich.table import Table

    from xhht_cli.cli.output import records

    path = "data/samples/2023/968-huyen-tran-van-thoi/32104-bao-cao.xlsx"  # longer than 40
    reason = "BaoCao!E32: " + " ".join(["chỉ tiêu là số nguyên"] * 8) + f" ({path})"
    table = Table("Tệp", "Mã", "Lý do")
    table.add_row("data/samples/2023/968-huyen-tran-van-thoi/32104.xlsx", "32104", reason)
    console = Console(file=io.StringIO(), force_terminal=True, width=40, color_system=None)
    console.print(records(table, 40, console), soft_wrap=True)
    shown = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert all(len(row) <= 40 for row in shown[1:] if path not in row) and len(shown) > 4
    assert any(row.strip() == f"({path})" for row in shown)  # a long word whole, never cut
    said = [row for row in shown if row.startswith("  ")]
    assert " ".join(row.strip() for row in said) == f"Mã: 32104 Lý do: {reason}"  # no word cut


def test_a_file_that_is_no_plan_given_to_plan_is_said_to_be_one():
    letterhead = "data/samples/tieu-de-mau.toml"
    result = runner.invoke(app, ["validate", "data/samples/2024", "--plan", letterhead])
    assert result.exit_code == 2
    assert "là tệp .toml, không phải kế hoạch: --plan nhận tên một kế hoạch có sẵn" in (
        result.output
    )
    assert "YAML" not in result.output  # not the parser's words on a file that is no YAML


def test_aggregate_names_the_targets_not_met_in_the_readers_language(tmp_path):
    # one district's eight communes, all in: its verdicts are given
    folder = "data/samples/2024/966-huyen-u-minh"
    args = ["aggregate", folder, "--units", "data/samples/don-vi-ca-mau-2024.csv"]
    args += ["--parent", "966", "--period", "2024", "-o", str(tmp_path / "t.xlsx")]
    english = runner.invoke(app, ["--lang", "en", *args])
    assert '✗ Households that are "Learning families" (TL_GDHT)' in english.output
    vietnamese = runner.invoke(app, args)
    assert '✗ Tỷ lệ hộ gia đình đạt "Gia đình học tập" (TL_GDHT)' in vietnamese.output
