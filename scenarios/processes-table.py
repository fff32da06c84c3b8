#!/usr/bin/env python3
"""Turns the output of scenarios/processes-table.sh into docs/processes.md's table.

usage: scenarios/processes-table.py OUT

One row per fault (none first) for the reference gateway (store grpc): runs, PASS of all, seeds, acknowledged writes,
the acknowledged writes lost by docs/faults-ack-count.py (independent of the checker), injections (their count),
errors; then one row per gateway zoo member: runs, caught of all, seeds. Exits 1 if a reference run did not pass, an
acknowledged write was lost, a fault was never injected, or a member was not caught on every seed.
"""
import collections
import json
import pathlib
import subprocess
import sys


def main(out):
    out = pathlib.Path(out)
    ack_script = pathlib.Path(__file__).resolve().parent.parent / "docs" / "faults-ack-count.py"
    jobs = collections.defaultdict(list)  # fault -> [job dirs]
    for d in sorted(out.glob("seed*/*")):
        if d.is_dir():
            jobs[d.name].append(d)
    missed = False
    started = (out / "started.txt").read_text().strip() if (out / "started.txt").exists() else "?"
    loads = (out / "jobs.txt").read_text().split() if (out / "jobs.txt").exists() else []
    print(f"Started {started}; each job's load average (1 min) before it: "
          + ", ".join(w.split("=")[1] for w in loads if w.startswith("load=")) + "\n")
    print("| fault | store | runs | result | seeds | acknowledged writes | lost (independent count) |"
          " injections (count) | errors |")
    print("|---|---|---:|---|---:|---:|---|---:|---:|")
    members = collections.defaultdict(list)
    for fault in sorted(jobs, key=lambda f: (f != "none", f)):
        ref, seeds = [], set()
        for d in jobs[fault]:
            for p in sorted(d.glob("*.verdict.json")):
                v = json.loads(p.read_text())
                v["_seed"] = d.parent.name
                (ref if v["store"] == "grpc" else members[v["store"]]).append(v)
                if v["store"] == "grpc":
                    seeds.add(d.parent.name)
        if not ref:
            continue
        ack = subprocess.run([sys.executable, str(ack_script)] + [str(d) for d in jobs[fault]],
                             capture_output=True, text=True)
        total = ack.stdout.strip().splitlines()[-1].replace("total: ", "") if ack.stdout.strip() else "not checked"
        c = collections.Counter(v["status"] for v in ref)
        n = sum(k.get("injections", 0) for v in ref for k in ((v.get("faults") or {}).get("byKind") or {}).values())
        count = sum(k.get("count", 0) for v in ref for k in ((v.get("faults") or {}).get("byKind") or {}).values())
        acked = sum((v.get("evidence") or {}).get("acknowledgedWrites", 0) for v in ref)
        errors = sum(v.get("errors", 0) for v in ref)
        result = ", ".join(f"{m} {st}" for st, m in c.most_common())
        inj = "" if fault == "none" else f"{n} ({count})"
        print(f"| {fault} | grpc (reference) | {len(ref)} | {result} | {len(seeds)} | {acked:,} | {total} | {inj} |"
              f" {errors:,} |")
        if c.get("pass", 0) != len(ref) or ack.returncode != 0 or (fault != "none" and n == 0):
            missed = True
    for store, vs in sorted(members.items()):
        caught = [v for v in vs if v["status"] in ("caught", "refused")]
        seeds = {v["_seed"] for v in vs}
        found = collections.Counter(a for v in caught for a in (v.get("anomalyCounts") or {}))
        print(f"| none | {store} (zoo) | {len(vs)} | {len(caught)} caught ({', '.join(sorted(found))}) |"
              f" {len(seeds)} | | | | |")
        if len(caught) != len(vs):
            missed = True
    if not jobs:
        print("no job output under " + str(out))
        return 1
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
