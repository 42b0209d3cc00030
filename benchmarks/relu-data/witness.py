"""A parameter point with a low loss (binary64 search, then rounded to decimals and evaluated exactly in
rationals), to witness inf L < the smallest critical value (then inf L is not attained).
usage: python3 witness.py PROBLEM.json RUNS  -> prints the theta (decimal strings) and its exact loss"""
import json, sys
from fractions import Fraction as F
import numpy as np
from scipy.optimize import least_squares
sys.path.insert(0, __file__.rsplit("/", 1)[0])
import search

path, runs = sys.argv[1], int(sys.argv[2])
net = search.Net(*search.load(path))
d = json.load(open(path))
xs = [F(v) for v in d["risk"]["x"]]; ys = [F(v) for v in d["risk"]["y"]]
k = F(1, len(xs)) if d["risk"].get("reduction", "mean") == "mean" else F(1, 2)
rng = np.random.default_rng(7)
p = 3 * net.h + 1
best = None
for i in range(runs):
    start = search.kink_start(net, rng) if i % 2 == 0 else rng.normal(0, 1.0, p)
    e = least_squares(net.res, start, jac=net.jac, method="trf", max_nfev=3000).x
    if best is None or net.loss(e) < net.loss(best):
        best = e
h = net.h
theta = [F(round(float(t), 6)).limit_denominator(10**6) for t in best]
def loss(th):
    w, b, v, c = th[:h], th[h:2*h], th[2*h:3*h], th[3*h]
    return k * sum((c + sum(v[j] * max(w[j] * x + b[j], 0) for j in range(h)) - y) ** 2 for x, y in zip(xs, ys))
print(json.dumps({"theta": [str(t) for t in theta], "loss": str(loss(theta)), "loss_float": float(loss(theta))}))
