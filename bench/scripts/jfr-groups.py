#!/usr/bin/env python3
"""Summarises a node process's JFR recording by thread group and by frame (docs/replication.md,
"The leader's CPU per record (session 15)").

    bench/scripts/jfr-groups.py FILE.jfr [--event cpu|exec|alloc] [--last SECONDS] [--top N]
        [--group NAME[,NAME...]] [--categories LABEL=PATTERN,...]

--event  cpu: jdk.CPUTimeSample (JDK 25, CPU time of every thread, the one to use on a loaded
         machine); exec: jdk.ExecutionSample (wall-clock sampling of running Java threads);
         alloc: jdk.ObjectAllocationSample, weighted by the bytes each sample stands for.
--last   only the samples of the recording's last SECONDS (the measured window of bench cluster:
         --seconds plus the few seconds of the run's end); default: all.
--group  only the samples of these thread groups (driver, apply, anchors, http, common, netty,
         flush, compaction, or the start of a thread's name); with --categories, each sample goes
         to the first LABEL whose PATTERN is a substring of one of its frames (else "?: top frame").
Shares are of all the samples in the window, so groups and categories add up across calls.
Needs the JDK's jfr tool: $JAVA_HOME/bin/jfr, else jfr on the PATH.
"""
import argparse
import collections
import datetime
import json
import os
import shutil
import subprocess
import sys

EVENTS = {"cpu": "jdk.CPUTimeSample", "exec": "jdk.ExecutionSample", "alloc": "jdk.ObjectAllocationSample"}
# Thread name fragments, in bench cluster's groups (bench/.../cluster/NodeThreads).
GROUPS = [("cairn-driver", "driver"), ("cairn-apply", "apply"), ("cairn-anchors", "anchors"),
          ("ForkJoinPool.commonPool", "common"), ("ForkJoinPool-", "http"), ("EventLoop", "netty"),
          ("flush", "flush"), ("compact", "compaction")]


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or sys.exit("no jfr tool: set JAVA_HOME to a JDK 25")


def group_of(thread):
    if thread.get("virtual"):
        return "http"  # the API's requests and the completer's tasks run on virtual threads
    name = thread.get("javaName") or thread.get("osName") or ""
    for fragment, group in GROUPS:
        if fragment in name:
            return group
    return "other:" + name[:40]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--event", choices=EVENTS, default="cpu")
    parser.add_argument("--last", type=float, default=0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--group", default="")
    parser.add_argument("--categories", default="")
    args = parser.parse_args()
    event = EVENTS[args.event]
    printed = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "96", "--events", event, args.file],
                             capture_output=True, text=True, check=True).stdout
    samples = json.loads(printed)["recording"]["events"]
    if not samples:
        sys.exit(f"no {event} in {args.file}")

    def time_of(sample):
        return datetime.datetime.fromisoformat(sample["values"]["startTime"].replace("Z", "+00:00")).timestamp()

    if args.last > 0:
        end = max(time_of(s) for s in samples)
        samples = [s for s in samples if time_of(s) >= end - args.last]
    wanted = [g for g in args.group.split(",") if g]
    categories = [c.split("=", 1) for c in args.categories.split(",") if c]
    total = 0
    by_group = collections.Counter()
    by_frame = collections.Counter()
    for sample in samples:
        values = sample["values"]
        weight = values.get("weight", 1) if args.event == "alloc" else 1
        total += weight
        group = group_of(values.get("sampledThread") or values.get("eventThread") or {})
        if wanted and not any(group == g or group.startswith("other:" + g) for g in wanted):
            continue
        by_group[group] += weight
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (values.get("stackTrace") or {}).get("frames", [])]
        top = frames[0] if frames else "(no stack)"
        if args.event == "alloc":
            top = values["objectClass"]["name"] + " @ " + top
        label = None
        for name, pattern in categories:
            if any(pattern in frame for frame in frames):
                label = name
                break
        by_frame[label or ("?: " + top if categories else top)] += weight
    unit = "bytes" if args.event == "alloc" else "samples"
    print(f"{event}: {len(samples)} samples, {total} {unit} in the window")
    for group, weight in by_group.most_common():
        print(f"  {100 * weight / total:5.1f} %  {group}")
    print("by category" if categories else "by top frame")
    for frame, weight in by_frame.most_common(args.top):
        print(f"  {100 * weight / total:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
