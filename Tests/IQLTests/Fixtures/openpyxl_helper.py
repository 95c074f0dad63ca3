"""The real reader and writer the xlsx tests check iql against (XLSXTests.swift).

python3 openpyxl_helper.py dump PATH   prints every sheet of the workbook as JSON:
    {"sheets": [{"name": ..., "rows": [[{"type": ..., "value": ..., "format": ...}, ...], ...]}]}
    floats are given as repr() text, which reads back as the same double.
python3 openpyxl_helper.py write PATH  writes the workbook the reading tests expect.
"""
import datetime
import json
import sys

import openpyxl


def cell_json(cell):
    v = cell.value
    if v is None:
        kind, shown = "empty", None
    elif isinstance(v, bool):
        kind, shown = "bool", v
    elif isinstance(v, (int, float)):
        kind, shown = "number", repr(float(v))
    elif isinstance(v, datetime.datetime):
        kind, shown = "datetime", v.isoformat()
    else:
        kind, shown = "string", str(v)
    return {"type": kind, "value": shown, "format": cell.number_format}


def dump(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows = [[cell_json(c) for c in row] for row in ws.iter_rows()]
        sheets.append({"name": ws.title, "rows": rows})
    print(json.dumps({"sheets": sheets}, ensure_ascii=False))


def write(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目标"
    ws.append(["指标", "目标", "完成", "达标", "日期", "备注", "", "指标"])
    ws.append(["地区生产总值", 0.07, 1234.5, True, datetime.date(2023, 6, 1), "左右", 1, "x"])
    ws.append(["规模以上工业总产值", 0.1, -0.25, False, datetime.date(1999, 12, 31), None, 2, "y"])
    ws.append(["人参", None, 3e-7, None, datetime.datetime(2023, 1, 2, 13, 30), "€ 𠀀", 3, "z"])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for c in row:
            c.number_format = "0.0%"
    ws["E3"].number_format = "yyyy/mm/dd"
    second = wb.create_sheet("1-5月")
    second.append(["indicator_id", "value"])
    second.append(["gdp_growth", 0.061])
    second.append(["grain_output", 2700000000])
    wb.save(path)


if __name__ == "__main__":
    {"dump": dump, "write": write}[sys.argv[1]](sys.argv[2])
