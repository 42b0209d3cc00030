#!/usr/bin/env python3
"""Independent numerical search for the critical values of a 1-H-1 relu integral risk with every unit kinked.

Not part of any proof (benchmarks/critical.md). By proofs-notes/critical-relu-kinks.md §1 and §8, at a critical
point whose units all have kinks p_j in (a, b) and non-zero output weights, L = R(p) := dist²(f, span{1, ρ_{s_j}(p_j)})
(ρ_+(p) = relu(x − p), ρ_−(p) = relu(p − x)) and p is a critical point of R: dR/dp_j = 2 a_j s_j ⟨r, H_j⟩ (envelope
theorem; a_j the least-squares coefficient, r = f − N), and conversely such a p with all a_j ≠ 0 gives a critical θ
(r ⊥ 1, ρ_j, H_j, hence x H_j). This script solves ∇R = 0 by Levenberg–Marquardt from many random kink vectors per
orientation pattern, keeps the roots with |∇R| < 1e-11, kinks inside (a, b), distinct kinks and |a_j| > 1e-6, and
prints the smallest distinct values. Pattern "++x": H − 1 kinked units and one flat active unit with v ≠ 0 (r ⊥ x
too, note §8). Integrals: Gauss–Legendre with 4 nodes on each interval between kinks and
target breakpoints (exact for the piecewise polynomials involved).
Usage: profile_search.py INSTANCE H [STARTS] [SEED] [ALPHA]   (INSTANCE: jump12, jump13, bump; ALPHA leaky slope, 0 default)
ALPHA > 0: leaky relu units (basis leaky(s(x-p)), derivative factor 1 on the active side, ALPHA elsewhere). Each
listed value is checked at a rebuilt full theta with critical_search.loss_grad.
"""
import itertools
import sys
import numpy as np
from scipy.optimize import root

INSTANCES = {
    "jump12": ((0.0, 1.0), [(0.0, 0.5, [0.0]), (0.5, 1.0, [1.0])]),
    "jump13": ((0.0, 1.0), [(0.0, 1 / 3, [0.0]), (1 / 3, 1.0, [1.0])]),
    "bump": ((0.0, 1.0), [(0.0, 0.25, [0.0]), (0.25, 0.75, [1.0]), (0.75, 1.0, [0.0])]),
}
GX, GW = np.polynomial.legendre.leggauss(4)


def nodes(p, inst):
    (a, b), target = inst
    cuts = sorted({a, b} | {t[0] for t in target} | {min(max(q, a), b) for q in p})
    xs, ws = [], []
    for lo, hi in zip(cuts, cuts[1:]):
        if hi > lo:
            xs.append((lo + hi) / 2 + (hi - lo) / 2 * GX)
            ws.append((hi - lo) / 2 * GW)
    return np.concatenate(xs), np.concatenate(ws)


def target(x, inst):
    y = np.zeros_like(x)
    for lo, hi, c in inst[1]:
        m = (x >= lo) & (x <= hi)
        y[m] = sum(ci * x[m] ** i for i, ci in enumerate(c))
    return y


ALPHA = 0.0


def profile(p, signs, inst, withx=False):
    x, w = nodes(p, inst)
    f = target(x, inst)
    s = np.array(signs)[:, None]
    z = s * (x[None, :] - np.array(p)[:, None])
    h = np.where(z > 0, 1.0, ALPHA)
    e = np.vstack([np.ones_like(x), z * h] + ([x] if withx else []))
    m = (e * w) @ e.T
    coef = np.linalg.solve(m, (e * w) @ f)
    r = f - coef @ e
    R = float(np.sum(w * r * r))
    k = len(signs)
    grad = 2 * coef[1:k + 1] * np.array(signs) * ((h * w) @ r)
    return R, grad, coef


def main():
    name, H = sys.argv[1], int(sys.argv[2])
    starts = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    global ALPHA
    ALPHA = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    inst = INSTANCES[name]
    (a, b), _ = inst
    found = []
    # orientation patterns up to exchanging units (the number of + units), all H units kinked; then H − 1 kinked
    # units and one flat active unit (x in the basis, orientation irrelevant: ρ_− = ρ_+ − (x − p))
    patterns = [([1] * plus + [-1] * (H - plus), False) for plus in range(H + 1)] + [([1] * (H - 1), True)]
    for signs, withx in patterns:
        for _ in range(starts):
            p0 = np.sort(rng.uniform(a, b, size=len(signs)))
            try:
                sol = root(lambda p: profile(p, signs, inst, withx)[1], p0, method="lm",
                           options={"xtol": 1e-15, "ftol": 1e-15})
                R, g, coef = profile(sol.x, signs, inst, withx)
            except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                continue
            p = sol.x
            gaps = np.diff(np.sort(p))
            if (np.linalg.norm(g) < 1e-11 and np.all(p > a + 1e-9) and np.all(p < b - 1e-9)
                    and np.all(gaps > 1e-7) and np.all(np.abs(coef[1:len(signs) + 1]) > 1e-6)):
                found.append((R, "".join("+" if q > 0 else "-" for q in signs) + ("x" if withx else ""), p, coef, signs, withx))
    found.sort(key=lambda e: e[0])
    vals = []
    for R, sg, p, coef, signs, withx in found:
        if not vals or abs(R - vals[-1][0]) > 1e-10:
            vals.append([R, 1, sg, p, coef, signs, withx, {sg}])
        else:
            vals[-1][1] += 1
            vals[-1][7].add(sg)
    print(f"{name} H={H} alpha={ALPHA}: {starts} starts per orientation pattern, {len(found)} critical points")
    import critical_search as cs
    cs.H = H
    csinst = (inst[0], inst[1], ALPHA)
    for R, n, sg, p, coef, signs, withx, pats in vals[:12]:
        k = len(signs)
        w = [float(s) for s in signs]
        b = [-float(s) * q for s, q in zip(signs, p)]
        v = list(coef[1:k + 1])
        c = coef[0]
        if withx:  # flat active unit relu(x + 1) = x + 1 on [a, b]
            w.append(1.0); b.append(1.0 - a); v.append(coef[k + 1]); c = coef[0] - coef[k + 1] * (1.0 - a)
        theta = np.array(w + b + v + [c])
        L, g = cs.loss_grad(theta, csinst)
        print(f"  R = {R:.12f}  ({n} runs; patterns {sorted(pats)})  signs {sg}  kinks = {np.array2string(p, precision=10)}")
        print(f"      coef = {np.array2string(coef, precision=8)}  theta-check: L = {L:.12f}  |grad L| = {np.linalg.norm(g):.2e}")


if __name__ == "__main__":
    main()
