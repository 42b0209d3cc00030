"""Reference values for leaf p (proofs-notes/critical-profiled.md §4c): the profiled loss R(u) = min_a L(u, a) and its
directional derivative f(u) = <d, grad R(u)> of smooth-zigzag problems at rational inner parameters u.

Independent of the checker's formula (R = kappa det M / det G): R is computed by mpmath's least-squares solve
(QR, mpmath.qr_solve) of the output layer on the features' definition, and f by mpmath.diff of s -> R(u + s d).
50 significant digits.

Usage: python3 profiled_loss_values.py OUT_DIR     (writes OUT_DIR/profiled-loss.tsv)
"""
import json
import os
import sys
from fractions import Fraction

import mpmath as mp

mp.mp.dps = 50

ACT = {
    "tanh": mp.tanh,
    "logistic": lambda z: 1 / (1 + mp.exp(-z)),
    "softplus": lambda z: mp.log(1 + mp.exp(z)),
    "gelu": lambda z: z * (1 + mp.erf(z / mp.sqrt(2))) / 2,
}

# (problem, inner point u as rationals, direction d): u is the problem's theta's inner part, or moved off it
CASES = [
    ("examples/smooth-zigzag-tanh-h2.json", None, ["-1", "-15/32", "55/64", "15/64"]),
    ("examples/smooth-zigzag-tanh-h2.json", ["57/16", "5/4", "-2", "-61/64"], ["-1", "-15/32", "55/64", "15/64"]),
    ("examples/smooth-zigzag-softplus-h2.json", None, ["3/8", "-9/16", "1", "41/64"]),
    ("examples/smooth-zigzag-tanh-deep.json", None,
     ["-1", "-11/16", "25/32", "19/32", "-15/32", "-7/64", "-1/4", "-3/32", "25/64", "-1/32"]),
]


def features(widths, act, u, x):
    """The last hidden layer's activations and 1 at input x (parameters laid out as the checker's Net)."""
    a = [mp.mpf(x)]
    off = 0
    for l in range(len(widths) - 2):
        nin, nout = widths[l], widths[l + 1]
        nxt = []
        for o in range(nout):
            z = u[off + nin * nout + o] + mp.fsum(u[off + o * nin + i] * a[i] for i in range(nin))
            nxt.append(act(z))
        off += (nin + 1) * nout
        a = nxt
    return a + [mp.mpf(1)]


def profiled(p, u):
    widths = p["network"]["widths"]
    act = ACT[p["network"]["activation"]]
    xs = [Fraction(x) for x in p["risk"]["x"]]
    ys = [mp.mpf(Fraction(y).numerator) / Fraction(y).denominator for y in p["risk"]["y"]]
    kappa = mp.mpf(1) / len(xs) if p["risk"].get("reduction", "mean") == "mean" else mp.mpf(1) / 2
    phi = mp.matrix([features(widths, act, u, mp.mpf(x.numerator) / x.denominator) for x in xs])
    a, res = mp.qr_solve(phi, mp.matrix(ys))
    return kappa * res ** 2


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lines = ["# problem\tu (rationals, comma-separated)\td\tR(u)\tf(u) = <d, grad R(u)>"]
    for prob, u, d in CASES:
        p = json.load(open(prob))
        w = p["network"]["widths"]
        na = (w[-2] + 1) * w[-1]
        if u is None:
            u = p["theta"][:len(p["theta"]) - na]
        uf = [mp.mpf(Fraction(q).numerator) / Fraction(q).denominator for q in u]
        df = [mp.mpf(Fraction(q).numerator) / Fraction(q).denominator for q in d]
        r = profiled(p, uf)
        f = mp.diff(lambda s: profiled(p, [uk + s * dk for uk, dk in zip(uf, df)]), 0)
        lines.append("\t".join([prob, ",".join(u), ",".join(d), mp.nstr(r, 40), mp.nstr(f, 40)]))
    with open(os.path.join(out, "profiled-loss.tsv"), "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
