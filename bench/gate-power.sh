#!/usr/bin/env bash
# Measures the regression gate itself: N regress runs of the unchanged build and N with a slowdown of SHARE (10 %)
# of the store side's CPU per update (calibrated from the baseline), alternating unchanged / slowed so a busy spell
# of the machine hits both ways, each compared with bench/baseline/regress.json at the tolerance given.
#
#   bench/gate-power.sh [N] [TOLERANCE]      default N=20, TOLERANCE=0.05; output in bench/target/gate-power/
#   GATE_SLOWDOWN_SHARE=0.1 GATE_OUT=DIR bench/gate-power.sh 10
#   GATE_SLOWDOWN_NANOS=2360 bench/gate-power.sh ab 10     a fixed slowdown instead of the calibration
#   BENCH_JAR=/tmp/gp.jar bench/gate-power.sh ab 20         every run on that jar (a rebuild meanwhile cannot touch it)
#   bench/gate-power.sh ab [N] [TOLERANCE] [ROUNDS] [-- AB-OPTIONS]
#                                            the within-session gate (bench/run.sh ab): N sessions, each of ROUNDS
#                                            rounds (default 6) of three PairBench forks in rotating order: the base,
#                                            the same build again, and the build slowed by SHARE. Each session gives
#                                            one unchanged comparison (same vs base) and one slowed (slowed vs base);
#                                            the slowdown of each slowed fork is SHARE of the median store CPU per
#                                            update of the session's unslowed forks before it (--slowdown-share), so
#                                            it is SHARE at the session's load, not the baseline's;
#                                            AB-OPTIONS go to every session (--warmups 3 --iterations 6);
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
positional=()
while (( $# > 0 )) && [[ "$1" != -- ]]; do
  positional+=("$1")
  shift
done
[[ "${1:-}" == -- ]] && shift
ab_options=("$@")
if [[ $mode != ab ]] && (( ${#ab_options[@]} > 0 )); then
  echo "bench/gate-power.sh: options after -- are for the ab mode only, were \"${ab_options[*]}\"" >&2
  exit 2
fi
n="${positional[0]:-$([[ $mode == ab ]] && echo 10 || echo 20)}"
tolerance="${positional[1]:-$([[ $mode == ab ]] && echo 0.04 || echo 0.05)}"
rounds="${positional[2]:-6}"
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
jar="${BENCH_JAR:-bench/target/benchmarks.jar}"
if [[ -z "${BENCH_JAR:-}" && ( ! -f "$jar" || "${BENCH_REBUILD:-0}" == 1 ) ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
if [[ ! -f "$jar" ]]; then
  echo "$0: BENCH_JAR names no file, was \"$jar\"" >&2
  exit 2
fi
tool=(java -cp "$jar" io.casharness.reports.jmh.GatePower)
nanos=$("${tool[@]}" calibrate "$baseline" "$share")
nanos="${GATE_SLOWDOWN_NANOS:-$nanos}"
if [[ $mode == ab ]]; then
  slowdown=(--slowdown-share "$share")
  what="$share of the median store CPU per update of the session's unslowed forks before each slowed one"
  if [[ -n "${GATE_SLOWDOWN_NANOS:-}" ]]; then
    slowdown=()
    what="$nanos ns per store update, fixed"
  fi
  echo "# gate power (within one session): $n sessions of $rounds rounds, tolerance $tolerance, slowdown $what," \
    "options ${ab_options[*]:-none}, output $out"
  mkdir -p "$out"
  rm -rf "$out"/session-*
  started=$(date +%s)
  for i in $(seq 1 "$n"); do
    dir="$out/session-$(printf %03d "$i")"
    mkdir -p "$dir"
    start=$(date +%s)
    set +e
    if [[ -n "${GATE_SLOWDOWN_NANOS:-}" ]]; then
      CAS_BENCH_SLOWDOWN_NANOS="$nanos" BENCH_OUT="$dir" bash bench/run.sh ab --null-side --rounds "$rounds" \
        --tolerance "$tolerance" "${ab_options[@]}" >"$dir/run.out" 2>&1
    else
      BENCH_OUT="$dir" bash bench/run.sh ab --null-side --rounds "$rounds" --tolerance "$tolerance" \
        "${slowdown[@]}" "${ab_options[@]}" >"$dir/run.out" 2>&1
    fi
    rc=$?
    set -e
    echo "session $i: exit $rc, $(( $(date +%s) - start )) s; $(grep -E '^\| (same|candidate) \| base ' "$dir/run.out" \
      | awk -F'|' '{gsub(/ /, "", $2); gsub(/ /, "", $5); v = $8; sub(/:.*/, "", v); gsub(/ /, "", v);
                    printf " %s %s %s;", $2, $5, v}')"
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
