#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test inside a private network namespace that has only loopback, with
# a hosts file that maps the test names to it. The program under test then
# reaches https://mail.example/ on port 443 exactly as it would a provider,
# with no test hook, and nothing it does can leave the machine.
set -eu

names="mail.example mail-config.mail.example redirect.mail.example other.example login.other.example
       autoconfig.mail.example autoconfig.other.example ua-auto-config.mail.example
       ua-auto-config.other.example ispdb.other.example
       lang.other.example hostile.other.example broken.other.example"
# The mail servers of the login check tests listen on a second loopback address (TESTING.md);
# Gmail's names lead there too, for the OAuth2 tests (only inside this namespace).
mail_names="imap.mail.example pop.mail.example smtp.mail.example imap.gmail.com smtp.gmail.com
            pacc-imap.other.example pacc-imap2.other.example pacc-smtp.other.example"

if [ "${FP_IN_NETNS:-}" != 1 ]; then
  if ! unshare --net --mount true 2>/dev/null; then
    reason="needs root to make a private network namespace (unshare --net --mount)"
    if [ -n "${CI:-}" ]; then
      echo "Bail out! $reason"
      exit 1
    fi
    echo "1..0 # SKIP $reason"
    exit 0
  fi
  exec unshare --net --mount env FP_IN_NETNS=1 "$0" "$@"
fi

ip link set lo up
# GLib resolves with AI_ADDRCONFIG, which ignores loopback addresses: with
# nothing else configured, every name would be "not found". A documentation
# address (RFC 5737) on lo itself makes lookups behave as on a real machine;
# it leads nowhere, and the namespace has no other interface.
ip addr add 192.0.2.1/32 dev lo
hosts=$(mktemp)
resolv=$(mktemp)
trap 'rm -f "$hosts" "$resolv"' EXIT
{
  echo "127.0.0.1 localhost"
  for name in $names; do echo "127.0.0.1 $name"; done
  for name in $mail_names; do echo "127.0.0.2 $name"; done
} > "$hosts"
mount --bind "$hosts" /etc/hosts
# DNS questions (SRV, MX, TXT) go to 127.0.0.1:53, where a test that needs records runs its own
# dnsmasq (fp-test-dns.c); elsewhere the port is closed and every question fails at once.
printf 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n' > "$resolv"
mount --bind "$resolv" "$(readlink -f /etc/resolv.conf)"
"$@"
