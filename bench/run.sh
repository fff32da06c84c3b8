#!/usr/bin/env bash
# Runs a benchmark profile as ONE run (every ratio it prints compares cells of the same run).
#
#   bench/run.sh smoke              every strategy and backoff once, tiny iterations (CI; numbers not trusted)
#   bench/run.sh full               the documented matrix (docs/benchmarks.md: run time and how to read it)
#   bench/run.sh targets            every gate of bench/gates.txt, its two sides alternating every 500 ms inside
#                                   one fork (AlternatingBench), 2 forks of 5 s + 24 s per gate (~12-15 min);
#                                   exit 1 when a gate's interval's lower bound is below its bound; output
#                                   bench/target/jmh/targets-summary.md and targets/gates.json
#   bench/run.sh targets --gates pg-hot-4,sqlite-hot-8 -f 1 [--slice-ms 500] [--warmup-s 5] [--seconds 24]
#   bench/run.sh regress            the regression gate: the store and the atomic update at the same time
#                                   (PairBench, CPU per update, 30 paired 1 s iterations), compared with
#                                   bench/baseline/regress.json (~1-1.5 min; exit 1 on a regression);
#                                   output in bench/target/regress/
#   bench/run.sh regress --tolerance 0.08       the smallest fall of the ratio it flags (default 0.05)
#   bench/run.sh ab [--base-jar JAR] [--rounds 6] [--tolerance 0.04] [--null-side] [--slowdown-share 0.10]
#                                   the regression gate within one session: the base build (JAR, or this jar
#                                   without the slowdown) and this build measured alternately, one PairBench fork
#                                   each per round, compared round by round (~25-50 s a round); output in bench/target/ab/
#   bench/run.sh smoke --backends sqlite        one backend only
#   bench/run.sh full -t 4,16 -f 2 -prof gc     JMH's options: threads, forks, profilers (-rf for another format)
#
# PostgreSQL: embedded (one server for the whole run) unless CAS_PG_URL names a server.
# Output in bench/target/jmh/: <profile>.json (JMH JSON, each cell with its check and latency), <profile>.html
# (charts, beside bench/baseline/<profile>.json when it exists), <profile>-summary.md, <profile>.log, cells/*.json;
# Allure results in bench/target/allure-results/. Exit 0 passed, 1 a cell lost updates, failed, the negative
# control was not caught or (targets) a gate failed, 2 bad arguments.
# CAS_BENCH_SLOWDOWN_NANOS=N adds N ns of calibrated CPU work before every store update (-Dcas.bench.slowdown.nanos: an
# artificial regression for measuring the gate, bench/gate-power.sh).
# BENCH_BACKGROUND_LOAD=N runs N busy loops (one core's worth each, at the benchmark's priority) for the whole run: a
# background load of about N that every cell shares, for measuring how a result holds on a busy machine.
# Builds bench/target/benchmarks.jar first if it is missing (set BENCH_REBUILD=1 to force); BENCH_JAR=FILE runs another
# benchmarks.jar instead (a copy that a rebuild cannot change under a long run, or another commit's build).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-smoke}"
shift || true
case "$profile" in
  smoke|full|targets|regress|ab) ;;
  -h|--help) echo "usage: bench/run.sh smoke|full|targets|regress|ab [--out DIR] [--backends sqlite,postgres] [--baseline FILE] [--tolerance 0.05] [-f FORKS] [-t THREADS,...] [-prof PROFILER[:ARGS]]... [-rf json|csv|scsv|text|latex]"; echo "       bench/run.sh targets [--gates NAME,...] [-f FORKS] [--slice-ms 500] [--warmup-s 5] [--seconds 24] [--backends sqlite,postgres]"; echo "       bench/run.sh ab [--base-jar JAR] [--rounds 6] [--tolerance 0.04] [--statistic cpu-ratio-median|cpu-ratio|store-cpu|wall-ratio-median] [--null-side] [--slowdown-share 0.10] [--warmups 5] [--iterations 10] [--out DIR]"; exit 0 ;;
  *) echo "bench/run.sh: profile must be smoke, full, targets, regress or ab, was \"$profile\" (bench/run.sh --help)" >&2; exit 2 ;;
esac
jar="${BENCH_JAR:-bench/target/benchmarks.jar}"
if [[ -z "${BENCH_JAR:-}" && ( ! -f "$jar" || "${BENCH_REBUILD:-0}" == 1 ) ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
if [[ ! -f "$jar" ]]; then
  echo "$0: BENCH_JAR names no file, was \"$jar\"" >&2
  exit 2
fi
args=()
if [[ -n "${CAS_PG_URL:-}" ]]; then
  args+=("-Dcas.pg.url=$CAS_PG_URL")
fi
if [[ -n "${CAS_BENCH_SLOWDOWN_NANOS:-}" ]]; then
  args+=("-Dcas.bench.slowdown.nanos=$CAS_BENCH_SLOWDOWN_NANOS")
fi
background=()
if [[ -n "${BENCH_BACKGROUND_LOAD:-}" ]]; then
  if ! [[ "$BENCH_BACKGROUND_LOAD" =~ ^[0-9]+$ ]] || (( BENCH_BACKGROUND_LOAD < 1 || BENCH_BACKGROUND_LOAD > 16 )); then
    echo "bench/run.sh: BENCH_BACKGROUND_LOAD must be a whole number from 1 to 16, was \"$BENCH_BACKGROUND_LOAD\"" >&2
    exit 2
  fi
  for _ in $(seq 1 "$BENCH_BACKGROUND_LOAD"); do
    bash -c 'while :; do :; done' &
    background+=($!)
  done
  trap 'kill "${background[@]}" 2>/dev/null' EXIT
  echo "# bench/run.sh: $BENCH_BACKGROUND_LOAD busy loop(s) in the background (pids ${background[*]}) for the whole run"
fi
start=$(date +%s)
set +e
# the regress profile keeps its run apart: bench/target/jmh is the profiles' folder the report command renders
out="${BENCH_OUT:-bench/target/jmh}"
if [[ "$profile" == regress ]]; then
  out="${BENCH_OUT:-bench/target/regress}"
fi
if [[ "$profile" == ab ]]; then
  java "${args[@]}" -cp "$jar" io.casharness.bench.AbGate --out "${BENCH_OUT:-bench/target/ab}" "$@"
else
  java "${args[@]}" -cp "$jar" io.casharness.bench.BenchMain "$profile" --out "$out" "$@"
fi
rc=$?
set -e
if (( rc != 2 )); then
  echo "# bench/run.sh $profile: $(( $(date +%s) - start )) s wall time, exit $rc"
fi
exit $rc
