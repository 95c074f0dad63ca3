#!/usr/bin/env python3
"""Peak memory (maximum resident set, GNU time's %M) of the iql runner per query.

usage: memory.py RUNNER DATADIR [QUERY,...]

Runs `RUNNER DATADIR Qn` under /usr/bin/time once per query (Q1-Q5, Q7, Q8 by default)
and prints, as a markdown table, the peak RSS beside the size of the CSV files the
query reads, with the issue-6 target: peak <= 1.5 x those files.
"""
import os
import subprocess
import sys
import tempfile

READS = {"Q1": ["projects"], "Q2": ["projects"], "Q3": ["actuals", "indicators"],
         "Q4": ["actuals", "indicators"], "Q5": ["actuals"], "Q7": ["actuals"], "Q8": ["projects"]}


def main():
    runner, data = sys.argv[1], sys.argv[2]
    queries = sys.argv[3].split(",") if len(sys.argv) > 3 else list(READS)
    print("| query | peak RSS MB | CSV read MB | peak ÷ CSV | ≤ 1.5× |")
    print("|---|---|---|---|---|")
    for q in queries:
        if q not in READS:
            continue
        with tempfile.NamedTemporaryFile("r") as out:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, runner, data, q],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            peak = int(out.read().split()[-1]) * 1024
        csv = sum(os.path.getsize(os.path.join(data, t + ".csv")) for t in READS[q])
        r = peak / csv
        print(f"| {q} | {peak / 1e6:.0f} | {csv / 1e6:.0f} | {r:.2f} | {'met' if r <= 1.5 else 'not met'} |")


if __name__ == "__main__":
    main()
