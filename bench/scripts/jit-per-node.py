#!/usr/bin/env python3
"""What the JIT cost each node of a bench cluster run, by role, over the node's life and in the
measured window (docs/replication.md, "The JIT at five nodes (session 17)").

    bench/scripts/jit-per-node.py DIR [MEASURED_S]

DIR holds what a run left with the node option
-Xlog:jit+compilation=debug:file=DIR/c-%p.log:uptime,tid,tags and bench/scripts/jit-sampler.py
writing DIR/cpu.txt. A node is the leader when its log holds a compile of the leader's
AnchorBatcher (the bench sends every request to the leader). Per role, the mean over its nodes:
  life:   uptime, CPU of the C1 and C2 compiler threads and of the whole process (from the last
          sample of cpu.txt), compiles by C1 (tiers 1-3) and C2 (tier 4), native wrappers left out;
  window: the last MEASURED_S (default 20) seconds of each node's log (bench cluster stops the
          nodes when its window ends): compiles by tier, C2 compiles of a method for the first time
          and again, and uncommon traps in C2 code (with deoptimization=debug in the -Xlog).
The life figures are the ones the machine's load moves least: a node's JIT is a fixed amount of work
per JVM, which a run divides by the records of its window.
"""
import collections
import glob
import os
import re
import sys

LINE = re.compile(r'^\[([\d.]+)s\]\[\s*\d+\s*\]\[(jit,compilation|deoptimization)\s*\]\s*(.*)$')
COMPILE = re.compile(r'^(\d+)\s+([%sbn! ]*?)\s*([0-4])\s+(\S+)(?: @ \d+)?\s+\((\d+|native) bytes?\)(.*)$')
TRAP = re.compile(r'level=4\s+\S+?\(.*?trap_bci=\d+')


def node(path, measured):
    compiles, traps, leader = [], [], False
    for line in open(path, errors='replace'):
        m = LINE.match(line)
        if not m:
            continue
        t, kind, rest = float(m.group(1)), m.group(2), m.group(3)
        if kind == 'deoptimization':
            if TRAP.search(rest):
                traps.append(t)
            continue
        c = COMPILE.match(rest)
        if not c or c.group(5) == 'native' or 'made not entrant' in c.group(6):
            continue
        leader = leader or 'AnchorBatcher' in c.group(4)
        compiles.append((t, int(c.group(3)), c.group(4)))
    if not compiles:
        return None
    last = max(t for t, _, _ in compiles)
    first_c2 = {}
    for t, tier, method in compiles:
        if tier == 4:
            first_c2.setdefault(method, t)
    window = [c for c in compiles if c[0] >= last - measured]
    row = collections.Counter()
    row['c1'] = sum(1 for c in compiles if c[1] < 4)
    row['c2'] = sum(1 for c in compiles if c[1] == 4)
    for t, tier, method in window:
        row[f'w_tier{tier}'] += 1
        if tier == 4:
            row['w_c2_new' if first_c2[method] == t else 'w_c2_again'] += 1
    row['w_traps'] = sum(1 for t in traps if t >= last - measured)
    return leader, row


def main():
    folder = sys.argv[1]
    measured = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    cpu = {}
    path = os.path.join(folder, 'cpu.txt')
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 6:
                cpu[int(f[1])] = (float(f[2]), int(f[3]) / 1e9, int(f[4]) / 1e9, int(f[5]) / 1e9)
    roles = collections.defaultdict(list)
    for log in sorted(glob.glob(os.path.join(folder, 'c-*.log'))):
        pid = int(re.search(r'c-(\d+)\.log$', log).group(1))
        found = node(log, measured)
        if not found:
            continue
        leader, row = found
        if pid in cpu:
            up, c1, c2, total = cpu[pid]
            row['up'], row['jit_c1'], row['jit_c2'], row['cpu'] = up, c1, c2, total
        roles['leader' if leader else 'follower'].append(row)
    for role in ('leader', 'follower'):
        rows = roles.get(role)
        if not rows:
            continue
        mean = {k: sum(r[k] for r in rows) / len(rows) for k in set().union(*rows)}
        g = lambda k: mean.get(k, 0)
        print(f"{role} ({len(rows)}): life {g('up'):.0f} s, JIT {g('jit_c1') + g('jit_c2'):.1f} s CPU"
              f" (C1 {g('jit_c1'):.1f}, C2 {g('jit_c2'):.1f}) of the node's {g('cpu'):.1f} s, compiles C1 {g('c1'):.0f}"
              f" C2 {g('c2'):.0f}; last {measured:.0f} s: tiers 1/2/3 {g('w_tier1'):.0f}/{g('w_tier2'):.0f}/{g('w_tier3'):.0f},"
              f" C2 {g('w_tier4'):.0f} (first {g('w_c2_new'):.0f}, again {g('w_c2_again'):.0f}), traps in C2 code"
              f" {g('w_traps'):.0f}")


if __name__ == '__main__':
    main()
