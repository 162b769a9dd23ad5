#!/usr/bin/env bash
# Faults in the field, with the device process booted from flash.bin and a real mosquitto:
# the broker is down at boot (retries with backoff, readings buffered up to offline_max, the rest
# counted as dropped), the sensor times out for a while (reported, the loop goes on), the broker
# dies while the device is online and comes back; a second boot loses Wi-Fi (the radio file
# schedules it) and reconnects as soon as it rejoins; a device whose certificate expired waits in
# "needs-certificate" without ever connecting. Every wait is for an event; the reconnect backoff is
# capped at 4 s (config reconnect_max_s) so that a broker coming back is met within seconds.
set -u
root=$1 build=$2
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
devs=()
trap 'rig_teardown "$work" "${devs[@]}"' EXIT
. "$(dirname "$0")/../checks.sh"
now_ms() { date +%s%3N; }
within_ms() {  # within_ms FROM TO MAX: both stamps known, TO at most MAX ms after FROM
  [ -n "$1" ] && [ -n "$2" ] && [ "$2" -ge "$1" ] && [ $(($2 - $1)) -le "$3" ]
}
stamp() { stamps "$1" "$2" | sed -n "${3}p"; }  # stamp FILE REGEX N: the N-th of stamps
batch_stamps() {  # batch_stamps FILE [N]: timestamps of the N-th batch (JSON array) received
  grep "^devices/sensor-01/telemetry \[" "$1" | sed -n "${2:-1}p" | grep -oE '"ts":[0-9]+' | cut -d: -f2
}
delays_in_windows() {  # FILE CAP_MS: the k-th retry delay after failed attempts is in [0.5 s, min(CAP, 2^k s)]
  local k=0 n w
  for n in $(grep -oE "connection attempt failed: .*retry in [0-9]+ ms" "$1" | grep -oE "[0-9]+ ms$" | cut -d' ' -f1); do
    w=$((1000 << k)); [ "$w" -gt "$2" ] && w=$2
    [ "$n" -ge 500 ] && [ "$n" -le "$w" ] || return 1
    k=$((k + 1))
  done
  [ "$k" -ge 3 ]
}
taken_one_by_one() {  # STAMPS ARRIVED_MS: read one by one, a second apart, not stamped together when
  # sent (the sampling timer may run late under load: 100 ms apart is the bound), and before they arrived
  local prev='' t
  for t in $1; do [ -z "$prev" ] || [ $((t - prev)) -ge 100 ] || return 1; prev=$t; done
  [ -n "$prev" ] && [ "$(head -1 <<<"$1")" -lt "$2" ]
}

rig_pki "$work/pki" sensor-01 || exit 1
"$root/tools/pki" device "$work/pki" sensor-old --expired >/dev/null || exit 1
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite devices/%u/#"
# The broker is restarted mid-test: it keeps the observer's persistent session (and the messages
# queued for it while it reconnects) across the restart.
mkdir -m 777 "$work/db"  # mosquitto started as root writes as user mosquitto
printf 'persistence true\npersistence_location %s/db/\n' "$work" >>"$work/mosquitto.conf"
rig_ntp_start "$work" || exit 1
wifi=$(rig_wifi_blob LabNet lab-pass-1)
radio='{"networks": [{"ssid": "LabNet", "password": "lab-pass-1"}]'
printf '%s}\n' "$radio" >"$work/radio.json"
# The radio drops from 8 s to 14 s after boot.
printf '%s, "outages": [{"at_s": 8, "for_s": 6}]}\n' "$radio" >"$work/radio-outage.json"
# Booted at t=0, the sensor times out from 2 s to 4 s.
printf 'ts_s,temperature,humidity,error\n0,21.5,40.0,\n2,0,0,timeout\n4,21.7,41.0,\n' >"$work/sensor.csv"

boot() {  # boot NAME IDENTITY [RADIO [RECONNECT_MAX_S]]: Wi-Fi credentials stored, interval 1 s, offline_max 3
  local d=$work/$1 cap=${4:-4}
  mkdir -p "$d"
  cat >"$d/config.json" <<EOF
{"config": {"broker_uri": "mqtts://localhost:$port", "interval_s": {"encoding": "u32", "value": 1},
            "offline_max": {"encoding": "u32", "value": 3}, "reconnect_max_s": {"encoding": "u32", "value": $cap},
            $(rig_ntp_config)},
 "wifi": {"sta": {"encoding": "hex2bin", "value": "$wifi"}}}
EOF
  rig_certfs "$d/certfs" "$work/pki" "$2" && rig_flash "$d/flash.bin" "$build" "$d/config.json" "$d/certfs" >/dev/null ||
    { echo "could not build $1's flash.bin"; exit 1; }
  "$build/hal_posix/chip/device" --flash "$d/flash.bin" --radio "${3:-$work/radio.json}" --sensor "$work/sensor.csv" \
    </dev/null >"$d/device.log" 2>&1 &
  devs+=($!)
}

# ---- broker down at boot ----
# The observer's persistent session exists before the device can connect, so that the broker keeps
# the device's first messages for it whichever of the two reconnects first.
rig_broker_start "$work" || exit 1
rig_sub "$work" "devices/sensor-01/#" "$work/a.mqtt" -c -i fault-observer -q 1 -E
wait "$RIG_SUB_PID" || { echo "the observer could not subscribe"; cat "$work/a.mqtt.err"; exit 1; }
rig_broker_stop
boot a sensor-01
boot b sensor-old
log=$work/a/device.log clog=$work/c/device.log
check "sensor failure reported" wait_for "$log" "sensor read failed \(timeout\), 2 failures so far"
# offline_max is 3: three readings dropped means at least six were taken while the broker was down.
check "readings beyond offline_max dropped, and said so" wait_for "$log" "offline buffer full: oldest reading dropped" 3
check "broker down: retrying" wait_for "$log" "mqtt: connecting to localhost:$port \(attempt 3\)"
check "broker down: says why and when it retries" wait_for "$log" "connection attempt failed: .*retry in [0-9]+ ms"
check "broker down: each retry waits within its growing backoff window" delays_in_windows "$log" 4000
rig_broker_start "$work" || exit 1
rig_sub "$work" "devices/sensor-01/#" "$work/a.mqtt" -c -i fault-observer -q 1
# The attempt after the broker starts is at most one capped backoff window (4 s) away.
check "broker up: online" wait_for "$log" "state connecting -> online" 1 30
check "buffered readings published" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" 1 10
arrived=$(now_ms) stamps=$(batch_stamps "$work/a.mqtt")
check "batch keeps offline_max=3 readings" test "$(wc -l <<<"$stamps")" -eq 3
check "batch readings carry the time they were taken" taken_one_by_one "$stamps" "$arrived"
rig_pub "$work" devices/sensor-01/cmd '{"id":"st","cmd":"get_status"}'
check "status answered" wait_for "$work/a.mqtt" '"id":"st","ok":true' 1 10
dropped=$(grep -oE '"dropped_messages":[0-9]+' "$work/a.mqtt" | tail -1 | cut -d: -f2)
check "readings beyond offline_max counted as dropped (${dropped:-none})" test "${dropped:-0}" -ge 3
check "sensor errors counted in the status" grep -q '"sensor_errors":2' "$work/a.mqtt"
check "the loop went on after the sensor failure" wait_for "$work/a.mqtt" '"temperature":21.7' 1 5

# ---- broker dies while online, comes back ----
rig_broker_stop
down_at=$(now_ms)
check "broker gone: noticed" wait_for "$log" "disconnected: " 1 10
check "broker gone: readings kept" wait_for "$log" "offline: keeping readings until online" 2
check "broker gone: an attempt failed" wait_for "$log" "connection attempt failed: " \
  $(($(count "$log" "connection attempt failed: ") + 1))
rig_broker_start "$work" || exit 1
check "broker back: online again" wait_for "$log" "state connecting -> online" 2 30
check "readings from the broker outage arrive" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" 2 20
arrived=$(now_ms) stamps=$(batch_stamps "$work/a.mqtt" 2)
check "...taken while it was offline" test "$(head -1 <<<"$stamps")" -ge "$((down_at - 1000))"
check "...with the time they were taken" taken_one_by_one "$stamps" "$arrived"

# ---- Wi-Fi outage, 8-14 s after a second boot ----
kill "${devs[0]}"; wait "${devs[0]}" 2>/dev/null
# The default backoff cap: only the rejoin's fresh start brings it back within a second or so.
boot c sensor-01 "$work/radio-outage.json" 120
check "Wi-Fi outage: online before it" wait_for "$clog" "state connecting -> online" 1 20
check "Wi-Fi outage: link lost" wait_for "$clog" "wifi_prov: link lost" 1 20
batches=$(count "$work/a.mqtt" "^devices/sensor-01/telemetry \[")
# The first "connecting -> connected" is the join at boot.
check "Wi-Fi outage: rejoined" wait_for "$clog" "wifi_prov: connecting -> connected" 2 30
check "Wi-Fi outage: online again" wait_for "$clog" "state connecting -> online" 2 20
# Attempts failed while the radio was down; the rejoin starts the backoff over, so the device is
# back within the first window (1 s) plus a handshake, not after a grown backoff.
rejoined=$(stamp "$clog" "wifi_prov: connecting -> connected" 2) online=$(stamp "$clog" "state connecting -> online" 2)
check "Wi-Fi outage: online ${online:-?} ms after the rejoin at ${rejoined:-?} ms" \
  within_ms "$rejoined" "$online" 2000
check "Wi-Fi outage: buffered readings arrive" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" $((batches + 1)) 10
kill "${devs[2]}"; wait "${devs[2]}" 2>/dev/null

# ---- expired certificate (booted with device a, checked at the end) ----
blog=$work/b/device.log
check "expired certificate: needs-certificate, saying why" wait_for "$blog" "-> needs-certificate: .*expired" 1 15
# The device goes on sampling: a full offline buffer is several seconds of running unconnected.
check "expired certificate: the device runs on" wait_for "$blog" "offline buffer full" 1 15
check "expired certificate: the broker never saw it" test "$(count "$work/mosquitto.log" "u'sensor-old'")" -eq 0
check "expired certificate: MQTT never started" test "$(count "$blog" "mqtt: connecting")" -eq 0

if [ $failed -gt 0 ]; then
  echo "--- device a:"; tail -60 "$log"; echo "--- device c:"; tail -40 "$clog"
  echo "--- device b:"; tail -20 "$blog"
  echo "--- received:"; tail -20 "$work/a.mqtt"; echo "--- broker:"; tail -20 "$work/mosquitto.log"
fi
checks_done
