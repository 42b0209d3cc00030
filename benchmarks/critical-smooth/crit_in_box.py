"""Independent numerical estimate of the smallest critical value of a data risk in a box (not part of any proof).

Usage: python3 crit_in_box.py PROBLEM.json HALF_WIDTH [STARTS] [SEED]
Box: theta (from the problem) +- HALF_WIDTH in every coordinate. From STARTS random points in the box it solves
grad L = 0 by Levenberg-Marquardt on the gradient (scipy least_squares, analytic Hessian by finite differences of
the analytic gradient), keeps solutions with |grad L| < 1e-9 that lie in the box, and also runs bounded gradient
descent (L-BFGS-B) to find the smallest L on the box. Prints the smallest critical value found in the box (or
none) and min L over the box. Supports MLPs of any depth (PyTorch layout, as flowcert's CONTRACT) with
tanh, logistic, softplus, gelu.
"""
import json
import sys
from fractions import Fraction

import numpy as np
from scipy.optimize import least_squares, minimize
from scipy.special import erf

ACT = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "logistic": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "softplus": (lambda z: np.logaddexp(0, z), lambda z: 1 / (1 + np.exp(-z))),
    "gelu": (lambda z: 0.5 * z * (1 + erf(z / np.sqrt(2))),
             lambda z: 0.5 * (1 + erf(z / np.sqrt(2))) + z * np.exp(-z * z / 2) / np.sqrt(2 * np.pi)),
}


def load(path):
    p = json.load(open(path))
    widths = p["network"]["widths"]
    s, ds = ACT[p["network"]["activation"]]
    theta = np.array([float(Fraction(t)) for t in p["theta"]])
    r = p["risk"]
    x = np.array([[float(Fraction(v)) for v in (xi if isinstance(xi, list) else [xi])] for xi in r["x"]])
    y = np.array([[float(Fraction(v)) for v in (yi if isinstance(yi, list) else [yi])] for yi in r["y"]])
    k = 1 / len(x) if r.get("reduction", "mean") == "mean" else 0.5
    return widths, s, ds, theta, x, y, k


def make(widths, s, ds, x, y, k):
    def unpack(t):
        out, off = [], 0
        for a, b in zip(widths[:-1], widths[1:]):
            W = t[off:off + a * b].reshape(b, a); off += a * b
            c = t[off:off + b]; off += b
            out.append((W, c))
        return out

    def lg(t):
        layers = unpack(t)
        acts, pre = [x], []
        h = x
        for i, (W, c) in enumerate(layers):
            z = h @ W.T + c
            pre.append(z)
            h = z if i == len(layers) - 1 else s(z)
            acts.append(h)
        r = h - y
        L = k * np.sum(r * r)
        g = []
        d = 2 * k * r
        for i in range(len(layers) - 1, -1, -1):
            W, c = layers[i]
            if i < len(layers) - 1:
                d = d * ds(pre[i])
            g.append((d.sum(0), d.T @ acts[i]))
            d = d @ W
        grads = []
        for gc, gW in reversed(g):
            grads.append(gW.ravel()); grads.append(gc)
        return L, np.concatenate(grads)
    return lg


def main():
    path, hw = sys.argv[1], float(Fraction(sys.argv[2]))
    starts = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    widths, s, ds, theta, x, y, k = load(path)
    lg = make(widths, s, ds, x, y, k)
    lo, hi = theta - hw, theta + hw
    crit = []
    minL = np.inf
    for _ in range(starts):
        t0 = rng.uniform(lo, hi)
        sol = least_squares(lambda t: lg(t)[1], t0, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=200)
        L, g = lg(sol.x)
        if np.linalg.norm(g) < 1e-9 and np.all(sol.x >= lo - 1e-12) and np.all(sol.x <= hi + 1e-12):
            crit.append(L)
        m = minimize(lambda t: lg(t), t0, jac=True, method="L-BFGS-B", bounds=list(zip(lo, hi)))
        minL = min(minL, m.fun)
    print(json.dumps({"problem": path, "half_width": sys.argv[2], "starts": starts,
                      "critical_points_in_box": len(crit),
                      "smallest_critical_value": min(crit) if crit else None,
                      "L_theta": lg(theta)[0], "min_L_on_box": minL}))


if __name__ == "__main__":
    main()
