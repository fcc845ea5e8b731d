from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import PLAN
from xhht_cli.cli import app
from xhht_cli.write.template import layout_of

runner = CliRunner()


def test_one_form_per_commune_named_by_code_and_plain_name(tmp_path):
    out = tmp_path / "forms"
    result = runner.invoke(
        app,
        [
            "template",
            "--units",
            str(SAMPLE_REGISTRY),
            "--parent",
            "967",
            "--period",
            "2024",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 12 and "32086-xa-tan-loc.xlsx" in names
    sheet = load_workbook(out / "32086-xa-tan-loc.xlsx")["BaoCao"]
    layout = layout_of(PLAN)
    assert (
        sheet[layout.unit_code].value,
        sheet[layout.unit_name].value,
        sheet[layout.period].value,
    ) == ("32086", "Xã Tân Lộc", "2024")
    assert sheet["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2024"


def test_form_is_locked_but_for_values_and_validated(tmp_path):
    target = tmp_path / "mau.xlsx"
    result = runner.invoke(app, ["template", "--period", "2025", "-o", str(target)])
    assert result.exit_code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["BaoCao", "HuongDan"]
    sheet = workbook["BaoCao"]
    layout = layout_of(PLAN)
    assert sheet.protection.sheet is True
    hodg = layout.value_cell("HO_GD")
    assert sheet[hodg].protection.locked is False
    assert sheet[hodg.replace("E", "C")].protection.locked is True  # the label
    assert sheet[layout.report_date].protection.locked is False
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    count_rule = next(dv for ref, dv in rules.items() if hodg in ref.split())
    assert (count_rule.type, count_rule.operator, count_rule.formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    assert "số nguyên" in count_rule.prompt and count_rule.showInputMessage
    level = next(dv for ref, dv in rules.items() if layout.value_cell("XMC_MUC") in ref.split())
    assert (level.formula1, level.formula2) == ("0", "2")
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4
    assert sheet["C14"].font.name == "Times New Roman"
    assert sheet.column_dimensions["C"].width > 40
    guide = workbook["HuongDan"]
    assert "HƯỚNG DẪN" in guide["A1"].value and guide["A1"].comment is None
    # printed one A4 page wide, each long line's row tall enough for its wrapped lines
    assert guide.sheet_properties.pageSetUpPr.fitToPage and guide.page_setup.fitToWidth == 1
    assert str(guide.page_setup.paperSize) == "9" and guide.column_dimensions["A"].width <= 80
    longest = max(range(1, 12), key=lambda r: len(guide.cell(r, 1).value or ""))
    assert guide.row_dimensions[longest].height >= 36


def test_unknown_unit_is_exit_2(tmp_path):
    result = runner.invoke(
        app, ["template", "--units", str(SAMPLE_REGISTRY), "--unit", "1", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2 and "(tùy chọn --unit)" in result.output
