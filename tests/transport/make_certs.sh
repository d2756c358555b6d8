#!/usr/bin/env bash
# Makes the TLS certificates of the transport tests (never committed):
#   ca.pem                 the test CA the client is told to trust
#   server.{pem,key}       for localhost, 127.0.0.1 and ::1, signed by ca
#   wrong-host.{pem,key}   for wrong.example only, signed by ca
#   untrusted.{pem,key}    for localhost and 127.0.0.1, signed by a CA nobody trusts
# Usage: make_certs.sh OUTDIR [openssl]
set -euo pipefail
out=$1
openssl=${2:-openssl}
mkdir -p "$out"
cd "$out"
days=3650

make_ca() { # name
    "$openssl" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1.key" -out "$1.pem" -days "$days" -subj "/CN=revring-cpp test $1" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>/dev/null
}

make_leaf() { # name ca subjectAltName
    "$openssl" req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
    printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
        "$3" > "$1.ext"
    "$openssl" x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial "0x$("$openssl" rand -hex 8)" \
        -out "$1.pem" -days "$days" -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}

make_ca ca
make_ca other-ca
make_leaf server ca "DNS:localhost,IP:127.0.0.1,IP:::1"
make_leaf wrong-host ca "DNS:wrong.example"
make_leaf untrusted other-ca "DNS:localhost,IP:127.0.0.1"
rm -f other-ca.key
