import numpy as np, sys
from scipy.optimize import root
import critical_search as cs
def run(H, alpha, signs, p, coef, seed=0):
    cs.H = H
    inst = ((0.0, 1.0), [(0.0, 0.5, [0.0]), (0.5, 1.0, [1.0])], alpha)
    th = np.array([float(s) for s in signs] + [-s * q for s, q in zip(signs, p)] + list(coef[1:]) + [coef[0]])
    L, g = cs.loss_grad(th, inst)
    rng = np.random.default_rng(seed)
    s = root(lambda t: cs.loss_grad(t, inst)[1], th + 1e-3 * rng.normal(size=th.size), method="lm", options={"xtol": 1e-15, "ftol": 1e-15})
    L2, g2 = cs.loss_grad(s.x, inst)
    print(f"H={H} alpha={alpha}: at theta L={L:.12f} |g|={np.linalg.norm(g):.2e}; after 1e-3 perturbation + LM: L={L2:.12f} |g|={np.linalg.norm(g2):.2e}")
    print("  polished theta =", np.array2string(s.x, precision=12, max_line_width=250))
run(4, 0.0, [1, 1, -1, -1], [0.4357765546, 0.697835267, 0.5467529005, 0.8489176335], [-1.39900533, 7.10606064, -4.73737376, -4.83608291, 4.73737376])
run(3, 0.1, [1, -1, -1], [0.5711751559, 0.3873556259, 0.7906955329], [1.90945457, -2.24648736, 4.55998787, -4.81966824])
