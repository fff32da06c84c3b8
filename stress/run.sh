#!/usr/bin/env bash
# Runs the jcstress suite and gates on it.
#
#   stress/run.sh short   CI: the in-process tests (model, retry, recorder) and their negative controls; 2 forks per
#                         test, 3 x 300 ms each. 6.4 min measured on a heavily shared 2-core box (load 25);
#                         about 3 min expected on 2 idle cores.
#   stress/run.sh jdbc    the SQLite tests (JDBC store, two replicas) and their zoo negative control: ~30 s quiet, ~2 min loaded.
#   stress/run.sh long    both groups at jcstress's "default" preset (every VM mode it detects, split compilation,
#                         5 x 1 s per fork): budget 90 min on 2 cores.
#
# STRESS_TESTS=<regex> narrows a run to matching test classes, e.g. STRESS_TESTS=MemoryCasStore. Other arguments
# go to jcstress as they are. Writes:
#   stress/target/jcstress-results/<group>/results/   jcstress's HTML report (index.html + one page per test)
#   stress/target/jcstress-results/<group>/jcstress.log   its console output (per-test histograms)
#   stress/target/jcstress-results/TEST-jcstress.xml  JUnit XML, one testcase per jcstress test
#   stress/target/allure-results/                     Allure results, each outcome histogram attached as CSV
# Exits non-zero if a real test showed a FORBIDDEN outcome, a negative control (io.casharness.stress.negative...)
# showed none, a test errored, or an expected test left no result. See docs/stress.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-}"
shift || true
# in-process tests sample millions of times; the SQLite tests do one database round trip per operation, so they
# get small strides (jcstress finishes a stride before it looks at the clock: 256 x 40 samples would take minutes)
quick=(-sc false -jvmArgs "-XX:TieredStopAtLevel=4" -pth false -f 1 -iters 3 -time 300)
jdbc_strides=(-strideSize 16 -strideCount 4)
case "$mode" in
  short) groups=(memory) ; memory_args=("${quick[@]}") ;;
  jdbc) groups=(jdbc) ; jdbc_args=("${quick[@]}" "${jdbc_strides[@]}") ;;
  long) groups=(memory jdbc) ; memory_args=(-m default) ; jdbc_args=(-m default "${jdbc_strides[@]}") ;;
  *)
    echo "usage: stress/run.sh short|jdbc|long [jcstress args...]" >&2
    exit 2
    ;;
esac
narrow="${STRESS_TESTS:-}"
memory_filter="^(?!.*\\.jdbc\\.)${narrow:+(?=.*(${narrow}))}"
jdbc_filter="^(?=.*\\.jdbc\\.)${narrow:+(?=.*(${narrow}))}"

jar="stress/target/jcstress.jar"
gate_classes="reports/target/classes"
stale=""
if [[ -f "$jar" && -d "$gate_classes" ]]; then
  stale="$(find cas-store/src/main cas-jdbc/src/main cas-scenarios/src/main scenarios/src/main stress/src stress/pom.xml reports/src/main -newer "$jar" -type f 2>/dev/null | head -n 1)"
fi
if [[ ! -f "$jar" || ! -d "$gate_classes" || -n "$stale" ]]; then
  echo "stress/run.sh: building stress and reports${stale:+ ($stale changed)}"
  ./mvnw -B -q -pl stress,reports -am package -DskipTests
fi

cpus="$(nproc)"
(( cpus > 2 )) && cpus=2
if (( cpus < 2 )); then
  echo "stress/run.sh: jcstress needs 2 CPUs for 2-actor tests, this machine has $cpus" >&2
  exit 2
fi

out="stress/target/jcstress-results"
allure="stress/target/allure-results"
rm -rf "$out" "$allure"   # the stress module has no other tests: its allure-results are the gate's alone
mkdir -p "$out" "$allure"
abs_jar="$root/$jar"
start_ms="$(date +%s%3N)"
gate_args=()
for group in "${groups[@]}"; do
  dir="$out/$group"
  mkdir -p "$dir"
  if [[ "$group" == memory ]]; then filter="$memory_filter"; args=("${memory_args[@]}"); else filter="$jdbc_filter"; args=("${jdbc_args[@]}"); fi
  # the tests this group must produce a result for
  (cd "$dir" && java -jar "$abs_jar" -l -t "$filter" | grep -E '^[A-Za-z_][A-Za-z0-9_.$]*\.[A-Za-z0-9_$]+Test$' > tests.txt) || true
  count="$(wc -l < "$dir/tests.txt")"
  if (( count == 0 )); then
    echo "stress/run.sh: no $group tests match${narrow:+ STRESS_TESTS=$narrow}"
    continue
  fi
  cat "$dir/tests.txt" >> "$out/tests.txt"
  echo "stress/run.sh: $mode mode, $group group: $count tests on $cpus CPUs ($(date -u +%H:%M:%S))"
  t0="$(date +%s)"
  set +e
  (cd "$dir" && java -jar "$abs_jar" "${args[@]}" -c "$cpus" -t "$filter" -r results "$@") > "$dir/jcstress.log" 2>&1
  status=$?
  set -e
  # jcstress exits non-zero whenever a test failed, and the negative controls must fail: the gate decides
  echo "stress/run.sh: $group group: jcstress exited $status after $(( $(date +%s) - t0 )) s" \
    "(non-zero is expected while negative controls fail; the gate below decides)"
  [[ -f "$dir/results/index.html" ]] || tail -n 30 "$dir/jcstress.log"
  gate_args+=(--results "$dir/results")
done
touch "$out/tests.txt"
if (( ${#gate_args[@]} == 0 )); then
  gate_args=(--results "$out/none")
fi

java -cp "$gate_classes" io.casharness.reports.jcstress.JcstressGate \
  "${gate_args[@]}" \
  --junit "$out/TEST-jcstress.xml" \
  --allure "$allure" \
  --expect-tests "$out/tests.txt" \
  --start-millis "$start_ms"
