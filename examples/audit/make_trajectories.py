#!/usr/bin/env python3
"""Writes the audit examples: a float64 gradient-descent run of W1 (tanh, H = 16) in numpy.

    /usr/bin/python3 make_trajectories.py        # writes clean.csv, corrupted.csv, clean.npz

The network, data and starting point are those of w1-tanh-h16.json (WORKLOADS.md, W1):
N(x) = c + sum_j v_j tanh(w_j x + b_j), x_i = i/64, y_i = x_i^2, L = mean (N(x_i) - y_i)^2.
Plain GD, theta <- theta - lr * grad L(theta), lr = 0.1, 100 steps, hand-written backprop.
Values are written with repr(), which round-trips binary64 exactly.
corrupted.csv is clean.csv with one digit of theta_3 changed in row 40 and one digit of the
loss changed in row 70: flowcert audit must flag exactly those (and mark row 41, whose step
from the corrupted row 40 no longer fits, as a consequence of row 40).
clean.npz holds the same run as PyTorch state_dict arrays (0.weight (n,16,1), 0.bias (n,16),
2.weight (n,1,16), 2.bias (n,1)) plus loss and step, as a PyTorch script would save it.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
H, STEPS, LR = 16, 100, 0.1


def hexval(s):
    return float.fromhex(s) if "x" in s else float(s)


with open(os.path.join(HERE, "w1-tanh-h16.json")) as f:
    prob = json.load(f)
theta = np.array([hexval(s) for s in prob["theta"]])
x = np.array([hexval(s) for s in prob["risk"]["x"]])
y = np.array([hexval(s) for s in prob["risk"]["y"]])
n = len(x)


def loss_grad(th):
    w, b, v, c = th[:H], th[H:2 * H], th[2 * H:3 * H], th[3 * H]
    z = np.outer(x, w) + b            # (n, H)
    a = np.tanh(z)
    r = a @ v + c - y                 # (n,)
    loss = np.mean(r * r)
    d = 1.0 - a * a
    e = (2.0 / n) * r                 # dL/dN(x_i)
    gv = a.T @ e
    gc = np.sum(e)
    gz = np.outer(e, v) * d           # (n, H)
    gw = gz.T @ x
    gb = np.sum(gz, axis=0)
    return loss, np.concatenate([gw, gb, gv, [gc]])


rows = []
for step in range(STEPS + 1):
    loss, g = loss_grad(theta)
    rows.append((step, loss, theta.copy()))
    theta = theta - LR * g

header = "step,loss," + ",".join(f"theta_{k}" for k in range(3 * H + 1))


def write(name, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header + "\n")
        for step, loss, th in rows:
            f.write(",".join([str(step), repr(float(loss))] + [repr(float(t)) for t in th]) + "\n")


write("clean.csv", rows)


def change_digit(v, pos):
    """v with its pos-th significant digit changed (+1 mod 10)."""
    s = repr(float(v))
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    lead = [i for i in digits if s[i] != "0" or i > digits[0]]
    k = [i for i in digits if i >= lead[0]][pos]
    t = s[:k] + str((int(s[k]) + 1) % 10) + s[k + 1:]
    return float(t)


bad = [(s, l, th.copy()) for s, l, th in rows]
bad[40][2][3] = change_digit(bad[40][2][3], 6)
bad[70] = (bad[70][0], change_digit(bad[70][1], 5), bad[70][2])
write("corrupted.csv", bad)

th = np.array([r[2] for r in rows])
np.savez(os.path.join(HERE, "clean.npz"),
         **{"0.weight": th[:, :H].reshape(-1, H, 1), "0.bias": th[:, H:2 * H],
            "2.weight": th[:, 2 * H:3 * H].reshape(-1, 1, H), "2.bias": th[:, 3 * H:].reshape(-1, 1),
            "loss": np.array([r[1] for r in rows]), "step": np.arange(STEPS + 1, dtype=np.float64)})
print(f"wrote clean.csv, corrupted.csv, clean.npz: {STEPS + 1} rows, final loss {rows[-1][1]!r}")
