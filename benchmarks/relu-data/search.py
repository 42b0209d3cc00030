"""Independent numerical search for the smallest critical value of a 1-H-1 relu net on a 1-D data
set (binary64, numpy/scipy; shares nothing with flowcert). Many Levenberg-Marquardt runs on the
residuals (scipy trf when n < P) (local minima) and many Newton-type runs on the gradient (any critical point, saddles
included), from random starts and from starts with random kinks (uniform on the data range, or in a
uniformly chosen gap between data points) and the output layer fitted by least squares, and
from one start per multiset of (gap, direction) of the H kinks (a random sample of RUNS of them
when there are more). A run counts as a critical point when max|grad L| < 1e-10
(relu'(0) = 0, leaky_relu'(0) = S: the flowcert convention) after polishing. Prints the smallest critical value found
(an upper bound on the true one, equal to it when the search finds the lowest critical point) and
the smallest loss seen (an estimate of inf L).

usage: python3 search.py PROBLEM.json [RUNS] [SEED]"""
import json, sys, time
from fractions import Fraction
import numpy as np
from scipy.optimize import least_squares, root

def load(path):
    d = json.load(open(path))
    h = d["network"]["widths"][1]
    act = d["network"]["activation"]
    assert (act == "relu" or act.startswith("leaky_relu:")) and d["risk"]["type"] == "data"
    slope = float(Fraction(act.split(":")[1])) if act != "relu" else 0.0
    x = np.array([float(Fraction(v if isinstance(v, str) else v[0])) for v in d["risk"]["x"]])
    y = np.array([float(Fraction(v if isinstance(v, str) else v[0])) for v in d["risk"]["y"]])
    k = 1.0 / len(x) if d["risk"].get("reduction", "mean") == "mean" else 0.5
    return h, x, y, k, slope

class Net:
    def __init__(self, h, x, y, k, slope=0.0):
        self.h, self.x, self.y, self.k, self.s = h, x, y, k, slope

    def act(self, z):  # leaky relu, relu for slope 0
        return np.where(z > 0, z, self.s * z)

    def der(self, z):  # the convention: derivative S at 0
        return np.where(z > 0, 1.0, self.s)

    def split(self, t):
        h = self.h
        return t[:h], t[h:2 * h], t[2 * h:3 * h], t[3 * h]

    def res(self, t):
        w, b, v, c = self.split(t)
        z = np.outer(self.x, w) + b
        return c + self.act(z) @ v - self.y

    def jac(self, t):
        w, b, v, c = self.split(t)
        z = np.outer(self.x, w) + b
        act = self.der(z)
        return np.hstack([act * v * self.x[:, None], act * v, self.act(z), np.ones((len(self.x), 1))])

    def loss(self, t):
        r = self.res(t)
        return self.k * r @ r

    def grad(self, t):
        return 2 * self.k * self.jac(t).T @ self.res(t)

    def hess(self, t):
        w, b, v, c = self.split(t)
        h = self.h
        z = np.outer(self.x, w) + b
        act = self.der(z)
        J = self.jac(t)
        r = self.res(t)
        H = J.T @ J
        for j in range(h):  # second derivatives of N: d2N/dv_j dw_j = act x, d2N/dv_j db_j = act (a.e.)
            H[2 * h + j, j] += r @ (act[:, j] * self.x)
            H[j, 2 * h + j] += r @ (act[:, j] * self.x)
            H[2 * h + j, h + j] += r @ act[:, j]
            H[h + j, 2 * h + j] += r @ act[:, j]
        return 2 * self.k * H

def kink_start(net, rng):
    """Random kink positions and directions, output layer by least squares."""
    h, x = net.h, net.x
    lo, hi = x.min(), x.max()
    w = rng.choice([-1.0, 1.0], h) * rng.uniform(0.3, 3, h)
    if rng.random() < 0.5:  # kinks uniform on the data range
        t = rng.uniform(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo), h)
    else:  # kinks in gaps between consecutive data points, each gap equally likely
        z = np.unique(x)
        g = rng.integers(0, len(z) - 1, h)
        t = z[g] + rng.uniform(0, 1, h) * (z[g + 1] - z[g])
    b = -w * t
    feats = np.hstack([net.act(np.outer(x, w) + b), np.ones((len(x), 1))])
    sol = np.linalg.lstsq(feats, net.y, rcond=None)[0]
    return np.concatenate([w, b, sol[:h], sol[h:]])

def gap_starts(net, budget, rng):
    """Starts with one kink per unit at the middle of a chosen gap (or beyond the data) and a chosen
    direction: every multiset of (gap, direction) when there are at most `budget`, else a random sample."""
    import itertools
    z = np.unique(net.x)
    mids = np.concatenate([[z[0] - 0.5], (z[:-1] + z[1:]) / 2, [z[-1] + 0.5]])
    options = [(m, d) for m in mids for d in (-1.0, 1.0)]
    combos = list(itertools.combinations_with_replacement(range(len(options)), net.h))
    if len(combos) > budget:
        combos = [combos[i] for i in rng.choice(len(combos), budget, replace=False)]
    for cmb in combos:
        w = np.array([options[i][1] for i in cmb]) * rng.uniform(0.5, 2, net.h)
        b = -w * np.array([options[i][0] for i in cmb])
        feats = np.hstack([net.act(np.outer(net.x, w) + b), np.ones((len(net.x), 1))])
        sol = np.linalg.lstsq(feats, net.y, rcond=None)[0]
        yield np.concatenate([w, b, sol[:net.h], sol[net.h:]])

def polish(net, t):
    for _ in range(50):
        g = net.grad(t)
        if np.max(np.abs(g)) < 1e-13:
            break
        try:
            step = np.linalg.lstsq(net.hess(t), g, rcond=None)[0]
        except np.linalg.LinAlgError:
            break
        t2 = t - step
        if np.max(np.abs(net.grad(t2))) >= np.max(np.abs(g)):
            break
        t = t2
    return t

def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12345
    net = Net(*load(path))
    rng = np.random.default_rng(seed)
    p = 3 * net.h + 1
    crit = []
    inf_seen = np.inf
    t0 = time.time()
    # scipy's MINPACK lm needs n >= P; otherwise its trust-region Gauss-Newton (trf)
    method = "lm" if len(net.x) >= p else "trf"
    starts = [kink_start(net, rng) if i % 2 == 0 else rng.normal(0, rng.choice([0.5, 1.0, 2.0]), p) for i in range(runs)]
    starts += list(gap_starts(net, runs, rng))
    for i, start in enumerate(starts):
        ends = []
        try:
            ends.append(least_squares(net.res, start, jac=net.jac, method=method, xtol=1e-15, ftol=1e-15, gtol=1e-15,
                                      max_nfev=4000).x)
        except Exception:
            pass
        if i % 4 < 2:  # Newton-type on the gradient: finds saddles too
            try:
                ends.append(root(net.grad, start, jac=net.hess, method="lm", options={"xtol": 1e-15, "maxiter": 4000}).x)
            except Exception:
                pass
        for e in ends:
            if not np.all(np.isfinite(e)):
                continue
            inf_seen = min(inf_seen, net.loss(e))
            e = polish(net, e)
            if np.max(np.abs(net.grad(e))) < 1e-10 and np.max(np.abs(e)) < 1e6:
                crit.append(net.loss(e))
    crit = np.array(sorted(crit))
    distinct = []
    for c in crit:
        if not distinct or c - distinct[-1] > 1e-9 * max(1, abs(c)):
            distinct.append(c)
    print(json.dumps({"problem": path, "runs": len(starts), "seed": seed, "critical_points": len(crit),
                      "smallest_critical_value": float(crit[0]) if len(crit) else None,
                      "lowest_distinct_critical_values": [float(c) for c in distinct[:5]],
                      "smallest_loss_seen": float(inf_seen), "seconds": round(time.time() - t0, 1)}))

if __name__ == "__main__":
    main()
