#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a GTK test on a private X server (Xvfb) and session bus, with HOME and
# every XDG folder in a scratch directory, so nothing of the real desktop is
# read or written. FP_SCREEN sets the screen size (screenshots use the window's).
set -u

skip () {
  if [ -n "${CI:-}" ]; then
    echo "Bail out! $1"
    exit 1
  fi
  echo "1..0 # SKIP $1"
  exit 0
}

command -v Xvfb >/dev/null 2>&1 || skip "Xvfb is missing (Debian package xvfb)"
command -v dbus-run-session >/dev/null 2>&1 || skip "dbus-run-session is missing (Debian package dbus)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fingerpost-ui-XXXXXX")
mkdir -p "$scratch/data" "$scratch/cache" "$scratch/config" "$scratch/state" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
       XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" \
       XDG_RUNTIME_DIR="$scratch/run" TMPDIR="$scratch"
# Without GTK_A11Y=none the accessibility bus prints warnings that fatal-warnings turns into aborts.
export GTK_A11Y=none GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1
export G_DEBUG=fatal-warnings,gc-friendly
# GTK 4.8 does not know no-portals and says so on every start.
unset GDK_DEBUG

"$(dirname "$0")/with-xvfb.sh" "${FP_SCREEN:-1024x768x24}" \
  dbus-run-session -- "$@" 2>"$scratch/stderr.txt"
status=$?
# dbus-daemon cannot raise its fd limit in a container; everything else on stderr is shown.
grep -v "Failed to set fd limit" "$scratch/stderr.txt" >&2
rm -rf "$scratch"
exit $status
