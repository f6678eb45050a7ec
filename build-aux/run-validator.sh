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
exec "$program" "$@"
