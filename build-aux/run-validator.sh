#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a validator, or skips (exit 77) with the reason when it is not installed; never under CI.
program=$1
shift
if ! command -v "$program" >/dev/null 2>&1; then
  echo "$program is not installed (build-aux/fingerpost-dev deps installs it)"
  [ -n "${CI:-}" ] && exit 1
  exit 77
fi
if [ "$program" = desktop-file-validate ]; then
  # SingleMainWindow is in the Desktop Entry specification since 1.5; desktop-file-utils before
  # 0.27 (Debian 12 has 0.26) calls it an unknown key. That one line is the only one forgiven.
  out=$("$program" "$@" 2>&1)
  status=$?
  printf '%s\n' "$out"
  rest=$(printf '%s\n' "$out" | grep -v 'key "SingleMainWindow" in group "Desktop Entry", but keys extending' | grep -c .)
  [ "$rest" -eq 0 ] && exit 0
  exit $status
fi
exec "$program" "$@"
