#!/usr/bin/env python3
"""Writes the data files IOTests.swift reads. Run from this directory; the files are
committed, so this only documents (and can redo) how their bytes were made."""
import sqlite3, os

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

# Typed columns from cells as analysts write them; quoted fields with commas,
# doubled quotes and a newline; an empty cell is null; a blank line is skipped.
write("plan.csv", (
    'id,name,growth,amount,count,done,note\n'
    'gdp,地区生产总值,7%,5000万,"1,234",true,\n'
    'grain,"粮食, 总产量",3.5%,27亿,12,false,"said ""about"""\n'
    '\n'
    'fields,"高标准\n农田",-0.5%,17万,"1,000,000",TRUE,x\n'
).encode("utf-8"))

# A UTF-8 byte-order mark, CRLF line ends, no newline at the end.
write("bom_crlf.csv", b"\xef\xbb\xbf" + "名称,值\r\n医药,8%\r\n旅游,\"10\"\r\n人参,12".encode("utf-8"))

# What Excel saves in China: GB18030, with characters outside GBK too.
write("gb18030.csv", "指标,目标,备注\n地区生产总值,7%,左右\n规模以上工业总产值,10%,€ 𠀀\n".encode("gb18030"))

# A column that starts as numbers and turns to text keeps every cell's text.
write("mixed.csv", "code,n\n007,1\n12,2\nA-3,3\n".encode("utf-8"))

# Tab-separated.
write("tabs.tsv", "a\tb\n1\tx y\n".encode("utf-8"))

# Bad files.
write("bad_quote.csv", 'a,b\n1,2\n3,"never closed\n4,5\n'.encode("utf-8"))
write("bad_after_quote.csv", 'a,b\n1,"x"y\n'.encode("utf-8"))
write("bad_fields.csv", "a,b\n1,2\n3,4,5\n".encode("utf-8"))
write("trailing_empty.csv", "a,b\n1,2,\n3,4,,\n".encode("utf-8"))
write("bad_bytes.csv", b"a,b\n1,ok\n2,\xff\xfe\n")
write("bad_utf8_mostly.csv", "名称,值\n医药,8%\n旅游,10%\n人参,".encode("utf-8") + b"\xe4\xb8\n")
write("empty.csv", b"")
write("header_only.csv", b"x,,x\n")

# JSON: an array of objects, and JSON Lines.
write("rows.json", '[{"name": "医药", "target": 0.08, "ok": true},\n {"name": "旅游\\n\\u4eba", "extra": [1, 2]}]\n'.encode("utf-8"))
write("rows.jsonl", '{"id": 1, "name": "a"}\n{"id": 2, "name": "b", "note": null}\n\n{"id": 3}\n'.encode("utf-8"))
write("bad.json", '[{"a": 1},\n {"a": 2,}]\n'.encode("utf-8"))
write("bad_row.json", '[{"a": 1}, 42]\n'.encode("utf-8"))

# A SQLite database.
if os.path.exists("plan.db"):
    os.remove("plan.db")
db = sqlite3.connect("plan.db")
db.execute("CREATE TABLE projects (id TEXT, stage TEXT, budget REAL, count INTEGER)")
db.executemany("INSERT INTO projects VALUES (?, ?, ?, ?)",
               [("p1", "在建", 1.5e9, 3), ("p2", "新建", None, 1), ("p3", "在建", 2e8, None)])
db.commit()
db.close()
