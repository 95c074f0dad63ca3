#!/usr/bin/env python3
"""iql ÷ peer ratios from the harness's JSON ($BENCH_WORK/results/raw/SCALE.json).

usage: ratio.py RESULTS.json

For each query: iql's median load, query and wall ms and the ratio iql ÷ peer for
each (below 1 = iql is faster), against sqlite, duckdb-t1 and duckdb for Q1-Q5, Q7
and Q8 and lua for Q6/Q6P, and whether the wall-time target is met:
Q1-Q5 wall <= duckdb-t1 and <= sqlite / 3; Q6 <= lua; Q6P <= 2 x lua (issue 6);
Q7 and Q8 wall <= duckdb-t1 (issue 9).
Printed as a markdown table, ready for the README.
"""
import json
import sys

PEERS = {"Q1": ["sqlite", "duckdb-t1", "duckdb"], "Q6": ["lua"], "Q6P": ["lua"]}
TARGETS = {"Q6": [("lua", 1.0)], "Q6P": [("lua", 2.0)], "Q7": [("duckdb-t1", 1.0)], "Q8": [("duckdb-t1", 1.0)]}
DB_TARGET = [("duckdb-t1", 1.0), ("sqlite", 1 / 3)]


def med(entry, metric):
    m = entry.get(metric) if entry else None
    return m["med"] if m else None


def ms(x):
    if x is None:
        return "–"
    return f"{x:.0f}" if x >= 100 else (f"{x:.1f}" if x >= 10 else f"{x:.2f}")


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "–"


def main():
    report = json.load(open(sys.argv[1]))
    print(f"scale `{report['scale']}`, {report.get('runs')} runs per peer, medians, "
          f"{report.get('nproc')} cores, {report.get('date')}\n")
    print("| query | peer | check | iql wall ms | peer wall ms | wall ÷ | load ÷ | query ÷ | target | met |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for q in ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q6P", "Q7", "Q8"]:
        found = report["queries"].get(q)
        if not found or "iql" not in found["peers"]:
            continue
        peers = found["peers"]
        iql = peers["iql"]
        targets = dict(TARGETS.get(q, DB_TARGET))
        for name in PEERS.get(q, PEERS["Q1"]):
            peer = peers.get(name)
            if not peer:
                continue
            iw, pw = med(iql, "wall"), med(peer, "wall")
            if name in targets and iw is not None and pw is not None:
                limit = targets[name]
                label = "≤ 1×" if limit == 1 else ("≤ 2×" if limit == 2 else "≤ ⅓")
                met = "met" if iw <= limit * pw and iql["check"].startswith("ok") else "not met"
            else:
                label, met = "", ""
            print(f"| {q} | {name} | {iql['check']} | {ms(iw)} | {ms(pw)} | {ratio(iw, pw)} | "
                  f"{ratio(med(iql, 'load'), med(peer, 'load'))} | "
                  f"{ratio(med(iql, 'query'), med(peer, 'query'))} | {label} | {met} |")


if __name__ == "__main__":
    main()
