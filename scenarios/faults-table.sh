#!/usr/bin/env bash
# The measured table of docs/faults.md: per fault and seed, the reference store in 20 s runs and every zoo member
# that applies at the default budget, then one table per fault.
#
#   scenarios/faults-table.sh [--faults kill,restart,pause,lock-storm] [--seeds "1 2 3 4 5"] [--zoo-seeds "1 2"]
#                             [--workloads append,register,delete-race] [--duration 20s] [--out DIR] [--jar JAR]
#
# Per fault and seed: the reference store on the three workloads, each run --duration long (no op cap); per fault and
# zoo seed: every zoo member that applies (21 on postgres, 22 under pause; 21 on sqlite) at the default budget, 1,000
# ops or 5 s, as the gate runs them. kill, restart and pause run on embedded PostgreSQL, lock-storm on SQLite (where
# each applies); CAS_PG_URL is ignored.
#
# Budget with the defaults: 4 faults x 5 seeds x 3 runs of 20 s = 60 runs, 20 min of worker time, about 25 min with
# set-up, final reads, checking and one JVM and embedded server per job; plus 4 faults x 2 seeds x about 21 zoo runs
# of at most 5 s, about 23 min on a loaded machine (each zoo run takes its full 5 s at a load average of 35, about
# 2 s when idle). About 50 min in all on a loaded 2-core machine.
#
# Writes DIR/<fault>/seed<N>/{reference,zoo}/ (the main job's output: histories, verdicts) and DIR/table.md (the
# tables, the load before and after). A part whose summary.json exists already is not run again, so an interrupted
# table resumes. Exit 0 when every table met its goal, 1 when one did not, 2 on a usage error, 3 when a job broke.
set -euo pipefail

faults=kill,restart,pause,lock-storm
seeds="1 2 3 4 5"
zoo_seeds="1 2"
workloads=append,register,delete-race
duration=20s
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/cas-harness.jar
out=target/faults-table/$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
  case $1 in
    --faults) faults=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --zoo-seeds) zoo_seeds=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) echo "faults-table.sh: unknown argument $1 (known: --faults --seeds --zoo-seeds --workloads --duration --out --jar)" >&2
       exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "faults-table.sh: --jar $jar does not exist (build: ./mvnw -pl scenarios -am package)" >&2; exit 2; }
mkdir -p "$out"
uptime > "$out/uptime-before.txt"
date -u +%FT%TZ > "$out/started.txt"
broke=0
for fault in ${faults//,/ }; do
  case $fault in lock-storm) backend=sqlite ;; *) backend=postgres ;; esac
  for seed in $(echo $seeds $zoo_seeds | tr ' ' '\n' | sort -nu); do
    d=$out/$fault/seed$seed
    mkdir -p "$d"
    if [[ " $seeds " == *" $seed "* && ! -f $d/reference/summary.json ]]; then
      rc=0
      env -u CAS_PG_URL java -jar "$jar" --backends $backend --faults $fault --stores reference \
        --workloads "$workloads" --duration "$duration" --ops 100000000 --seed "$seed" --out "$d/reference" \
        > "$d/reference.log" 2>&1 || rc=$?
      [ $rc -eq 3 ] && broke=1
    fi
    if [[ " $zoo_seeds " == *" $seed "* && ! -f $d/zoo/summary.json ]]; then
      rc=0
      env -u CAS_PG_URL java -jar "$jar" --backends $backend --faults $fault --stores zoo --seed "$seed" \
        --out "$d/zoo" > "$d/zoo.log" 2>&1 || rc=$?
      [ $rc -eq 3 ] && broke=1
    fi
    echo "$(date -u +%T) $fault seed $seed done"
  done
done
uptime > "$out/uptime-after.txt"
rc=0
python3 "$here/faults-table.py" "$out" "$faults" "$workloads" "$duration" > "$out/table.md" || rc=$?
cat "$out/table.md"
[ $rc -ne 0 ] && exit $rc
[ $broke -eq 1 ] && exit 3
exit 0
