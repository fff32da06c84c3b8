#!/usr/bin/env bash
# Measures the regression gate itself: N regress runs of the unchanged build and N with a slowdown of SHARE (10 %)
# of the store side's CPU per update (calibrated from the baseline), alternating unchanged / slowed so a busy spell
# of the machine hits both ways, each compared with bench/baseline/regress.json at the tolerance given.
#
#   bench/gate-power.sh [N] [TOLERANCE]      default N=20, TOLERANCE=0.05; output in bench/target/gate-power/
#   GATE_SLOWDOWN_SHARE=0.1 GATE_OUT=DIR bench/gate-power.sh 10
#   GATE_SLOWDOWN_NANOS=2360 bench/gate-power.sh ab 10     a fixed slowdown instead of the calibration
#   bench/gate-power.sh ab [N] [TOLERANCE] [ROUNDS]
#                                            the within-session gate (bench/run.sh ab): N sessions, each of ROUNDS
#                                            rounds (default 6) of three PairBench forks in rotating order: the base,
#                                            the same build again, and the build slowed by SHARE. Each session gives
#                                            one unchanged comparison (same vs base) and one slowed (slowed vs base);
#                                            the slowdown is SHARE of the store CPU per update of one regress fork
#                                            run first (DIR/calibration), not of the baseline's;
#                                            default N=10, TOLERANCE=0.04; output in bench/target/gate-power-ab/
#
# Prints, per way, how many runs the gate flagged with the 95 % Wilson interval (goal: >= 95 % of slowed runs,
# <= 5 % of unchanged ones), the same runs at other tolerances, and the load average before each run; writes
# DIR/gate-power.json. Each run is bench/run.sh regress (~1-1.5 min on 2 cores). Exit 0, or 2 on bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=baseline
if [[ "${1:-}" == ab ]]; then
  mode=ab
  shift
fi
n="${1:-$([[ $mode == ab ]] && echo 10 || echo 20)}"
tolerance="${2:-$([[ $mode == ab ]] && echo 0.04 || echo 0.05)}"
rounds="${3:-6}"
share="${GATE_SLOWDOWN_SHARE:-0.10}"
out="${GATE_OUT:-bench/target/gate-power$([[ $mode == ab ]] && echo -ab)}"
baseline=bench/baseline/regress.json
if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < 1 || n > 1000 )); then
  echo "bench/gate-power.sh: N must be a whole number from 1 to 1000, was \"$n\"" >&2
  exit 2
fi
if [[ ! -f "$baseline" ]]; then
  echo "bench/gate-power.sh: no baseline $baseline (record one: docs/benchmarks.md, The regression gate)" >&2
  exit 2
fi
jar=bench/target/benchmarks.jar
if [[ ! -f "$jar" || "${BENCH_REBUILD:-0}" == 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
tool=(java -cp "$jar" io.casharness.reports.jmh.GatePower)
nanos=$("${tool[@]}" calibrate "$baseline" "$share")
if [[ $mode == ab && -z "${GATE_SLOWDOWN_NANOS:-}" ]]; then
  # the within-session series calibrates on this session's machine, not the baseline's hour: one regress fork of
  # this build first, SHARE of its store CPU per update (the load moves that cost by 20-40 %)
  mkdir -p "$out/calibration"
  BENCH_OUT="$out/calibration" bash bench/run.sh regress -f 1 >"$out/calibration/run.out" 2>&1 || true
  if [[ -f "$out/calibration/regress.json" ]]; then
    nanos=$("${tool[@]}" calibrate "$out/calibration/regress.json" "$share")
  fi
fi
nanos="${GATE_SLOWDOWN_NANOS:-$nanos}"
if [[ $mode == ab ]]; then
  echo "# gate power (within one session): $n sessions of $rounds rounds, tolerance $tolerance, slowdown $nanos ns" \
    "per store update ($share of the store CPU per update of $([[ -z "${GATE_SLOWDOWN_NANOS:-}" && -f "$out/calibration/regress.json" ]] && echo "the calibration fork" || echo "the baseline")), output $out"
  mkdir -p "$out"
  rm -rf "$out"/session-*
  started=$(date +%s)
  for i in $(seq 1 "$n"); do
    dir="$out/session-$(printf %03d "$i")"
    mkdir -p "$dir"
    start=$(date +%s)
    set +e
    CAS_BENCH_SLOWDOWN_NANOS="$nanos" BENCH_OUT="$dir" bash bench/run.sh ab --null-side --rounds "$rounds" \
      --tolerance "$tolerance" >"$dir/run.out" 2>&1
    rc=$?
    set -e
    echo "session $i: exit $rc, $(( $(date +%s) - start )) s; $(grep -E '^\| (same|candidate) ' "$dir/run.out" \
      | awk -F'|' '{printf "%s %s %s;", $2, $5, $9}')"
  done
  echo "# $(( $(date +%s) - started )) s wall time for $n sessions"
  "${tool[@]}" summarize-ab "$out" "$tolerance"
  exit 0
fi
echo "# gate power: $n runs each way, tolerance $tolerance, slowdown $nanos ns per store update" \
  "($share of the baseline's store CPU per update), output $out"
mkdir -p "$out"
rm -rf "$out"/unchanged-* "$out"/slowed-*
for i in $(seq 1 "$n"); do
  for way in unchanged slowed; do
    dir="$out/$way-$(printf %03d "$i")"
    mkdir -p "$dir"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    set +e
    if [[ "$way" == slowed ]]; then
      CAS_BENCH_SLOWDOWN_NANOS="$nanos" BENCH_OUT="$dir" bash bench/run.sh regress --tolerance "$tolerance" >"$dir/run.out" 2>&1
    else
      BENCH_OUT="$dir" bash bench/run.sh regress --tolerance "$tolerance" >"$dir/run.out" 2>&1
    fi
    rc=$?
    set -e
    echo "$way $i: exit $rc, $(( $(date +%s) - start )) s, load before $load;" \
      "$(grep -o 'CPU ratio [0-9.]*' "$dir/run.out" | head -n1)"
  done
done
"${tool[@]}" summarize "$out"
