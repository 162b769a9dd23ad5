# Shared steps of the enrollment system tests (sourced): the port and rig helpers, the check
# tally, and a work directory $work, removed at exit after every process in `devs`, devcloud and
# the broker stopped.
#
#   enroll_broker WORK PORT ACL...     mosquitto with the device ACL lines and the enrollment ACL,
#                                      logging at debug level (denied publishes), started
#   enroll_template WORK BUILD PORT TEMPLATE CONFIG_JSON_MEMBERS [CERTFS_DIR]
#                                      WORK/TEMPLATE.bin: Wi-Fi credentials, broker, the given
#                                      config members, and only the fleet's claim identity (or
#                                      the cert store files in CERTFS_DIR)
#   enroll_boot WORK BUILD TEMPLATE NAME [console]
#                                      a device booted from a copy of the template in WORK/NAME;
#                                      with "console" it reads commands from WORK/NAME/console
#                                      (see enroll_console); ENROLL_DEVICE_PID
#   enroll_console DIR LINE            types LINE on the device's console
#   enroll_id_of DIR                   the id the firmware gives itself: ESP32_ + the MAC's last 3 bytes
#   enroll_online_count WORK [PREFIX]  devices under WORK (named PREFIX*) that reached "online"
#   enroll_wait SECONDS COMMAND...     until COMMAND succeeds

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../../../tools/lib/ports.sh"
. "$here/../../../tools/lib/rig.sh"
. "$here/../checks.sh"
work=$(mktemp -d)
devs=()
enroll_cleanup() {
  for p in "${devs[@]}"; do kill "$p" 2>/dev/null; done
  rig_devcloud_stop; rig_broker_stop; wait 2>/dev/null; rm -rf "$work"
}
trap enroll_cleanup EXIT

enroll_broker() {
  local work=$1 port=$2; shift 2
  local lines=("$@") line
  while IFS= read -r line; do lines+=("$line"); done < <(rig_enroll_acl)
  rig_broker_conf "$work" "$port" "${lines[@]}"
  # Denied publishes are logged at debug level only.
  printf 'log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type debug\n' >>"$work/mosquitto.conf"
  rig_broker_start "$work"
}

enroll_template() {
  rig_fleet_template "$1/$4.bin" "$2" "mqtts://localhost:$3" "$5" "${6:-}" &&
    rig_fleet_radio "$1/radio.json"
}

enroll_boot() {
  local work=$1 build=$2 d=$1/$4 console=${5:-}
  mkdir -p "$d"
  cp "$work/$3.bin" "$d/flash.bin"
  if [ -n "$console" ]; then
    # A FIFO held open by a sleeping writer, so the console never sees end-of-file.
    mkfifo "$d/console"
    sleep 100000 >"$d/console" &
    devs+=($!)
    "$build/hal_posix/chip/device" --flash "$d/flash.bin" --radio "$work/radio.json" <"$d/console" >"$d/device.log" 2>&1 &
  else
    "$build/hal_posix/chip/device" --flash "$d/flash.bin" --radio "$work/radio.json" </dev/null >"$d/device.log" 2>&1 &
  fi
  ENROLL_DEVICE_PID=$!
}

enroll_console() { echo "$2" >"$1/console"; }

enroll_id_of() {
  sed -n 's/.*"mac": *"[0-9a-f:]*\([0-9a-f][0-9a-f]\):\([0-9a-f][0-9a-f]\):\([0-9a-f][0-9a-f]\)".*/ESP32_\1\2\3/p' \
    "$1/flash.bin.efuse.json" | tr 'a-f' 'A-F'
}

enroll_online_count() { grep -l "state connecting -> online" "$1"/"${2:-}"*/device.log 2>/dev/null | wc -l; }

enroll_wait() {
  local s=$1; shift
  for _ in $(seq $((s * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}
