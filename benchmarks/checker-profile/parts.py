"""W3: split samples by the line of FlowTaylorRule.apply they are under, and Elementary vs series arithmetic within each."""
import json, sys, subprocess, collections
out = subprocess.run(['jfr', 'print', '--stack-depth', '4096', '--json', '--events', 'jdk.ExecutionSample', sys.argv[1]],
                     capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']
n = 0; c = collections.Counter()
for e in ev:
    fr = e['values']['stackTrace']['frames']; n += 1
    names = [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in fr]
    app = [f['lineNumber'] for f, nm in zip(fr, names) if nm.endswith('FlowTaylorRule.apply')]
    line = app[-1] if app else None
    kind = 'Elementary' if any('check.Elementary.' in x for x in names) else 'series arithmetic' if any('check.TaylorSeries.' in x for x in names) else 'other'
    c[(line, kind)] += 1
for (l, k), v in sorted(c.items(), key=lambda x: (str(x[0][0]), x[0][1])):
    print(f'line {l}: {k:18s} {v:5d} {100*v/n:5.1f}%')
