#!/usr/bin/env bash
# Sign-off end to end (docs/approval.md) on a temporary inbox holding the 2024 samples:
# run → approve → a corrected report arrives → run (the approved figures stay; the late file
# is listed) → reopen → run (the new figures) → approvals lists both; then a wrong report:
# approve refuses, --accept-gaps records the gap. Needs `xhht` and `python` (the project's venv).
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
cd "$WORK"
cp -r "$REPO/data/samples/2024" hop-thu
cp "$REPO/data/samples/don-vi-ca-mau-2024.csv" .
printf 'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\nunits = "don-vi-ca-mau-2024.csv"\nperiod = "2024"\n' > xhht.toml
FORM=hop-thu/967-huyen-thoi-binh/32065-thi-tran-thoi-binh.xlsx

step() { printf '\n$ %s\n' "$*"; "$@"; echo "[exit $?]"; }
correct() {  # a clerk's corrected form: one number changed, a later report date
  python - "$1" "$2" "$3" <<'EOF'
import datetime, sys
from openpyxl import load_workbook
source, target, value = sys.argv[1], sys.argv[2], int(sys.argv[3])
book = load_workbook(source)
sheet = book.active
sheet["C9"] = datetime.datetime(2025, 1, 10)  # Ngày báo cáo
sheet["E15"] = value  # HO_GDHT
book.save(target)
EOF
}
compare() {  # the outputs now against those written right after the approval
  python - <<'EOF'
import json, pathlib
from python_calamine import CalamineWorkbook
now, then = pathlib.Path("ket-qua"), pathlib.Path("approved")
same = (now / "tong-hop-2024.docx").read_bytes() == (then / "tong-hop-2024.docx").read_bytes()
print(".docx byte for byte the approved one:", same)
a = json.loads((then / "tong-hop-2024.json").read_text(encoding="utf-8"))
b = json.loads((now / "tong-hop-2024.json").read_text(encoding="utf-8"))
late = b["approval"].pop("late")
a["approval"].pop("late")
print("JSON equal but for approval.late:", a == b, "| late:", [pathlib.Path(f["path"]).name for f in late])
old = CalamineWorkbook.from_path(str(then / "tong-hop-2024.xlsx"))
new = CalamineWorkbook.from_path(str(now / "tong-hop-2024.xlsx"))
for name in old.sheet_names:
    x, y = old.get_sheet_by_name(name).to_python(), new.get_sheet_by_name(name).to_python()
    if x != y:
        added = [" | ".join(str(c) for c in r if c != "") for r in y[len(x):]]
        print(f"sheet {name} differs: first {len(x)} rows equal: {y[:len(x)] == x}; added: {added}")
EOF
}
value() {
  python -c "import json; d = json.load(open('ket-qua/tong-hop-2024.json')); print('HO_GDHT of 32065:', next(u for u in d['units'] if u['code'] == '32065')['values']['HO_GDHT'], '| approval key:', 'approval' in d)"
}

step xhht run --config xhht.toml
sha256sum ket-qua/tong-hop-2024.json
step xhht approve --config xhht.toml --period 2024 --by "Trần Thị B" --note "BC số 12/BC-BCĐ đã ký"
step xhht run --config xhht.toml
mkdir approved && cp ket-qua/tong-hop-2024.* approved/
value
echo; echo "# a corrected report from Thị trấn Thới Bình arrives"
correct "$FORM" "hop-thu/967-huyen-thoi-binh/32065 (sua).xlsx" 1500
step xhht run --config xhht.toml
compare
value
printf '\n$ xhht status --config xhht.toml | tail -2\n'
xhht status --config xhht.toml | tail -2; echo "[exit ${PIPESTATUS[0]}]"
tail -1 ket-qua/nhat-ky.jsonl
step xhht reopen --config xhht.toml --period 2024 --reason "Thới Bình sửa số hộ học tập"
step xhht run --config xhht.toml
value
step xhht approvals --config xhht.toml
echo; echo "# a wrong report arrives (negative count); approving refuses, --accept-gaps records it"
correct "hop-thu/967-huyen-thoi-binh/32068-xa-bien-bach.xlsx" "hop-thu/967-huyen-thoi-binh/32068 (sua).xlsx" -5
step xhht run --config xhht.toml
step xhht approve --config xhht.toml --period 2024
step xhht --lang en approve --config xhht.toml --period 2024
step xhht approve --config xhht.toml --period 2024 --accept-gaps --by "Trần Thị B"
xhht approvals --config xhht.toml --format json | python -c "import json, sys; e = json.load(sys.stdin)['events'][-1]; print('gaps recorded:', e['gaps'])"
rm -rf "$WORK"
