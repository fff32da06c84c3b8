#!/usr/bin/env bash
# How much does the Java stack cost? Runs the SAME CAS transaction (read the row, conditional update) through
# pgbench and through JMH (ContentionBench, no contention: 1,024 keys) against the SAME PostgreSQL server at the
# same number of clients, and prints JMH goodput / pgbench goodput for:
#   store        CasStore.update, store defaults    vs  store-cas.sql (the store's SQL from a fresh read: SELECT +
#                (basis cache: no read per update)       put_if_version, the conditional UPDATE of migration V3)
#   store-plain  CasStore.update, cache and turns off   vs  store-cas.sql (the same statements exactly)
#   cas          a plain JDBC CAS loop              vs  plain-cas.sql
#
#   bench/pgbench/run.sh                                  start an embedded PostgreSQL (as the benchmarks do)
#   bench/pgbench/run.sh --url 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres'
#   bench/pgbench/run.sh --port 34067                     an embedded server already running (user postgres)
#   options: --clients 4 (default) --seconds 15 (per pgbench run and per JMH iteration group)
#
# Needs pgbench and psql (Debian: apt-get install postgresql-client; pgbench ships in postgresql-contrib on older
# releases) and python3 (to read the JMH JSON). Output: bench/target/jmh/pgbench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
url="${CAS_PG_URL:-}"
port=""
clients=4
seconds=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
for tool in pgbench psql python3 java; do
  command -v "$tool" >/dev/null || { echo "$tool is required (see the header of $0)" >&2; exit 2; }
done
jar=bench/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -B -q -pl bench -am package -DskipTests
out=bench/target/jmh/pgbench
rm -rf "$out"; mkdir -p "$out/cells"

server_pid=""
cleanup() { if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [[ -n "$port" ]]; then
  url="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
elif [[ -z "$url" ]]; then
  java -cp "$jar" io.casharness.bench.BenchMain serve-postgres > "$out/server.out" 2> "$out/server.err" &
  server_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^port=' "$out/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$out/server.err" >&2; exit 1; }
    sleep 0.5
  done
  url=$(sed -n 's/^url=//p' "$out/server.out")
  [[ -n "$url" ]] || { echo "embedded PostgreSQL did not start" >&2; exit 1; }
  echo "# embedded PostgreSQL: $url"
fi

# jdbc:postgresql://host:port/db?user=u&password=p -> libpq settings
eval "$(python3 - "$url" <<'PY'
import sys, urllib.parse, shlex
u = urllib.parse.urlparse(sys.argv[1][len("jdbc:"):])
q = urllib.parse.parse_qs(u.query)
print("PGHOST=" + shlex.quote(u.hostname or "127.0.0.1"))
print("PGPORT=" + shlex.quote(str(u.port or 5432)))
print("PGDATABASE=" + shlex.quote(u.path.lstrip("/") or "postgres"))
print("PGUSER=" + shlex.quote(q.get("user", ["postgres"])[0]))
if "password" in q: print("PGPASSWORD=" + shlex.quote(q["password"][0]))
PY
)"
export PGHOST PGPORT PGDATABASE PGUSER ${PGPASSWORD+PGPASSWORD}
echo "# server $PGHOST:$PGPORT/$PGDATABASE as $PGUSER, $clients clients, $(pgbench --version)"

echo "# JMH: ContentionBench strategy=store,store-plain,cas, keys=1024, $clients threads"
java -Djmh.ignoreLock=true -jar "$jar" 'io.casharness.bench.ContentionBench.update' -p backend=postgres \
  -p strategy=store,store-plain,cas \
  -p backoff=adaptive -p keys=1024 -t "$clients" -si false -f 1 -wi 1 -w 5s -i 3 -r "$((seconds / 3 > 0 ? seconds / 3 : 1))s" \
  -rf json -rff "$out/jmh.json" -jvmArgsAppend "-Dcas.pg.url=$url -Dcas.bench.cells=$out/cells" > "$out/jmh.log" 2>&1 \
  || { tail -30 "$out/jmh.log" >&2; exit 1; }

pgbench_goodput() { # $1 = script, $2 = SQL giving the increments applied; prints "tps applied/processed goodput"
  psql -q -v ON_ERROR_STOP=1 -f bench/pgbench/setup.sql > /dev/null
  PGOPTIONS="-c search_path=cas_pgbench" pgbench -n -M prepared -c "$clients" -j "$clients" -T "$seconds" \
    -f "bench/pgbench/$1" > "$out/$1.log" 2>&1 || { cat "$out/$1.log" >&2; exit 1; }
  local applied tps processed
  applied=$(psql -At -c "SET search_path = cas_pgbench; $2" | tail -1)
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out/$1.log")
  processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/$1.log")
  python3 -c "t=$tps; a=$applied; p=$processed; print(t, a, p, t * a / p)"
}
read -r s_tps s_applied s_processed s_good < <(pgbench_goodput store-cas.sql \
  "SELECT sum(('x' || encode(payload, 'hex'))::bit(64)::bigint) FROM objects")
read -r c_tps c_applied c_processed c_good < <(pgbench_goodput plain-cas.sql "SELECT sum(v) FROM bench_counter")

python3 - "$out/jmh.json" "$s_good" "$s_applied" "$s_processed" "$c_good" "$c_applied" "$c_processed" "$clients" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
good = {r["params"]["strategy"]: r["secondaryMetrics"]["goodput"]["score"] for r in jmh}
s_good, s_app, s_proc, c_good, c_app, c_proc = map(float, sys.argv[2:8])
clients = sys.argv[8]
print()
print(f"| transaction (1,024 keys, {clients} clients) | JMH goodput/s | pgbench goodput/s | JMH / pgbench |")
print("|---|---:|---:|---:|")
rows = (("store", "store-cas.sql", s_good, s_app, s_proc), ("store-plain", "store-cas.sql", s_good, s_app, s_proc),
        ("cas", "plain-cas.sql", c_good, c_app, c_proc))
for name, script, pg, app, proc in rows:
    j = good.get(name, float("nan"))
    print(f"| {name} vs {script} | {j:.0f} | {pg:.0f} (applied {app:.0f} of {proc:.0f}) | {j / pg:.2f} |")
print()
for name in ("store", "store-plain"):
    r = good.get(name, float("nan")) / s_good
    print(f"# target: {name} >= 0.9x pgbench at no contention: {r:.2f} -> {'MET' if r >= 0.9 else 'NOT MET'}")
PY
