#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# systemd-analyze verify on the user units, in a scratch home: a unit that
# systemd would warn about (an unknown key, a bad value) fails here, not only
# one it refuses.
#   verify-units.sh UNIT...
set -u
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze is not installed (package systemd)"
  [ -n "${CI:-}" ] && exit 1
  exit 77
fi
top=$(mktemp -d "${TMPDIR:-/tmp}/fingerpost-units.XXXXXX")
trap 'rm -rf "$top"' EXIT
mkdir -m 700 "$top/run"
HOME=$top XDG_RUNTIME_DIR=$top/run XDG_CONFIG_HOME=$top/config \
  systemd-analyze --user verify "$@" >"$top/out" 2>&1
status=$?
cat "$top/out"
if [ $status -ne 0 ] || [ -s "$top/out" ]; then
  echo "systemd-analyze verify: status $status, or it had something to say (above)"
  exit 1
fi
echo "verified: $*"
