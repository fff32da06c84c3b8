#!/usr/bin/env bash
# Runs the jcstress suite and gates on it.
#
#   stress/run.sh short [jcstress args...]   CI mode: every test once, 2 configurations each (~3-5 min on 2 cores)
#   stress/run.sh long  [jcstress args...]   jcstress "default" preset: all VM modes and compilation splits (~1 h)
#
# Extra arguments go to jcstress, e.g. `stress/run.sh short -t MemoryCasStore` to run a subset (the gate then
# expects only that subset). Writes:
#   stress/target/jcstress-results/results/       jcstress's HTML report (index.html + one page per test)
#   stress/target/jcstress-results/jcstress.log   its console output (per-test histograms)
#   stress/target/jcstress-results/TEST-jcstress.xml   JUnit XML, one testcase per jcstress test
#   stress/target/allure-results/                 Allure results, the outcome histogram attached as CSV
# Exits non-zero if a real test showed a FORBIDDEN outcome, a negative control (io.casharness.stress.negative)
# showed none, a test errored, or an expected test left no result. See docs/stress.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-}"
shift || true
case "$mode" in
  short)
    # One JVM configuration (jcstress still adds +/-UseBiasedLocking: 2 forks per test), no split compilation,
    # 3 x 300 ms of sampling per fork: about 0.5-1 million samples per test.
    jcs_mode=(-sc false -jvmArgs "-XX:TieredStopAtLevel=4" -pth false -f 1 -iters 3 -time 300)
    ;;
  long)
    # jcstress's default preset: every VM configuration it detects, split compilation (interpreter / C1 / C2 per
    # actor), 5 x 1 s per fork.
    jcs_mode=(-m default)
    ;;
  *)
    echo "usage: stress/run.sh short|long [jcstress args...]" >&2
    exit 2
    ;;
esac

jar="stress/target/jcstress.jar"
gate_classes="reports/target/classes"
stale=""
if [[ -f "$jar" && -d "$gate_classes" ]]; then
  stale="$(find cas-store/src scenarios/src stress/src stress/pom.xml reports/src/main -newer "$jar" -type f 2>/dev/null | head -n 1)"
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

# the tests this run must produce a result for
(cd "$out" && java -jar "$abs_jar" -l "$@" | grep -E '^[A-Za-z_][A-Za-z0-9_.$]*\.[A-Za-z0-9_$]+Test$' > tests.txt)
echo "stress/run.sh: $mode mode, $(wc -l < "$out/tests.txt") tests, $cpus CPUs"

start_ms="$(date +%s%3N)"
set +e
(cd "$out" && java -jar "$abs_jar" "${jcs_mode[@]}" -c "$cpus" -r results "$@") > "$out/jcstress.log" 2>&1
jcs_status=$?
set -e
end_ms="$(date +%s%3N)"
# jcstress exits non-zero whenever a test failed, and the negative controls must fail: the gate decides.
sed -n '/^RUN RESULTS:/,$p' "$out/jcstress.log" | grep -E '^\.+ \[|^  [A-Za-z]' | head -n 60 || true
echo "stress/run.sh: jcstress exited $jcs_status after $(( (end_ms - start_ms) / 1000 )) s"

java -cp "$gate_classes" io.casharness.reports.jcstress.JcstressGate \
  --results "$out/results" \
  --junit "$out/TEST-jcstress.xml" \
  --allure "$allure" \
  --expect-tests "$out/tests.txt" \
  --start-millis "$start_ms"
