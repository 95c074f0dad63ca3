#!/usr/bin/env python3
"""Writing speed: load-and-write of a CSV of distinct Chinese strings beside DuckDB, and
rows a second of every output format.

usage: output.py IQL_BIN WORKDIR PROJECTS_CSV [RUNS]

1. Load and write: WORKDIR/distinct.csv (made when missing) has 2,000,000 rows: `id`, a
   `name` of distinct Chinese text, an `amount` with decimals and a `category` of eight
   short repeated texts. iql reads it with --data (the load) and writes it with
   write_csv (the query); DuckDB (threads=1 and its default) reads it into a table with
   read_csv and writes it with COPY … TO, each timed apart. iql's file must equal the
   input byte for byte (the input is written as iql writes numbers: shortest round trip).
2. Formats: PROJECTS_CSV (the benchmark's projects table) printed with `--format F
   --max-rows 0` to a file, and written by write_csv, write_json, write_markdown and
   write_xlsx; rows a second of the query phase (the load is the same for all).
Medians of RUNS (default 3) runs; ratios below 1 mean iql is faster.
"""
import os
import statistics
import subprocess
import sys
import time

ROWS = 2_000_000
CHARS = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
CATEGORIES = ["制造业", "服务业", "农业", "建筑", "交通", "能源", "医药", "文旅"]


def generate(path):
    """The input file, in the text iql writes, so that writing it back is the same bytes."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("id,name,amount,category\n")
        n = len(CHARS)
        for i in range(ROWS):
            k, name = i, []
            for _ in range(4):
                name.append(CHARS[k % n])
                k //= n
            amount = (i * 7919 % 1_000_000) / 100
            f.write(f"{i + 1},{''.join(name)}{i % 7}号,{repr(amount) if amount != int(amount) else int(amount)},{CATEGORIES[i % 8]}\n")
    os.replace(tmp, path)


def bench_line(stderr):
    for line in stderr.splitlines():
        if line.startswith("BENCH "):
            fields = dict(kv.split("=") for kv in line.split()[1:])
            return float(fields["load_ms"]), float(fields["query_ms"])
    raise SystemExit("no BENCH line from iql:\n" + stderr)


def run_iql(binary, args, stdout=subprocess.DEVNULL):
    started = time.perf_counter()
    p = subprocess.run([binary, "--timings", *args], stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = (time.perf_counter() - started) * 1000
    if p.returncode != 0:
        raise SystemExit(f"iql {' '.join(args)} failed:\n{p.stderr}")
    load, query = bench_line(p.stderr)
    return load, query, wall


def duckdb_times(src, out, threads):
    import duckdb
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads={threads}")
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{src}')")
    t1 = time.perf_counter()
    con.execute(f"COPY t TO '{out}' (HEADER)")
    t2 = time.perf_counter()
    con.close()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t2 - t0) * 1000


def med3(samples):
    return tuple(statistics.median(s[k] for s in samples) for k in range(3))


def main():
    binary, work, projects = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, "distinct.csv")
    if not os.path.exists(src):
        print(f"output: generating {src}", file=sys.stderr)
        generate(src)
    out = os.path.join(work, "out.csv")

    iql = med3([run_iql(binary, ["--data", f"t={src}", "-e", f't | write_csv("{out}")']) for _ in range(runs)])
    with open(src, "rb") as a, open(out, "rb") as b:
        same = a.read() == b.read()
    peers = {}
    for name, threads in [("duckdb-t1", 1), ("duckdb", None)]:
        peers[name] = med3([duckdb_times(src, os.path.join(work, f"{name}.csv"), threads) for _ in range(runs)])
    print(f"### Load and write: {ROWS:,} rows, a column of distinct Chinese text (iql's file {'equals' if same else 'DIFFERS from'} the input)")
    print()
    print("| | read ms | write ms | read + write ms | iql ÷ peer (read / write / both) |")
    print("|---|---:|---:|---:|---|")
    print(f"| iql (process wall {iql[2]:.0f} ms) | {iql[0]:.0f} | {iql[1]:.0f} | {iql[0] + iql[1]:.0f} | |")
    for name, (read, write, both) in peers.items():
        print(f"| {name} | {read:.0f} | {write:.0f} | {both:.0f} | "
              f"{iql[0] / read:.2f} / {iql[1] / write:.2f} / {(iql[0] + iql[1]) / both:.2f} |")
    print()

    with open(projects, "rb") as f:
        rows = sum(1 for _ in f) - 1
    print(f"### Output formats: the projects table, {rows:,} rows × 6 columns, to a file")
    print()
    print("| output | query ms | rows/s |")
    print("|---|---:|---:|")
    target = os.path.join(work, "format.out")
    cases = [(f"--format {f}", ["--format", f, "--max-rows", "0", "-e", "t"], True)
             for f in ["table", "csv", "json", "markdown", "html"]]
    writers = ["write_csv", "write_json", "write_markdown"]
    # A sheet holds at most 1,048,576 rows: beyond that write_xlsx refuses the table
    # (as Excel would), so it is timed only where a workbook can hold it.
    if rows < 1_048_576:
        writers.append("write_xlsx")
    cases += [(w, ["-e", f't | {w}("{target}")'], False) for w in writers]
    for label, args, to_stdout in cases:
        samples = []
        for _ in range(runs):
            with open(target, "wb") if to_stdout else open(os.devnull, "wb") as sink:
                samples.append(run_iql(binary, ["--data", f"t={projects}", *args], stdout=sink))
        query = statistics.median(s[1] for s in samples)
        print(f"| {label} | {query:.0f} | {rows / query * 1000:,.0f} |")
    os.remove(target)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
