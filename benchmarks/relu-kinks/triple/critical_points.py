#!/usr/bin/env python3
"""Critical points of the three-kink cases, for the cross-check of leaf z (not part of any proof).

Runs the Levenberg-Marquardt profile search of ../profile_search.py (an independent floating-point least-squares
computation) for 1-3-1 relu, keeps every distinct critical point with three kinked units, and prints one line per
point in the case naming of proofs-notes/critical-relu-kinks.md section 8.1 (+ units first, each orientation in
increasing kink order): INSTANCE CASE R p0 p1 p2. CrossCheck.java then asks leaf z to close small cells around each:
it must refuse every one.
Usage: critical_points.py STARTS SEED INSTANCE...   (e.g. 200 7 jump12 jump13 bump)
"""
import os
import sys

import numpy as np
from scipy.optimize import root

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import profile_search as ps  # noqa: E402


def main():
    starts, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(seed)
    for name in sys.argv[3:]:
        inst = ps.INSTANCES[name]
        (a, b), _ = inst
        seen = []
        for plus in range(4):
            signs = [1] * plus + [-1] * (3 - plus)
            for _ in range(starts):
                p0 = np.sort(rng.uniform(a, b, size=3))
                try:
                    sol = root(lambda p: ps.profile(p, signs, inst)[1], p0, method="lm",
                               options={"xtol": 1e-15, "ftol": 1e-15})
                    R, g, coef = ps.profile(sol.x, signs, inst)
                except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                    continue
                p = sol.x
                gaps = np.diff(np.sort(p))
                if not (np.linalg.norm(g) < 1e-11 and np.all(p > a + 1e-9) and np.all(p < b - 1e-9)
                        and np.all(gaps > 1e-7) and np.all(np.abs(coef[1:4]) > 1e-6)):
                    continue
                plus_k = sorted(q for q, s in zip(p, signs) if s > 0)
                minus_k = sorted(q for q, s in zip(p, signs) if s < 0)
                kinks = plus_k + minus_k
                case = "+" * len(plus_k) + "-" * len(minus_k)
                if any(c == case and np.max(np.abs(np.array(k) - kinks)) < 1e-7 for c, k in seen):
                    continue
                seen.append((case, kinks))
                print(f"{name} {case} {R:.12f} " + " ".join(f"{q:.12f}" for q in kinks), flush=True)


if __name__ == "__main__":
    main()
