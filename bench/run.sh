#!/usr/bin/env bash
# Runs a benchmark profile as ONE run (every ratio it prints compares cells of the same run).
#
#   bench/run.sh smoke              every strategy and backoff once, tiny iterations (CI; numbers not trusted)
#   bench/run.sh full               the documented matrix (docs/benchmarks.md: run time and how to read it)
#   bench/run.sh targets            only the cells of issue 5's targets (bench/gates.txt), three forks each (~12 min)
#   bench/run.sh smoke --backends sqlite        one backend only
#
# PostgreSQL: embedded (one server for the whole run) unless CAS_PG_URL names a server.
# Output: bench/target/jmh/<profile>.json (JMH JSON), <profile>-summary.md, <profile>.log, cells/*.json.
# Builds bench/target/benchmarks.jar first if it is missing (set BENCH_REBUILD=1 to force).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-smoke}"
shift || true
jar=bench/target/benchmarks.jar
if [[ ! -f "$jar" || "${BENCH_REBUILD:-0}" == 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
args=()
if [[ -n "${CAS_PG_URL:-}" ]]; then
  args+=("-Dcas.pg.url=$CAS_PG_URL")
fi
start=$(date +%s)
set +e
java "${args[@]}" -cp "$jar" io.casharness.bench.BenchMain "$profile" --out bench/target/jmh "$@"
rc=$?
set -e
echo "# bench/run.sh $profile: $(( $(date +%s) - start )) s wall time, exit $rc"
exit $rc
