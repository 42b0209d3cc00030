"""Builds the critical point of a given activation pattern and checks in exact rationals that the
gradient vanishes there (the converse direction of proofs-notes/critical-relu-data.md, §4, checked
independently of flowcert; with dependent generators the free coefficients are chosen by a linear
program maximising the slack, rounded, and everything is re-checked exactly).
usage: python3 construct.py PROBLEM.json 'x > -13/50' 'x < 9/100' ...   (one argument per active set)"""
import json, sys
from fractions import Fraction as F
import sympy as sp

d = json.load(open(sys.argv[1]))
h = d["network"]["widths"][1]
xs = [F(v) for v in d["risk"]["x"]]; ys = [F(v) for v in d["risk"]["y"]]
n = len(xs)
k = F(1, n) if d["risk"].get("reduction", "mean") == "mean" else F(1, 2)
sets = []
for a in sys.argv[2:]:
    op, t = a.split()[1], F(a.split()[2].replace(" ", ""))
    sets.append((op, t))
cols = [[F(1)] * n]
for op, t in sets:
    ind = [F(1) if (x > t if op == ">" else x < t) else F(0) for x in xs]
    cols.append(ind)
    cols.append([i * x for i, x in zip(ind, xs)])
M = sp.Matrix(n, len(cols), lambda i, j: sp.Rational(cols[j][i].numerator, cols[j][i].denominator))
Y = sp.Matrix([sp.Rational(y.numerator, y.denominator) for y in ys])
# the normal equations' solutions p0 + N u (N a basis of the null space), exactly
G = M.T * M
sol, params = G.gauss_jordan_solve(M.T * Y)
tau = sorted(params, key=lambda q: str(q))
Fq = lambda q: F(int(sp.numer(q)), int(sp.denom(q)))
if tau:
    # choose the free parameters by a linear program (binary64) that maximises the slack of every inequality
    # (R) of the note, strictified, over all sign vectors; then round and re-check exactly below
    import itertools
    import numpy as np
    from scipy.optimize import linprog
    best = None
    for signs in itertools.product([1, -1], repeat=len(sets)):
        A, bvec = [], []
        for j, (op, t) in enumerate(sets):
            z = sorted(set(xs))
            zin = min(x for x in z if x > t) if op == ">" else max(x for x in z if x < t)
            zout = max(x for x in z if x <= t) if op == ">" else min(x for x in z if x >= t)
            for zz, sg in ((zin, signs[j]), (zout, -signs[j])):
                expr = sp.expand(sg * (sol[2 + 2 * j] * sp.Rational(zz.numerator, zz.denominator) + sol[1 + 2 * j]))
                # sg*expr >= slack  <=>  -coef.u - slack <= const
                A.append([-float(expr.coeff(q)) for q in tau] + [1.0])
                bvec.append(float(expr.subs({q: 0 for q in tau})))
        res = linprog([0.0] * len(tau) + [-1.0], A_ub=A, b_ub=bvec, bounds=[(-1e3, 1e3)] * len(tau) + [(None, 1.0)])
        if res.status == 0 and (best is None or res.x[-1] > best[0]):
            best = (res.x[-1], res.x[:-1])
    assert best is not None and best[0] > 1e-9, f"no strictly admissible point found (best slack {best})"
    subs = {q: sp.Rational(F(float(u)).limit_denominator(10**9).numerator, F(float(u)).limit_denominator(10**9).denominator)
            for q, u in zip(tau, best[1])}
    p = sol.subs(subs)
else:
    p = sol
c = Fq(p[0])
theta_w, theta_b, theta_v = [], [], []
for j, (op, t) in enumerate(sets):
    beta, alpha = Fq(p[1 + 2 * j]), Fq(p[2 + 2 * j])
    # the unit v(w x + b)_+ with v(w, b) = (alpha, beta) and active set exactly this set: v = sign of l at an inside point
    inside = [x for x in xs if (x > t if op == ">" else x < t)]
    outside = [x for x in xs if not (x > t if op == ">" else x < t)]
    s = 1 if alpha * inside[0] + beta > 0 else -1
    assert all(s * (alpha * x + beta) > 0 for x in inside) and all(s * (alpha * x + beta) <= 0 for x in outside), \
        f"pattern not realisable by one unit per set: {op} {t}"
    theta_w.append(s * alpha); theta_b.append(s * beta); theta_v.append(F(s))
theta_w += [F(0)] * (h - len(sets)); theta_b += [F(-1)] * (h - len(sets)); theta_v += [F(0)] * (h - len(sets))
def net(x):
    return c + sum(v * max(w * x + b, 0) for w, b, v in zip(theta_w, theta_b, theta_v))
r = [net(x) - y for x, y in zip(xs, ys)]
grad = [2 * k * sum(ri for ri in r)]
for w, b, v in zip(theta_w, theta_b, theta_v):
    act = [1 if w * x + b > 0 else 0 for x in xs]
    grad += [2 * k * v * sum(ri * a * x for ri, a, x in zip(r, act, xs)), 2 * k * v * sum(ri * a for ri, a in zip(r, act)),
             2 * k * sum(ri * max(w * x + b, 0) for ri, x in zip(r, xs))]
L = k * sum(ri * ri for ri in r)
print(json.dumps({"theta": {"w": [str(q) for q in theta_w], "b": [str(q) for q in theta_b], "v": [str(q) for q in theta_v], "c": str(c)},
                  "loss": str(L), "loss_float": float(L), "gradient_is_zero": all(g == 0 for g in grad)}))
