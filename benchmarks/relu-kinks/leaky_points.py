#!/usr/bin/env python3
"""Dump the critical points found by the profile search (profile_search.py), for the leaf cross-checks.

Not part of any proof (benchmarks/critical.md). Runs profile_search's Levenberg-Marquardt on the profile gradient
from STARTS random kink vectors per orientation pattern with every unit kinked (H kinks; no flat unit), keeps the
roots it keeps (|grad R| < 1e-11, kinks inside, gaps > 1e-7, |a_j| > 1e-6), re-checks each at a rebuilt full theta
with critical_search.loss_grad (|grad L| < 1e-10) and prints one line per distinct point:
    SIGNS value kink_0 .. kink_{H-1} max|a_j| min-gap
(min-gap: the least distance between two kinks or a kink and an end of the domain; points with a tiny gap lie next
to an (R1)/(R2) degeneration, where the search's tolerance accepts points that are not exactly critical).
with the units named as the rule names them (+ units first, each orientation in increasing kink order).
Usage: leaky_points.py INSTANCE H STARTS SEED ALPHA   (INSTANCE: jump12, jump13, bump)
"""
import sys
import numpy as np
from scipy.optimize import root

import critical_search as cs
import profile_search as ps


def main():
    name, h, starts, seed, alpha = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    ps.ALPHA = alpha
    inst = ps.INSTANCES[name]
    (a, b), _ = inst
    rng = np.random.default_rng(seed)
    cs.H = h
    seen = []
    for plus in range(h + 1):
        signs = [1] * plus + [-1] * (h - plus)
        for _ in range(starts):
            p0 = np.sort(rng.uniform(a, b, size=h))
            try:
                sol = root(lambda p: ps.profile(p, signs, inst)[1], p0, method="lm",
                           options={"xtol": 1e-15, "ftol": 1e-15})
                r, g, coef = ps.profile(sol.x, signs, inst)
            except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                continue
            p = sol.x
            gaps = np.diff(np.sort(p))
            if not (np.linalg.norm(g) < 1e-11 and np.all(p > a + 1e-9) and np.all(p < b - 1e-9)
                    and np.all(gaps > 1e-7) and np.all(np.abs(coef[1:h + 1]) > 1e-6)):
                continue
            w = [float(s) for s in signs]
            bb = [-float(s) * q for s, q in zip(signs, p)]
            theta = np.array(w + bb + list(coef[1:h + 1]) + [coef[0]])
            loss, grad = cs.loss_grad(theta, (inst[0], inst[1], alpha))
            if np.linalg.norm(grad) > 1e-10:
                continue
            kinks = sorted(q for q, s in zip(p, signs) if s > 0) + sorted(q for q, s in zip(p, signs) if s < 0)
            key = ("".join("+" if s > 0 else "-" for s in signs), round(r, 9), tuple(round(q, 6) for q in kinks))
            if key in {k for k, _ in seen}:
                continue
            gap = float(min(np.min(np.diff(np.sort(np.concatenate([[a, b], p])))), 1.0))
            seen.append((key, (r, kinks, float(np.max(np.abs(coef[1:h + 1]))), gap)))
    seen.sort(key=lambda e: e[1][0])
    for (sg, _, _), (r, kinks, amax, gap) in seen:
        print(sg, f"{r:.12f}", " ".join(f"{q:.10f}" for q in kinks), f"{amax:.4f}", f"{gap:.3e}")


if __name__ == "__main__":
    main()
