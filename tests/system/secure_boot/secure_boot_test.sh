#!/usr/bin/env bash
# Secure boot v2 from power-on, with the key's digest burned in eFuse: a bootloader and app signed
# with it boot; a bootloader signed with another key (or none) halts power-on with the reason; an
# app signed with another key is refused and the other slot boots; and a flash whose bytes change
# once the ROM or the bootloader has read an image never gets the changed bytes run.
set -u
root=$1 build=$2
fwtool=$build/tools/src/fwtool/fwtool device=$build/hal_posix/chip/device
csv=${FW_PARTITIONS:-$root/partitions/partitions.csv} size=${FW_FLASH_SIZE:-4M}
tmp=$(mktemp -d)
DEV=
trap '[ -n "$DEV" ] && kill "$DEV" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
. "$root/tests/system/checks.sh"
lacks() { ! grep -qF -- "$2" "$1"; }
differ() { ! cmp -s "$1" "$2"; }

# Keys: ours (burned into every chip here) and another one.
"$root/tools/pki" signing "$tmp/ours" >/dev/null && "$root/tools/pki" signing "$tmp/other" >/dev/null || exit 1
ours=$tmp/ours/signing_key.pem other=$tmp/other/signing_key.pem
sign() { "$fw_exec" "$fwtool" image sign "$1" --key "$2" -o "$3" >/dev/null || exit 1; }  # sign IN KEY OUT
"$fw_exec" "$fwtool" image create --elf "$build/images/app.img.elf" --version 1.0 --project iotfw -o "$tmp/app10.img" || exit 1
"$fw_exec" "$fwtool" image create --elf "$build/images/app.img.elf" --version 1.1 --project iotfw -o "$tmp/app11.img" || exit 1
sign "$build/images/bootloader.img" "$ours" "$tmp/boot-ours.img"
sign "$build/images/bootloader.img" "$other" "$tmp/boot-other.img"
sign "$tmp/app10.img" "$ours" "$tmp/app10-ours.img"
sign "$tmp/app11.img" "$other" "$tmp/app11-other.img"

flash() {  # flash OUT BOOTLOADER [fwtool flash build args]: flash.bin with our key burned into its eFuse
  local out=$1 bl=$2; shift 2
  "$fw_exec" "$fwtool" flash build --size "$size" --partitions "$csv" --bootloader "$bl" "$@" -o "$out" >/dev/null &&
    "$fw_exec" "$fwtool" efuse burn-key "$out.efuse.json" --key "$ours" >/dev/null || exit 1
}
power_on() {  # power_on NAME FLASH [device args]: the chip in the background (DEV), its log NAME.log
  rm -f "$tmp/console" && mkfifo "$tmp/console"
  timeout 30 "$fw_exec" "$device" --flash "$2" "${@:3}" <"$tmp/console" >"$tmp/$1.log" 2>&1 &
  DEV=$!
  exec 3>"$tmp/console"
}
power_off() {  # power_off: the console's poweroff; returns the device's exit code
  (echo poweroff >&3) 2>/dev/null; exec 3>&-  # a subshell: a chip already gone is no SIGPIPE here
  local rc=0; wait "$DEV" || rc=$?; DEV=; return "$rc"
}
halted() {  # halted: the device ends by itself, non-zero
  exec 3>&-
  local rc=0; wait "$DEV" || rc=$?; DEV=; [ "$rc" -ne 0 ]
}
banner=" app: iotfw version"

# 1. The signed chain boots: ROM -> bootloader -> app, each signature checked.
flash "$tmp/good.bin" "$tmp/boot-ours.img" --app "$tmp/app10-ours.img"
power_on good "$tmp/good.bin"
check "signed chain: app runs" wait_for "$tmp/good.log" "$banner 1.0 "
power_off
check "signed chain: ROM verified the bootloader" has "$tmp/good.log" "rom: secure boot: bootloader signature verified"
check "signed chain: bootloader verified the app" has "$tmp/good.log" "ota_0: image 'iotfw' version 1.0 verified"

# 2. A bootloader signed with another key, or not signed, halts power-on with the reason.
flash "$tmp/otherbl.bin" "$tmp/boot-other.img" --app "$tmp/app10-ours.img"
power_on otherbl "$tmp/otherbl.bin"
check "other key's bootloader: chip halts" halted
check "other key's bootloader: reason" has "$tmp/otherbl.log" "rom: secure boot: bootloader at 0x1000 refused: key not trusted"
check "other key's bootloader: never runs" lacks "$tmp/otherbl.log" "second-stage bootloader"
flash "$tmp/unsigned.bin" "$build/images/bootloader.img" --app "$tmp/app10-ours.img"
power_on unsigned "$tmp/unsigned.bin"
check "unsigned bootloader: chip halts" halted
check "unsigned bootloader: reason" has "$tmp/unsigned.log" "refused: no signature block; the bootloader is unsigned"
check "unsigned bootloader: never runs" lacks "$tmp/unsigned.log" "second-stage bootloader"

# 3. An app signed with another key is refused; the other slot boots.
flash "$tmp/otherapp.bin" "$tmp/boot-ours.img" --app "$tmp/app10-ours.img" --ota-1 "$tmp/app11-other.img" --boot ota_1
power_on otherapp "$tmp/otherapp.bin"
check "other key's app: the other slot boots" wait_for "$tmp/otherapp.log" "$banner 1.0 "
power_off
check "other key's app: refused with the reason" has "$tmp/otherapp.log" "ota_1: image refused: signature: key not trusted"
check "other key's app: never runs" lacks "$tmp/otherapp.log" "$banner 1.1 "

# 4. The flash changes once an image has been read (a swapped chip, a flash emulator): the chip
#    runs the bytes it verified. The changed flash holds the same program with one log string
#    altered (same length), so whichever copy runs says so. The change happens on the read of
#    the last byte of the image's signature block, i.e. after every check.
sig_end() {  # sig_end OFFSET SIGNED_IMG: flash address of the last byte of its signature block
  echo $(($1 + $(stat -c %s "$2") - 4096 + 1216 - 1))
}
toctou() {  # toctou NAME OFFSET SIGNED_IMG TEXT CHANGED_TEXT: boots good.bin that changes to one
  local name=$1 text=$4 evil=$5 # with TEXT replaced once the image at OFFSET has been read
  cp "$tmp/good.bin" "$tmp/$name.bin" && cp "$tmp/good.bin.efuse.json" "$tmp/$name.bin.efuse.json"
  FROM=$text TO=$evil perl -0777 -pe 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$tmp/good.bin" >"$tmp/$name.changed"
  check "$name: the changed flash differs" differ "$tmp/good.bin" "$tmp/$name.changed"
  power_on "$name" "$tmp/$name.bin" --flash-change "$tmp/$name.changed" --flash-change-at "$(sig_end "$2" "$3")"
  check "$name: the app runs" wait_for "$tmp/$name.log" "app: running from ota_0"
  power_off
  check "$name: the verified copy ran" has "$tmp/$name.log" "$text"
  check "$name: the changed bytes never ran" lacks "$tmp/$name.log" "$evil"
  check "$name: the flash did change" cmp -s "$tmp/$name.bin" "$tmp/$name.changed"
}
toctou app-changed-after-verification 0x20000 "$tmp/app10-ours.img" "running from" "EVILING from"
toctou bootloader-changed-after-verification 0x1000 "$tmp/boot-ours.img" "second-stage bootloader" \
  "EVILED-stage bootloader"

[ -n "${VERBOSE:-}" ] && cat "$tmp"/*.log
checks_done
