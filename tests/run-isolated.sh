#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one test in a home of its own: HOME and every XDG_* point into a
# temporary folder, no display, and optionally a private D-Bus session with
# a real GNOME keyring, so nothing ever touches the real home.
#
#   run-isolated.sh [--session=none|keyring|no-keyring] [--needs=PROGRAM]... TEST [ARGS…]
#
# --session=keyring     dbus-run-session + gnome-keyring-daemon --unlock: the
#                       "login" collection exists, is the default and is unlocked
# --session=no-keyring  dbus-run-session without any keyring daemon started
# A missing program skips the test with the reason printed, except under CI,
# where the packages are installed and a skip would hide a failure.
set -euo pipefail

session=none
needs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --session=*) session=${1#--session=}; shift ;;
    --needs=*) needs+=("${1#--needs=}"); shift ;;
    *) break ;;
  esac
done

skip () {
  if [ -n "${CI:-}" ]; then
    echo "Bail out! $1 (CI is set: installed by build-aux/fingerpost-dev, so this is a failure)"
    exit 1
  fi
  echo "1..0 # SKIP $1"
  exit 0
}

for program in "${needs[@]}"; do
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "$program" ]; then
    skip "$program is not installed"
  fi
done

top=$(mktemp -d "${TMPDIR:-/tmp}/fingerpost-test.XXXXXX")
cleanup () {
  if [ -n "${FP_TEST_KEEP:-}" ]; then
    echo "# run-isolated.sh: kept $top (FP_TEST_KEEP)" >&2
    return 0
  fi
  # Daemons started in the session die with its bus, but evolution-source-registry may still
  # write a file or two while it goes: try again briefly, and never fail a test over it.
  for attempt in 1 2 3 4 5; do
    rm -rf "$top" 2>/dev/null && return 0
    sleep 0.5
  done
  rm -rf "$top" || true
}
trap cleanup EXIT

export HOME="$top/home"
export XDG_CONFIG_HOME="$top/config" XDG_DATA_HOME="$top/data" XDG_CACHE_HOME="$top/cache"
export XDG_STATE_HOME="$top/state" XDG_RUNTIME_DIR="$top/run"
export GSETTINGS_BACKEND=memory GIO_USE_VFS=local NO_AT_BRIDGE=1
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export FP_TEST_TMPDIR="$top" FP_TEST_SESSION="$session"

# Services the bus starts inherit its output: send it to a file, not to the test's pipe,
# or a daemon that outlives the session keeps meson waiting. They inherit its environment
# too: the tests' G_DEBUG=fatal-warnings is for our code, not for a daemon's own warnings.
cat > "$top/dbus-daemon" <<'WRAPPER'
#!/bin/sh
exec env -u G_DEBUG dbus-daemon "$@" >>"$FP_TEST_TMPDIR/session.log" 2>&1
WRAPPER
chmod +x "$top/dbus-daemon"

status=0
case "$session" in
  none)
    # No bus at all: a keyring call must fail plainly, never autolaunch one.
    export DBUS_SESSION_BUS_ADDRESS="unix:path=$top/no-bus"
    "$@" || status=$?
    ;;
  keyring)
    command -v dbus-run-session >/dev/null || skip "dbus-run-session is not installed"
    command -v gnome-keyring-daemon >/dev/null || skip "gnome-keyring-daemon is not installed"
    # The daemon's messages go to a file: it outlives this shell and would hold a pipe open.
    dbus-run-session --dbus-daemon="$top/dbus-daemon" -- bash -c '
      eval "$(printf test | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets \
                2>"$FP_TEST_TMPDIR/keyring.log")"
      export GNOME_KEYRING_CONTROL
      "$@"' fingerpost-test "$@" || status=$?
    ;;
  no-keyring)
    command -v dbus-run-session >/dev/null || skip "dbus-run-session is not installed"
    dbus-run-session --dbus-daemon="$top/dbus-daemon" -- "$@" || status=$?
    ;;
  *)
    echo "run-isolated.sh: unknown session $session" >&2
    exit 64
    ;;
esac
# A failure may come from a daemon of the session (a keyring that went away and was started
# again, locked): what they said is shown with it.
if [ "$status" -ne 0 ]; then
  for log in session.log keyring.log; do
    if [ -s "$top/$log" ]; then
      echo "run-isolated.sh: $log of the failed test:" >&2
      sed 's/^/  /' "$top/$log" >&2
    fi
  done
fi
exit $status
