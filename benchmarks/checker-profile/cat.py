"""Mutually exclusive categories for JFR execution samples (first matching rule wins), plus leaf kinds."""
import json, sys, subprocess, collections
path = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--stack-depth', '4096', '--json', '--events', 'jdk.ExecutionSample', path],
                     capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']
S = []
for e in ev:
    st = e['values']['stackTrace']
    if st is None: continue
    S.append([f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in st['frames']])
n = len(S)
def has(fr, s): return any(s in f for f in fr)
cats = [
    ('Elementary (exp/tanh/log series on BigFraction intervals)', lambda fr: has(fr, 'check.Elementary.')),
    ('ReluCellLeaves (critical-relu-cells leaf tests, exact BigFraction)', lambda fr: has(fr, 'check.ReluCellLeaves.')),
    ('NtkBallRule.positiveDefinite (Cholesky in BigFraction)', lambda fr: has(fr, 'positiveDefinite')),
    ('TaylorSeries coefficient arithmetic (sum/at/negOver/div)', lambda fr: has(fr, 'check.TaylorSeries.')),
    ('RationalInterval ops outside Elementary (round, mul, Horner)', lambda fr: has(fr, 'check.RationalInterval.')),
    ('JSON / parsing / hashes (Json, jackson, ExactNumbers, sha256)', lambda fr: has(fr, 'jackson') or has(fr, 'check.Json.') or has(fr, 'ExactNumbers') or has(fr, 'sha256') or has(fr, 'Checker.sections')),
    ('other checker code', lambda fr: has(fr, 'org.flowcert')),
    ('other (JVM, class loading)', lambda fr: True),
]
print(f'samples {n}')
print('\n| category (first match wins) | samples | share |\n|---|---:|---:|')
cc = collections.Counter()
for fr in S:
    for name, p in cats:
        if p(fr): cc[name] += 1; break
for name, _ in cats:
    print(f'| {name} | {cc[name]} | {100*cc[name]/n:.1f}% |')
def leaf(fr):
    if has(fr, 'BigInteger.gcd'): return 'BigInteger.gcd (BigFraction normalisation)'
    if has(fr, 'fraction.BigFraction.<init>'): return 'BigFraction.<init> outside gcd (exact division by the gcd)'
    top = fr[0]
    if 'BigInteger.multiply' in top or 'multiplyByInt' in top or 'MutableBigInteger.mul' in top or has(fr[:3], 'BigInteger.multiply'): return 'BigInteger multiply'
    if has(fr[:6], 'BigInteger.divide') or has(fr[:6], 'MutableBigInteger.divide'): return 'BigInteger divide (not gcd)'
    if top.startswith('java.math'): return 'other BigInteger (add, subtract, shift, compare)'
    if top.startswith('org.apache.commons'): return 'BigFraction own code'
    if top.startswith('org.flowcert'): return 'checker code itself (self time)'
    return 'other (JDK, JVM)'
print('\n| leaf kind | samples | share |\n|---|---:|---:|')
lc = collections.Counter(leaf(fr) for fr in S)
for k, c in lc.most_common():
    print(f'| {k} | {c} | {100*c/n:.1f}% |')
print('\n| category x leaf | samples | share |\n|---|---:|---:|')
xc = collections.Counter()
for fr in S:
    for name, p in cats:
        if p(fr): xc[(name.split(' (')[0], leaf(fr).split(' (')[0])] += 1; break
for k, c in xc.most_common(20):
    print(f'| {k[0]} / {k[1]} | {c} | {100*c/n:.1f}% |')
# what part of flow-taylor: the two series() calls vs the order-2 jet over E
print('\n| part of FlowTaylorRule.apply | samples | share |\n|---|---:|---:|')
pc = collections.Counter()
for fr in S:
    if not has(fr, 'FlowTaylorRule.apply'): pc['outside flow-taylor'] += 1; continue
    i = max(i for i, f in enumerate(fr) if f.endswith('FlowTaylorRule.apply'))
    above = fr[:i]
    pc['series() (Taylor coefficients at c0 and over E)' if has(above, 'FlowTaylorRule.series') else 'rest of apply (order-2 jet over E, checks 1/3/4)'] += 1
for k, c in pc.most_common():
    print(f'| {k} | {c} | {100*c/n:.1f}% |')
d = collections.Counter(len(fr) // 100 * 100 for fr in S)
print('\nstack depth histogram (frames, /100):', sorted(d.items()))
