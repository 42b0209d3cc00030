#!/usr/bin/env python3
"""Writes the audit test fixtures (numpy only; run from this folder):

    python3 make_fixtures.py

Problem mlp-2-6-4-1.json: a 2-6-4-1 tanh network (two hidden layers: not the examples'
shape, so the default tolerances are tested on an instance they were not tuned on), 24 data
points x_i in [-1, 1]^2 from a fixed seed, y_i = sin(2 x_i1) x_i2, mean squared error.
Plain gradient descent theta <- theta - lr * grad L, lr = 0.05, 40 steps, hand-written
backprop, once in float64 and once in float32 (data, parameters and arithmetic all float32).

  f64-clean.csv        float64 log: step, loss (before the step, at the theta of the row), theta
  f64-corrupt.csv      the same with theta_7 of row 17 multiplied by (1 + 3e-7)
  f64-corrupt-row0.csv the same with theta_7 of row 0 multiplied by (1 + 3e-7)
  f64-shifted.csv      loss logged before opt.step(), theta after it: row k holds theta_k and L(theta_{k-1})
  f32-clean.csv        the float32 log written as decimal text (audited without --float32: the hint)
  f32-clean.npz        the float32 log as float32 state_dict arrays fc1/fc2/head, int64 step, float32 loss
  f32-corrupt.npz      the same with theta_7 of row 17 multiplied by (1 + 3e-4) (30 ulps of binary32)
  f64-named.npz        the float64 log as state_dict arrays named fc1.weight, fc1.bias, fc2.*, head.*
                       in registration order, int64 step array
  f64-reversed.npz     the same arrays stored in reverse order (needs --layout fc1,fc2,head)
Values are written with repr(), which round-trips binary64 exactly.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
W = [2, 6, 4, 1]
N, STEPS, LR = 24, 40, 0.05
rng = np.random.default_rng(20261206)
x = rng.uniform(-1, 1, size=(N, 2))
y = np.sin(2 * x[:, 0]) * x[:, 1]
P = sum((W[l] + 1) * W[l + 1] for l in range(3))
theta0 = rng.uniform(-0.8, 0.8, size=P)


def unpack(th):
    out, pos = [], 0
    for l in range(3):
        i, o = W[l], W[l + 1]
        Wm = th[pos:pos + o * i].reshape(o, i)
        pos += o * i
        b = th[pos:pos + o]
        pos += o
        out.append((Wm, b))
    return out


def loss_grad(th, xs, ys, dt):
    layers = unpack(th)
    a = [xs]
    for l, (Wm, b) in enumerate(layers):
        z = a[-1] @ Wm.T + b
        a.append(np.tanh(z) if l < 2 else z)
    r = a[-1][:, 0] - ys
    loss = np.mean(r * r)
    d = (dt(2.0) / dt(N) * r)[:, None]
    grads = []
    for l in range(2, -1, -1):
        Wm, b = layers[l]
        gW = d.T @ a[l]
        gb = d.sum(axis=0)
        grads.append((gW, gb))
        if l > 0:
            d = (d @ Wm) * (dt(1.0) - a[l] * a[l])
    grads.reverse()
    return loss, np.concatenate([np.concatenate([gW.ravel(), gb]) for gW, gb in grads])


def run(dt):
    th = theta0.astype(dt)
    xs, ys = x.astype(dt), y.astype(dt)
    lr = dt(LR)
    rows = []
    for step in range(STEPS + 1):
        loss, g = loss_grad(th, xs, ys, dt)
        assert loss.dtype == dt and g.dtype == dt
        rows.append((step, loss, th.copy()))
        th = th - lr * g
    return rows


def hexs(v):
    return float(v).hex()


problem = {
    "network": {"widths": W, "activation": "tanh"},
    "theta": [hexs(v) for v in theta0],
    "risk": {"type": "data", "reduction": "mean", "x": [[hexs(a), hexs(b)] for a, b in x],
             "y": [hexs(v) for v in y]},
}
with open(os.path.join(HERE, "mlp-2-6-4-1.json"), "w") as f:
    json.dump(problem, f, indent=1)

header = "step,loss," + ",".join(f"theta_{k}" for k in range(P))


def write_csv(name, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header + "\n")
        for step, loss, th in rows:
            f.write(",".join([str(step), repr(float(loss))] + [repr(float(t)) for t in th]) + "\n")


def corrupt(rows, k, i, rel):
    out = [(s, l, th.copy()) for s, l, th in rows]
    out[k][2][i] = out[k][2][i] * (1 + rel)
    assert out[k][2][i] != rows[k][2][i]
    return out


r64 = run(np.float64)
r32 = run(np.float32)
write_csv("f64-clean.csv", r64)
write_csv("f64-corrupt.csv", corrupt(r64, 17, 7, 3e-7))
write_csv("f64-corrupt-row0.csv", corrupt(r64, 0, 7, 3e-7))
write_csv("f64-shifted.csv", [(s, r64[s - 1][1] if s > 0 else l, th) for s, l, th in r64][1:])
write_csv("f32-clean.csv", r32)


def npz(name, rows, dt, order=("fc1", "fc2", "head")):
    th = np.array([r[2] for r in rows], dtype=dt)
    arrays = {}
    pos = 0
    names = ["fc1", "fc2", "head"]
    for l in range(3):
        i, o = W[l], W[l + 1]
        arrays[names[l] + ".weight"] = th[:, pos:pos + o * i].reshape(-1, o, i)
        pos += o * i
        arrays[names[l] + ".bias"] = th[:, pos:pos + o]
        pos += o
    ordered = {}
    for nm in order:
        ordered[nm + ".weight"] = arrays[nm + ".weight"]
        ordered[nm + ".bias"] = arrays[nm + ".bias"]
    ordered["loss"] = np.array([r[1] for r in rows], dtype=dt)
    ordered["step"] = np.arange(len(rows), dtype=np.int64)
    np.savez(os.path.join(HERE, name), **ordered)


npz("f32-clean.npz", r32, np.float32)
npz("f32-corrupt.npz", corrupt(r32, 17, 7, np.float32(3e-4)), np.float32)
npz("f64-named.npz", r64, np.float64)
npz("f64-reversed.npz", r64, np.float64, order=("head", "fc2", "fc1"))
print(f"P = {P}; float64 final loss {float(r64[-1][1])!r}, float32 final loss {float(r32[-1][1])!r}")
