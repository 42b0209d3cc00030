#!/usr/bin/env python3
"""Independent numerical cross-check of the smallest critical value of 1-2-1 relu / leaky relu integral risks.

Not part of any proof (benchmarks/critical.md). Solves grad L(theta) = 0 from many random starts with
scipy.optimize.root (Levenberg-Marquardt on the exact gradient: every integral is Gauss-Legendre with 4 nodes on
each interval between kinks and target breakpoints, exact for the piecewise polynomials involved), keeps the
solutions with |grad L| < 1e-10 and |theta| < 1e3, and prints the distinct critical values found.
Usage: critical_search.py INSTANCE [STARTS] [SEED] [H]   (INSTANCE: jump12, jump13, bump, leaky-jump12; H units, 2 by
default; theta = (w_0..w_{H-1}, b_0.., v_0.., c))
"""
import sys
import numpy as np
from scipy.optimize import root

INSTANCES = {
    # (domain, [(from, to, coefficients low..high)], leaky slope)
    "jump12": ((0.0, 1.0), [(0.0, 0.5, [0.0]), (0.5, 1.0, [1.0])], 0.0),
    "jump13": ((0.0, 1.0), [(0.0, 1 / 3, [0.0]), (1 / 3, 1.0, [1.0])], 0.0),
    "bump": ((0.0, 1.0), [(0.0, 0.25, [0.0]), (0.25, 0.75, [1.0]), (0.75, 1.0, [0.0])], 0.0),
    "leaky-jump12": ((0.0, 1.0), [(0.0, 0.5, [0.0]), (0.5, 1.0, [1.0])], 0.1),
}
GX, GW = np.polynomial.legendre.leggauss(4)
H = 2


def pieces(theta, inst):
    (a, b), target, _ = inst
    w, bb = theta[0:H], theta[H:2 * H]
    cuts = {a, b} | {p[0] for p in target}
    for j in range(H):
        if w[j] != 0:
            k = -bb[j] / w[j]
            if a < k < b:
                cuts.add(k)
    cuts = sorted(cuts)
    for lo, hi in zip(cuts, cuts[1:]):
        if hi > lo:
            yield lo, hi


def target_at(x, inst):
    for lo, hi, c in inst[1]:
        if lo <= x <= hi:
            return sum(ci * x ** i for i, ci in enumerate(c))
    raise ValueError


def loss_grad(theta, inst):
    alpha = inst[2]
    w, b, v, c = theta[0:H], theta[H:2 * H], theta[2 * H:3 * H], theta[3 * H]
    L = 0.0
    g = np.zeros(3 * H + 1)
    for lo, hi in pieces(theta, inst):
        mid = (lo + hi) / 2
        # the activation pattern is constant on (lo, hi): decide it at the midpoint
        for t, wt in zip(GX, GW):
            x = mid + (hi - lo) / 2 * t
            q = wt * (hi - lo) / 2
            z = w * x + b
            zm = w * mid + b
            d = np.where(zm > 0, 1.0, alpha)
            phi = d * z
            r = target_at(x, inst) - (c + v @ phi)
            L += q * r * r
            g[0:H] += -2 * q * r * v * d * x
            g[H:2 * H] += -2 * q * r * v * d
            g[2 * H:3 * H] += -2 * q * r * phi
            g[3 * H] += -2 * q * r
    return L, g


def main():
    global H
    H = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    name = sys.argv[1]
    starts = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    inst = INSTANCES[name]
    found = []
    for _ in range(starts):
        th0 = rng.normal(size=3 * H + 1) * rng.choice([0.5, 1.0, 2.0, 4.0])
        try:
            s = root(lambda t: loss_grad(t, inst)[1], th0, method="lm", options={"xtol": 1e-15, "ftol": 1e-15})
        except (ValueError, FloatingPointError):
            continue
        L, g = loss_grad(s.x, inst)
        if np.linalg.norm(g) < 1e-10 and np.linalg.norm(s.x) < 1e3:
            found.append((L, s.x))
    found.sort(key=lambda e: e[0])
    vals = []
    for L, th in found:
        if not vals or abs(L - vals[-1][0]) > 1e-9:
            vals.append([L, 1, th])
        else:
            vals[-1][1] += 1
    print(f"{name}: {starts} starts, {len(found)} critical points with |grad| < 1e-10")
    for L, n, th in vals[:8]:
        print(f"  L = {L:.12f}  ({n} runs)  theta = {np.array2string(th, precision=5)}")


if __name__ == "__main__":
    main()
