#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command on a private X server (Xvfb) with DISPLAY set, and stops the server after it.
#   tests/with-xvfb.sh WIDTHxHEIGHTxDEPTH COMMAND [ARGS…]
# The server picks a free display number itself and tells it through -displayfd once it
# accepts clients. xvfb-run -a guesses a number from the lock files instead, and tests that
# start together guess the same one: the second then fails with "cannot open display".
set -u

screen=$1
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/fp-xvfb-XXXXXX")
mkfifo "$dir/display"

# -noreset: by default the server resets when its last client leaves, and refuses whoever
# connects during the reset. at-spi-bus-launcher connects, marks the screen with its bus and
# leaves, just as the program under test starts: that program then could not open the display.
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$dir/display" \
  2>"$dir/xvfb.log" &
xvfb=$!
# Blocks until Xvfb writes its number, or returns empty when it exits first.
read -r number <"$dir/display" || number=
if [ -z "$number" ]; then
  echo "with-xvfb.sh: Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  rm -rf "$dir"
  exit 1
fi

DISPLAY=":$number" "$@"
status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit $status
