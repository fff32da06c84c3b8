#!/usr/bin/env bash
# The measured table of docs/processes.md: through N `serve` processes on one embedded PostgreSQL, per seed, the
# reference gateway on every workload with no fault and under each fault that applies, and the gateway zoo members
# (their mistaken handlers run in the processes) with no fault.
#
#   scenarios/processes-table.sh [--processes 4] [--seeds "1 2 3"] [--faults kill,restart,pause,ack-loss,slow,crash]
#                                [--fault-interval 1s] [--out DIR] [--jar JAR]
#
# Per seed: one job with no fault (--stores grpc,gateway-stale-retry,gateway-conflict-ok: 12 workloads and the two
# members), then one job per fault (--stores grpc: 12 workloads), each at the default budget (1,000 ops or 5 s per
# run). lock-storm acts on SQLite only and is not in the PostgreSQL table. CAS_PG_URL is ignored (embedded server).
#
# Budget with the defaults: 3 seeds x 7 jobs; a job is an embedded server and 4 JVMs started, 12-14 runs of at most
# 5 s, and for the members 4 restarts of the processes in another mode: about 1.5-2.5 min a job on 2 cores, 35-50 min
# in all.
#
# Writes DIR/seed<N>/<fault|none>/ (the main job's output) and DIR/table.md. A job whose summary.json exists is not
# run again, so an interrupted table resumes. Exit 0 when every reference run passed and every member was caught on
# every seed, 1 when not, 2 on a usage error, 3 when a job broke.
set -euo pipefail

processes=4
seeds="1 2 3"
faults=kill,restart,pause,ack-loss,slow,crash
interval=1s
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/cas-harness.jar
out=target/processes-table/$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
  case $1 in
    --processes) processes=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --fault-interval) interval=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) echo "processes-table.sh: unknown argument $1 (known: --processes --seeds --faults --fault-interval --out --jar)" >&2
       exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "processes-table.sh: --jar $jar does not exist (build: ./mvnw -pl scenarios -am package)" >&2; exit 2; }
mkdir -p "$out"
date -u +%FT%TZ > "$out/started.txt"
broke=0
for seed in $seeds; do
  for fault in none ${faults//,/ }; do
    d=$out/seed$seed/$fault
    [ -f "$d/summary.json" ] && continue
    mkdir -p "$out/seed$seed"
    args=(--backends postgres --replica-processes "$processes" --seed "$seed" --out "$d")
    if [ "$fault" = none ]; then
      args+=(--stores grpc,gateway-stale-retry,gateway-conflict-ok)
    else
      args+=(--stores grpc --faults "$fault" --fault-interval "$interval")
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s)
    rc=0
    env -u CAS_PG_URL java -jar "$jar" "${args[@]}" > "$d.log" 2>&1 || rc=$?
    echo "$fault $seed rc=$rc wall=$(( $(date +%s) - start ))s load=$load" | tee -a "$out/jobs.txt"
    [ $rc -eq 3 ] && broke=1
  done
done
rc=0
python3 "$here/processes-table.py" "$out" > "$out/table.md" || rc=$?
cat "$out/table.md"
[ $rc -ne 0 ] && exit $rc
[ $broke -eq 1 ] && exit 3
exit 0
