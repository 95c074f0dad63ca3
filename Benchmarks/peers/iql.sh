#!/usr/bin/env bash
# iql runner for the peer harness in ../shared/bench (contract: peers/iql.sh.example there).
# usage: iql.sh DATADIR QUERY     (QUERY = Q1..Q5, Q6, Q6P; Q6 reads N from $BENCH_Q6_N)
set -euo pipefail
D=$1; Q=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${IQL_BIN:-$ROOT/.build/release/iql}
case $Q in
  Q1|Q2|Q3|Q4|Q5)
    q=$(echo "$Q" | tr 'A-Z' 'a-z')
    exec "$BIN" --param "data=$D" "$ROOT/Benchmarks/queries/$q.iql" ;;
  Q6|Q6P)
    exec "${IQL_Q6_BIN:-$ROOT/.build/release/iql-bench-q6}" "$Q" ;;
  *) echo "iql: $Q unsupported" >&2; exit 3 ;;
esac
