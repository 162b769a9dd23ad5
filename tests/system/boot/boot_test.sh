#!/usr/bin/env bash
# The device booted from flash.bin, observed from outside: banner, restart through the
# bootloader, fallback to the other slot on a corrupt image, halt when nothing is bootable.
set -u
fwtool=$1 device=$2 bootloader=$3 app_elf=$4 csv=$5 size=${6:-4M}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../checks.sh"
. "$(dirname "$0")/../../../tools/lib/rig.sh"
run_device() {  # run_device FLASH OUT [console lines...]: feeds the console, then powers off
  local flash=$1 out=$2; shift 2
  { for l in "$@"; do sleep 0.5; echo "$l"; done; sleep 0.5; echo poweroff; } |
    timeout 20 "$fw_exec" "$device" --flash "$flash" >"$out" 2>&1
}

"$fw_exec" "$fwtool" image create --elf "$app_elf" --version 1.0 --project iotfw -o "$tmp/app10.img" || exit 1
"$fw_exec" "$fwtool" image create --elf "$app_elf" --version 1.1 --project iotfw -o "$tmp/app11.img" || exit 1
"$fw_exec" "$fwtool" image info "$tmp/app11.img" >"$tmp/info.txt"
check "image info shows the version" has "$tmp/info.txt" "version:        1.1"
check "image info says hash OK" has "$tmp/info.txt" "hash:           OK"

# 1. Boot, banner, software restart re-runs the bootloader.
"$fw_exec" "$fwtool" flash build --size "$size" --partitions "$csv" --bootloader "$bootloader" --app "$tmp/app10.img" -o "$tmp/flash.bin" || exit 1
dd if="$tmp/flash.bin" of="$tmp/table.bin" bs=4096 skip=16 count=1 status=none
check "partition table magic at 0x10000" test "$(head -c 2 "$tmp/table.bin" | od -An -tx1 | tr -d ' ')" = "aa50"
run_device "$tmp/flash.bin" "$tmp/boot.log" version restart
check "banner shows the image version" has "$tmp/boot.log" "app: iotfw version 1.0 "
check "banner shows slot and reset reason" has "$tmp/boot.log" "running from ota_0 at 0x20000, boot #1, reset reason POWERON"
check "restart re-runs the bootloader" has "$tmp/boot.log" "boot: second-stage bootloader, boot #2, reset reason SW"
check "app boots again after restart" has "$tmp/boot.log" "boot #2, reset reason SW"
check "efuse file created beside flash.bin" test -s "$tmp/flash.bin.efuse.json"

# 2. Two slots, otadata selects ota_1; a flipped byte in ota_1 makes the bootloader boot ota_0.
"$fw_exec" "$fwtool" flash build --size "$size" --partitions "$csv" --bootloader "$bootloader" --app "$tmp/app10.img" --ota-1 "$tmp/app11.img" \
  --boot ota_1 -o "$tmp/ab.bin" || exit 1
run_device "$tmp/ab.bin" "$tmp/ab.log"
check "otadata selects ota_1" has "$tmp/ab.log" "app: iotfw version 1.1 "
"$fw_exec" "$fwtool" flash read "$tmp/ab.bin" --partition ota_1 -o "$tmp/ota1.bin" || exit 1
rig_flip_byte "$tmp/ota1.bin" 5000
"$fw_exec" "$fwtool" flash write "$tmp/ab.bin" --partition ota_1 "$tmp/ota1.bin" || exit 1
run_device "$tmp/ab.bin" "$tmp/flip.log"
check "corrupt ota_1 is refused" has "$tmp/flip.log" "ota_1: image refused"
check "the other slot boots" has "$tmp/flip.log" "app: iotfw version 1.0 "

# 3. Rollback: ota_1 holds a new image that never passes its self-test (no network, no
#    certificate: it cannot publish), so it is never marked valid; the next reset rolls back.
"$fw_exec" "$fwtool" flash build --size "$size" --partitions "$csv" --bootloader "$bootloader" --app "$tmp/app10.img" --ota-1 "$tmp/app11.img" \
  --boot ota_1 --boot-state new -o "$tmp/rb.bin" || exit 1
run_device "$tmp/rb.bin" "$tmp/rb.log" restart
check "new image boots first" has "$tmp/rb.log" "ota_1 is new: first boot, PENDING_VERIFY"
check "unconfirmed image is rolled back" has "$tmp/rb.log" "ota_1 was never confirmed by its app: marking it ABORTED"
check "previous image runs after the reset" grep -qE "boot #2, reset reason SW" "$tmp/rb.log"
check "rolled back to 1.0" test "$(grep -c 'app: iotfw version 1.0 ' "$tmp/rb.log")" -eq 1

# 4. Nothing bootable: the chip halts with a message and a non-zero exit.
"$fw_exec" "$fwtool" flash build --size "$size" --partitions "$csv" --bootloader "$bootloader" -o "$tmp/empty.bin" || exit 1
timeout 20 "$fw_exec" "$device" --flash "$tmp/empty.bin" >"$tmp/empty.log" 2>&1 </dev/null
rc=$?
check "halt exits non-zero" test "$rc" -ne 0
check "halt says why" has "$tmp/empty.log" "no bootable app image"

# 5. fwtool errors name the file and leave no output behind.
printf 'nvs, data, nvs, 0x11000, 0x6000\nphy, data, phy, 0x12000, 0x1000\n' >"$tmp/bad.csv"
"$fw_exec" "$fwtool" partition gen "$tmp/bad.csv" -o "$tmp/bad.bin" 2>"$tmp/err.txt"
check "bad CSV is refused" test $? -ne 0
check "error names file and line" has "$tmp/err.txt" "bad.csv:2:"
check "no half-written output" test ! -e "$tmp/bad.bin"

[ -n "${VERBOSE:-}" ] && cat "$tmp"/*.log
checks_done
