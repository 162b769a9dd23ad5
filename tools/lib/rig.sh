# A local test rig for the project's scripts (sourced, not run): dev PKI, a mutual-TLS mosquitto
# on a free loopback port with per-device ACLs, and flash.bin with config and certificates.
# Used by tools/demo and the system tests. Needs ports.sh sourced first.
#
#   rig_pki DIR ID...                  dev PKI in DIR, a device certificate per ID + "operator"
#   rig_broker_conf WORK PORT ACL...   WORK/mosquitto.conf and WORK/acl (ACL lines for devices;
#                                      the "operator" identity may read and write everything)
#   rig_enroll_acl                     ACL lines for enrollment: the "claim" identity may publish
#                                      only the enrollment requests and read only their answers, a
#                                      device its own provisioning request/response
#   rig_reply_route WORK BUILD         WORK's broker delivers each enrollment answer to the device
#                                      that asked only, as the platforms do (the reply_route plugin,
#                                      tools/src/broker/reply_route.h); false when it is not built
#   rig_broker_start WORK              starts mosquitto, waits for its port; RIG_BROKER_PID
#   rig_broker_stop                    stops it
#   rig_wifi_blob SSID PASS            the nvs "wifi"/"sta" value (hex) of stored credentials
#   rig_certfs DIR PKI ID              device.crt/device.key/server_chain.pem for ID into DIR
#   rig_certfs_claim DIR PKI           claim.crt/claim.key/server_chain.pem into DIR: a fleet
#                                      device that enrolls itself
#   rig_devcloud_start WORK BUILD [ARGS]  devcloud serve as the operator, state in WORK/devcloud,
#                                      console in WORK/devcloud.log; RIG_DEVCLOUD_PID
#   rig_devcloud_stop                  stops it
#   rig_ntp_start WORK [PORT]          chronyd on a free loopback UDP port (or PORT) serving the
#                                      host's clock (a local reference, stratum 8), files in
#                                      WORK/ntp; RIG_NTP_PORT
#   rig_ntp_stop                       stops it
#   rig_ntp_config                     the nvs config entry pointing a device at it: "ntp_servers": "127.0.0.1:PORT"
#   rig_flash OUT BUILD NVS_JSON [CERTFS_DIR] [APP_IMG] [SIGNING_KEY]
#                                      flash.bin from the built bootloader and app images; with a
#                                      key, secure boot: the bootloader is signed with it and its
#                                      digest burned into OUT.efuse.json (APP_IMG signed by the caller)
#   rig_profile PROFILE                a platform profile's device ACL line (RIG_PROFILE_ACL), its
#                                      enrollment flow (RIG_PROFILE_FLOW) and the config members
#                                      that flow needs (RIG_PROFILE_MEMBERS, each with a leading
#                                      comma); false for an unknown profile
#   rig_fleet_template OUT BUILD BROKER_URI CONFIG_JSON_MEMBERS [CERTFS_DIR]
#                                      a fleet's one flash.bin (OUT): the Wi-Fi network of
#                                      rig_fleet_radio, the broker, the given config members and
#                                      only the fleet's claim identity from OUT's directory's pki/
#                                      (or the cert store files in CERTFS_DIR)
#   rig_fleet_radio FILE               the radio environment with that network
#   rig_sub WORK TOPIC OUT [ARGS]      mosquitto_sub as the operator into OUT; RIG_SUB_PID
#   rig_pub WORK TOPIC PAYLOAD [-r]    mosquitto_pub as the operator (QoS 1)
#   rig_flip_byte FILE OFFSET          inverts every bit of one byte (damaged images)
#   rig_await NAME PID LOG CMD...      until CMD succeeds (10 s at most, while PID runs)
#   rig_stop VAR                       stops the process whose pid is in VAR
#   rig_teardown DIR [PID...]          a test's EXIT trap: the PIDs, everything above, DIR
# FW_PARTITIONS and FW_FLASH_SIZE select another flash layout (sanitizer builds need a larger one).

rig_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$rig_root/tools/lib/exec.sh"

rig_pki() {
  local dir=$1 id; shift
  "$rig_root/tools/pki" init "$dir" >/dev/null || return 1
  for id in "$@" operator; do "$rig_root/tools/pki" device "$dir" "$id" >/dev/null || return 1; done
}

rig_broker_conf() {
  local work=$1 port=$2; shift 2
  # set_tcp_nodelay: as the platforms' brokers do. Without it mosquitto's PUBACK to a firmware
  # chunk request holds the chunk behind it until the device's delayed ACK (~40 ms a chunk).
  cat >"$work/mosquitto.conf" <<EOF
per_listener_settings false
listener $port 127.0.0.1
cafile $work/pki/ca.crt
certfile $work/pki/server.chain.pem
keyfile $work/pki/server.key
require_certificate true
use_identity_as_username true
allow_anonymous false
acl_file $work/acl
persistence false
set_tcp_nodelay true
EOF
  # '#' does not match topics that start with '$' (MQTT 4.7.2): the operator gets $aws/# as well.
  { printf '%s\n' "$@"; printf 'user operator\ntopic readwrite #\ntopic readwrite $aws/#\n'; } >"$work/acl"
  # mosquitto started as root reads its files as user mosquitto.
  chmod 755 "$work"; chmod 644 "$work/acl" "$work/mosquitto.conf"
}

# The claim identity (one key in every fleet device) publishes requests and reads answers, never
# the reverse: a leaked claim key must not answer, or reject, other devices' enrollment.
rig_enroll_acl() {
  printf '%s\n' 'pattern write provisioning/%u/request' 'pattern read provisioning/%u/response' 'user claim' \
    'topic write $aws/certificates/create-from-csr/json' \
    'topic read $aws/certificates/create-from-csr/json/accepted' \
    'topic read $aws/certificates/create-from-csr/json/rejected' \
    'topic write $aws/provisioning-templates/+/provision/json' \
    'topic read $aws/provisioning-templates/+/provision/json/accepted' \
    'topic read $aws/provisioning-templates/+/provision/json/rejected' \
    'topic write /provision/request' 'topic read /provision/response'
}

rig_reply_route() {
  local plugin=$2/tools/src/broker/reply_route.so requests
  [ -f "$plugin" ] || return 1
  requests=$(rig_enroll_acl | sed -n 's/^topic write //p' | tr '\n' ' ')
  printf 'plugin %s\nplugin_opt_responder operator\nplugin_opt_requests %s\n' "$plugin" "${requests% }" \
    >>"$1/mosquitto.conf"
}

# rig_await NAME PID LOG CMD...: polls CMD for up to 10 s while PID lives; else prints LOG.
rig_await() {
  local name=$1 pid=$2 log=$3
  shift 3
  for _ in $(seq 100); do
    "$@" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "rig: $name did not start:"; cat "$log"; return 1
}

# rig_stop VAR: stops the process whose pid the variable VAR holds, and clears VAR.
rig_stop() {
  [ -n "${!1:-}" ] || return 0
  kill "${!1}" 2>/dev/null; wait "${!1}" 2>/dev/null
  printf -v "$1" '%s' ''
}

# rig_teardown DIR [PID...]: a test's EXIT trap: stops the PIDs and what the rig started (the
# operator's mosquitto_sub, devcloud, the broker, chronyd), then removes DIR.
rig_teardown() {
  local dir=$1 p
  shift
  for p in "$@"; do kill "$p" 2>/dev/null; done
  rig_stop RIG_SUB_PID; rig_devcloud_stop; rig_broker_stop; rig_ntp_stop
  wait 2>/dev/null
  rm -rf "$dir"
}

rig_broker_port() { sed -n 's/^listener \([0-9]*\).*/\1/p' "$1/mosquitto.conf"; }

rig_broker_start() {
  local work=$1
  mosquitto -c "$work/mosquitto.conf" >>"$work/mosquitto.log" 2>&1 &
  RIG_BROKER_PID=$!
  wait_port "$(rig_broker_port "$work")" || { echo "rig: mosquitto did not start:"; cat "$work/mosquitto.log"; return 1; }
}

rig_broker_stop() { rig_stop RIG_BROKER_PID; }

rig_wifi_blob() {
  printf '%02x' "${#1}"; printf '%s' "$1" | od -An -tx1 | tr -d ' \n'
  printf '%02x' "${#2}"; printf '%s' "$2" | od -An -tx1 | tr -d ' \n'
}

rig_certfs() {
  local dir=$1 pki=$2 id=$3
  mkdir -p "$dir"
  cp "$pki/devices/$id.chain.pem" "$dir/device.crt" && cp "$pki/devices/$id.key" "$dir/device.key" &&
    cp "$pki/ca.crt" "$dir/server_chain.pem"
}

rig_certfs_claim() {
  local dir=$1 pki=$2
  mkdir -p "$dir"
  cp "$pki/devices/claim.chain.pem" "$dir/claim.crt" && cp "$pki/devices/claim.key" "$dir/claim.key" &&
    cp "$pki/ca.crt" "$dir/server_chain.pem"
}

rig_devcloud_start() {
  local work=$1 build=$2; shift 2
  mkdir -p "$work/devcloud"
  "$fw_exec" "$build/tools/src/devcloud/devcloud" serve --port "$(rig_broker_port "$work")" --cafile "$work/pki/ca.crt" \
    --cert "$work/pki/devices/operator.chain.pem" --key "$work/pki/devices/operator.key" --issuer-cert "$work/pki/intermediate.crt" \
    --issuer-key "$work/pki/intermediate/ca.key" --trust "$work/pki/ca.crt" --state-dir "$work/devcloud" "$@" \
    >"$work/devcloud.log" 2>&1 &
  RIG_DEVCLOUD_PID=$!
  rig_await devcloud "$RIG_DEVCLOUD_PID" "$work/devcloud.log" grep -q '^devcloud: ready' "$work/devcloud.log"
}

rig_devcloud_stop() { rig_stop RIG_DEVCLOUD_PID; }

# A chip's clock is unset at power-on and the device connects nowhere before SNTP sets it: every
# rig with a broker has an NTP server too. chronyd serves its own host's clock as a local reference
# (it never sets it: -x), answers only 127.0.0.1, keeps its pid file in WORK and has no command
# socket. As root it keeps root (-u root) so it can write there; as another user it needs -U.
rig_ntp_start() {
  local work=$1 user_opt=(-U)
  mkdir -p "$work/ntp"
  RIG_NTP_PORT=${2:-$(free_udp_port)} || { echo "rig: no free UDP port"; return 1; }
  printf '%s\n' "port $RIG_NTP_PORT" "bindaddress 127.0.0.1" "cmdport 0" "bindcmdaddress /" "local stratum 8" \
    "allow 127.0.0.1" "pidfile $work/ntp/chronyd.pid" >"$work/ntp/chrony.conf"
  [ "$(id -u)" -eq 0 ] && user_opt=(-u root)
  # /usr/sbin is not on an ordinary user's PATH on Debian.
  "$(command -v chronyd || echo /usr/sbin/chronyd)" -x -d "${user_opt[@]}" -f "$work/ntp/chrony.conf" \
    >>"$work/ntp/chronyd.log" 2>&1 &
  RIG_NTP_PID=$!
  rig_await chronyd "$RIG_NTP_PID" "$work/ntp/chronyd.log" udp_bound "$RIG_NTP_PORT"
}

rig_ntp_stop() { rig_stop RIG_NTP_PID; }

rig_ntp_config() { printf '"ntp_servers": "127.0.0.1:%s"' "$RIG_NTP_PORT"; }

rig_flash() {
  local out=$1 build=$2 nvs_json=$3 certs=${4:-} app=${5:-$2/images/app.img} key=${6:-}
  local fwtool=$build/tools/src/fwtool/fwtool args=() bootloader=$2/images/bootloader.img
  if [ -n "$key" ]; then
    "$fw_exec" "$fwtool" image sign "$bootloader" --key "$key" -o "$out.bootloader.img" >/dev/null || return 1
    "$fw_exec" "$fwtool" efuse burn-key "$out.efuse.json" --key "$key" >/dev/null || return 1
    bootloader=$out.bootloader.img
  fi
  "$fw_exec" "$fwtool" nvs gen "$nvs_json" -o "$out.nvs" --size 0x6000 || return 1
  args=(--nvs "$out.nvs")
  if [ -n "$certs" ]; then
    "$fw_exec" "$fwtool" certfs pack "$certs" -o "$out.certfs" --size 0x60000 || return 1
    args+=(--certfs "$out.certfs")
  fi
  "$fw_exec" "$fwtool" flash build --partitions "${FW_PARTITIONS:-$rig_root/partitions/partitions.csv}" --size "${FW_FLASH_SIZE:-4M}" \
    --bootloader "$bootloader" --app "$app" "${args[@]}" -o "$out"
}

rig_profile() {
  RIG_PROFILE_MEMBERS=''
  case $1 in
    generic) RIG_PROFILE_ACL="pattern readwrite devices/%u/#" RIG_PROFILE_FLOW=aws ;;
    thingsboard)
      RIG_PROFILE_ACL="pattern readwrite v1/devices/me/#" RIG_PROFILE_FLOW=thingsboard
      RIG_PROFILE_MEMBERS=', "tb_prov_key": "iotfw-provision-key", "tb_prov_secret": "iotfw-provision-secret"' ;;
    cumulocity) RIG_PROFILE_ACL="pattern readwrite s/#" RIG_PROFILE_FLOW=aws ;;
    openremote) RIG_PROFILE_ACL="pattern readwrite master/%u/#" RIG_PROFILE_FLOW=openremote ;;
    *) return 1 ;;
  esac
}

rig_fleet_template() {
  local out=$1 build=$2 uri=$3 members=$4 certfs=${5:-}
  printf '{"config": {"broker_uri": "%s", %s},\n "wifi": {"sta": {"encoding": "hex2bin", "value": "%s"}}}\n' \
    "$uri" "$members" "$(rig_wifi_blob FleetNet fleet-pass-1)" >"$out.json"
  if [ -z "$certfs" ]; then
    certfs=$out.certfs.d
    rig_certfs_claim "$certfs" "$(dirname "$out")/pki" || return 1
  fi
  rig_flash "$out" "$build" "$out.json" "$certfs" >/dev/null
}

rig_fleet_radio() {
  printf '{"networks": [{"ssid": "FleetNet", "password": "fleet-pass-1", "rssi": -50}]}\n' >"$1"
}

rig_operator_args() {
  local work=$1
  echo -h 127.0.0.1 -p "$(rig_broker_port "$work")" --cafile "$work/pki/ca.crt" \
    --cert "$work/pki/devices/operator.chain.pem" --key "$work/pki/devices/operator.key"
}

rig_sub() {
  local work=$1 topic=$2 out=$3; shift 3
  # shellcheck disable=SC2046
  mosquitto_sub $(rig_operator_args "$work") -t "$topic" -v "$@" >"$out" 2>"$out.err" &
  RIG_SUB_PID=$!
}

rig_pub() {
  local work=$1 topic=$2 payload=$3; shift 3
  # shellcheck disable=SC2046
  mosquitto_pub $(rig_operator_args "$work") -q 1 -t "$topic" -m "$payload" "$@"
}

rig_flip_byte() {
  local v; v=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf '%b' "\\$(printf '%03o' $((255 - v)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
