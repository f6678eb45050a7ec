#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs an AT-SPI test (what a screen reader receives) against the real program on a private
# X server and session bus with its own accessibility bus, HOME and XDG folders in a scratch
# directory.   tests/run-atspi-test.sh FINGERPOST SCRIPT.py
set -u

skip () {
  if [ -n "${CI:-}" ]; then
    echo "Bail out! $1"
    exit 1
  fi
  echo "1..0 # SKIP $1"
  exit 0
}

launcher=/usr/libexec/at-spi-bus-launcher
command -v Xvfb >/dev/null 2>&1 || skip "Xvfb is missing (Debian package xvfb)"
command -v dbus-run-session >/dev/null 2>&1 || skip "dbus-run-session is missing (Debian package dbus)"
[ -x "$launcher" ] || skip "at-spi-bus-launcher is missing (Debian package at-spi2-core)"
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || skip "pyatspi is missing (Debian package python3-pyatspi)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fingerpost-atspi-XXXXXX")
mkdir -p "$scratch/data" "$scratch/cache" "$scratch/config" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
       XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/run" TMPDIR="$scratch"
export GSETTINGS_BACKEND=memory GSK_RENDERER=cairo
unset GTK_A11Y NO_AT_BRIDGE GDK_DEBUG G_DEBUG

# The whole script's limit stretches under a sanitizer like the tests' own (tests/fp-test-util.c),
# up to 480 s, inside meson's limit for this test in .ci/run (180 s times 3).
limit=$((120 * ${FINGERPOST_TEST_SLOWDOWN:-1}))
[ "$limit" -le 480 ] || limit=480
export FP_ATSPI_LIMIT_S=$limit

"$(dirname "$0")/with-xvfb.sh" 1024x768x24 dbus-run-session -- sh -c '
    '"$launcher"' --launch-immediately & launcher=$!
    timeout "$FP_ATSPI_LIMIT_S" /usr/bin/python3 "$2" "$1" >"$TMPDIR/tap.txt"
    status=$?
    kill $launcher 2>/dev/null
    exit $status' sh "$1" "$2" >"$scratch/stdout.txt" 2>"$scratch/stderr.txt"
status=$?
# Only the test speaks TAP on stdout: the registry daemon, started by the bus, prints too.
cat "$scratch/tap.txt"
# dbus-daemon cannot raise its fd limit in a container; the accessibility bus is chatty.
grep -v -e "Failed to set fd limit" -e "Activating service" -e "Successfully activated" \
  -e "SpiRegistry daemon" "$scratch/stderr.txt" >&2
rm -rf "$scratch"
exit $status
