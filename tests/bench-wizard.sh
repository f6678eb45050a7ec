#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# On demand, not a timed test: how fast the wizard shows its first page and how
# much memory the whole demo flow takes, on Xvfb, next to an empty libadwaita
# window measured the same way (the floor of this machine). Targets: the first page
# at most 1.15 times the empty window's time, peak RSS at most the floor + 20 MB.
# FP_BENCH_SMAPS=1 or FP_BENCH_TRACE=1 in the environment show where memory and time go.
# Two set-ups: GSK_RENDERER=cairo as the tests use (GDK still opens Mesa's software
# GL, which maps libLLVM), and GDK_DEBUG=gl-disable (no GL stack at all).
#   tests/bench-wizard.sh [BUILDDIR] [RUNS]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
runs=${2:-5}

meson compile -C "$builddir" tests/bench-wizard >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT

measure () {
  # $1: label, $2: GDK_DEBUG value, then the program's arguments
  label=$1
  gdk_debug=$2
  shift 2
  : >"$out"
  i=0
  while [ "$i" -lt "$runs" ]; do
    # The clock is read just before exec, inside the private X server and session bus.
    "$top/tests/run-ui-test.sh" env GDK_DEBUG="$gdk_debug" \
      sh -c 'FP_BENCH_T0_NS=$(date +%s%N) exec "$0" "$@"' "$builddir/tests/bench-wizard" "$@" \
      >>"$out"
    i=$((i + 1))
  done
  frame=$(grep '^first-frame-ms' "$out" | cut -d' ' -f2 | sort -n | awk '
    { f[NR] = $1 }
    END { printf "%.0f ms median (%.0f–%.0f)", (NR % 2) ? f[(NR + 1) / 2] : (f[NR / 2] + f[NR / 2 + 1]) / 2, f[1], f[NR] }')
  rss=$(grep '^peak-rss-kb' "$out" | cut -d' ' -f2 | sort -n | tail -1 | awk '{ printf "%.1f MB", $1 / 1024 }')
  printf '%-44s first page %-24s peak RSS %s\n' "$label" "$frame" "$rss"
  last_ms=$(grep '^first-frame-ms' "$out" | cut -d' ' -f2 | sort -n | awk '{ f[NR] = $1 }
    END { print (NR % 2) ? f[(NR + 1) / 2] : (f[NR / 2] + f[NR / 2 + 1]) / 2 }')
  last_kb=$(grep '^peak-rss-kb' "$out" | cut -d' ' -f2 | sort -n | tail -1)
}

# $1: label; uses the wizard's figures ($2 ms, $3 kB) and the empty window's ($4 ms, $5 kB)
compare () {
  awk -v label="$1" -v ms="$2" -v kb="$3" -v base_ms="$4" -v base_kb="$5" 'BEGIN {
    ratio = ms / base_ms; extra = (kb - base_kb) / 1024
    printf "%-44s first page %.2f× the empty window (target 1.15×), peak RSS floor + %.1f MB (target + 20 MB)\n",
           label, ratio, extra }'
}

echo "runs per line: $runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "wizard, demo flow (GSK_RENDERER=cairo)" ""
wizard_ms=$last_ms wizard_kb=$last_kb
measure "empty window (GSK_RENDERER=cairo)" "" --baseline
compare "  cairo renderer" "$wizard_ms" "$wizard_kb" "$last_ms" "$last_kb"
measure "wizard, demo flow (GDK_DEBUG=gl-disable)" gl-disable
wizard_ms=$last_ms wizard_kb=$last_kb
measure "empty window (GDK_DEBUG=gl-disable)" gl-disable --baseline
compare "  no GL stack" "$wizard_ms" "$wizard_kb" "$last_ms" "$last_kb"
