#!/usr/bin/env bash
# Boot to first telemetry: the wall time from powering on the simulated chip to its first reading
# arriving at the platform (a subscriber on the broker), over N first power-ons. Each starts from
# a fresh copy of one flash.bin (secure boot: signed bootloader and app, the key in the eFuse; the
# device identity in certfs; Wi-Fi stored; generic profile, a reading every second) and a blank
# eFuse identity, so every boot is a first boot: ROM loader, bootloader verifying the app, Wi-Fi
# join, SNTP from the rig's chronyd, TLS 1.3 handshake, CONNECT, the first reading.
# Prints the N times in milliseconds, comma-separated, on stdout.
#
#   bench/boot_to_telemetry.sh BUILD_DIR [N]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=$1 runs=${2:-5}
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
dev=
cleanup() { [ -n "$dev" ] && kill "$dev" 2>/dev/null; rig_broker_stop; rig_ntp_stop; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "boot_to_telemetry: $*" >&2; exit 1; }

id=bench-boot
rig_pki "$work/pki" "$id" && "$root/tools/pki" signing "$work/pki" >/dev/null || fail "cannot make the PKI"
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite devices/%u/#"
rig_broker_start "$work" && rig_ntp_start "$work" || fail "cannot start mosquitto or chronyd"
"$build/tools/src/fwtool/fwtool" image sign "$build/images/app.img" --key "$work/pki/signing_key.pem" \
  -o "$work/app.img" >/dev/null || fail "cannot sign the app image"
cat >"$work/config.json" <<EOF
{"config": {"broker_uri": "mqtts://localhost:$port", "profile": "generic", "device_id": "$id", "enroll": "none",
            "interval_s": {"encoding": "u32", "value": 1}, $(rig_ntp_config)},
 "wifi": {"sta": {"encoding": "hex2bin", "value": "$(rig_wifi_blob BenchNet bench-pass-1)"}}}
EOF
echo '{"networks": [{"ssid": "BenchNet", "password": "bench-pass-1"}]}' >"$work/radio.json"
rig_certfs "$work/certfs" "$work/pki" "$id" &&
  rig_flash "$work/template.bin" "$build" "$work/config.json" "$work/certfs" "$work/app.img" \
    "$work/pki/signing_key.pem" >/dev/null || fail "cannot build flash.bin"

# One subscriber for every boot, stamping each message on arrival (unix time, ns). It is in place
# once a probe published after it started comes back.
# shellcheck disable=SC2046
mosquitto_sub $(rig_operator_args "$work") -t "devices/#" -F '%U %t' >"$work/arrivals" 2>"$work/sub.err" &
sub=$!
arrived() { grep -c " $1\$" "$work/arrivals"; }
for _ in $(seq 100); do
  # shellcheck disable=SC2046
  mosquitto_pub $(rig_operator_args "$work") -t devices/probe -m probe 2>/dev/null
  [ "$(arrived devices/probe)" -gt 0 ] && break
  sleep 0.1
done
[ "$(arrived devices/probe)" -gt 0 ] || fail "the subscriber never received its probe"

times=()
topic=devices/$id/telemetry
for i in $(seq "$runs"); do
  cp "$work/template.bin" "$work/flash.bin" && cp "$work/template.bin.efuse.json" "$work/flash.bin.efuse.json" || exit 1
  before=$(arrived "$topic")
  t0=$(date +%s%N)
  "$build/hal_posix/chip/device" --flash "$work/flash.bin" --radio "$work/radio.json" </dev/null \
    >"$work/device-$i.log" 2>&1 &
  dev=$!
  for _ in $(seq 600); do [ "$(arrived "$topic")" -gt "$before" ] && break; sleep 0.05; done
  [ "$(arrived "$topic")" -gt "$before" ] || fail "no telemetry within 30 s (boot $i): $(tail -3 "$work/device-$i.log")"
  kill "$dev"; wait "$dev" 2>/dev/null; dev=
  t1=$(grep " $topic\$" "$work/arrivals" | sed -n "$((before + 1))p" | cut -d' ' -f1 | tr -d .)
  times+=($(((t1 - t0) / 1000000)))
done
kill "$sub"
(IFS=,; echo "${times[*]}")
