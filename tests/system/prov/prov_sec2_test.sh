#!/usr/bin/env bash
# Security 2 (SRP6a + AES-GCM) end to end: `prov --sec2_gen_cred` makes the salt and verifier,
# `fwtool nvs gen` stores them in the device's config, the device boots from flash.bin and
# provisions over SoftAP with `tools/prov --sec_ver 2` as esp_prov would. A wrong password is
# refused before anything is configured; `--reset` clears a failed join (prov-ctrl); the password
# and the passphrase never appear in the device log.
set -u
root=$1 build=$2
. "$root/tools/lib/ports.sh"
tmp=$(mktemp -d) dev=
cleanup() { kill "$dev" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/../checks.sh"
prov() { FW_BUILD_DIR=$build "$root/tools/prov" --transport softap --service_name "127.0.0.1:$port" --timeout_s 20 "$@"; }

user=installer pwd=sec2-pw-8d41c pass=correct-horse-42 fwtool=$build/tools/src/fwtool/fwtool
FW_BUILD_DIR=$build "$root/tools/prov" --sec_ver 2 --sec2_gen_cred --sec2_username "$user" --sec2_pwd "$pwd" \
  >"$tmp/config.json" || exit 1
"$fwtool" nvs gen "$tmp/config.json" -o "$tmp/nvs.bin" &&
  "$fwtool" flash build --partitions "${FW_PARTITIONS:-$root/partitions/partitions.csv}" --size "${FW_FLASH_SIZE:-4M}" \
    --bootloader "$build/images/bootloader.img" --app "$build/images/app.img" --nvs "$tmp/nvs.bin" -o "$tmp/flash.bin" ||
  exit 1
printf '{"networks": [{"ssid": "LabNet", "password": "%s"}]}\n' "$pass" >"$tmp/radio.json"
port=$(free_port) || exit 1
"$build/hal_posix/chip/device" --flash "$tmp/flash.bin" --radio "$tmp/radio.json" --prov-port "$port" \
  </dev/null >"$tmp/device.log" 2>&1 &
dev=$!

check "device provisions with security 2" wait_for "$tmp/device.log" "provisioning with security 2"
wait_port "$port" || echo "SoftAP port $port not open"
prov --sec_ver 2 --sec2_username "$user" --sec2_pwd wrong-password --ssid LabNet --passphrase "$pass" >"$tmp/p1.out" 2>&1
check "wrong password: session refused" test $? -eq 1
check "wrong password: client says why" grep -q "wrong username or password" "$tmp/p1.out"
check "wrong password: device saw a bad proof" wait_for "$tmp/device.log" "client verification failed \\(wrong username or password"
check "wrong password: the handshake is locked" wait_for "$tmp/device.log" "session attempts refused for 1000 ms"

# The next attempt waits out the lock: retried while the device answers "locked".
for _ in $(seq 50); do
  prov --sec2_username "$user" --sec2_pwd "$pwd" --ssid LabNet --passphrase wrong-passphrase >"$tmp/p2.out" 2>&1
  rc=$?
  grep -q "locked after a wrong username or password" "$tmp/p2.out" || break
  sleep 0.1
done
check "wrong passphrase: the device reports the failure" test $rc -eq 2
prov --sec2_username "$user" --sec2_pwd "$pwd" --reset >"$tmp/p3.out" 2>&1
check "--reset after the failure" test $? -eq 0
check "device cleared the failure" wait_for "$tmp/device.log" "CtrlReset: failure cleared"

prov --sec2_username "$user" --sec2_pwd "$pwd" --ssid LabNet --passphrase "$pass" --scan >"$tmp/p4.out" 2>&1
check "security 2 provisioning succeeds" test $? -eq 0
check "scan listed the network" grep -q "LabNet" "$tmp/p4.out"
check "device joined" wait_for "$tmp/device.log" "wifi_prov: connected to 'LabNet'"
check "no secret in the log" bash -c "! grep -qE -- '$pwd|$pass|wrong-passphrase|wrong-password' '$tmp/device.log'"

[ $failed -gt 0 ] && { echo "--- device log:"; cat "$tmp/device.log"; echo "--- client:"; cat "$tmp"/p*.out; }
checks_done
