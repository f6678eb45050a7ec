#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Photographs every page of the wizard against the demo provider, on a private
# X server exactly the window's size, into data/screenshots/ (README, AppStream).
#   build-aux/take-screenshots.sh [BUILDDIR]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
out="$top/data/screenshots"

meson compile -C "$builddir" tests/test-wizard-ui tests/test-update-ui tests/test-first-run-ui \
  >/dev/null
mkdir -p "$out"
for test in test-wizard-ui test-update-ui test-first-run-ui; do
  FP_SCREENSHOT_DIR="$out" FP_SCREEN=480x720x24 LC_ALL=C.UTF-8 \
    "$top/tests/run-ui-test.sh" "$builddir/tests/$test"
done
ls "$out"
