"""Aggregate JFR execution samples: top self methods, inclusive categories (first matching frame from the top)."""
import json, sys, collections, subprocess
path = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--stack-depth', '4096', '--json', '--events', 'jdk.ExecutionSample', path], capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']
def name(f):
    m = f['method']; return m['type']['name'].replace('/', '.') + '.' + m['name']
stacks = []
for e in ev:
    st = e['values']['stackTrace']
    if st is None: continue
    fr = [name(f) for f in st['frames']]
    stacks.append((fr, st.get('truncated', False)))
n = len(stacks)
print(f'samples {n}, truncated stacks {sum(t for _, t in stacks)}')
selfc = collections.Counter(fr[0] for fr, _ in stacks)
print('\n== top self methods ==')
for m, c in selfc.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 30):
    print(f'{100*c/n:6.1f}%  {c:6d}  {m}')
# self by class
print('\n== self by class ==')
cc = collections.Counter(fr[0].rsplit('.', 1)[0] for fr, _ in stacks)
for m, c in cc.most_common(15):
    print(f'{100*c/n:6.1f}%  {m}')
# first frame (from the top) that is in org.flowcert or commons fraction: who calls the library
def first(fr, pred):
    for f in fr:
        if pred(f): return f
    return None
print('\n== first org.flowcert / BigFraction frame (top of stack down) ==')
fc = collections.Counter(first(fr, lambda f: f.startswith('org.flowcert') or 'fraction.BigFraction' in f) for fr, _ in stacks)
for m, c in fc.most_common(30):
    print(f'{100*c/n:6.1f}%  {m}')
print('\n== first org.flowcert frame ==')
fc = collections.Counter(first(fr, lambda f: f.startswith('org.flowcert')) for fr, _ in stacks)
for m, c in fc.most_common(25):
    print(f'{100*c/n:6.1f}%  {m}')
print('\n== inclusive (any frame) ==')
inc = collections.Counter()
for fr, _ in stacks:
    for m in set(fr): inc[m] += 1
for m, c in inc.most_common(45):
    print(f'{100*c/n:6.1f}%  {m}')
