#!/usr/bin/env python3
"""Counts acknowledged writes lost, from history files alone, independently of the checker.

For each history (cas-harness *.history.jsonl) whose workload accumulates tokens (append, merge): every write the
store acknowledged (status OK, a token) must be in the final read of its key (the final-read process is
replicas * threads + 1). For register (no deletes): the final read's version must be at least the highest
version an acknowledged write produced on the key. Prints one line per file and a total; exits 1 if any was lost.

In a directory it reads the reference store's histories: *.reference.*, and *.grpc.grpc.* (the reference gateway
through replica processes or a target).

usage: docs/faults-ack-count.py DIR_OR_FILE...
"""
import json
import pathlib
import sys


def count(path):
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])["header"]
    workload = header["workload"]
    final = header["replicas"] * header["threads"] + 1
    acked = {}      # key -> tokens acknowledged
    top = {}        # key -> highest acknowledged written version
    last = {}       # key -> final read op
    for line in lines[1:-1]:
        op = json.loads(line)
        key = op["kind"] + "/" + op["id"]
        if op["process"] == final and op["type"] == "READ" and op["status"] == "OK":
            last[key] = op
        elif op["type"] in ("CREATE", "WRITE", "UPDATE") and op["status"] == "OK":
            if op.get("token"):
                acked.setdefault(key, set()).add(op["token"])
            top[key] = max(top.get(key, 0), op.get("writtenVersion", 0))
    if workload in ("append", "merge"):
        checked = sum(len(t) for t in acked.values())
        lost = sum(len(t - set(last.get(k, {}).get("observed", []))) for k, t in acked.items())
    elif workload == "register":
        checked = len(top)
        lost = sum(1 for k, v in top.items() if last.get(k, {}).get("readVersion", 0) < v)
    else:
        return workload, None, None, header.get("runError")
    return workload, checked, lost, header.get("runError")


def main(args):
    files = []
    for a in args:
        p = pathlib.Path(a)
        # the reference store's histories, in process and through replica processes (store grpc)
        files += sorted(list(p.rglob("*.reference.*.history.jsonl")) + list(p.rglob("*.grpc.grpc.*.history.jsonl"))) \
            if p.is_dir() else [p]
    total_checked = total_lost = 0
    for f in files:
        workload, checked, lost, error = count(f)
        if checked is None:
            continue
        total_checked += checked
        total_lost += lost
        print(f"{f}: {checked} {'acknowledged tokens' if workload in ('append', 'merge') else 'keys'} checked,"
              f" {lost} lost{' (run broke: ' + error + ')' if error else ''}")
    print(f"total: {total_checked} checked, {total_lost} lost")
    return 1 if total_lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
