#!/usr/bin/env python3
"""Peak memory (maximum resident set, GNU time's %M) of the iql runner per query.

usage: memory.py RUNNER DATADIR [QUERY,...] [DUCKDB_PEER]

Runs `RUNNER DATADIR Qn` under /usr/bin/time once per query (Q1-Q5, Q7, Q8 by default)
and prints, as a markdown table, the peak RSS beside the size of the CSV files the
query reads, with issue 13's target: peak <= 0.25 x those files for the queries that
can stream (Q1, Q2, Q5), <= 1 x for the others. With DUCKDB_PEER (the harness's
peers/duckdb_q.py), DuckDB's peak at its default thread count and at threads=1 is
measured the same way (it includes the Python interpreter that drives it, about 30 MB).
"""
import os
import subprocess
import sys
import tempfile

STREAMING = {"Q1", "Q2", "Q5"}
READS = {"Q1": ["projects"], "Q2": ["projects"], "Q3": ["actuals", "indicators"],
         "Q4": ["actuals", "indicators"], "Q5": ["actuals"], "Q7": ["actuals"], "Q8": ["projects"]}


def peak(command):
    """The maximum resident set of `command`, in bytes."""
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name] + command,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1]) * 1024


def main():
    runner, data = sys.argv[1], sys.argv[2]
    queries = sys.argv[3].split(",") if len(sys.argv) > 3 else list(READS)
    duckdb = sys.argv[4] if len(sys.argv) > 4 else None
    head = "| query | peak RSS MB | CSV read MB | peak ÷ CSV | target | met |"
    rule = "|---|---|---|---|---|---|"
    if duckdb:
        head += " DuckDB MB | DuckDB threads=1 MB | iql ÷ DuckDB |"
        rule += "---|---|---|"
    print(head)
    print(rule)
    for q in queries:
        if q not in READS:
            continue
        iql = peak([runner, data, q])
        csv = sum(os.path.getsize(os.path.join(data, t + ".csv")) for t in READS[q])
        r = iql / csv
        target = 0.25 if q in STREAMING else 1.0
        line = f"| {q} | {iql / 1e6:.0f} | {csv / 1e6:.0f} | {r:.2f} | ≤ {target:g}× | {'met' if r <= target else 'not met'} |"
        if duckdb:
            d = peak([sys.executable, duckdb, data, q])
            d1 = peak([sys.executable, duckdb, "--threads", "1", data, q])
            line += f" {d / 1e6:.0f} | {d1 / 1e6:.0f} | {iql / d:.2f} |"
        print(line)


if __name__ == "__main__":
    main()
