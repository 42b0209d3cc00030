"""Writes the relu-data example problems (examples/relu-data-*.json). Seeds are fixed; the data were
not tuned: each set is the first draw of its seed. Run from the repository root."""
import json, random
from fractions import Fraction as F

# b12-h2: a point with L < its smallest critical value, found by witness.py (inf L is then not attained)
WITNESS = {"relu-data-b12-h2": ["4471/5000", "-152117/62500", "238701/250000", "0", "674141/1000000", "67253/125000",
                                "-123367/200000"]}

def write(name, h, xs, ys, reduction="mean", act="relu"):
    theta = WITNESS.get(name, ["1/2"] * h + ["-1/4"] * h + ["1/3"] * h + ["0"])
    d = {"network": {"widths": [1, h, 1], "activation": act}, "theta": theta,
         "risk": {"type": "data", "x": [str(x) for x in xs], "y": [str(y) for y in ys], "reduction": reduction}}
    with open(f"examples/{name}.json", "w") as f:
        json.dump(d, f, indent=1)
        f.write("\n")

def dec(v, q):
    return F(round(v * q), q)

import math
# A: 8 points, sin-like with noise (seed 1)
r = random.Random(1)
xa = sorted(dec(r.uniform(-2, 2), 10) for _ in range(8))
ya = [dec(math.sin(1.5 * float(x)) + r.gauss(0, 0.1), 100) for x in xa]
# B: 12 points on a grid with a tie, |x|-like with noise, half-sum (seed 2)
r = random.Random(2)
xb = [F(k, 4) for k in range(-5, 6)] + [F(1, 2)]
xb.sort()
yb = [dec(abs(float(x)) - 0.3 * float(x) ** 2 + r.gauss(0, 0.1), 100) for x in xb]
# C: 16 points, pure noise (seed 3)
r = random.Random(3)
xc = sorted(dec(r.uniform(-1, 1), 100) for _ in range(16))
yc = [dec(r.uniform(-1, 1), 100) for _ in xc]
# D: 12 points fitted exactly by a 1-2-1 relu net, one point on a kink (x = 1/4)
xd = [F(k, 4) for k in range(-6, 6)]
net = lambda x: F(1, 2) + 2 * max(x - F(1, 4), 0) - max(-x - F(1, 2), 0)
yd = [net(x) for x in xd]
for h in (2, 3, 4):
    write(f"relu-data-a8-h{h}", h, xa, ya)
    write(f"relu-data-b12-h{h}", h, xb, yb, "half-sum")
    write(f"relu-data-c16-h{h}", h, xc, yc)
write("relu-data-fit12-h2", 2, xd, yd)
write("relu-data-fit12-h3", 3, xd, yd)
# leaky relu, slope 1/10, on the a8 and c16 data
write("relu-data-leaky-a8-h2", 2, xa, ya, act="leaky_relu:1/10")
write("relu-data-leaky-a8-h3", 3, xa, ya, act="leaky_relu:1/10")
write("relu-data-leaky-c16-h2", 2, xc, yc, act="leaky_relu:1/10")
