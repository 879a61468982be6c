#!/bin/sh
# An idle cluster's CPU per node, by thread (docs/bench.md, "A node's fixed cost (session 14)").
#   bench/scripts/idle-cpu.sh [TREE] [NODES] [WARMUP_S] [SECONDS]
# Starts TREE/cairn cluster up --nodes NODES --detach in a fresh folder, waits WARMUP_S, then reads
# every node thread's utime+stime from /proc over SECONDS and prints, per thread kind (its name with
# the digits dropped), the CPU milliseconds per second per node, then the total; stops the cluster.
# Linux only (/proc). The tree is built by its ./cairn if needed.
set -eu
tree=$(cd "${1:-.}" && pwd)
nodes=${2:-3}
warmup=${3:-30}
seconds=${4:-30}
dir=$(mktemp -d /tmp/idle-cpu.XXXXXX)
hz=$(getconf CLK_TCK)
trap '"$tree/cairn" cluster down --dir "$dir/c" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT INT TERM
"$tree/cairn" cluster up --nodes "$nodes" --dir "$dir/c" --detach >/dev/null
pids=$(cat "$dir"/c/node-*/node.pid)
sleep "$warmup"
snap() { # pid tid name ticks, one line per thread of every node
  for p in $pids; do
    for t in /proc/"$p"/task/*; do
      # comm may hold spaces: take the fields after the last ')'
      s=$(cat "$t/stat" 2>/dev/null) || continue
      name=$(cat "$t/comm" 2>/dev/null | tr ' ' '_' | sed 's/[0-9]\+/N/g')
      rest=${s##*) }
      set -- $rest
      echo "$p ${t##*/} $name $((${12} + ${13}))"
    done
  done
}
snap >"$dir/a"; sleep "$seconds"; snap >"$dir/b"
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "tree $tree, $nodes nodes, ${warmup} s warm-up, ${seconds} s measured, load $load"
awk -v hz="$hz" -v s="$seconds" -v n="$nodes" '
  FNR==NR { a[$1" "$2]=$4; next }
  { d=$4-(($1" "$2) in a ? a[$1" "$2] : 0); by[$3]+=d; tot+=d }
  END { for (k in by) if (by[k]>0) printf "%-28s %7.2f ms/s per node\n", k, by[k]*1000/hz/s/n | "sort -k2 -nr";
        close("sort -k2 -nr"); printf "%-28s %7.2f ms/s per node (%d nodes)\n", "TOTAL", tot*1000/hz/s/n, n }' "$dir/a" "$dir/b"
