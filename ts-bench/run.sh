#!/usr/bin/env bash
# Runs every tsstore benchmark next to its peers and prints the tables of BENCHMARKS.md.
#
#   ts-bench/run.sh            full run: 5 interleaved rounds; the growing-series workloads (issue 18) add well
#                              over an hour on 2 cores (QuestDB, DuckDB and RocksDB load 10M-100M points per fork)
#   ts-bench/run.sh --smoke    CI smoke test: tiny sizes, one short iteration each; checks the harness only
#   ts-bench/run.sh --only 'get-.*' --rounds 3 ...   any BenchRunner option (see its javadoc)
#
# Environment: JAVA_HOME picks the JDK (default: java on the PATH); PYTHON the python3 with numpy;
# RESULTS the output directory (default ts-bench/target/results); NO_BUILD=1 skips the Maven package step.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python_bin="${PYTHON:-python3}"
results="${RESULTS:-ts-bench/target/results}"

if ! "$python_bin" -c 'import numpy' 2>/dev/null; then
  echo "run.sh: $python_bin cannot import numpy (Debian: apt-get install python3-numpy)" >&2
  exit 2
fi
if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -o -q -B -f ts-bench/pom.xml package -DskipTests
fi
jar=ts-bench/target/benchmarks.jar
# Output of the previous run goes now, untimed, and well before the first timed store.
rm -rf "$results"
mkdir -p "$results"

status=0
"$java_bin" -jar "$jar" --out "$results" --python "$python_bin" \
  --driver ts-bench/src/main/python/numpy_bench.py "$@" || status=$?
"$python_bin" ts-bench/src/main/python/report.py "$results"
# The scratch stores (GBs) go once everything is measured.
rm -rf "$results/scratch"
exit $status
