#!/usr/bin/env python3
"""Samples the JIT compiler threads' CPU of node processes, and optionally starts JFR in them
(docs/replication.md, "The JIT in the measured window (session 16)").

    bench/scripts/jit-sampler.py MARKER OUT [PERIOD_S] [SETTINGS.jfc]

Every PERIOD_S (default 2) seconds, for each live process whose command line holds MARKER and runs
io.cairn.node.Main (give the node processes an -Xlog file under a folder of your own and pass that
folder as the marker), appends "epoch pid uptime_s c1_ns c2_ns all_ns" to OUT: the run time of its
C1 and C2 compiler threads and of all its threads, from /proc/PID/task/*/schedstat.
With SETTINGS.jfc it also starts a JFR recording in each new node process through jcmd, retrying
until the node's JVM accepts it (JFR.start is refused early in a JVM's start), written to
dirname(OUT)/j-PID.jfr when the node exits. jcmd leaves the node's options alone, so the node keeps
its AOT cache: -XX:StartFlightRecording would change the cache's key, and a JVM started with it
refuses a cache trained without it. Needs Linux's /proc; jcmd from $JAVA_HOME/bin or the PATH.
Stop it with kill when the run is over.
"""
import os
import shutil
import subprocess
import sys
import time


def jcmd():
    home = os.environ.get('JAVA_HOME')
    if home and os.path.exists(os.path.join(home, 'bin', 'jcmd')):
        return os.path.join(home, 'bin', 'jcmd')
    return shutil.which('jcmd') or 'jcmd'


def main():
    marker, out = sys.argv[1], sys.argv[2]
    period = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    settings = sys.argv[4] if len(sys.argv) > 4 else None
    hz = os.sysconf('SC_CLK_TCK')
    boot = next(int(line.split()[1]) for line in open('/proc/stat') if line.startswith('btime'))
    recording = set()
    folder = os.path.dirname(os.path.abspath(out))
    with open(out, 'a') as sink:
        while True:
            now = time.time()
            for pid in filter(str.isdigit, os.listdir('/proc')):
                try:
                    command = open(f'/proc/{pid}/cmdline', 'rb').read()
                    if marker.encode() not in command or b'io.cairn.node.Main' not in command:
                        continue
                    start = boot + int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[19]) / hz
                    c1 = c2 = total = 0
                    for task in os.listdir(f'/proc/{pid}/task'):
                        try:
                            name = open(f'/proc/{pid}/task/{task}/comm').read()
                            ns = int(open(f'/proc/{pid}/task/{task}/schedstat').read().split()[0])
                        except (OSError, ValueError, IndexError):
                            continue
                        total += ns
                        if name.startswith('C1 CompilerThre'):
                            c1 += ns
                        elif name.startswith('C2 CompilerThre'):
                            c2 += ns
                    sink.write(f'{now:.2f} {pid} {now - start:.1f} {c1} {c2} {total}\n')
                    sink.flush()
                    if settings and pid not in recording:
                        recording.add(pid)
                        log = f'{folder}/jcmd-{pid}.txt'
                        retry = (f'until "{jcmd()}" {pid} JFR.start name=jit settings={settings}'
                                 f' filename={folder}/j-{pid}.jfr dumponexit=true > {log} 2>&1'
                                 f' && grep -q Started {log}; do kill -0 {pid} 2>/dev/null || exit; sleep 1; done')
                        subprocess.Popen(['bash', '-c', retry])
                except (OSError, ValueError, IndexError):
                    continue
            time.sleep(max(0.1, period - (time.time() - now)))


if __name__ == '__main__':
    main()
