#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# D-Bus activation as the desktop does it, run under tests/run-ui-test.sh: the
# session bus starts `fingerpost --gapplication-service` from a service file
# (data/org.fingerpost.Fingerpost.service.in), and `fingerpost`, which links no
# toolkit, hands over to the wizard's program, which then owns the name. TAP.
set -u
fingerpost=$1
app_id=org.fingerpost.Fingerpost
path=/org/fingerpost/Fingerpost

echo "1..3"

# The session bus reads services from $XDG_DATA_HOME/dbus-1/services (a scratch folder here).
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
printf '[D-BUS Service]\nName=%s\nExec=%s --gapplication-service\n' "$app_id" "$fingerpost" \
  > "$XDG_DATA_HOME/dbus-1/services/$app_id.service"
gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.ReloadConfig >/dev/null 2>&1

# Calling the application's object activates it; this waits for it (default timeout 25 s).
if gdbus call --session --dest "$app_id" --object-path "$path" \
     --method org.gtk.Actions.List 2>"$TMPDIR/activation.log" | grep -q "'quit'"; then
  echo "ok 1 - a call to $app_id starts it through its service file"
else
  echo "not ok 1 - D-Bus activation did not start the application"; cat "$TMPDIR/activation.log"
fi

pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.GetConnectionUnixProcessID "$app_id" 2>/dev/null |
      sed 's/.*uint32 \([0-9]*\).*/\1/')
if [ -n "$pid" ] && grep -q "libgtk-4" "/proc/$pid/maps" 2>/dev/null &&
   [ "$(basename "$(readlink "/proc/$pid/exe")")" = fingerpost-wizard ]; then
  echo "ok 2 - the activated process is the wizard's program, with the toolkit"
else
  echo "not ok 2 - the activated process ($pid) is not fingerpost-wizard with GTK"
fi

gdbus call --session --dest "$app_id" --object-path "$path" \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null 2>&1
if [ -n "$pid" ] && timeout 10 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.1; done"; then
  echo "ok 3 - app.quit over D-Bus ends it"
else
  echo "not ok 3 - the activated instance did not quit"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
fi
exit 0
