#!/usr/bin/env bash
# tools/fleet run, as a platform team runs it: 50 devices from one template at a ramp of 25/s,
# each enrolling through devcloud, all online; then the broker is restarted under them (down 2 s)
# and every device comes back by itself. The summary JSON must hold what the devices' own logs
# say: latencies of all 50, the broker restart with all 50 back, each offline about as long as
# the broker was down, and the messages devcloud received; the devices share one copy of the app,
# and the broker answers each enrollment to the device that asked only. No device process outlives
# the run.
set -u
root=$1 build=$2 reply_route=${3:-1} fleet=50
. "$root/tests/system/checks.sh"
work=$(mktemp -d)
chmod 755 "$work"  # mosquitto started as root reads its files as user mosquitto
trap 'rm -rf "$work"' EXIT

FW_BUILD_DIR=$build "$root/tools/fleet" run --devices $fleet --ramp 25 --interval 2 --reconnect-max 4 \
  --workdir "$work/run" --chaos broker --chaos-at 1 --chaos-for 2 --hold 3 --timeout 200 >"$work/out.txt" 2>&1
status=$?
s=$work/run/summary.json
j() { jq -r "$1" "$s" 2>/dev/null; }
check "tools/fleet run exited 0 (the fleet settled)" test "$status" -eq 0
check "the summary JSON was written" jq -e ".devices == $fleet" "$s"
check "all $fleet devices were online at the end" test "$(j .online_at_end)" = $fleet
check "time to all online is reported ($(j .time_to_all_online_s) s)" jq -e '.time_to_all_online_s > 0' "$s"
for l in boot_to_online enroll connect; do
  check "$l latency from all $fleet logs: p50 $(j .latency_ms.$l.p50) p90 $(j .latency_ms.$l.p90) p99 $(j .latency_ms.$l.p99) ms" \
    jq -e ".latency_ms.$l | .n == $fleet and .p50 <= .p90 and .p90 <= .p99 and .p99 <= .max" "$s"
done
check "the broker restart struck the whole fleet" test "$(j .chaos.affected)" = $fleet
check "every device came back (recovery $(j .chaos.recovery_s) s)" test "$(j .chaos.recovered)" = $fleet
# The broker is restarted 2 s after its SIGTERM, but a device's offline time starts when it sees its
# connection close, which on a loaded machine can be a good part of a second after the signal while
# another device reconnects as soon as the new broker listens: the bound leaves that shutdown out.
check "each device was offline about the 2 s the broker was down (min $(j .chaos.offline_ms.min) ms)" \
  jq -e '.chaos.offline_ms | .n == 50 and .min >= 1500' "$s"
check "the histogram holds every reconnection" jq -e '[.chaos.offline_histogram[].devices] | add == 50' "$s"
check "devcloud received telemetry ($(j .messages_per_s) messages/s)" jq -e '.messages_per_s > 0' "$s"
check "every device's reconnection is counted" jq -e '.reconnects >= 50' "$s"
check "resources were measured for every device" test "$(j .resources.devices_measured)" = $fleet
# Each chip would hold its own copy of the app; sharing leaves one, or a few where chips booted
# while the one registered had not yet started its copy.
check "the $fleet devices ran from $(j .resources.image_copies) shared copies of the app" \
  jq -e '.resources.image_copies >= 1 and .resources.image_copies <= 10' "$s"
# The memory budget of an idle device on the host: 2.8 MB PSS here (4.6 MB when each chip held its
# own copy of the app and the heap counter's whole table).
check "each device's PSS is under 4 MB ($(j .resources.pss_kb_per_device) kB)" jq -e '.resources.pss_kb_per_device < 4096' "$s"
if [ "$reply_route" = 1 ]; then
  check "the broker answered each device's enrollment to it alone (reply_route loaded)" \
    grep -q "reply_route: answers from 'operator' reach only the client that asked" "$work/run/mosquitto.log"
fi
registered() {
  [ "$("$build/tools/src/devcloud/devcloud" devices --state-dir "$work/run/devcloud" | grep -cE 'ESP32_0000[0-9A-F]{2}')" -eq $fleet ]
}
check "devcloud registered $fleet things, ESP32_000001 .. ESP32_000032" registered
check "each device has its own log, online under its own id" \
  test "$(grep -l 'state connecting -> online' "$work"/run/ESP32_*/device.log | wc -l)" -eq $fleet
no_leftovers() { ! pgrep -f "$work/run/ESP32_" >/dev/null; }
check "no device process outlived the run" no_leftovers
check "the text summary shows the reconnect histogram" grep -q "time offline:" "$work/out.txt"
if [ $failed -gt 0 ]; then
  tail -40 "$work/out.txt"
  tail -15 "$work/run/ESP32_000001/device.log"
fi
checks_done
