#!/usr/bin/env python3
"""Summary tables (Markdown) of a ball-peers.sh results file: W1 per precision and configuration
(flowcert ball:BITS, C MPFI, C Arb: CPU us per evaluation, ratio, loss width), then the
per-operation costs of ball:BITS beside MPFR."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
head = rows[0]
print(f"date {head.get('date')}, load {head.get('load')}, {head.get('cpu')}, {head.get('java')}\n")
w1 = {}
for r in rows:
    if r.get("workload") == "W1":
        w1[(r["peer"], int(r["prec"]), r["act"], r["H"], r["mode"])] = r
precs = sorted({k[1] for k in w1})
before = any(k[0] == "flowcert-before" for k in w1)
print("| bits | act | H | mode | flowcert us | MPFI us | Arb us | flowcert/MPFI | flowcert/Arb"
      " | loss width flowcert | MPFI | Arb |" + (" before us | before/MPFI | after/before |" if before else ""))
print("|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|---|---|" if before else ""))
for p in precs:
    for act in ("tanh", "relu"):
        for h in (4, 16, 64):
            for mode in ("point", "box"):
                f = w1.get(("flowcert-java", p, act, h, mode))
                m = w1.get(("c-mpfi", p, act, h, mode))
                a = w1.get(("c-arb", p, act, h, mode))
                if not (f and m and a):
                    continue
                fu, mu, au = float(f["us_per_eval"]), float(m["us_per_eval"]), float(a["us_per_eval"])
                line = (f"| {p} | {act} | {h} | {mode} | {fu:,.0f} | {mu:,.0f} | {au:,.0f} | {fu / mu:.2f}x"
                        f" | {fu / au:.2f}x | {float(f['loss_width']):.3g} | {float(m['loss_width']):.3g}"
                        f" | {float(a['loss_width']):.3g} |")
                b = w1.get(("flowcert-before", p, act, h, mode))
                if before:
                    bu = float(b["us_per_eval"]) if b else None
                    line += (f" {bu:,.0f} | {bu / mu:.2f}x | {fu / bu:.2f}x |" if b else " | | |")
                print(line)
ops = {}
for r in rows:
    if "op" in r:
        ops[(r["peer"], int(r["prec"]), r["op"])] = float(r["ns_per_call"])
obefore = any(k[0] == "flowcert-ball-before" for k in ops)
print("\n| bits | operation | ball:BITS ns | MPFR ns | ratio |" + (" before ns | before ratio |" if obefore else ""))
print("|---|---|---|---|---|" + ("---|---|" if obefore else ""))
for p in sorted({k[1] for k in ops}):
    for (peer, q, op), ns in ops.items():
        if peer != "flowcert-ball" or q != p:
            continue
        m = ops.get(("c-mpfr", p, op))
        line = (f"| {p} | {op} | {ns:,.0f} | {'' if m is None else f'{m:,.0f}'} | "
                f"{'' if m is None else f'{ns / m:.1f}x'} |")
        if obefore:
            b = ops.get(("flowcert-ball-before", p, op))
            line += (f" {'' if b is None else f'{b:,.0f}'} |"
                     f" {'' if b is None or m is None else f'{b / m:.1f}x'} |")
        print(line)
