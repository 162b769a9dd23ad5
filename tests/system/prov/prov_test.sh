#!/usr/bin/env bash
# Wi-Fi provisioning with the device booted from a blank-credential flash.bin, driven by
# tools/prov as a phone app would: BLE with a wrong then the right password, a restart that
# joins without provisioning, a scripted radio outage, the BOOT button's factory reset, and
# SoftAP provisioning afterwards. No PoP is configured: the device's own, derived from its eFuse
# secret, is read with `fwtool efuse pop` as from a label, and a wrong one is refused. The PoP and
# the passphrase never appear in the device log (until the console is asked for the PoP).
set -u
root=$1 build=$2
. "$root/tools/lib/ports.sh"
tmp=$(mktemp -d)
fifo=$tmp/console
cleanup() { exec 7>&- 2>/dev/null; kill "$dev" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/../checks.sh"
log_has() { grep -qF -- "$1" "$tmp/device.log"; }
wait_log() {  # wait_log TEXT [COUNT]: until TEXT appears COUNT times (default 1), 15 s at most
  for _ in $(seq 150); do [ "$(grep -cF -- "$1" "$tmp/device.log")" -ge "${2:-1}" ] && return 0; sleep 0.1; done
  return 1
}
prov() { FW_BUILD_DIR=$build "$root/tools/prov" --sec_ver 1 --pop "$pop" --timeout_s 20 "$@"; }

pass=correct-horse-42 fwtool=$build/tools/src/fwtool/fwtool
printf '{"config": {"units": "celsius"}}\n' >"$tmp/config.json"
"$fwtool" nvs gen "$tmp/config.json" -o "$tmp/nvs.bin" &&
  "$fwtool" flash build --partitions "${FW_PARTITIONS:-$root/partitions/partitions.csv}" --size "${FW_FLASH_SIZE:-4M}" --bootloader "$build/images/bootloader.img" \
    --app "$build/images/app.img" --nvs "$tmp/nvs.bin" -o "$tmp/flash.bin" || exit 1
# One network, off the air from 12 s to 14 s after each power-on.
printf '{"networks": [{"ssid": "LabNet", "password": "%s"}], "outages": [{"at_s": 12, "for_s": 2}]}\n' "$pass" \
  >"$tmp/radio.json"
mkfifo "$fifo"
"$build/hal_posix/chip/device" --flash "$tmp/flash.bin" --radio "$tmp/radio.json" --prov-ble "$tmp/ble.sock" \
  <"$fifo" >"$tmp/device.log" 2>&1 &
dev=$!
exec 7>"$fifo"  # the console stays open for the whole test

wait_log "provisioning service" || echo "device did not start provisioning"
pop=$("$fwtool" efuse pop "$tmp/flash.bin.efuse.json")
check "fwtool efuse pop prints the chip's 8-character PoP" grep -qxE '[A-Z2-7]{8}' <<<"$pop"
prov --transport ble --service_name "$tmp/ble.sock" --ssid LabNet --passphrase wrong-password >"$tmp/p1.out" 2>&1
check "wrong password: client exits with the device's failure" test $? -eq 2
check "wrong password: client shows the reason" grep -q "Auth" "$tmp/p1.out"
prov --transport ble --service_name "$tmp/ble.sock" --ssid LabNet --passphrase "$pass" >"$tmp/p2.out" 2>&1
check "retry without reboot succeeds" test $? -eq 0
check "device joined" wait_log "wifi_prov: connected to 'LabNet'"

echo restart >&7
check "restart: joins the stored network" wait_log "wifi_prov: connected to 'LabNet'" 2
check "restart: no provisioning on the second boot" test "$(grep -c 'provisioning service .* started' "$tmp/device.log")" -eq 1
check "outage: link lost" wait_log "link lost"
check "outage: reconnected by itself" wait_log "wifi_prov: connected to 'LabNet'" 3

kill -USR1 "$dev"
check "button: factory reset" wait_log "BOOT button pressed"
check "button: back to provisioning after the reset" wait_log "provisioning service 'PROV_" 2
port=$(sed -n "s/.*SoftAP on 127.0.0.1:\([0-9]*\).*/\1/p" "$tmp/device.log" | tail -1)
check "not reachable over SoftAP in BLE mode" test -z "$port"
check "no secret in the log" bash -c "! grep -qE -- '$pop|$pass|wrong-password' '$tmp/device.log'"

FW_BUILD_DIR=$build "$root/tools/prov" --sec_ver 1 --pop WRONGPOP --timeout_s 20 --transport ble \
  --service_name "$tmp/ble.sock" --ssid LabNet --passphrase "$pass" >"$tmp/p3.out" 2>&1
check "a wrong PoP is refused" test $? -ne 0
check "and named as such by the client" grep -q "wrong proof of possession" "$tmp/p3.out"
echo prov-pop >&7
check "the console shows the same PoP as fwtool" wait_log "provisioning PoP: $pop (derived from the eFuse device secret)"

echo poweroff >&7
[ $failed -gt 0 ] && { echo "--- device log:"; cat "$tmp/device.log"; echo "--- client:"; cat "$tmp"/p*.out; }
checks_done
