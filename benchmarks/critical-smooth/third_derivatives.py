"""Independent reference values for leaf t of critical-profiled (proofs-notes/critical-profiled.md §4b), by mpmath
at 50 digits, for src/flowcert/src/test/resources/smooth6/.

  activation-third.tsv: activation, x, sigma'(x), sigma''(x), sigma'''(x) at rational x, the derivatives by
    mpmath.diff of the activation's definition (tanh, 1/(1+e^-x), log(1+e^x), x(1+erf(x/sqrt 2))/2), not by the
    closed forms the checker uses.
  dual-tanh-zigzag.tsv: for the tanh 1-2-1 zigzag problem (examples/smooth-zigzag-tanh-h2.json) at its theta and
    the direction z below: f = <z, grad L>, (Hessian z)_l and (d^3 L[z])_lm, by mpmath.diff of L written out from
    the definition (mean of squared residuals).

Usage: python3 third_derivatives.py OUT_FOLDER
"""
import sys
from fractions import Fraction

import mpmath as mp

mp.mp.dps = 50

ACTS = {
    "tanh": mp.tanh,
    "logistic": lambda x: 1 / (1 + mp.exp(-x)),
    "softplus": lambda x: mp.log(1 + mp.exp(x)),
    "gelu": lambda x: x * (1 + mp.erf(x / mp.sqrt(2))) / 2,
}
POINTS = ["-3", "-3/2", "-1/3", "0", "1/7", "4/5", "5/2"]
THETA = ["7/2", "81/64", "-123/64", "-31/32", "91/64", "-55/32", "11/64"]
Z = ["-1", "-15/32", "55/64", "15/64", "1/8", "-1/4", "1/2"]
XS = [-2, -1, 0, 1, 2]
YS = [0, 1, 0, 1, 0]


def q(s):
    f = Fraction(s)
    return mp.mpf(f.numerator) / f.denominator


def loss(*t):
    w1, w2, b1, b2, v1, v2, c = t
    return sum((c + v1 * mp.tanh(w1 * x + b1) + v2 * mp.tanh(w2 * x + b2) - y) ** 2 for x, y in zip(XS, YS)) / 5


def main():
    out = sys.argv[1]
    with open(out + "/activation-third.tsv", "w") as f:
        f.write("# activation\tx\td1\td2\td3 (mpmath.diff at 50 digits; benchmarks/critical-smooth/"
                "third_derivatives.py)\n")
        for name, fn in ACTS.items():
            for x in POINTS:
                d = [mp.diff(fn, q(x), n) for n in (1, 2, 3)]
                f.write("\t".join([name, x] + [mp.nstr(v, 30) for v in d]) + "\n")
    th = [q(s) for s in THETA]
    z = [q(s) for s in Z]
    n = len(th)

    def unit(i, j=None, k=None):
        o = [0] * n
        for m in (i, j, k):
            if m is not None:
                o[m] += 1
        return tuple(o)

    with open(out + "/dual-tanh-zigzag.tsv", "w") as f:
        f.write("# tanh 1-2-1 zigzag at theta = " + ",".join(THETA) + ", z = " + ",".join(Z) + "\n")
        f.write("# kind\tl\tm\tvalue (f = <z, grad L>; hz = (Hz)_l; t = (d3 L[z])_lm; mpmath.diff, 50 digits)\n")
        grad = [mp.diff(loss, th, unit(i)) for i in range(n)]
        f.write("f\t-1\t-1\t" + mp.nstr(mp.fsum(zi * g for zi, g in zip(z, grad)), 30) + "\n")
        for l in range(n):
            hz = mp.fsum(z[i] * mp.diff(loss, th, unit(i, l)) for i in range(n))
            f.write(f"hz\t{l}\t-1\t" + mp.nstr(hz, 30) + "\n")
        for l in range(n):
            for m in range(l, n):
                t = mp.fsum(z[i] * mp.diff(loss, th, unit(i, l, m)) for i in range(n))
                f.write(f"t\t{l}\t{m}\t" + mp.nstr(t, 30) + "\n")


if __name__ == "__main__":
    main()
