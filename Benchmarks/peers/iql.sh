#!/usr/bin/env bash
# iql runner for the peer harness in ../shared/bench (contract: peers/iql.sh.example there).
# usage: iql.sh DATADIR QUERY     (QUERY = Q1..Q8, Q6P; Q6 reads N from $BENCH_Q6_N)
# Q1-Q5, Q7 and Q8 read only the tables they need with --data (the load) and run the query script
# (the query); --timings prints that split as the harness's BENCH line.
set -euo pipefail
D=$1; Q=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${IQL_BIN:-$ROOT/.build/release/iql}
case $Q in
  Q1|Q2|Q8) tables=(projects) ;;
  Q3|Q4)    tables=(actuals indicators) ;;
  Q5|Q7)    tables=(actuals) ;;
  Q6|Q6P) exec "${IQL_Q6_BIN:-$ROOT/.build/release/iql-bench-q6}" "$Q" ;;
  *) echo "iql: $Q unsupported" >&2; exit 3 ;;
esac
args=()
for t in "${tables[@]}"; do args+=(--data "$t=$D/$t.csv"); done
q=$(echo "$Q" | tr 'A-Z' 'a-z')
exec "$BIN" --timings "${args[@]}" "$ROOT/Benchmarks/queries/$q.iql"
