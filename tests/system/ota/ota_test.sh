#!/usr/bin/env bash
# Over-the-air updates of the device booted from flash.bin with secure boot on, observed from
# outside. ThingsBoard profile, served by otapub: 1.0.0 -> 1.1.0 (a different ELF) replaces the
# running program; damaged, foreign, truncated, mislabelled and downgrade images are refused with
# the reason and the device keeps running; 1.2.0 that cannot come online is rolled back by the
# bootloader and the old image reports it. Cumulocity profile: the same update over HTTPS from
# openssl s_server, and a 404; a chip with no update key burned refuses every update with the
# reason.
set -u
root=$1 build=$2 otapub=$3
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
fwtool=$build/tools/src/fwtool/fwtool device=$build/hal_posix/chip/device elf=$build/images/app.img.elf
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rig_broker_stop; rig_ntp_stop; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
dlog=/dev/null tb_log=/dev/null c8y_log=/dev/null rows=/dev/null c8y_rows=/dev/null
. "$(dirname "$0")/../checks.sh"
boots() { count_text "$dlog" "second-stage bootloader"; }
app_pid() {  # the chip's current boot runs as the device process's child
  local c=; read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null; echo "$c"
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- Keys, images and their variants ---------------------------------------------------------
rig_pki "$work/pki" tb-dev c8y-dev c8y-nokey && "$root/tools/pki" signing "$work/pki" >/dev/null &&
  "$root/tools/pki" signing "$work/other" >/dev/null || exit 1
key=$work/pki/signing_key.pem
img=$work/img
mkdir -p "$img"
new_elf() {  # new_elf OUT TEXT: the app ELF with an extra section, so its bytes differ
  printf '%s' "$2" >"$img/$2.txt"
  objcopy --add-section ".fwtest=$img/$2.txt" "$elf" "$1"
}
image() {  # image OUT ELF VERSION SECURE_VERSION [PROJECT]: signed unless OUT ends in .unsigned
  "$fw_exec" "$fwtool" image create --elf "$2" --version "$3" --secure-version "$4" --project "${5:-iotfw}" -o "$1" || exit 1
  case $1 in *.unsigned) ;; *) "$fw_exec" "$fwtool" image sign "$1" --key "$key" >/dev/null || exit 1 ;; esac
}
new_elf "$img/app11.elf" 1.1.0 && new_elf "$img/app12.elf" 1.2.0 || exit 1
image "$img/app-1.0.img" "$elf" 1.0.0 0
image "$img/app-1.1.img" "$img/app11.elf" 1.1.0 1
image "$img/app-1.2.img" "$img/app12.elf" 1.2.0 1
# The variants are built from the 1.0.0 ELF: their images have 1.0.0's length.
image_len=$("$fw_exec" "$fwtool" image info "$img/app-1.0.img" | sed -n 's/^image length: *//p')
sig=$(( (image_len + 4095) / 4096 * 4096 ))  # the signature sector
fix_block_crc() {  # the block's CRC-32 (zlib: gzip's trailer holds it, little-endian) over bytes 0..1195
  dd if="$1" bs=1 skip="$sig" count=1196 status=none | gzip -c | tail -c 8 | head -c 4 |
    dd of="$1" bs=1 seek=$((sig + 1196)) conv=notrunc status=none
}
image "$img/badsig.img" "$elf" 2.0.1 1
rig_flip_byte "$img/badsig.img" $((sig + 101 + 7)) && fix_block_crc "$img/badsig.img"  # r, CRC still right
image "$img/badblock.img" "$elf" 2.0.2 1
rig_flip_byte "$img/badblock.img" $((sig + 101 + 7))  # r, CRC now wrong
image "$img/otherkey.img" "$elf" 2.0.3 1
"$fw_exec" "$fwtool" image sign "$img/otherkey.img" --key "$work/other/signing_key.pem" >/dev/null || exit 1
image "$img/unsigned.img.unsigned" "$elf" 2.0.4 1
image "$img/truncated.img" "$elf" 2.0.5 1
head -c $(($(stat -c %s "$img/truncated.img") / 2)) "$img/truncated.img" >"$img/half.img"
image "$img/project.img" "$elf" 2.0.6 1 otherfw
image "$img/badhash.img" "$elf" 2.0.7 1
rig_flip_byte "$img/badhash.img" 5000  # inside the program, after signing
image "$img/downgrade.img" "$elf" 0.9.0 0
image "$img/foreign.img.unsigned" "$elf" 2.0.8 1  # with the signature sector of another image
{ cat "$img/foreign.img.unsigned"; head -c $((sig - $(stat -c %s "$img/foreign.img.unsigned"))) /dev/zero | tr '\0' '\377'
  tail -c +$((sig + 1)) "$img/downgrade.img"; } >"$img/foreign.img"
head -c 20000 /dev/urandom >"$img/noise.img"
slot=$(( $(awk -F, '$1 ~ /^ota_1/ {gsub(/ /, "", $5); print $5}' "${FW_PARTITIONS:-$root/partitions/partitions.csv}") ))

verifies() { "$fw_exec" "$fwtool" image verify "$1" --key "$work/pki/signing_pub.pem" >/dev/null 2>&1; }
refused_by_fwtool() { ! verifies "$1"; }
check "fwtool: 1.1.0 verifies" verifies "$img/app-1.1.img"
for f in badsig.img badblock.img otherkey.img unsigned.img.unsigned half.img badhash.img foreign.img noise.img; do
  check "fwtool: $f is refused" refused_by_fwtool "$img/$f"
done

# --- Broker, flash.bin, device -----------------------------------------------------------------
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite v1/devices/me/#" "pattern readwrite v2/fw/#" "pattern readwrite s/#"
rig_broker_start "$work" && rig_ntp_start "$work" || exit 1
radio() {  # radio DIR OUTAGES: the air the chip finds at its next boot (each boot reads the file)
  echo "{\"networks\": [{\"ssid\": \"OtaNet\", \"password\": \"ota-pass-1\"}], \"outages\": [$2]}" >"$1/radio.new" &&
    mv "$1/radio.new" "$1/radio.json"
}
make_device() {  # make_device DIR ID PROFILE [nokey]: flash.bin (1.0.0 in ota_0, Wi-Fi stored), eFuse with our key
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/config.json" <<EOF
{"config": {"broker_uri": "mqtts://localhost:$port", "profile": "$3",
            "interval_s": {"encoding": "u32", "value": 2}, "ota_selftest_s": {"encoding": "u32", "value": 30},
            $(rig_ntp_config)},
 "wifi": {"sta": {"encoding": "hex2bin", "value": "$(rig_wifi_blob OtaNet ota-pass-1)"}}}
EOF
  radio "$dir" ""
  rig_certfs "$dir/certfs" "$work/pki" "$2" && rig_flash "$dir/flash.bin" "$build" "$dir/config.json" "$dir/certfs" \
    "$img/app-1.0.img" "$([ "${4:-}" = nokey ] || echo "$key")" >/dev/null
}
start_device() {  # start_device DIR: boots it; DEV, dlog
  dlog=$1/device.log
  "$fw_exec" "$device" --flash "$1/flash.bin" --radio "$1/radio.json" </dev/null >"$dlog" 2>&1 &
  DEV=$!
  pids+=("$DEV")
}
ota() {  # ota OUT ARGS...: otapub as the platform
  "$fw_exec" "$otapub" --port "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
    --key "$work/pki/devices/operator.key" "${@:2}" >"$1" 2>&1
}
subscribe() {  # subscribe FILTER OUT: the platform's view, for the whole test
  rig_sub "$work" "$1" "$2"
  pids+=("$RIG_SUB_PID")
}

# --- ThingsBoard: MQTT chunks ------------------------------------------------------------------
make_device "$work/tb" tb-dev thingsboard || exit 1
tele=$work/tb-telemetry.txt
subscribe v1/devices/me/telemetry "$tele"
start_device "$work/tb"
check "1.0.0 online" wait_for_text "$tele" '"current_fw_version":"1.0.0"' 1 30
check "secure boot on" wait_for_text "$dlog" "secure boot: only images signed"
check "1.0.0 runs its own ELF" test "$(sha "$(fw_exe_of "$(app_pid "$DEV")")")" = "$(sha "$elf")"

ota "$work/u11.out" --image "$img/app-1.1.img" --version 1.1.0 --until UPDATING --timeout-s 120
check "1.1.0: otapub sees UPDATING" test $? -eq 0
check "1.1.0: progress reported" grep -qzE "DOWNLOADING.*DOWNLOADED.*VERIFIED.*UPDATING" "$work/u11.out"
check "1.1.0: restart through the bootloader" wait_for_text "$dlog" "ota_1 is new: first boot, PENDING_VERIFY" 1 30
check "1.1.0: bootloader verified ota_1" wait_for_text "$dlog" "ota_1: image 'iotfw' version 1.1.0 verified"
check "1.1.0: banner" wait_for_text "$dlog" "app: iotfw version 1.1.0 "
check "1.1.0: runs from ota_1" wait_for_text "$dlog" "running from ota_1"
check "1.1.0: UPDATED reported" wait_for_text "$tele" '"fw_state":"UPDATED"' 1 30
check "1.1.0: reports its version" wait_for_text "$tele" '"current_fw_version":"1.1.0"'
check "1.1.0: marked valid" wait_for_text "$dlog" "image 1.1.0 marked valid"
pid11=$(app_pid "$DEV")
exe=$(sha "$(fw_exe_of "$pid11")")
check "the running program is the 1.1.0 ELF" test "$exe" = "$(sha "$img/app11.elf")"
check "... not the 1.0.0 one" test "$exe" != "$(sha "$elf")"
check "same device process (restarted in place)" kill -0 "$DEV"
check "anti-rollback counter raised to 1" grep -qE '"secure_version": *1[,}]?$' "$work/tb/flash.bin.efuse.json"

reject() {  # reject NAME IMAGE VERSION REASON [otapub options...]
  local name=$1 file=$2 version=$3 reason=$4 before; shift 4
  before=$(boots)
  ota "$work/rej-$name.out" --image "$file" --version "$version" --until UPDATING --timeout-s 90 "$@"
  check "$name: FAILED reported" test $? -eq 3
  check "$name: reason '$reason'" grep -qE "^fw_state FAILED: $reason(:|$)" "$work/rej-$name.out"
  check "$name: 1.1.0 keeps running" test "$(boots)" -eq "$before" -a "$(app_pid "$DEV")" = "$pid11"
}
reject badsig "$img/badsig.img" 2.0.1 "bad signature"
reject badblock "$img/badblock.img" 2.0.2 "bad signature block"
reject otherkey "$img/otherkey.img" 2.0.3 "signing key not trusted"
reject unsigned "$img/unsigned.img.unsigned" 2.0.4 "no signature block"
reject truncated "$img/half.img" 2.0.5 "image truncated"
reject project "$img/project.img" 2.0.6 "wrong project name"
reject badhash "$img/badhash.img" 2.0.7 "bad hash"
reject foreign "$img/foreign.img" 2.0.8 "signature digest mismatch"
reject downgrade "$img/downgrade.img" 0.9.0 "secure_version below the anti-rollback counter"
reject checksum "$img/app-1.2.img" 1.2.0 "download checksum mismatch" --checksum "$(sha "$img/app-1.0.img")"
reject toolarge "$img/app-1.2.img" 1.2.0 "image larger than the slot" --size $((slot + 4096))
reject noise "$img/noise.img" 2.0.9 "not an app image"
n=$(count_text "$tele" '"temperature"')
check "still publishing after the refusals" wait_for_text "$tele" '"temperature"' $((n + 2))

# Rollback: 1.2.0 installs, but its boot finds no network for longer than the 30 s self-test, so it
# cannot come online whatever the machine's load. The air is given back once its banner shows
# (the radio file was read before it), so the 1.1.0 it rolls back to comes online and reports it.
radio "$work/tb" '{"at_s": 0, "for_s": 600}'
ota "$work/u12.out" --image "$img/app-1.2.img" --version 1.2.0 --until UPDATING --timeout-s 120
check "1.2.0: otapub sees UPDATING" test $? -eq 0
check "1.2.0: boots" wait_for_text "$dlog" "app: iotfw version 1.2.0 " 1 30
radio "$work/tb" ""
check "1.2.0: self-test gives up" wait_for_text "$dlog" "self-test failed: version 1.2.0 was not online within 30 s" 1 60
check "bootloader rolls back" wait_for_text "$dlog" "was never confirmed by its app: marking it ABORTED" 1 20
check "1.1.0 boots again" wait_for_text "$dlog" "app: iotfw version 1.1.0 " 2 20
check "rollback reported" wait_for_text "$tele" '"fw_error":"rolled back' 1 40
check "rollback names 1.2.0" grep -qE '"fw_state":"FAILED".*"fw_error":"rolled back.*1\.2\.0' "$tele"
check "the running program is the 1.1.0 ELF again" test "$(sha "$(fw_exe_of "$(app_pid "$DEV")")")" = "$(sha "$img/app11.elf")"
kill "$DEV"; wait "$DEV" 2>/dev/null
tb_log=$dlog

# --- Cumulocity: HTTPS ---------------------------------------------------------------------------
# s_server -WWW serves the image as a close-delimited HTTP/1.0 200, and a missing file as a 200
# with an error text; a second one in -HTTP mode sends a file holding a whole response: a real 404.
mkdir -p "$work/www" "$work/www404" && cp "$img/app-1.1.img" "$work/www/"
printf 'HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such firmware\r\n' >"$work/www404/gone.img"
s_server() {  # s_server DIR MODE: on a free loopback port with the PKI's localhost certificate; SPORT
  SPORT=$(free_port)
  (cd "$1" && exec openssl s_server "$2" -quiet -accept "127.0.0.1:$SPORT" -cert "$work/pki/server.crt" \
    -key "$work/pki/server.key" -cert_chain "$work/pki/intermediate.crt") >>"$work/s_server.log" 2>&1 &
  pids+=($!)
  wait_port "$SPORT" || echo "openssl s_server did not start"
}
s_server "$work/www" -WWW
hport=$SPORT
s_server "$work/www404" -HTTP
nport=$SPORT
make_device "$work/c8y" c8y-dev cumulocity || exit 1
rows=$work/c8y-rows.txt
subscribe "s/#" "$rows"
start_device "$work/c8y"
check "c8y: 1.0.0 online" wait_for_text "$rows" "115,iotfw,1.0.0" 1 30
rig_pub "$work" s/ds "515,c8y-dev,iotfw,1.1.0,https://localhost:$hport/app-1.1.img"
check "c8y: 501 executing" wait_for_text "$rows" "501,c8y_Firmware"
check "c8y: restarts into 1.1.0" wait_for_text "$dlog" "app: iotfw version 1.1.0 " 1 60
check "c8y: startup rows name 1.1.0" wait_for_text "$rows" "115,iotfw,1.1.0" 1 30
check "c8y: 503 successful" wait_for_text "$rows" "503,c8y_Firmware" 1 30
check "c8y: runs the 1.1.0 ELF" test "$(sha "$(fw_exe_of "$(app_pid "$DEV")")")" = "$(sha "$img/app11.elf")"
before=$(boots)
rig_pub "$work" s/ds "515,c8y-dev,iotfw,1.3.0,https://localhost:$nport/gone.img"
check "c8y: 502 for HTTP 404" wait_for_text "$rows" "502,c8y_Firmware" 1 30
check "c8y: 502 names the 404" grep -qE "502,c8y_Firmware,.*404" "$rows"
rig_pub "$work" s/ds "515,c8y-dev,iotfw,1.3.0,https://localhost:$hport/missing.img"
check "c8y: 502 for s_server's error page" wait_for_text "$rows" "502,c8y_Firmware" 2 30
n=$(count_text "$rows" "211,")
check "c8y: keeps running" wait_for_text "$rows" "211," $((n + 2))
check "c8y: no restart" test "$(boots)" -eq "$before"
kill "$DEV"; wait "$DEV" 2>/dev/null
c8y_log=$dlog

# --- No update key burned: the same signed 1.1.0 is refused, nothing is downloaded --------------
make_device "$work/nokey" c8y-nokey cumulocity nokey || exit 1
c8y_rows=$rows rows=$work/nokey-rows.txt
subscribe "s/#" "$rows"
start_device "$work/nokey"
check "no key: 1.0.0 online" wait_for_text "$rows" "115,iotfw,1.0.0" 1 30
rig_pub "$work" s/ds "515,c8y-nokey,iotfw,1.1.0,https://localhost:$hport/app-1.1.img"
check "no key: 502 names the missing key" \
  wait_for_text "$rows" "502,c8y_Firmware,no update key: burn one with fwtool efuse burn-key" 1 30
check "no key: the refusal is logged" grep -qF "update refused: no update key" "$dlog"
check "no key: nothing downloaded" test "$(count_text "$dlog" "GET https://")" -eq 0
check "no key: no restart" test "$(boots)" -eq 1
check "no key: still runs 1.0.0" test "$(sha "$(fw_exe_of "$(app_pid "$DEV")")")" = "$(sha "$elf")"

if [ $failed -gt 0 ]; then
  for f in "$work"/u1*.out "$work"/rej-*.out; do [ -s "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done
  echo "--- ThingsBoard device log (tail):"; tail -60 "$tb_log"
  echo "--- Cumulocity device log (tail):"; tail -40 "$c8y_log"
  echo "--- device without a key, log (tail):"; tail -20 "$dlog"
  echo "--- Cumulocity rows:"; tail -20 "$c8y_rows"
  echo "--- rows of the device without a key:"; tail -10 "$rows"
fi
checks_done
