#!/usr/bin/env python3
"""Exact gradient of the profile R(p) = dist²(f, span{1, relu(s_j(x - p_j))}) for the jump 1{x > 1/2} on [0, 1] at
rational kinks (decimal strings), in Fractions: R, the least-squares coefficients and dR/dp_j = 2 a_j s_j <r, H_j>.
Not part of any proof. Usage: exact_gradient.py P0 P1 P2 S0,S1,S2   (e.g. 0.25000049 0.24999473 0.25000481 1,-1,-1)
"""

from fractions import Fraction as F
import sys
def run(kinks, signs):
    kinks=[F(k) for k in kinks]
    cuts=sorted(set([F(0),F(1),F(1,2)]+kinks))
    n=len(kinks)+1
    def basis(x0,x1):
        # on (x0,x1): each basis function as polynomial c0+c1 x
        e=[(F(1),F(0))]
        for p,s in zip(kinks,signs):
            on = (x0>=p) if s>0 else (x1<=p)
            e.append(((-s*p, F(s)) if on else (F(0),F(0))))
        return e
    def integ(a,b,x0,x1):  # ∫ (a0+a1x)(b0+b1x)
        c0=a[0]*b[0]; c1=a[0]*b[1]+a[1]*b[0]; c2=a[1]*b[1]
        P=lambda x: c0*x+c1*x*x/2+c2*x**3/3
        return P(x1)-P(x0)
    M=[[F(0)]*n for _ in range(n)]; u=[F(0)]*n
    for x0,x1 in zip(cuts,cuts[1:]):
        e=basis(x0,x1); f=(F(1) if x0>=F(1,2) else F(0), F(0))
        for i in range(n):
            u[i]+=integ(e[i],f,x0,x1)
            for j in range(n): M[i][j]+=integ(e[i],e[j],x0,x1)
    # solve
    A=[row[:]+[u[i]] for i,row in enumerate(M)]
    for c in range(n):
        piv=next(r for r in range(c,n) if A[r][c]!=0); A[c],A[piv]=A[piv],A[c]
        for r in range(n):
            if r!=c and A[r][c]!=0:
                f=A[r][c]/A[c][c]; A[r]=[x-f*y for x,y in zip(A[r],A[c])]
    coef=[A[i][n]/A[i][i] for i in range(n)]
    # residual inner products <r, H_j>
    g=[]
    for j,(p,s) in enumerate(zip(kinks,signs)):
        tot=F(0)
        for x0,x1 in zip(cuts,cuts[1:]):
            on=(x0>=p) if s>0 else (x1<=p)
            if not on: continue
            e=basis(x0,x1); f=F(1) if x0>=F(1,2) else F(0)
            r0=f-sum(coef[i]*e[i][0] for i in range(n)); r1=-sum(coef[i]*e[i][1] for i in range(n))
            tot+=r0*(x1-x0)+r1*(x1*x1-x0*x0)/2
        g.append(2*coef[j+1]*s*tot)
    R=F(1,2)-sum(c*v for c,v in zip(coef,u))
    print("R =",float(R)," coef =",[float(c) for c in coef]," grad R =",[float(x) for x in g])
run(sys.argv[1:4],[int(x) for x in sys.argv[4].split(',')])
