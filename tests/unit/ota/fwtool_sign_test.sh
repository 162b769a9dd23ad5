#!/usr/bin/env bash
# fwtool image sign / verify / info and efuse burn-key on real files, with signing keys made by
# tools/pki in a temporary directory.
set -euo pipefail
fwtool=$1
pki=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_verify WANT(OK|BAD) PATTERN ARGS...: runs `fwtool image verify ARGS` and checks its verdict.
expect_verify() {
    local want=$1 pattern=$2 out rc=0
    shift 2
    out=$("$fw_exec" "$fwtool" image verify "$@" 2>&1) || rc=$?
    echo "$out"
    if [ "$want" = OK ]; then [ $rc -eq 0 ] || fail "verify $* exited $rc"; else [ $rc -ne 0 ] || fail "verify $* passed"; fi
    grep -q -- "$pattern" <<<"$out" || fail "verify $*: no '$pattern'"
}
. "$(dirname "$0")/../../../tools/lib/rig.sh"  # rig_flip_byte

hex_of() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }  # hex_of FILE OFFSET LEN
to_bin() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }
reverse_hex() { local h=$1 out="" i; for ((i = ${#h} - 2; i >= 0; i -= 2)); do out+=${h:i:2}; done; echo "$out"; }
der_int() {  # big-endian hex -> DER INTEGER
    local h=$1
    while [ ${#h} -gt 2 ] && [ "${h:0:2}" = 00 ]; do h=${h:2}; done
    [ $((16#${h:0:2})) -ge 128 ] && h=00$h
    printf '02%02x%s' $((${#h} / 2)) "$h"
}

"$pki" signing k1 >/dev/null
"$pki" signing k2 >/dev/null
{ printf '\177ELF'; head -c 6000 /dev/urandom; } >app.elf
"$fw_exec" "$fwtool" image create --elf app.elf --version 1.1 --project iotfw -o app.img

"$fw_exec" "$fwtool" image sign app.img --key k1/signing_key.pem -o app.signed
size=$(stat -c %s app.signed)
[ $((size % 4096)) -eq 0 ] || fail "signed file is $size bytes, not whole 4 KiB sectors"
"$fw_exec" "$fwtool" image info app.signed | grep -q "signature:      present, valid" || fail "info: no valid signature"
"$fw_exec" "$fwtool" image info app.img | grep -q "signature:      absent" || fail "info: unsigned image shows a signature"

# Independently of mbedtls: openssl checks (r, s), stored little-endian as espsecure writes them,
# over the image digest in the block, with the public key.
block=$(hex_of app.signed $((size - 4096)) 1216)
[ "${block:0:8}" = e7030000 ] || fail "block starts with ${block:0:8}"
to_bin "${block:8:64}" >digest.bin
r=$(der_int "$(reverse_hex "${block:202:64}")")
s=$(der_int "$(reverse_hex "${block:266:64}")")
to_bin "$(printf '30%02x%s%s' $(((${#r} + ${#s}) / 2)) "$r" "$s")" >sig.der
openssl pkeyutl -verify -pubin -inkey k1/signing_pub.pem -in digest.bin -sigfile sig.der >/dev/null ||
    fail "openssl does not accept the signature"
[ "$(openssl dgst -sha256 -r <(head -c $((size - 4096)) app.signed) | cut -c1-64)" = "${block:8:64}" ] ||
    fail "block digest is not SHA-256 of the padded image"

expect_verify OK "OK" app.signed --key k1/signing_key.pem
expect_verify OK "OK" app.signed --key k1/signing_pub.pem
expect_verify BAD "BAD: key not trusted" app.signed --key k2/signing_pub.pem
expect_verify BAD "BAD: no signature block" app.img --key k1/signing_pub.pem

# Re-signing replaces the signature instead of stacking another one.
cp app.signed resigned
"$fw_exec" "$fwtool" image sign resigned --key k2/signing_key.pem
[ "$(stat -c %s resigned)" -eq "$size" ] || fail "re-signing changed the size"
expect_verify OK "OK" resigned --key k2/signing_pub.pem

# A flipped byte in the image, in the padding, or in the signature block.
img_len=$(stat -c %s app.img)
cp app.signed flipped && rig_flip_byte flipped 500
expect_verify BAD "BAD" flipped --key k1/signing_pub.pem
cp app.signed padding && rig_flip_byte padding "$img_len"
expect_verify BAD "BAD: digest mismatch" padding --key k1/signing_pub.pem
cp app.signed block && rig_flip_byte block $((size - 4096 + 110))
expect_verify BAD "BAD: bad CRC" block --key k1/signing_pub.pem

# Burning the key digest: the eFuse file is created like the chip's, the digest matches what
# verify reports, the same key again is fine, another key is refused.
"$fw_exec" "$fwtool" efuse burn-key efuse.json --key k1/signing_pub.pem
digest=$(sed -n 's/.*"key_digest": "\([0-9a-f]*\)".*/\1/p' efuse.json)
[ ${#digest} -eq 64 ] || fail "no key_digest in efuse.json"
grep -q '"mac"' efuse.json || fail "efuse.json lacks the chip's mac"
# The digest is SHA-256(curve id 2 || X || Y), coordinates little-endian, computed here by openssl.
point=$(openssl pkey -pubin -in k1/signing_pub.pem -outform DER | od -An -tx1 -v | tr -d ' \n' | tail -c 128)
to_bin "02$(reverse_hex "${point:0:64}")$(reverse_hex "${point:64:64}")" >key_material.bin
[ "$(openssl dgst -sha256 -r key_material.bin | cut -c1-64)" = "$digest" ] || fail "key digest differs from openssl's"
expect_verify OK "key digest: $digest" app.signed --digest "$digest"
expect_verify BAD "BAD: key not trusted" resigned --digest "$digest"
"$fw_exec" "$fwtool" efuse burn-key efuse.json --key k1/signing_key.pem | grep -q "already burned" || fail "same key twice"
if "$fw_exec" "$fwtool" efuse burn-key efuse.json --key k2/signing_key.pem 2>/dev/null; then fail "a second key was burned"; fi

# The anti-rollback field is a 32-bit thermometer code: secure_version 0..32, nothing above.
"$fw_exec" "$fwtool" image create --elf app.elf --version 1.2 --project iotfw --secure-version 32 -o sv32.img
if "$fw_exec" "$fwtool" image create --elf app.elf --version 1.2 --project iotfw --secure-version 33 -o sv33.img 2>sv33.err; then
    fail "an image with secure_version 33 was made"
fi
grep -q "bad --secure-version '33': 0..32" sv33.err || fail "secure_version 33: $(cat sv33.err)"
sed 's/"secure_version": *[0-9]*/"secure_version": 33/' efuse.json >efuse33.json
grep -q '"secure_version": 33' efuse33.json || fail "efuse33.json not made"
if "$fw_exec" "$fwtool" efuse burn-key efuse33.json --key k1/signing_key.pem 2>burn33.err; then fail "an eFuse file with counter 33 was taken"; fi
grep -q "secure_version 33 is above 32" burn33.err || fail "counter 33: $(cat burn33.err)"
echo "fwtool sign/verify/burn-key: all checks passed"
