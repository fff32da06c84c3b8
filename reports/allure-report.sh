#!/usr/bin/env bash
# ONE Allure report for the whole build, viewable from disk.
#
#   bash reports/allure-report.sh          after ./mvnw verify, the main job, stress/run.sh, bench/run.sh (any of them)
#   bash reports/allure-report.sh serve    the same report served on http://127.0.0.1:PORT (allure open)
#   bash reports/allure-report.sh --add DIR    also the Allure results in DIR (a main job run with --out elsewhere)
#
# Gathers every */target/allure-results (each module's tests; the jcstress gate's verdicts in stress/, where a
# caught negative control is a passed test; the benchmark cells and gates in bench/), the main job's
# <--out>/allure-results under target/ (CI: target/ci-main-job; by default the newest of
# target/cas-harness-results/*), into target/allure-results, with Environment (versions, backend sources),
# Executor and Categories filled, and the history of earlier reports for Trend. Writes:
#   target/allure-report/index.html   the report, one self-contained file: open it in a browser from disk
#   target/allure-report/history/     what the next report's Trend continues from
# The history is kept in ${CAS_ALLURE_HISTORY:-.allure-history} (outside target/, so ./mvnw clean keeps the
# trend; git ignores it). Exit 0, or 2 when there are no results at all (run the tests first).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mode=generate
if [[ "${1:-}" == serve ]]; then
  mode=serve
  shift
fi
extra=()
while (( $# > 0 )); do
  case "$1" in
    --add) [[ $# -ge 2 && -d "$2" ]] || { echo "reports/allure-report.sh: --add needs a folder, was \"${2:-}\" (usage: reports/allure-report.sh [serve] [--add DIR]...)" >&2; exit 2; }
           extra+=(--add "$2"); shift 2 ;;
    *) echo "reports/allure-report.sh: unknown argument \"$1\" (usage: reports/allure-report.sh [serve] [--add DIR]...)" >&2; exit 2 ;;
  esac
done
history="${CAS_ALLURE_HISTORY:-.allure-history}"
jar=reports/target/cas-reports.jar
if [[ ! -f "$jar" ]]; then
  ./mvnw -B -q -pl reports -am package -DskipTests
fi
allure="$(ls -d target/allure-cli/allure-*/bin/allure 2>/dev/null | tail -n 1 || true)"
if [[ -z "$allure" ]]; then
  # the Allure command line from Maven Central (the root POM pins its version), unpacked once into target/
  ./mvnw -B -q -N dependency:unpack@allure-cli
  allure="$(ls -d target/allure-cli/allure-*/bin/allure | tail -n 1)"
fi
java -cp "$jar" io.casharness.reports.allure.AllureBuild --root . --results target/allure-results --history "$history" \
  "${extra[@]}"
log=target/allure-generate.log
# twice: the multi-file report writes history/ for the next Trend, the single-file one opens from disk
"$allure" generate --clean -o target/allure-work target/allure-results > "$log" 2>&1 \
  || { cat "$log" >&2; exit 3; }
"$allure" generate --single-file --clean -o target/allure-report target/allure-results >> "$log" 2>&1 \
  || { cat "$log" >&2; exit 3; }
cp -r target/allure-work/history target/allure-report/history
rm -rf "$history"
mkdir -p "$(dirname "$history")"
cp -r target/allure-work/history "$history"
echo "reports/allure-report.sh: target/allure-report/index.html (open it from disk; history kept in $history)"
if [[ "$mode" == serve ]]; then
  exec "$allure" open --host 127.0.0.1 --port "${CAS_ALLURE_PORT:-0}" target/allure-work
fi
