#!/bin/bash
# Generates the seed corpora of fuzz_pe and fuzz_cms: a small PE32+ image
# unsigned, signed by osslsigncode and signed with a timestamp from its
# built-in TSA; detached and attached CMS (one with an RFC 3161 token made
# by `openssl ts`), and a kernel module signed the way sign-file does it.
# Each fuzz_cms seed starts with the byte that picks its path (see
# fuzz_cms.c); cms/detached-timestamped-fuzz carries the `openssl ts`
# token as its id-aa-timeStampToken, over the fuzz target's fixed content.
# Keys are EC P-256 to keep the seeds small; certificates last ten years
# from the day they are made (the targets verify at 2030-01-01).
#
# Two more seeds come from the unit tests' fixtures, which the command
# line cannot make: cms/detached-timestamped* (a CMS signature carrying an
# id-aa-timeStampToken; test_x509cms.c old-ts.p7s after the byte 4 or 0)
# and pe/countersigned.exe (a legacy counterSignature; test_authenticode.c
# old-cs.exe).  They were kept by running the suites with TMPDIR set and a
# no-op rm first in PATH.
#
# usage: make_corpus_sig.sh [OUTDIR]   (default: corpus/ beside this script)
# Files are overwritten, never deleted.  Keys are random, so the bytes
# differ from run to run.  Needs openssl, osslsigncode and python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p "$out/pe" "$out/cms"

cert() {	# name issuer extensions...
	local name=$1 issuer=$2
	shift 2
	local ext=()
	for e in "$@"; do ext+=(-addext "$e"); done
	openssl ecparam -name prime256v1 -genkey -noout -out "$name.key"
	if [ "$issuer" = self ]; then
		openssl req -x509 -new -key "$name.key" -subj "/CN=$name" \
		    -days 7300 "${ext[@]}" -out "$name.pem" 2>/dev/null
	else
		openssl req -new -key "$name.key" -subj "/CN=$name" \
		    "${ext[@]}" -out "$name.csr" 2>/dev/null
		openssl x509 -req -in "$name.csr" -CA "$issuer.pem" \
		    -CAkey "$issuer.key" -CAcreateserial -days 3650 \
		    -copy_extensions copy -out "$name.pem" 2>/dev/null
	fi
}

cert ca self "basicConstraints=critical,CA:TRUE" \
    "keyUsage=critical,keyCertSign"
cert leaf ca "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=codeSigning"
cert tsa ca "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=critical,timeStamping"

# A PE32+ with two sections, as tests/unit/test_authenticode.c builds it.
python3 - <<'PY'
import struct
pe = bytearray(0x600)
pe[0:2] = b"MZ"
struct.pack_into("<I", pe, 0x3c, 0x40)
pe[0x40:0x44] = b"PE\0\0"
struct.pack_into("<HHIIIHH", pe, 0x44, 0x8664, 2, 0, 0, 0, 240, 0x22)
o = 0x58
struct.pack_into("<HBBIIIIIQIIHHHHHHIIIIHH", pe, o, 0x20b, 14, 0, 0x200,
    0x200, 0, 0x1000, 0x1000, 0x140000000, 0x1000, 0x200, 6, 0, 0, 0, 6,
    0, 0, 0x3000, 0x200, 0, 3, 0x8160)
struct.pack_into("<QQQQII", pe, o + 72, 0x100000, 0x1000, 0x100000,
    0x1000, 0, 16)
s = o + 240
for i, (name, va, raw, ch) in enumerate(((b".text", 0x1000, 0x200,
    0x60000020), (b".data", 0x2000, 0x400, 0xc0000040))):
	struct.pack_into("<8sIIIIIIHHI", pe, s + 40 * i, name, 0x100, va,
	    0x200, raw, 0, 0, 0, 0, ch)
pe[0x200:0x203] = b"\x31\xc0\xc3"
open("app.exe", "wb").write(bytes(pe))
PY
osslsigncode sign -certs leaf.pem -key leaf.key -h sha256 \
    -in app.exe -out signed.exe >/dev/null
osslsigncode sign -certs leaf.pem -key leaf.key -h sha256 \
    -TSA-certs tsa.pem -TSA-key tsa.key -TSA-time 1700000000 \
    -in app.exe -out timestamped.exe >/dev/null
cp app.exe "$out/pe/unsigned.exe"
cp signed.exe "$out/pe/signed.exe"
cp timestamped.exe "$out/pe/timestamped.exe"

# CMS: detached (0), attached (1), kernel module (2), trust file (3);
# +4: the carried certificates become anchors.
printf 'assay fuzz content\n' > content
openssl cms -sign -binary -in content -signer leaf.pem -inkey leaf.key \
    -certfile ca.pem -md sha256 -outform DER -out det.der
openssl cms -sign -binary -in content -signer leaf.pem -inkey leaf.key \
    -md sha256 -outform DER -nodetach -out att.der
# An RFC 3161 token over det.der's signature value, added as the
# id-aa-timeStampToken unsigned attribute.
python3 - <<'PY'
import subprocess
der = open("det.der", "rb").read()
# The signature value is the last OCTET STRING: ECDSA, under 128 bytes.
i = der.rfind(b"\x04", 0, len(der) - 64)
while i > 0:
	n = der[i + 1]
	if n < 0x80 and i + 2 + n == len(der):
		open("sigval", "wb").write(der[i + 2:])
		break
	i = der.rfind(b"\x04", 0, i)
PY
cat > ts.cnf <<'CNF'
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ./tsaserial
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
ess_cert_id_alg = sha256
accuracy = secs:1
certs = ./ca.pem
CNF
echo 01 > tsaserial
if [ -s sigval ]; then
	openssl ts -query -data sigval -sha256 -cert -out q.tsq 2>/dev/null
	openssl ts -reply -config ts.cnf -queryfile q.tsq -signer tsa.pem \
	    -inkey tsa.key -token_out -out token.der 2>/dev/null
	printf '\005' > "$out/cms/ts-token"
	cat token.der >> "$out/cms/ts-token"
	# The token as det.der's id-aa-timeStampToken unsigned attribute:
	# append [1] { Attribute } to the last SignerInfo, fixing lengths.
	python3 - "$out/cms/detached-timestamped-fuzz" <<'PY'
import sys
def head(b, i):
	n = b[i + 1]
	if n < 0x80:
		return i + 2, n
	k = n & 0x7f
	return i + 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")
def length(n):
	if n < 0x80:
		return bytes([n])
	raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
	return bytes([0x80 | len(raw)]) + raw
def append_last(b, depth, extra):
	start, n = head(b, 0)
	body = b[start:start + n]
	if depth > 0:
		i = last = 0
		while i < len(body):
			last = i
			s, m = head(body, i)
			i = s + m
		body = body[:last] + append_last(body[last:], depth - 1, extra)
	else:
		body = body + extra
	return bytes([b[0]]) + length(len(body)) + body
tok = open("token.der", "rb").read()
oid = bytes.fromhex("060b2a864886f70d010910020e")
attr = b"\x30" + length(len(oid) + len(tok) + 1 + len(length(len(tok)))) \
    + oid + b"\x31" + length(len(tok)) + tok
unsigned = b"\xa1" + length(len(attr)) + attr
der = open("det.der", "rb").read()
open(sys.argv[1], "wb").write(b"\x04" + append_last(der, 4, unsigned))
PY
fi
{ printf '\000'; cat det.der; } > "$out/cms/detached"
{ printf '\004'; cat det.der; } > "$out/cms/detached-anchored"
{ printf '\001'; cat att.der; } > "$out/cms/attached"
: > empty
openssl cms -sign -binary -in empty -signer leaf.pem -inkey leaf.key \
    -md sha256 -outform DER -nodetach -out att-empty.der
{ printf '\001'; cat att-empty.der; } > "$out/cms/attached-empty"
openssl cms -sign -binary -in content -signer leaf.pem -inkey leaf.key \
    -md sha256 -outform PEM -out det.pem
{ printf '\000'; cat det.pem; } > "$out/cms/detached-pem"
openssl cms -sign -binary -noattr -nocerts -in content -signer leaf.pem \
    -inkey leaf.key -md sha256 -outform DER -out mod.der
python3 - "$out/cms/kmod" <<'PY'
import struct, sys
sig = open("mod.der", "rb").read()
mod = open("content", "rb").read()
info = struct.pack(">BBBBB3sI", 0, 0, 2, 0, 0, b"\0\0\0", len(sig))
open(sys.argv[1], "wb").write(b"\x02" + mod + sig + info +
    b"~Module signature appended~\n")
PY
{ printf '\003'; cat ca.pem leaf.pem; } > "$out/cms/trust-bundle"
{ printf '\003'; openssl pkey -in leaf.key -pubout; } > "$out/cms/trust-pubkey"
