#!/usr/bin/env bash
# A fleet from one flash image: 20 devices booted from copies of the same flash.bin template (only
# the fleet's claim certificate in it), each chip with its own eFuse (MAC, device secret) made at
# first power-on. Each makes its own key, enrolls through devcloud (AWS-style CSR flow + thing
# registration), reconnects with its own certificate and publishes under its own id; the broker's
# ACL keeps each device to its own topics (one device trying another's is refused); a copy of
# flash.bin does not reveal a device's private key.
set -u
root=$1 build=$2 probe=$3 fleet=${4:-20}
. "$root/tests/system/enroll/enroll_rig.sh"
fwtool=$build/tools/src/fwtool/fwtool

rig_pki "$work/pki" claim || exit 1
port=$(free_port)
enroll_broker "$work" "$port" "pattern readwrite devices/%u/#" || exit 1
rig_devcloud_start "$work" "$build" --quiet || exit 1
enroll_template "$work" "$build" "$port" template '"enroll": "aws", "interval_s": {"encoding": "u32", "value": 2}' ||
  { echo "cannot build the template flash.bin"; exit 1; }
check "the template holds no device certificate or key" \
  bash -c "! '$fwtool' certfs ls --flash '$work/template.bin' | grep -q device"

# Devices 1 and 2 take console commands (the ACL check); the rest read nothing.
for i in $(seq "$fleet"); do
  if [ "$i" -le 2 ]; then enroll_boot "$work" "$build" template "dev$i" console; else enroll_boot "$work" "$build" template "dev$i"; fi
  devs+=("$ENROLL_DEVICE_PID")
done

all_online() { [ "$(enroll_online_count "$work")" -eq "$fleet" ]; }
enroll_wait 150 all_online
check "all $fleet devices enrolled and came online (got $(enroll_online_count "$work"))" all_online

ids=()
for i in $(seq "$fleet"); do ids+=("$(enroll_id_of "$work/dev$i")"); done
check "every chip has its own MAC, so its own id" test "$(printf '%s\n' "${ids[@]}" | sort -u | grep -c ESP32_)" -eq "$fleet"
registered() { [ "$("$build/tools/src/devcloud/devcloud" devices --state-dir "$work/devcloud" | grep -c ESP32_)" -eq "$fleet" ]; }
check "devcloud registered all $fleet things" registered

# Each publishes under its own id: telemetry from every id, recorded by devcloud.
all_publish() {
  local id
  for id in "${ids[@]}"; do grep -q "\"device\":\"$id\"" "$work/devcloud/telemetry.jsonl" || return 1; done
}
enroll_wait 30 all_publish
check "devcloud recorded telemetry from every device under its own id" all_publish

# The ACL: device 1 subscribes to its own telemetry (the control: that is delivered), to device
# 2's topics, and publishes a reboot command on device 2's command topic.
id1=${ids[0]} id2=${ids[1]}
rig_sub "$work" "devices/$id2/cmd" "$work/dev2_cmd.txt"
devs+=("$RIG_SUB_PID")
enroll_console "$work/dev1" "mqtt-sub devices/$id1/telemetry"
enroll_console "$work/dev1" "mqtt-sub devices/$id2/#"
dlog1=$work/dev1/device.log
granted() {  # both console subscriptions acknowledged by the broker
  local p
  for p in $(grep -oE "console subscribe to devices/.* sent \(packet [0-9]+\)" "$dlog1" | grep -oE "[0-9]+\)$" | tr -d ')'); do
    grep -qE "subscription granted \(packet $p," "$dlog1" || return 1
  done
  [ "$(count "$dlog1" "console subscribe to devices/")" -eq 2 ]
}
enroll_wait 15 granted
check "device 1's subscriptions were granted" granted
enroll_console "$work/dev1" "mqtt-pub devices/$id2/cmd {\"id\":\"evil\",\"cmd\":\"reboot\"}"
sees_own() { grep -q "console subscription devices/$id1/telemetry: message on devices/$id1/telemetry" "$dlog1"; }
denied() { grep -q "Denied PUBLISH from $id1 .*'devices/$id2/cmd'" "$work/mosquitto.log"; }
enroll_wait 15 sees_own
check "device 1 receives its own topic (the subscription mechanism works)" sees_own
enroll_wait 10 denied
check "the broker denied device 1's publish on device 2's topic" denied
# Order, not time, proves an absence: once the broker has routed a new reading of device 2 (devcloud
# recorded it), a marker published after it on device 1's own topic reaches device 1 after anything
# of device 2's that the broker would have sent it.
from2() { count "$work/devcloud/telemetry.jsonl" "\"device\":\"$id2\""; }
seen2=$(from2)
newer2() { [ "$(from2)" -gt "$seen2" ]; }
enroll_wait 30 newer2
check "device 2 published again after device 1 subscribed" newer2
rig_pub "$work" "devices/$id1/telemetry" ordering-marker
marker() { grep -q "message on devices/$id1/telemetry .*ordering-marker" "$dlog1"; }
enroll_wait 15 marker
check "device 1 received the marker" marker
check "device 1 received nothing of device 2's topics" bash -c "! grep -q 'message on devices/$id2/' '$dlog1'"
check "nothing reached device 2's command topic" test ! -s "$work/dev2_cmd.txt"
check "device 2 never saw the command" bash -c "! grep -q 'command reboot' '$work/dev2/device.log'"

once() { [ "$(grep -c 'enrolled as' "$work/dev$1/device.log")" -eq 1 ]; }
all_once() { local i; for i in $(seq "$fleet"); do once "$i" || return 1; done; }
check "every device enrolled exactly once" all_once

# What a copy of flash.bin tells: stop two devices and read their flash.
for i in 3 4; do kill "${devs[$((i - 1))]}" 2>/dev/null; wait "${devs[$((i - 1))]}" 2>/dev/null; done
own_identity() {  # own_identity N: device.crt names the chip's id and chains to the fleet CA
  local d=$work/dev$1 id
  id=$(enroll_id_of "$d")
  "$fwtool" certfs extract --flash "$d/flash.bin" device.crt -o "$d/device.crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$d/device.crt" -noout -subject | grep -q "CN *= *$id\$" &&
    openssl verify -CAfile "$work/pki/ca.crt" -untrusted "$work/pki/intermediate.crt" "$d/device.crt" >/dev/null 2>&1
}
key_hidden() {  # key_hidden N OTHER: sealed, opens with the chip's eFuse only, nowhere in plaintext
  "$probe" "$work/dev$1/flash.bin" "$work/dev$1/flash.bin.efuse.json" "$work/dev$2/flash.bin.efuse.json" >"$work/probe$1.txt"
}
check "device 3: device.crt names $(enroll_id_of "$work/dev3") and chains to the fleet CA" own_identity 3
check "device 4: device.crt names $(enroll_id_of "$work/dev4") and chains to the fleet CA" own_identity 4
check "device 3: the private key is sealed and not in flash.bin" key_hidden 3 4
check "device 4: the private key is sealed and not in flash.bin" key_hidden 4 3
cat "$work/probe3.txt"

if [ $failed -gt 0 ]; then
  echo "--- devcloud:"; tail -30 "$work/devcloud.log"
  for i in 1 2 3; do echo "--- device $i:"; tail -25 "$work/dev$i/device.log"; done
fi
checks_done
