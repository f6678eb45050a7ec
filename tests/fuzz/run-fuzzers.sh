#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/fuzz/run-fuzzers.sh BUILDDIR [SECONDS] [TARGET…]
#
# Runs each libFuzzer target of BUILDDIR (configured with -Dfuzzing=true) for
# SECONDS (60 by default), starting from its corpus in the tree. New inputs go
# to a temporary folder, never into the tree; a crash is kept there and named
# at the end: copy it into tests/fuzz/corpus/TARGET/ once fixed, so the suite
# replays it from then on. Exits non-zero if any target crashed.
set -uo pipefail

builddir=$(cd "${1:?usage: run-fuzzers.sh BUILDDIR [SECONDS] [TARGET…]}" && pwd)
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fingerpost-fuzz.XXXXXX")

if [ $# -eq 0 ]; then
  set -- $(cd "$here/corpus" && ls)
fi

# The same traps as the suite under ASan (TESTING.md).
export ASAN_OPTIONS=${ASAN_OPTIONS:-intercept_tls_get_addr=0:detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LD_PRELOAD=${LD_PRELOAD:-libstdc++.so.6}
export G_DEBUG=gc-friendly GIO_USE_VFS=local LC_ALL=C.UTF-8

failed=()
for name in "$@"; do
  program=$builddir/tests/fuzz/fuzz-$name
  if [ ! -x "$program" ]; then
    echo "run-fuzzers: $program is missing (configure with -Dfuzzing=true)" >&2
    failed+=("$name")
    continue
  fi
  mkdir -p "$work/$name"
  started=$(date +%s)
  if timeout $((seconds + 120)) "$program" -max_total_time="$seconds" -timeout=20 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$name-" \
       "$work/$name" "$here/corpus/$name" > "$work/$name.log" 2>&1; then
    echo "run-fuzzers: $name: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$name.log" \
         | grep -o '[0-9]*$') inputs in $(( $(date +%s) - started )) s, no crash"
  else
    echo "run-fuzzers: $name FAILED; its log and the input are in $work:" >&2
    tail -n 40 "$work/$name.log" >&2
    failed+=("$name")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzzers: crashed or missing: ${failed[*]} (inputs kept in $work)" >&2
  exit 1
fi
rm -rf "$work"
