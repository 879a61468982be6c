#!/usr/bin/env python3
"""Summarises the JIT events of node recordings made with bench/scripts/jit-compile.jfc
(docs/replication.md, "The JIT in the measured window (session 16)").

    bench/scripts/jit-jfr.py FILE.jfr...

Per recording: jdk.Compilation by tier per 10 s of the recording (count, wall ms, inlined kB, code
kB), the C2 methods whose compilations took the most wall time (on a loaded machine a duration is
mostly waiting for a core: read the shares), jdk.Deoptimization by reason and method,
jdk.CodeCacheFull events and the last jdk.CompilerStatistics. Needs the JDK's jfr tool:
$JAVA_HOME/bin/jfr, else jfr on the PATH.
"""
import collections
import datetime
import json
import os
import shutil
import subprocess
import sys

HOME = os.environ.get('JAVA_HOME')
JFR = os.path.join(HOME, 'bin', 'jfr') if HOME and os.path.exists(os.path.join(HOME, 'bin', 'jfr')) else (shutil.which('jfr') or 'jfr')
def ns(v):
    # JFR JSON durations look like "PT0.001234S"
    if isinstance(v, (int, float)): return v
    v = v.strip('PTS'); return float(v) * 1e9 if v else 0
for path in sys.argv[1:]:
    out = subprocess.run([JFR, 'print', '--json', '--events',
        'jdk.Compilation,jdk.Deoptimization,jdk.CodeCacheFull,jdk.CompilerStatistics', path], capture_output=True, text=True).stdout
    ev = json.loads(out)['recording']['events']
    comps = [e for e in ev if e['type'] == 'jdk.Compilation']
    if not comps: print(path, 'no compilations'); continue
    def t(e): return datetime.datetime.fromisoformat(e['values']['startTime'].replace('Z', '+00:00')).timestamp()
    t0 = min(t(e) for e in comps)
    win = collections.defaultdict(collections.Counter)
    roots = collections.Counter(); rootn = collections.Counter()
    for e in comps:
        v = e['values']; w = int((t(e) - t0) // 10); lvl = v['compileLevel']; k = 'c2' if lvl == 4 else 'c1'
        d = ns(v['duration']) / 1e6
        win[w][k] += 1; win[w][k + '_ms'] += d; win[w][k + '_inl'] += v.get('inlinedBytes', 0); win[w][k + '_code'] += v.get('codeSize', 0)
        if lvl == 4:
            m = v['method']; name = m['type']['name'].split('.')[-1] + '::' + m['name'] + (' OSR' if v.get('isOsr') else '')
            roots[name] += d; rootn[name] += 1
    print(f'== {path}: {len(comps)} compilations')
    print(f"{'win':>5} {'C1':>5} {'C1 ms':>7} {'C1 inl kB':>9} {'C2':>4} {'C2 ms':>7} {'C2 inl kB':>9} {'C2 code kB':>10}")
    for w in sorted(win):
        c = win[w]
        print(f"{w*10:4d}s {c['c1']:5d} {c['c1_ms']:7.0f} {c['c1_inl']/1000:9.1f} {c['c2']:4d} {c['c2_ms']:7.0f} {c['c2_inl']/1000:9.1f} {c['c2_code']/1000:10.1f}")
    tot = sum(roots.values())
    print(f'  C2 wall ms {tot:.0f}; roots by ms:')
    for m, d in roots.most_common(15): print(f'    {d:7.0f} ms {rootn[m]:3d}x {m}')
    deo = collections.Counter((e['values'].get('reason'), e['values'].get('method', {}).get('name')) for e in ev if e['type'] == 'jdk.Deoptimization')
    print('  deopts:', sum(deo.values()), deo.most_common(8))
    print('  CodeCacheFull:', sum(1 for e in ev if e['type'] == 'jdk.CodeCacheFull'))
    st = [e['values'] for e in ev if e['type'] == 'jdk.CompilerStatistics']
    if st: print('  last CompilerStatistics:', {k: st[-1][k] for k in st[-1] if k not in ('startTime',)})
