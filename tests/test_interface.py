"""The interface as analysts meet it (issue 20): one language per run, usage errors exit 2 in
one or two lines, the system's failures exit 74 (never 3, a bug), outputs named as asked, and
the code paths of a system without fork or fcntl."""

from __future__ import annotations

import ast
import errno
import io
import json
import os
import re
import string
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN, grid
from synth import write_xlsx_formulas
from xhht_cli.base.i18n import MESSAGES
from xhht_cli.cli.language import lang_of, one_language, utf8_console
from xhht_cli.cli.root import app
from xhht_cli.units.load import load_registry
from xhht_cli.units.unit import Unit, canonical_level
from xhht_cli.values.codec import document_bytes, document_chunks, dumps

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

RUNNER = CliRunner()
# Letters only Vietnamese uses (a Vietnamese word nearly always has one).
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
ENGLISH_HELP = ("Show this message", "Options", "Arguments", "Usage:", "[default", "[required")
BOX = "╭"
SAMPLE_ARGS = [str(SAMPLES / "2023"), "--units", str(SAMPLE_REGISTRY), "--period", "2023"]


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(app, list(args), env=env)


# -- one language ----------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_both_languages(key: str) -> None:
    vi, en = MESSAGES[key]
    assert vi.strip() and en.strip(), key
    assert _fields(vi) == _fields(en), key  # the same parameters, so both render
    unquoted = re.sub(r'"[^"]*"|“[^”]*”|\([^)]*\)', "", en)  # the form's own labels, quoted
    assert not VIETNAMESE.search(unquoted), f"{key}: Vietnamese in the English text: {en}"


def _heads(output: str) -> list[str]:
    return [line for line in output.splitlines() if "┃" in line]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", *SAMPLE_ARGS, "--plan", "ke-hoach-tinh-2023"],
        ["status", *SAMPLE_ARGS, "--plan", "ke-hoach-tinh-2023"],
        ["plan", "list"],
    ],
)
def test_english_run_prints_no_vietnamese_table_heads(args: list[str]) -> None:
    result = invoke("--lang", "en", *args)
    assert result.exit_code in (0, 1), result.output
    heads = _heads(result.stdout)
    assert heads
    for line in heads:
        assert not VIETNAMESE.search(line), line
    if args[0] == "validate":  # and no Vietnamese status words
        assert "hợp lệ" not in result.stdout and "valid" in result.stdout


def test_vietnamese_run_prints_no_english_statuses() -> None:
    result = invoke("validate", *SAMPLE_ARGS, "--plan", "ke-hoach-tinh-2023")
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows
    for line in rows:
        assert not re.search(r"\b(valid|invalid|superseded|ignored|unreadable)\b", line), line
    heads = " ".join(_heads(result.stdout))
    assert "Trạng thái" in heads and "file" not in heads


def test_levels_in_the_run_language() -> None:
    assert (
        "1 province, 64 communes"
        in invoke("--lang", "en", "units", "show", "--units", "vn:96").stdout
    )
    assert "1 tỉnh, 64 xã" in invoke("units", "show", "--units", "vn:96").stdout
    checked = invoke("--lang", "en", "units", "check", str(SAMPLE_REGISTRY)).stdout
    assert "1 province, 9 districts, 100 communes" in checked


COMMANDS = [
    [],
    ["template"],
    ["validate"],
    ["aggregate"],
    ["status"],
    ["run"],
    ["history"],
    ["export"],
    ["plan"],
    ["plan", "show"],
    ["units"],
    ["units", "check"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "xhht")
def test_help_is_in_one_language(command: list[str]) -> None:
    vi = invoke(*command, "--help")
    assert vi.exit_code == 0
    assert not [w for w in ENGLISH_HELP if w in vi.stdout], vi.stdout
    assert " / " not in vi.stdout  # no "vi. / en." halves
    assert "<list[" not in vi.stdout and "<bool>" not in vi.stdout and "<str>" not in vi.stdout
    for en in (
        invoke("--lang", "en", *command, "--help"),
        invoke(*command, "--help", env={"XHHT_LANG": "en"}),
    ):
        assert en.exit_code == 0
        text = "\n".join(line for line in en.stdout.splitlines() if "Example" not in line)
        assert not VIETNAMESE.search(text), text
        assert "Show this message and exit." in en.stdout


def test_bilingual_help_text_is_split() -> None:
    text = "Đọc các tệp (thoát 1).\n    / Read the files (exit 1).\n\n    Ví dụ / example: xhht x"
    assert one_language(text, "vi") == "Đọc các tệp (thoát 1).\n\nVí dụ: xhht x"
    assert one_language(text, "en") == "Read the files (exit 1).\n\nExample: xhht x"
    assert lang_of(["validate", "--lang=en"]) == "en"
    assert lang_of(["validate", "--", "--lang", "en"]) == "vi"


# -- usage errors: exit 2, one or two lines, never a box, never exit 3 --------------------------


def _usage_cases(tmp: Path) -> list[list[str]]:
    folder = tmp / "thu-muc"
    folder.mkdir()
    afile = tmp / "tep.txt"
    afile.write_text("x")
    agg = ["aggregate", *SAMPLE_ARGS]
    return [
        ["validate", "--fromat", "json", str(SAMPLES)],  # an unknown option
        ["validate"],  # a missing argument
        ["aggregate", str(SAMPLES)],  # a missing option
        ["valdate", str(SAMPLES)],  # an unknown command
        ["run", "--wait", "abc"],  # not a number
        ["validate", *SAMPLE_ARGS, "--format", "xml"],
        ["status", *SAMPLE_ARGS, "--format", "xml"],
        [*agg, "-o", str(folder)],  # an existing folder for a file
        [*agg, "-o", str(tmp / "x.csv")],  # a wrong extension
        [*agg, "-o", str(tmp / "a" / "b" / "x.xlsx")],  # a missing parent folder
        [*agg, "-o", str(tmp / "x.xlsx"), "--json", str(folder)],
        [*agg, "-o", str(tmp / "x.xlsx"), "--json", str(tmp / "x.txt")],
        ["validate", *SAMPLE_ARGS, "--feedback", str(afile)],  # a file for a folder
        ["validate", *SAMPLE_ARGS, "-o", str(tmp / "kiem-tra.xlsx")],
        ["template", "-o", str(tmp / "mau.pdf")],
        ["template", "-o", str(afile / "mau.xlsx")],  # a parent that is a file
        [
            "template",
            "--units",
            str(SAMPLE_REGISTRY),
            "--parent",
            "967",
            "-o",
            str(tmp / "one.xlsx"),
        ],
        ["run", "--init", str(tmp / "cau-hinh.txt")],
        ["--lang", "fr", "plan", "list"],
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_usage_errors_exit_2_in_one_or_two_lines(tmp_path: Path, lang: str) -> None:
    for case in _usage_cases(tmp_path):
        result = invoke("--lang", lang, *case)
        assert result.exit_code == 2, (case, result.output)
        lines = result.stderr.strip().splitlines()
        assert 1 <= len(lines) <= 2, (case, result.stderr)
        assert BOX not in result.output and "Traceback" not in result.output
        if lang == "vi":
            assert not re.search(r"\b(No such|Missing|Invalid|Error|Try)\b", result.stderr), (
                result.stderr
            )
        else:
            assert not VIETNAMESE.search(result.stderr.replace("thu-muc", "")), result.stderr
    assert not list(tmp_path.glob("a")), "a typo in -o must not make folders"


def test_output_checked_before_any_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xhht_cli.check.pipeline as pipeline

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("read before the outputs were checked")

    monkeypatch.setattr(pipeline, "validate_inputs", never)
    result = invoke("aggregate", *SAMPLE_ARGS, "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2


def test_unwritable_place_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)  # root may write anywhere: simulated
    result = invoke("aggregate", *SAMPLE_ARGS, "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "không được phép ghi" in result.stderr


# -- the system's failures: exit 74, the path, the cause, the fix --------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "ổ đĩa đã đầy"),
        (errno.EACCES, "không có quyền ghi"),
        (errno.EROFS, "chỉ cho phép đọc"),
    ],
)
def test_failures_while_writing_exit_74(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    target = tmp_path / "tong-hop.xlsx"
    result = invoke("aggregate", *SAMPLE_ARGS, "--plan", "ke-hoach-tinh-2023", "-o", str(target))
    assert result.exit_code == 74, result.output
    assert str(target) in result.stderr and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nhóm phát triển" not in result.stderr  # not reported as our bug
    assert not list(tmp_path.iterdir())  # no temporary file left behind


def test_disk_full_in_the_cron_run_says_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    config = tmp_path / "xhht.toml"
    config.write_text(
        f'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\nunits = "{SAMPLE_REGISTRY.as_posix()}"\n'
        'period = "2023"\nplan = "ke-hoach-tinh-2023"\n',
        encoding="utf-8",
    )
    write_xlsx_formulas(inbox / "tan-loc.xlsx", grid(), {})

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = invoke("--lang", "en", "run", "--config", str(config))
    assert result.exit_code == 74, result.output
    assert "the disk is full" in result.stderr and "Nothing is lost" in result.stderr
    monkeypatch.undo()
    again = invoke("run", "--config", str(config))
    assert again.exit_code in (0, 1), again.output
    assert (tmp_path / "ket-qua" / "tong-hop-2023.xlsx").is_file()


def test_cron_output_folder_that_is_a_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "hop-thu").mkdir()
    (tmp_path / "ket-qua").write_text("x")
    config = tmp_path / "xhht.toml"
    config.write_text(
        'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "s.sqlite"\nperiod = "2025"\n'
    )
    result = invoke("run", "--config", str(config))
    assert result.exit_code == 2 and "ket-qua" in result.stderr


def test_config_errors_in_the_users_language(tmp_path: Path) -> None:
    (tmp_path / "hop-thu").mkdir()
    config = tmp_path / "xhht.toml"
    config.write_text('inbox = "hop-thu"\noutput = "o"\nperiod = "25"\nmove_processed = "maybe"\n')
    result = invoke("run", "--config", str(config))
    assert result.exit_code == 2
    assert "thiếu khóa này" in result.stderr and "true hoặc false" in result.stderr
    assert "Field required" not in result.stderr and "Input should" not in result.stderr


# -- names and defaults --------------------------------------------------------------------------


def test_template_outputs_are_named_as_asked(tmp_path: Path) -> None:
    one = tmp_path / "one.xlsx"
    assert (
        invoke(
            "template",
            "--units",
            str(SAMPLE_REGISTRY),
            "--unit",
            "32086",
            "--period",
            "2024",
            "-o",
            str(one),
        ).exit_code
        == 0
    )
    assert one.is_file()
    folder = tmp_path / "mau"
    folder.mkdir()
    result = invoke("template", "-o", str(folder))
    assert result.exit_code == 0
    assert (folder / f"bieu-mau-{date.today().year}.xlsx").is_file()
    assert "năm hiện tại" in result.stderr  # the clock's year is said aloud
    assert invoke("template", "--period", "2024", "-o", str(tmp_path / "chung")).exit_code == 0
    assert (tmp_path / "chung.xlsx").is_file()


def test_units_inferred_from_one_province(tmp_path: Path) -> None:
    vn = load_registry("vn")
    for code in ("32002", "32014"):
        unit = vn[code]
        write_xlsx_formulas(
            tmp_path / f"{code}.xlsx",
            grid(unit=unit, period="2025", report_date=date(2025, 11, 30)),
            {},
        )
    result = invoke("status", str(tmp_path), "--period", "2025")
    assert "Tỉnh Cà Mau" in result.stderr and "vn:96" in result.stderr
    assert result.stdout.count("\n") < 100  # the province's communes, not the country's
    checked = invoke("-q", "validate", str(tmp_path), "--period", "2025", "--format", "json")
    assert json.loads(checked.stdout)["completeness"]["expected"] == 64  # Cà Mau's communes
    whole = invoke("validate", str(tmp_path), "--units", "vn", "--period", "2025")
    assert "Tỉnh Cà Mau" not in whole.stderr  # --units given: taken as said


def test_vietnamese_level_words_in_registries(tmp_path: Path) -> None:
    assert canonical_level("Tỉnh") == "province"
    assert canonical_level("thanh pho") == "province"
    assert canonical_level("Thị xã") == "district"
    assert canonical_level("PHƯỜNG") == "commune"
    assert canonical_level("dac khu") == "commune"
    registry = tmp_path / "don-vi.csv"
    registry.write_text(
        "code,name,level,parent_code\n96,Tỉnh Cà Mau,tỉnh,\n964,TP Cà Mau,thành phố thuộc tỉnh,96\n"
        "32002,Phường 1,Phường,964\n32003,Xã Tân Lộc,xa,964\n32004,Hòn Khoai,đặc khu,96\n",
        encoding="utf-8",
    )
    units = load_registry(str(registry))
    assert [units[c].level for c in ("96", "964", "32002", "32003", "32004")] == [
        "province",
        "district",
        "commune",
        "commune",
        "commune",
    ]


def test_quiet_validate_prints_the_data_errors(tmp_path: Path) -> None:
    write_xlsx_formulas(tmp_path / "sai.xlsx", grid({"HO_GD": 10, "HO_GDHT": 20}), {})
    result = invoke(
        "-q", "validate", str(tmp_path), "--units", str(SAMPLE_REGISTRY), "--period", "2023"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "sai.xlsx" in result.stderr and "lỗi" not in result.stderr.splitlines()[0][:3]


# -- tables at 80 columns ------------------------------------------------------------------------


def test_tables_never_cut_what_one_types(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    listed = invoke("plan", "list").stdout
    assert "cong-dan-hoc-tap-huyen-2021-2030" in listed and "…" not in listed
    shown = invoke("plan", "show", "quoc-gia-2021-2030").stdout
    codes = [i.code for i in PLAN.indicators]
    for code in codes:
        assert re.search(rf"│ {code}\s", shown), code
    assert "…" not in shown


def test_piped_every_path_stands_whole_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a cron mail or through grep, a file's path is never folded nor wrapped, however
    long and whatever COLUMNS says (on a terminal a path past 48 characters may fold)."""
    monkeypatch.setenv("COLUMNS", "80")
    shown = invoke("validate", *SAMPLE_ARGS).stdout
    paths = sorted(str(p) for p in (SAMPLES / "2023").rglob("*") if p.is_file())
    long = [p for p in paths if len(p) > 60 and " " in p]
    assert long, "the samples hold long paths with spaces"
    lines = shown.splitlines()
    for path in paths:
        assert any(path in line for line in lines), path


# -- any machine ---------------------------------------------------------------------------------


def test_without_fork_workers_are_spawned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows (no fork) and macOS (fork unsafe): spawn, so all a worker gets is picklable."""
    from xhht_cli.read import pool
    from xhht_cli.read.discover import classify
    from xhht_cli.read.limits import Limits
    from xhht_cli.write import fork

    platform = sys.platform
    for system in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", system)
        assert pool.start_method() == "spawn"
        assert not fork.allowed()
    monkeypatch.setattr(sys, "platform", platform)  # multiprocessing itself must stay POSIX here
    monkeypatch.setattr(pool, "start_method", lambda: "spawn")
    paths = []
    for i, code in enumerate(("32086", "32087")):
        path = tmp_path / f"{i}.xlsx"
        write_xlsx_formulas(path, grid(unit=Unit(code, f"Xã {i}", "commune", "967")), {})
        paths.append(classify(path, path.name))
    outcomes = pool.read_many(paths, PLAN, 1, Limits.from_env())
    assert [len(read.reports) for read in outcomes] == [1, 1]


def test_console_writes_utf8_whatever_the_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    legacy = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", legacy)
    utf8_console()
    sys.stdout.write("Xã Tân Lộc")
    sys.stdout.flush()
    assert raw.getvalue().decode("utf-8") == "Xã Tân Lộc"


# -- the JSON encoder ----------------------------------------------------------------------------


def test_documents_byte_for_byte_as_the_standard_library_wrote_them() -> None:
    value = {
        "tên": "Xã Khánh Hòa \u2028 \x7f \x1f “x”",
        "floats": [43.29, 0.1 + 0.2, 1e-05, -2.5e-07, 1e16, 1e22, 5e-324, -0.0, 100.0],
        "nested": {"b": [], "a": {}, "z": [None, True, False, 2**63 - 1]},
        "big": 2**70,  # beyond orjson: the standard library writes it
        "key 1e-05": "0.00001",
    }
    assert dumps(value, pretty=True) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(dumps(value)) == value


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.floats(min_value=-1e-3, max_value=1e-3),  # where orjson and Python spell apart
            st.text(alphabet="e-0.1 ", max_size=8),  # text that looks like a number's end
        ),
        max_size=6,
    )
)
def test_small_floats_are_spelt_as_python_spells_them_wherever_they_stand(
    items: list[float | str],
) -> None:
    """The look for the lines to mend (``0.0000…``, a digit then ``e-``) finds every one,
    at a document's start as much as inside it, and text is never mended."""
    for value in (items, {"x": items}, items[:1]):
        assert dumps(value, pretty=True) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_a_document_full_of_dashes_is_still_mended_where_it_must_be(monkeypatch) -> None:
    """Past a number of dashes the look for small floats goes on by "e-": both find them."""
    from xhht_cli.values import codec

    value = {"path": "a-b-c-d", "floats": [1e-05, -2.5e-07, 3e-9], "more": "x-y", "z": 4e-06}
    for dashes in (1, 3, 100_000):
        monkeypatch.setattr(codec, "_DASHES", dashes)
        assert dumps(value, pretty=True) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _source_strings() -> tuple[set[str], set[str]]:
    """Every string literal of the package (but the catalogue), and every f-string's leading
    text (a key built as ``f"status.{status}"``)."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    package = Path(__file__).resolve().parents[1] / "src" / "xhht_cli"
    for path in package.rglob("*.py"):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
    return literals, prefixes


def test_every_message_of_the_catalogue_is_produced_somewhere() -> None:
    """A finding's code is written out where the finding is made; another message's key is
    written out, or built from a prefix (``f"status.{status}"``). None is left unused."""
    literals, prefixes = _source_strings()
    prefixes.discard("finding.")  # the one place every finding's message is looked up

    def produced(key: str) -> bool:
        if key.startswith(("finding.", "clerk.")):  # clerk.<code>: the feedback's words
            return key.partition(".")[2] in literals
        return key in literals or any(len(p) >= 4 and key.startswith(p) for p in prefixes)

    unused = [key for key in MESSAGES if not produced(key)]
    assert not unused, f"produce these messages somewhere, or delete them: {unused}"


def test_the_user_guide_explains_every_finding_code() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "huong-dan-su-dung.md").read_text(
        encoding="utf-8"
    )
    codes = [key.removeprefix("finding.") for key in MESSAGES if key.startswith("finding.")]
    missing = [code for code in codes if f"| `{code}` |" not in guide]
    assert not missing, f"add to docs/huong-dan-su-dung.md (section 5): {missing}"


def test_on_a_narrow_terminal_tables_keep_what_one_types() -> None:
    from rich.console import Console

    from xhht_cli.cli.output import Output, grid, keep_columns
    from xhht_cli.plans import load_plan

    def terminal() -> Console:
        return Console(
            file=io.StringIO(), width=80, force_terminal=True, color_system=None, soft_wrap=True
        )

    out = Output(out=terminal())
    # plan show's indicators at 80 columns: every code whole, on one line
    plan = load_plan("quoc-gia-2021-2030")
    from xhht_cli.cli.plan_cmd import _indicators_table

    out.result(keep_columns(_indicators_table(plan, True), 0))
    shown = out.out.file.getvalue()  # type: ignore[attr-defined]
    rows = [line for line in shown.splitlines() if line.startswith(("│", "┃", "┏", "└"))]
    assert all(len(line) <= 80 and line.endswith(("│", "┃", "┓", "┘")) for line in rows)
    for indicator in plan.indicators:  # in a table row, or "code: X" of a record
        assert re.search(rf"(^|│ |: ){indicator.code}(\s|$)", shown, re.M), indicator.code
    assert "…" not in shown
    # a table whose kept columns cannot fit: one record per row, nothing cut
    out = Output(out=terminal())
    table = grid(["Tệp", "Trạng thái", "Nhận lúc"], keep=(0,))
    path = "hop-thu/" + "bao-cao-xa-rat-dai-" * 4 + ".xlsx"
    table.add_row(path, "hợp lệ", "2025-12-01T08:19:28+00:00")
    out.result(table)
    text = out.out.file.getvalue()  # type: ignore[attr-defined]
    assert path in text and "Trạng thái: hợp lệ" in text and "…" not in text


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_document_byte_for_byte_as_the_standard_library_wrote_it(value: object) -> None:
    assert dumps(value, pretty=True) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(), JSON_VALUES, max_size=4),
    st.text(),
    st.lists(JSON_VALUES, max_size=5),
)
def test_a_document_written_a_unit_at_a_time_is_the_whole_one(
    head: dict[str, object], key: str, items: list[object]
) -> None:
    """The aggregate document is written unit by unit (values/codec.py, document_chunks):
    the same bytes as the whole document encoded at once, wherever the list stands."""
    head = head | {key: []}
    whole = document_bytes(head | {key: items})
    assert b"".join(document_chunks(head, key, iter(items))) == whole
