#!/usr/bin/env python3
"""Counts what a `bench cluster` command wrote to files and how often it synced them (session 18).

Run the command under strace (the seccomp filter keeps the cost to the traced calls; -f follows the
node processes, which the bench JVM starts), then give this script the trace and the JSON:

  strace -f --seccomp-bpf -yy -o T -e trace=fsync,fdatasync,msync,sync_file_range,write,pwrite64,writev,pwritev,pwritev2 \
      ./cairn bench cluster --systems ratis --nodes 3 --seconds 10 --warmup-seconds 2 --json J
  python3 bench/scripts/storage-syscalls.py T J 2     # the command's --warmup-seconds

It prints, per file kind (Ratis's log segments and meta file; Cairn's WAL/log, tables, manifest,
...), the calls, the bytes written (file writes only, no sockets) and the syncs, for the whole
command (cluster start, warm-up and measured seconds), and per 1,000 records committed, estimating
the command's records as committed_per_s x (seconds + warm-up seconds) of each run (the warm-up's
rate is not measured, so this is an estimate, printed as such).
"""
import collections
import json
import re
import sys

CALL = re.compile(r'^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((\d+)<([^>]*)>(.*))$')
RESULT = re.compile(r'\)\s+=\s+(-?\d+)')
WRITES = ('write', 'pwrite64', 'writev', 'pwritev', 'pwritev2')
SYNCS = ('fsync', 'fdatasync', 'msync', 'sync_file_range')


def kind(path):
    if path.startswith(('socket:', 'pipe:', 'anon_inode:', 'TCP', 'UDP', 'UNIX', '/dev/', '/proc/')):
        return None
    name = path.rsplit('/', 1)[-1]
    if '/ratis-' in path:
        if name.startswith('log_'):
            return 'ratis log segment'
        return 'ratis ' + ('meta' if 'raft-meta' in name else name)
    if '/cairn-' in path and '/node-' in path:
        database = next((part for part in ('log', 'ledger', 'records') if '/' + part + '/' in path), 'other')
        ext = name.rsplit('.', 1)[-1] if '.' in name else re.sub(r'\d+', 'N', name)
        return 'cairn ' + database + ' ' + ext
    return None


def main(trace, report, warmup):
    pending = {}
    calls = collections.Counter()
    written = collections.Counter()
    syncs = collections.Counter()
    for line in open(trace, errors='replace'):
        m = CALL.match(line.rstrip('\n'))
        if not m:
            continue
        pid = m.group(1)
        if m.group(2):  # a resumed call: its name and file come from the unfinished line
            name, path = pending.pop(pid, (None, None))
            rest = m.group(3)
        else:
            name, path, rest = m.group(4), m.group(6), m.group(7)
            if rest.endswith('<unfinished ...>'):
                pending[pid] = (name, path)
                continue
        if name is None:
            continue
        what = kind(path)
        if what is None:
            continue
        result = RESULT.search(rest)
        value = int(result.group(1)) if result else -1
        calls[(what, name)] += 1
        if name in WRITES and value > 0:
            written[what] += value
        if name in SYNCS:
            syncs[what] += 1
    document = json.load(open(report))
    runs = document.get('repeat_runs') or document['runs']
    records = sum(run['committed_per_s'] * (run['seconds'] + warmup) for run in runs)
    print(f'records committed, estimated (committed_per_s x {warmup} s warm-up + measured seconds): {records:,.0f}')
    for what in sorted({w for w, _ in calls}):
        names = ', '.join(f'{n} {c}' for (w, n), c in sorted(calls.items()) if w == what)
        print(f'{what:28s} written {written[what]:>14,} B  syncs {syncs[what]:>7,}  ({names})')
    total_w = sum(written.values())
    total_s = sum(syncs.values())
    print(f'{"all files":28s} written {total_w:>14,} B  syncs {total_s:>7,}')
    for what in sorted(set(written) | set(syncs)):
        if written[what] > 1_000_000 or syncs[what] > 50:
            print(f'  per 1,000 records: {what:26s} {written[what] / records * 1000:>12,.0f} B  {syncs[what] / records * 1000:>7.2f} syncs')
    print(f'  per 1,000 records: {"all files":26s} {total_w / records * 1000:>12,.0f} B  {total_s / records * 1000:>7.2f} syncs')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
