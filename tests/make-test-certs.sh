#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the tests' certificate authorities and server certificates, fresh on
# every build, so no key is ever committed and none expires in the tree:
#   test-ca.pem            the authority the tests trust
#   test-server.{pem,key}  signed by it, for the test names and loopback addresses
#   test-wrong-name.{pem,key}  signed by it, for a name no test asks for
#   test-other-ca.pem, test-untrusted.{pem,key}  another authority, trusted by nobody
set -eu
out=$1
mkdir -p "$out"
cd "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Gmail's mail hosts too: the OAuth2 tests need a host that the mail programs' own OAuth2 tables
# know, reached only inside a test's network namespace and trusted only through this test CA.
names='DNS:mail.example,DNS:*.mail.example,DNS:other.example,DNS:*.other.example,DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,DNS:imap.gmail.com,DNS:smtp.gmail.com'

make_ca () { # name subject
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=$2" -keyout "$tmp/$1.key" -out "$1.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

make_cert () { # name ca subject-alt-names
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=fingerpost test server" -keyout "$1.key" -out "$tmp/$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" > "$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$2.pem" -CAkey "$tmp/$2.key" -CAcreateserial \
    -CAserial "$tmp/$2.srl" -days 2 -extfile "$tmp/$1.ext" -out "$1.pem" 2>/dev/null
}

make_ca test-ca "Fingerpost test authority"
make_ca test-other-ca "Some other authority"
make_cert test-server test-ca "$names"
make_cert test-wrong-name test-ca "DNS:wrong.example"
make_cert test-untrusted test-other-ca "$names"
