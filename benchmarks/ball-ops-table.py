#!/usr/bin/env python3
"""Median table of a ring-operation results file with several interleaved rounds (benchmarks/ball.md):
per precision and operation, the median CPU ns per call of ball:BITS ("flowcert-ball"), of an older jar
("flowcert-ball-before") and of MPFR ("c-mpfr") over the rounds, and the ratios of the medians.
  python3 benchmarks/ball-ops-table.py benchmarks/results/ball-ops-DATE.jsonl"""
import json
import statistics
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"date {rows[0].get('date')}, load {rows[0].get('load')} at the start, "
      f"{rows[-1].get('load_end', '?')} at the end; {len({r['round'] for r in rows if 'round' in r})} rounds\n")
ns = {}
for r in rows:
    if "op" in r:
        ns.setdefault((r["peer"], int(r["prec"]), r["op"]), []).append(float(r["ns_per_call"]))
med = {k: statistics.median(v) for k, v in ns.items()}
print("| bits | operation | ball:BITS ns | MPFR ns | ratio | before ns | before ratio | after/before |")
print("|---|---|---|---|---|---|---|---|")
for p in sorted({k[1] for k in med}):
    for op in ("add", "multiply", "square", "divide", "sqrt"):
        a = med.get(("flowcert-ball", p, op))
        m = med.get(("c-mpfr", p, op))
        b = med.get(("flowcert-ball-before", p, op))
        if a is None or m is None or b is None:
            continue
        print(f"| {p} | {op} | {a:,.0f} | {m:,.0f} | {a / m:.1f}x | {b:,.0f} | {b / m:.1f}x | {a / b:.2f}x |")
