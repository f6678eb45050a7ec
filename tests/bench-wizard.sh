#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# On demand, not a timed test: how fast the wizard shows its first page and how
# much memory the whole demo flow takes, on Xvfb, next to an empty libadwaita
# window of the wizard's size measured the same way (the floor of this machine).
# Targets: the first page at most 1.15 times the empty window's time, peak RSS at
# most the floor + 20 MB.
# FP_BENCH_SMAPS=1 or FP_BENCH_TRACE=1 in the environment show where memory and time go.
# Two set-ups: GSK_RENDERER=cairo as the tests use (GDK still opens Mesa's software
# GL, which maps libLLVM), and GDK_DEBUG=gl-disable (no GL stack at all).
#   tests/bench-wizard.sh [BUILDDIR] [RUNS]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
runs=${2:-5}

meson compile -C "$builddir" tests/bench-wizard >/dev/null
wizard_out=$(mktemp)
baseline_out=$(mktemp)
trap 'rm -f "$wizard_out" "$baseline_out"' EXIT

# $1: GDK_DEBUG value, $2: output file, then the program's arguments
run_once () {
  gdk_debug=$1
  file=$2
  shift 2
  # The clock is read just before exec, inside the private X server and session bus.
  "$top/tests/run-ui-test.sh" env GDK_DEBUG="$gdk_debug" \
    sh -c 'FP_BENCH_T0_NS=$(date +%s%N) exec "$0" "$@"' "$builddir/tests/bench-wizard" "$@" \
    >>"$file"
}

# $1: label, $2: output file; sets last_ms (the median) and last_kb (the peak)
report () {
  frame=$(grep '^first-frame-ms' "$2" | cut -d' ' -f2 | sort -n | awk '
    { f[NR] = $1 }
    END { printf "%.0f ms median (%.0f–%.0f)", (NR % 2) ? f[(NR + 1) / 2] : (f[NR / 2] + f[NR / 2 + 1]) / 2, f[1], f[NR] }')
  rss=$(grep '^peak-rss-kb' "$2" | cut -d' ' -f2 | sort -n | tail -1 | awk '{ printf "%.1f MB", $1 / 1024 }')
  printf '%-44s first page %-24s peak RSS %s\n' "$1" "$frame" "$rss"
  last_ms=$(grep '^first-frame-ms' "$2" | cut -d' ' -f2 | sort -n | awk '{ f[NR] = $1 }
    END { print (NR % 2) ? f[(NR + 1) / 2] : (f[NR / 2] + f[NR / 2 + 1]) / 2 }')
  last_kb=$(grep '^peak-rss-kb' "$2" | cut -d' ' -f2 | sort -n | tail -1)
}

# The wizard and the empty window take turns, run by run: the machine is shared, and a
# load that changes between two series of runs would show in the ratio.
# $1: label, $2: GDK_DEBUG value
measure_pair () {
  : >"$wizard_out"
  : >"$baseline_out"
  i=0
  while [ "$i" -lt "$runs" ]; do
    run_once "$2" "$wizard_out"
    run_once "$2" "$baseline_out" --baseline
    i=$((i + 1))
  done
  report "wizard, demo flow ($1)" "$wizard_out"
  wizard_ms=$last_ms wizard_kb=$last_kb
  report "empty window ($1)" "$baseline_out"
}

# $1: label; uses the wizard's figures ($2 ms, $3 kB) and the empty window's ($4 ms, $5 kB)
compare () {
  awk -v label="$1" -v ms="$2" -v kb="$3" -v base_ms="$4" -v base_kb="$5" 'BEGIN {
    ratio = ms / base_ms; extra = (kb - base_kb) / 1024
    printf "%-44s first page %.2f× the empty window (target 1.15×), peak RSS floor + %.1f MB (target + 20 MB)\n",
           label, ratio, extra }'
}

echo "runs per line: $runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure_pair "GSK_RENDERER=cairo" ""
compare "  cairo renderer" "$wizard_ms" "$wizard_kb" "$last_ms" "$last_kb"
measure_pair "GDK_DEBUG=gl-disable" gl-disable
compare "  no GL stack" "$wizard_ms" "$wizard_kb" "$last_ms" "$last_kb"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
