#!/usr/bin/env python3
"""Turns the output of scenarios/faults-table.sh into docs/faults.md's tables: one per fault.

usage: scenarios/faults-table.py OUT FAULTS WORKLOADS DURATION

Per fault: the reference store's runs (PASS of all; UNKNOWN, UNPROVEN and ERROR are misses), the acknowledged writes
lost (docs/faults-ack-count.py, independent of the checker, over the reference histories), every zoo member's
runs (caught of all; a member refused as expected counts as caught), and the injections the verdicts counted. Exits
1 if a goal was missed: reference PASS below 95 %, an acknowledged write lost, a zoo member not caught.
"""
import collections
import json
import pathlib
import subprocess
import sys


def verdicts(d):
    return sorted(d.rglob("*.verdict.json")) if d.is_dir() else []


def injections(vs):
    n = count = failed = 0
    for v in vs:
        for kind in (v.get("faults") or {}).get("byKind", {}).values():
            n += kind.get("injections", 0)
            count += kind.get("count", 0)
            failed += kind.get("failed", 0)
    return n, count, failed


def main(out, faults, workloads, duration):
    out = pathlib.Path(out)
    here = pathlib.Path(__file__).resolve().parent
    ack_script = here.parent / "docs" / "faults-ack-count.py"
    missed = False
    def text(name):
        f = out / name
        return f.read_text().strip() if f.exists() else "(not recorded)"

    print(f"Started {text('started.txt')}; load before: `{text('uptime-before.txt')}`;"
          f" after: `{text('uptime-after.txt')}`\n")
    for fault in faults.split(","):
        fd = out / fault
        ref = [json.loads(p.read_text()) for s in sorted(fd.glob("seed*")) for p in verdicts(s / "reference")]
        zoo = [json.loads(p.read_text()) for s in sorted(fd.glob("seed*")) for p in verdicts(s / "zoo")]
        ref_seeds = len({p.parent.parent.name for p in fd.glob("seed*/reference/*.verdict.json")})
        zoo_seeds = len({p.parent.parent.name for p in fd.glob("seed*/zoo/*.verdict.json")})
        ack = subprocess.run(
            [sys.executable, str(ack_script)] + [str(s / "reference") for s in sorted(fd.glob("seed*"))],
            capture_output=True, text=True)
        total = ack.stdout.strip().splitlines()[-1] if ack.stdout.strip() else "total: nothing checked"
        print(f"### {fault} (reference store: {ref_seeds} seeds of {duration} runs of {workloads}; zoo: {zoo_seeds}"
              f" seeds at the default budget)\n")
        print("| workload | store | runs | result | injections (count) |")
        print("|---|---|---|---|---|")
        rows = collections.defaultdict(list)
        for v in ref + zoo:
            rows[(v["workload"], v["store"])].append(v)
        for (w, s), vs in sorted(rows.items()):
            c = collections.Counter(v["status"] for v in vs)
            n, k, f = injections(vs)
            result = ", ".join(f"{m} {st}" for st, m in c.most_common())
            print(f"| {w} | {s} | {len(vs)} | {result} | {n} ({k}){f' {f} failed' if f else ''} |")
        passed = sum(1 for v in ref if v["status"] == "pass")
        caught = sum(1 for v in zoo if v["status"] in ("caught", "refused"))
        misses = collections.Counter(v["store"] for v in zoo if v["status"] not in ("caught", "refused"))
        why = collections.Counter(
            n.split(":")[1].strip()[:110] for v in ref if v["status"] != "pass"
            for n in v.get("notes", []) if n.startswith("unknown:"))
        n, k, f = injections(ref)
        pct = 100.0 * passed / len(ref) if ref else 0.0
        print()
        print(f"reference PASS {passed} of {len(ref)} runs ({pct:.0f} %); zoo caught {caught} of {len(zoo)}"
              + (f" (not caught: {', '.join(f'{s} {m}x' for s, m in misses.items())})" if misses else "")
              + f"; acknowledged writes lost (faults-ack-count.py) {total.replace('total: ', '')};"
              f" reference runs' injections {n} ({k}){f', {f} failed' if f else ''}")
        for reason, m in why.most_common():
            print(f"- not PASS x{m}: {reason}")
        print()
        lost = ack.returncode != 0
        if not ref or pct < 95 or lost or misses:
            missed = True
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
