#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders a symbolic SVG icon to a .symbolic.png of one size, as GTK's own tool
# does (the colours stay recolourable), under the file name the build asks for.
#   encode-symbolic-icon.sh ENCODER SVG SIZE OUTPUT
set -eu

encoder=$1
svg=$2
size=$3
output=$4

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$encoder" -o "$scratch" "$svg" "${size}x${size}"
mv "$scratch"/*.symbolic.png "$output"
