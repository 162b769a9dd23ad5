#!/usr/bin/env bash
# The chip's clock is unset at power-on. A device booted from flash.bin waits in waiting-for-time,
# gets the time over SNTP from a real NTP server (chronyd on a loopback port, serving this
# machine's clock), and only then connects; get_status names the source. A second device whose
# NTP server is gone waits, says so at every round, and dials nothing: its broker's certificate
# has expired, and the device never accepts it, not before the time is known (it does not
# connect) nor after (the certificate is judged by the time SNTP gave).
set -u
root=$1 build=$2
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
devs=()
trap 'rig_teardown "$work" "${devs[@]}"' EXIT
. "$(dirname "$0")/../checks.sh"
before() {  # before FILE ERE1 ERE2: the first line matching ERE1 comes before the first matching ERE2
  local a b
  a=$(grep -nE -- "$2" "$1" | head -1 | cut -d: -f1) b=$(grep -nE -- "$3" "$1" | head -1 | cut -d: -f1)
  [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}
near_host_clock() {  # near_host_clock UNIX_S: within 60 s of this machine's clock
  local d=$(($(date +%s) - $1))
  [ "${d#-}" -le 60 ]
}

rig_pki "$work/pki" sensor-01 || exit 1
wifi=$(rig_wifi_blob TimeNet time-pass-1)
printf '{"networks": [{"ssid": "TimeNet", "password": "time-pass-1"}]}\n' >"$work/radio.json"
boot() {  # boot NAME BROKER_PORT: sensor-01's certificate, Wi-Fi stored, the rig's NTP server
  local d=$work/$1
  mkdir -p "$d"
  printf '{"config": {"broker_uri": "mqtts://localhost:%s", "interval_s": {"encoding": "u32", "value": 1}, %s},\n "wifi": {"sta": {"encoding": "hex2bin", "value": "%s"}}}\n' \
    "$2" "$(rig_ntp_config)" "$wifi" >"$d/config.json"
  rig_certfs "$d/certfs" "$work/pki" sensor-01 && rig_flash "$d/flash.bin" "$build" "$d/config.json" "$d/certfs" >/dev/null ||
    { echo "could not build $1's flash.bin"; exit 1; }
  "$fw_exec" "$build/hal_posix/chip/device" --flash "$d/flash.bin" --radio "$work/radio.json" </dev/null >"$d/device.log" 2>&1 &
  devs+=($!)
}

# ---- with chronyd: unset, set by SNTP, then online ----
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite devices/%u/#"
rig_broker_start "$work" && rig_ntp_start "$work" || exit 1
ntp=127.0.0.1:$RIG_NTP_PORT
boot a "$port"
log=$work/a/device.log
check "boots with the clock unset: waits for the time" wait_for "$log" "state wifi -> waiting-for-time: network up; wall clock unset, asking SNTP \($ntp\)"
check "chronyd sets the clock" wait_for "$log" "sntp: clock set from $ntp: .* \(stratum 8, round trip [0-9]+ ms\)"
set_s=$(date -u -d "$(grep -oE "clock set from $ntp: [0-9-]+ [0-9:]+Z" "$log" | head -1 | sed -E 's/.*: //')" +%s 2>/dev/null)
check "the time set is this machine's ($(grep -oE "clock set from .*Z" "$log" | head -1))" near_host_clock "${set_s:-0}"
check "then online" wait_for "$log" "state connecting -> online"
check "nothing dialled before the time was set" before "$log" "clock set from" "mqtt: connecting to"
rig_sub "$work" "devices/sensor-01/#" "$work/a.mqtt"
check "telemetry arrives" wait_for "$work/a.mqtt" '^devices/sensor-01/telemetry \{' 1 10
ts=$(grep -oE '^devices/sensor-01/telemetry \{.*"ts":[0-9]+' "$work/a.mqtt" | head -1 | grep -oE '[0-9]+$')
check "telemetry carries the SNTP time" near_host_clock "$(( ${ts:-0} / 1000 ))"
rig_pub "$work" devices/sensor-01/cmd '{"id":"t1","cmd":"get_status"}'
check "get_status names the time source" wait_for "$work/a.mqtt" "\"id\":\"t1\".*\"time_source\":\"sntp $ntp\"" 1 10
check "get_status names the negotiated TLS version" wait_for "$work/a.mqtt" '"id":"t1".*"tls_version":"TLSv1.3"' 1 10
check "get_status reports the firmware's own heap" wait_for "$work/a.mqtt" '"id":"t1".*"firmware_heap":[0-9]+,"firmware_heap_peak":[0-9]+' 1 10
kill "${devs[0]}"; wait "${devs[0]}" 2>/dev/null
rig_broker_stop
rig_ntp_stop

# ---- no NTP server: waits, logged; the broker's expired certificate is never accepted ----
mkdir -p "$work/b"
cp -r "$work/pki" "$work/b/pki"
"$root/tools/pki" server "$work/b/pki" localhost --expired --as expired >/dev/null &&
  cp "$work/b/pki/servers/expired.chain.pem" "$work/b/pki/server.chain.pem" &&
  cp "$work/b/pki/servers/expired.key" "$work/b/pki/server.key" || exit 1
port=$(free_port)
rig_broker_conf "$work/b" "$port" "pattern readwrite devices/%u/#"
rig_broker_start "$work/b" || exit 1
probes=$(count "$work/b/mosquitto.log" "New connection")  # the rig's own, checking the port
boot b "$port"  # the same NTP port, where nothing listens now
log=$work/b/device.log
check "no NTP server: waits for the time" wait_for "$log" "-> waiting-for-time: network up; wall clock unset"
check "no NTP server: says so" wait_for "$log" "sntp: $ntp: no NTP server on that port"
check "no NTP server: retried with backoff, and logged each time" wait_for "$log" "sntp: no time from any NTP server \(round 2\); retry in [0-9]+ ms" 1 60
check "no NTP server: the broker was never dialled" test "$(count "$log" "mqtt: connecting to")" -eq 0
check "no NTP server: still waiting" test "$(count "$log" "waiting-for-time -> ")" -eq 0
check "no NTP server: the broker saw no connection" test "$(count "$work/b/mosquitto.log" "New connection")" -eq "$probes"
# The time comes back: now the expired certificate is judged, and refused.
rig_ntp_start "$work" "$RIG_NTP_PORT" || exit 1
check "NTP back: the clock is set" wait_for "$log" "sntp: clock set from $ntp" 1 60
check "the broker's expired certificate is refused" wait_for "$log" "certificate expired" 1 30
check "and never accepted" test "$(count "$log" "-> online")" -eq 0
checks_done
