"""Binary64 sampling, not a proof: over random cells of inner-parameter radius r in theta(100) +- h (1-H-1 zigzag),
the largest row sum of |I - C G(u)| (C = G(u_centre)^-1, the beta of critical-profiled.md §2 without interval
overestimation) and the half-spread of the least-squares output layer a*(u) over the cell.

Usage: python3 a_star_spread.py PROBLEM.json H
"""
import numpy as np, json, sys
from fractions import Fraction
p=json.load(open(sys.argv[1])); th=np.array([float(Fraction(t)) for t in p["theta"]])
act={"tanh":np.tanh,"softplus":lambda x:np.logaddexp(0,x)}[p["network"]["activation"]]
xs=np.array([-2,-1,0,1,2.]); ys=np.array([0,1,0,1,0.])
H=p["network"]["widths"][1]
def phi(u):
    w=u[:H]; b=u[H:2*H]
    return np.column_stack([act(np.outer(xs,w)+b), np.ones(len(xs))])
rng=np.random.default_rng(1)
h=float(Fraction(sys.argv[2]))
U=th[:2*H]
for r in [1/128,1/64,1/32,1/16]:
    bs=[];sp=[]
    for trial in range(20):
        um=U+rng.uniform(-h+r,h-r,size=U.shape)
        F=phi(um); G=F.T@F; C=np.linalg.inv(G)
        am=C@F.T@ys
        betas=[];As=[]
        for s in range(200):
            u=um+rng.uniform(-r,r,size=U.shape)
            Fu=phi(u); betas.append(np.abs(np.eye(H+1)-C@Fu.T@Fu).sum(1).max())
            As.append(np.linalg.lstsq(Fu,ys,rcond=None)[0])
        As=np.array(As); bs.append(max(betas)); sp.append((As.max(0)-As.min(0)).max()/2)
    print(f"r={r}: true beta median {np.median(bs):.3f} max {max(bs):.3f}; a* half-spread median {np.median(sp):.4f} max {max(sp):.4f}; cond G {np.linalg.cond(G):.0f}")
