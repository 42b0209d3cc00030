"""Numerical look at the profiled loss R(u) = min_a L(u, a) of a 1-H-1 net on a box (not part of any proof).

Usage: python3 profiled_gradient.py PROBLEM.json HALF_WIDTH [SAMPLES] [SEED]
U = the inner parameters u (all but the output layer) of theta +- HALF_WIDTH. At SAMPLES random u in U it
computes R(u) by least squares, a*(u) (the output layer of the fit) and grad R(u) (central differences), and
prints: the range of R, the fraction of U whose a*(u) lies in the claim's output-layer box A, the smallest
|grad R| seen, and the best fixed direction d (max-norm 1) with <grad R(u), d> >= margin at every sample (a linear
program). A positive margin says R is monotone along d on U: then L has no critical point in U x A at all,
which a directional leaf test could certify. Supports 1-H-1 nets with tanh, logistic, softplus, gelu.
"""
import json
import sys
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog
from scipy.special import erf

ACT = {
    "tanh": np.tanh,
    "logistic": lambda z: 1 / (1 + np.exp(-z)),
    "softplus": lambda z: np.logaddexp(0, z),
    "gelu": lambda z: 0.5 * z * (1 + erf(z / np.sqrt(2))),
}


def main():
    p = json.load(open(sys.argv[1]))
    h = float(Fraction(sys.argv[2]))
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    widths = p["network"]["widths"]
    assert len(widths) == 3 and widths[0] == 1 and widths[2] == 1, "1-H-1 nets only"
    s = ACT[p["network"]["activation"]]
    th = np.array([float(Fraction(t)) for t in p["theta"]])
    x = np.array([float(Fraction(v)) for v in p["risk"]["x"]])
    y = np.array([float(Fraction(v)) for v in p["risk"]["y"]])
    n, m = len(x), widths[1]
    nu = 2 * m

    def fit(u):
        f = np.hstack([s(np.outer(x, u[:m]) + u[m:]), np.ones((n, 1))])
        a = np.linalg.lstsq(f, y, rcond=None)[0]
        r = f @ a - y
        return r @ r / n, a

    def grad(u, e=1e-6):
        return np.array([(fit(u + e * d)[0] - fit(u - e * d)[0]) / (2 * e) for d in np.eye(nu)])

    u0 = th[:nu]
    us = u0 + h * (2 * rng.random((samples, nu)) - 1)
    rs = np.array([fit(u)[0] for u in us])
    a_s = np.array([fit(u)[1] for u in us])
    gs = np.array([grad(u) for u in us])
    in_a = np.all((a_s >= th[nu:] - h) & (a_s <= th[nu:] + h), axis=1)
    res = linprog(np.r_[np.zeros(nu), -1], A_ub=np.hstack([-gs, np.ones((samples, 1))]), b_ub=np.zeros(samples),
                  bounds=[(-1, 1)] * nu + [(None, None)])
    print(f"{sys.argv[1]} h={sys.argv[2]}: R in [{rs.min():.5f}, {rs.max():.5f}], a*(u) in A for "
          f"{in_a.mean():.0%} of U, min |grad R| = {np.linalg.norm(gs, axis=1).min():.4f}, "
          f"best direction d = {np.round(res.x[:-1], 3)} with margin {res.x[-1]:.5f}")


if __name__ == "__main__":
    main()
