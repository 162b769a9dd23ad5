#!/usr/bin/env bash
# Faults in the field, with the device process booted from flash.bin and a real mosquitto:
# the broker is down at boot (retries with backoff, readings buffered up to offline_max, the rest
# counted as dropped), the sensor times out for a while (reported, the loop goes on), the broker
# dies while the device is online and comes back; a second boot loses Wi-Fi (the radio file
# schedules it) and reconnects as soon as it rejoins; a device whose certificate expired waits in
# "needs-certificate" without ever connecting.
set -u
root=$1 build=$2
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
devs=()
cleanup() {
  for p in "${devs[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "${RIG_SUB_PID:-}" ] && kill "$RIG_SUB_PID" 2>/dev/null
  rig_broker_stop; wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/../checks.sh"
count() { grep -cE -- "$2" "$1"; }
wait_for() {  # wait_for FILE REGEX [COUNT] [SECONDS]
  for _ in $(seq $((${4:-20} * 10))); do [ "$(count "$1" "$2")" -ge "${3:-1}" ] && return 0; sleep 0.1; done
  return 1
}
now_ms() { date +%s%3N; }
within_ms() {  # within_ms FROM TO MAX: both stamps known, TO at most MAX ms after FROM
  [ -n "$1" ] && [ -n "$2" ] && [ "$2" -ge "$1" ] && [ $(($2 - $1)) -le "$3" ]
}
stamp() {  # stamp FILE REGEX N: the device clock (ms) of the N-th line matching REGEX
  grep -E -- "$2" "$1" | sed -n "${3}p" | sed -E 's/^. \(([0-9]+)\).*/\1/'
}
batch_stamps() {  # batch_stamps FILE [N]: timestamps of the N-th batch (JSON array) received
  grep "^devices/sensor-01/telemetry \[" "$1" | sed -n "${2:-1}p" | grep -oE '"ts":[0-9]+' | cut -d: -f2
}
taken_one_by_one() {  # STAMPS ARRIVED_MS: an interval apart and older than the batch, not stamped when sent
  local prev='' t
  for t in $1; do [ -z "$prev" ] || [ $((t - prev)) -ge 900 ] || return 1; prev=$t; done
  [ -n "$prev" ] && [ "$(head -1 <<<"$1")" -lt $(($2 - 1500)) ]
}

rig_pki "$work/pki" sensor-01 || exit 1
"$root/tools/pki" device "$work/pki" sensor-old --expired >/dev/null || exit 1
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite devices/%u/#"
# The broker is restarted mid-test: it keeps the observer's persistent session (and the messages
# queued for it while it reconnects) across the restart.
mkdir -m 777 "$work/db"  # mosquitto started as root writes as user mosquitto
printf 'persistence true\npersistence_location %s/db/\n' "$work" >>"$work/mosquitto.conf"
wifi=$(rig_wifi_blob LabNet lab-pass-1)
radio='{"networks": [{"ssid": "LabNet", "password": "lab-pass-1"}]'
printf '%s}\n' "$radio" >"$work/radio.json"
# The radio drops from 8 s to 14 s after boot.
printf '%s, "outages": [{"at_s": 8, "for_s": 6}]}\n' "$radio" >"$work/radio-outage.json"
# Booted at t=0, the sensor times out from 2 s to 4 s.
printf 'ts_s,temperature,humidity,error\n0,21.5,40.0,\n2,0,0,timeout\n4,21.7,41.0,\n' >"$work/sensor.csv"

boot() {  # boot NAME IDENTITY [RADIO]: a device with Wi-Fi credentials stored, interval 1 s, offline_max 3
  local d=$work/$1
  mkdir -p "$d"
  cat >"$d/config.json" <<EOF
{"config": {"broker_uri": "mqtts://localhost:$port", "interval_s": {"encoding": "u32", "value": 1},
            "offline_max": {"encoding": "u32", "value": 3}},
 "wifi": {"sta": {"encoding": "hex2bin", "value": "$wifi"}}}
EOF
  rig_certfs "$d/certfs" "$work/pki" "$2" && rig_flash "$d/flash.bin" "$build" "$d/config.json" "$d/certfs" >/dev/null ||
    { echo "could not build $1's flash.bin"; exit 1; }
  "$build/hal_posix/chip/device" --flash "$d/flash.bin" --radio "${3:-$work/radio.json}" --sensor "$work/sensor.csv" \
    </dev/null >"$d/device.log" 2>&1 &
  devs+=($!)
}

# ---- broker down at boot ----
boot a sensor-01
log=$work/a/device.log clog=$work/c/device.log
sleep 10
check "broker down: retrying" wait_for "$log" "mqtt: connecting to localhost:$port \(attempt 2\)"
attempts=$(count "$log" "mqtt: connecting to localhost")
check "broker down: backs off ($attempts attempts in 10 s)" test "$attempts" -le 6
check "broker down: says why and when it retries" wait_for "$log" "connection attempt failed: .*retry in [0-9]+ ms"
check "sensor failure reported" wait_for "$log" "sensor read failed \(timeout\), 2 failures so far"
rig_broker_start "$work" || exit 1
rig_sub "$work" "devices/sensor-01/#" "$work/a.mqtt" -c -i fault-observer -q 1
# The attempt after the broker starts is at most a 64 s backoff window away.
check "broker up: online" wait_for "$log" "state connecting -> online" 1 80
check "buffered readings published" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" 1 10
arrived=$(now_ms) stamps=$(batch_stamps "$work/a.mqtt")
check "batch keeps offline_max=3 readings" test "$(wc -l <<<"$stamps")" -eq 3
check "batch readings carry the time they were taken" taken_one_by_one "$stamps" "$arrived"
rig_pub "$work" devices/sensor-01/cmd '{"id":"st","cmd":"get_status"}'
check "status answered" wait_for "$work/a.mqtt" '"id":"st","ok":true' 1 10
dropped=$(grep -oE '"dropped_messages":[0-9]+' "$work/a.mqtt" | tail -1 | cut -d: -f2)
# At least 8 samples (one a second, the app starts within 1.5 s) before the broker starts at
# 10 s, 2 of them failed reads, 3 kept: 3 or more dropped.
check "readings beyond offline_max counted as dropped (${dropped:-none})" test "${dropped:-0}" -ge 3
check "sensor errors counted in the status" grep -q '"sensor_errors":2' "$work/a.mqtt"
check "the loop went on after the sensor failure" wait_for "$work/a.mqtt" '"temperature":21.7' 1 5

# ---- broker dies while online, comes back ----
rig_broker_stop
down_at=$(now_ms)
check "broker gone: noticed" wait_for "$log" "disconnected: " 1 10
sleep 4
rig_broker_start "$work" || exit 1
# The connection before was not stable, so the backoff went on growing: when an attempt comes
# before the broker is back, the next one may be up to the 120 s cap away.
check "broker back: online again" wait_for "$log" "state connecting -> online" 2 130
check "readings from the broker outage arrive" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" 2 20
arrived=$(now_ms) stamps=$(batch_stamps "$work/a.mqtt" 2)
check "...taken while it was offline" test "$(head -1 <<<"$stamps")" -ge "$((down_at - 1000))"
check "...with the time they were taken" taken_one_by_one "$stamps" "$arrived"

# ---- Wi-Fi outage, 8-14 s after a second boot ----
kill "${devs[0]}"; wait "${devs[0]}" 2>/dev/null
boot c sensor-01 "$work/radio-outage.json"
check "Wi-Fi outage: online before it" wait_for "$clog" "state connecting -> online" 1 20
check "Wi-Fi outage: link lost" wait_for "$clog" "wifi_prov: link lost" 1 20
batches=$(count "$work/a.mqtt" "^devices/sensor-01/telemetry \[")
# The first "connecting -> connected" is the join at boot.
check "Wi-Fi outage: rejoined" wait_for "$clog" "wifi_prov: connecting -> connected" 2 30
check "Wi-Fi outage: online again" wait_for "$clog" "state connecting -> online" 2 20
# Attempts failed while the radio was down; the rejoin starts the backoff over, so the device is
# back within the first window (1 s) plus a handshake, not after a grown backoff.
check "Wi-Fi outage: the rejoin cuts the backoff short" grep -qE "mqtt: network back: next attempt in [0-9]+ ms" "$clog"
rejoined=$(stamp "$clog" "wifi_prov: connecting -> connected" 2) online=$(stamp "$clog" "state connecting -> online" 2)
check "Wi-Fi outage: online ${online:-?} ms after the rejoin at ${rejoined:-?} ms" \
  within_ms "$rejoined" "$online" 2000
check "Wi-Fi outage: buffered readings arrive" wait_for "$work/a.mqtt" "^devices/sensor-01/telemetry \[" $((batches + 1)) 10
kill "${devs[1]}"; wait "${devs[1]}" 2>/dev/null

# ---- expired certificate ----
before=$(count "$work/mosquitto.log" "New connection")
boot b sensor-old
check "expired certificate: needs-certificate, saying why" wait_for "$work/b/device.log" "-> needs-certificate: .*expired" 1 15
sleep 5
check "expired certificate: no connection attempts" test "$(count "$work/mosquitto.log" "New connection")" -eq "$before"
check "expired certificate: MQTT never started" test "$(count "$work/b/device.log" "mqtt: connecting")" -eq 0

if [ $failed -gt 0 ]; then
  echo "--- device a:"; tail -60 "$log"; echo "--- device c:"; tail -40 "$clog"
  echo "--- device b:"; tail -20 "$work/b/device.log"
  echo "--- received:"; tail -20 "$work/a.mqtt"; echo "--- broker:"; tail -20 "$work/mosquitto.log"
fi
checks_done
