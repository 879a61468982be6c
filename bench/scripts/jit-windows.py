#!/usr/bin/env python3
"""Counts what the JIT did in node processes, per window of each node's uptime (docs/replication.md,
"The JIT in the measured window (session 16)").

    bench/scripts/jit-windows.py DIR [WINDOW_S] [MEASURED_S]

DIR holds c-PID.log files written by the node option
-Xlog:jit+compilation=debug,deoptimization=debug:file=DIR/c-%p.log:uptime,tid,tags
and, optionally, cpu.txt from jit-sampler.py. Per node and per WINDOW_S (default 10) seconds of
uptime: C1 and C2 compiles (native wrappers left out) with their bytecode kB, C2 compiles of a
method C2 had compiled before, OSR compiles, uncommon traps and "made not entrant" lines, and the
compiler threads' CPU in ms per second (of the whole node's). Then, per node: the methods C2
compiled most often, and the traps by the C2 method they threw out of (root) and where they hit
(method, bci, reason). With MEASURED_S, the counts of the last MEASURED_S seconds (bench cluster's
measured window ends when the nodes stop). Last, the mean over the nodes per window, as a table.
"""
import collections
import glob
import os
import re
import sys

LINE = re.compile(r'^\[([\d.]+)s\]\[\s*\d+\s*\]\[(jit,compilation|deoptimization)\s*\]\s*(.*)$')
TRAP = re.compile(r'cid=\s*(\d+)\s+(?:osr )?level=(\d)\s+(\S+?)\(.*?trap_bci=(\d+) (?:osr_bci=\d+ )?(\S+) (\S+)')
COMPILE = re.compile(r'^(\d+)\s+([%sbn! ]*?)\s*([0-4])\s+(\S+)(?: @ \d+)?\s+\((\d+|native) bytes?\)(.*)$')


def read_cpu(folder):
    samples = collections.defaultdict(list)
    path = os.path.join(folder, 'cpu.txt')
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 6:
                samples[int(f[1])].append((float(f[2]), int(f[3]) + int(f[4]), int(f[5])))
    return samples


def rate(samples, start, end):
    before = [s for s in samples if s[0] <= start]
    after = [s for s in samples if s[0] >= end]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    seconds = b[0] - a[0]
    return (b[1] - a[1]) / 1e6 / seconds, (b[2] - a[2]) / 1e6 / seconds


def main():
    folder = sys.argv[1]
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    measured = float(sys.argv[3]) if len(sys.argv) > 3 else None
    cpu = read_cpu(folder)
    means = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(folder, 'c-*.log'))):
        pid = int(re.search(r'c-(\d+)\.log$', path).group(1))
        windows = collections.defaultdict(collections.Counter)
        roots, c2_seen, again, traps = {}, collections.Counter(), collections.Counter(), collections.Counter()
        events, last = [], 0.0
        for line in open(path, errors='replace'):
            m = LINE.match(line)
            if not m:
                continue
            t, kind, rest = float(m.group(1)), m.group(2), m.group(3)
            last = max(last, t)
            w = windows[int(t // window)]
            if kind == 'deoptimization':
                trap = TRAP.search(rest)
                if trap and trap.group(2) == '4':
                    w['traps'] += 1
                    events.append((t, 'trap'))
                    traps[(roots.get(trap.group(1), '?'), trap.group(3).rsplit('.', 1)[-1], trap.group(4), trap.group(5))] += 1
                continue
            c = COMPILE.match(rest)
            if not c or c.group(5) == 'native':
                continue
            if 'made not entrant' in c.group(6):
                w['not_entrant'] += 1
                continue
            tier, method, size = int(c.group(3)), c.group(4), int(c.group(5))
            compiler = 'c2' if tier == 4 else 'c1'
            w[compiler] += 1
            w[compiler + '_bytes'] += size
            events.append((t, compiler))
            if '%' in c.group(2):
                w['osr'] += 1
            if tier == 4:
                roots[c.group(1)] = method + (' (OSR)' if '%' in c.group(2) else '')
                if c2_seen[method]:
                    w['c2_again'] += 1
                    again[method] += 1
                c2_seen[method] += 1
        if not windows:
            continue
        print(f'== node {pid}: last line at {last:.0f} s of uptime')
        print(f"{'uptime':>9} {'C1':>5} {'C1 kB':>6} {'C2':>4} {'C2 kB':>6} {'again':>5} {'OSR':>4} {'traps':>5}"
              f" {'!entr':>5}  JIT ms/s (node)")
        for n in range(max(windows) + 1):
            w = windows[n]
            r = rate(cpu.get(pid, []), n * window, (n + 1) * window)
            jit = f'{r[0]:.0f} ({r[1]:.0f})' if r else ''
            print(f"{n * window:4.0f}-{(n + 1) * window:<4.0f} {w['c1']:5d} {w['c1_bytes'] / 1000:6.1f} {w['c2']:4d}"
                  f" {w['c2_bytes'] / 1000:6.1f} {w['c2_again']:5d} {w['osr']:4d} {w['traps']:5d} {w['not_entrant']:5d}  {jit}")
            means[n].append((w['c1'], w['c2'], w['c2_again'], w['osr'], w['traps'], r))
        print('  C2 compiled most often:', ', '.join(f'{m} {k + 1}x' for m, k in again.most_common(6)))
        print('  traps in C2 code (root <- where, bci, reason):')
        for (root, where, bci, reason), k in traps.most_common(10):
            print(f'    {k:3d} {root} <- {where} bci {bci} {reason}')
        if measured:
            tail = collections.Counter(k for t, k in events if t >= last - measured)
            print(f"  last {measured:.0f} s: C1 {tail['c1']}, C2 {tail['c2']}, traps {tail['trap']}")
    print('\n| node uptime | C1 compiles | C2 compiles | of them C2 again | OSR | traps in C2 code | JIT ms/s (node ms/s) |')
    print('|---|---:|---:|---:|---:|---:|---|')
    for n in sorted(means):
        rows = means[n]
        avg = [sum(r[i] for r in rows) / len(rows) for i in range(5)]
        rates = [r[5] for r in rows if r[5]]
        jit = (f'{sum(r[0] for r in rates) / len(rates):.0f} ({sum(r[1] for r in rates) / len(rates):.0f})'
               if rates else '')
        print(f'| {n * window:.0f}-{(n + 1) * window:.0f} s | {avg[0]:.0f} | {avg[1]:.0f} | {avg[2]:.0f} | {avg[3]:.0f}'
              f' | {avg[4]:.0f} | {jit} |')


if __name__ == '__main__':
    main()
