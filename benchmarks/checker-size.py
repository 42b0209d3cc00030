#!/usr/bin/env python3
"""Size of the trusted checker (src/flowcert-check): non-comment statements per file.

A statement is counted at each ';' or '{' outside comments, string and character literals (the
'for (a; b; c)' header counts its two semicolons). Lines are non-blank, non-comment lines.
Run from the repository root: python3 benchmarks/checker-size.py
"""
import pathlib
import re

ROOT = pathlib.Path("src/flowcert-check/src/main/java/org/flowcert/check")


def strip(src):
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "\"'":
            if src.startswith('"""', i):
                j = src.find('"""', i + 3)
                i = n if j < 0 else j + 3
                out.append('""')
                continue
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


rows = []
for f in sorted(ROOT.glob("*.java")):
    code = strip(f.read_text(encoding="utf-8"))
    statements = code.count(";") + code.count("{")
    lines = sum(1 for line in code.splitlines() if line.strip())
    rows.append((statements, lines, f.name))
rows.sort(reverse=True)
print("| file | statements | code lines |")
print("|---|---|---|")
for s, l, name in rows:
    print(f"| {name} | {s} | {l} |")
print(f"| **total ({len(rows)} files)** | **{sum(r[0] for r in rows)}** | **{sum(r[1] for r in rows)}** |")
