#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The installed shape of the program, run under tests/run-ui-test.sh: one
# instance per session (a second `fingerpost ACCOUNT` hands over and returns),
# reachable on the session bus under its application id, and `--help` without a
# display; the update page's action for the check's notification. TAP output.
set -u
fingerpost=$1
app_id=org.fingerpost.Fingerpost
path=/org/fingerpost/Fingerpost

echo "1..8"

"$fingerpost" --demo >"$TMPDIR/first.log" 2>&1 &
first=$!

# Wait for the first instance to own its name on the bus.
i=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner "$app_id" 2>/dev/null | grep -q true; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then
    echo "Bail out! the first instance never appeared on the bus"; cat "$TMPDIR/first.log"
    kill "$first" 2>/dev/null
    exit 1
  fi
  sleep 0.1
done
echo "ok 1 - the first instance owns $app_id on the session bus"

# A second launch must hand its account to the first and return at once.
if timeout 10 "$fingerpost" bob@mail.example >"$TMPDIR/second.log" 2>&1; then
  echo "ok 2 - a second launch with an account returns, handled by the first instance"
else
  echo "not ok 2 - a second launch did not return promptly (status $?)"; cat "$TMPDIR/second.log"
fi

if timeout 10 "$fingerpost" one@mail.example two@mail.example >/dev/null 2>&1; then
  echo "not ok 3 - two accounts were accepted"
else
  status=$?
  [ "$status" -eq 64 ] && echo "ok 3 - two accounts are a usage error (64)" \
                       || echo "not ok 3 - two accounts gave status $status, not 64"
fi

# GtkApplication puts each window on the bus as $path/window/N.
windows () {
  gdbus introspect --session --dest "$app_id" --object-path "$path/window" 2>/dev/null |
    grep -c '^ *node [0-9]'
}
# The first window is a demo one: the real launch above got a window of its own.
count=$(windows)
if [ "$count" -eq 2 ]; then
  echo "ok 4 - a real launch opens its own window beside the demo's"
else
  echo "not ok 4 - $count windows after a demo and a real launch (expected 2)"
fi
timeout 10 "$fingerpost" carol@mail.example >/dev/null 2>&1
timeout 10 "$fingerpost" --demo bob@mail.example >/dev/null 2>&1
count=$(windows)
if [ "$count" -eq 2 ]; then
  echo "ok 5 - later launches go to the window of their own kind"
else
  echo "not ok 5 - $count windows after more launches (expected 2)"
fi

if gdbus call --session --dest "$app_id" --object-path "$path" \
     --method org.gtk.Actions.List 2>/dev/null | grep -q "'quit'"; then
  echo "ok 6 - the application's actions are on the bus (D-Bus activatable)"
else
  echo "not ok 6 - no quit action on $path"
fi

# The weekly check's notification activates app.show-updates, by the application id.
if gdbus call --session --dest "$app_id" --object-path "$path" \
     --method org.gtk.Actions.List 2>/dev/null | grep -q "'show-updates'"; then
  echo "ok 7 - the update page's action is on the bus, for the check's notification"
else
  echo "not ok 7 - no show-updates action on $path"
fi

gdbus call --session --dest "$app_id" --object-path "$path" \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null 2>&1
if timeout 10 sh -c "while kill -0 $first 2>/dev/null; do sleep 0.1; done"; then
  echo "ok 8 - app.quit over D-Bus ends the first instance"
else
  echo "not ok 8 - the first instance did not quit"
  kill "$first" 2>/dev/null
fi
wait "$first" 2>/dev/null
exit 0
