#!/usr/bin/env bash
# The ThingsBoard and OpenRemote enrollment flows end to end, with device processes booted from
# flash.bin, devcloud and mosquitto: both come online under their own certificate; OpenRemote
# provisions again after the broker restarts; a wrong ThingsBoard provisioning secret is reported
# with its code and retried with backoff, never in a loop, and nothing is stored; an expired claim
# certificate is named and never used; the claim identity cannot publish enrollment answers.
# Every wait is for an event.
set -u
root=$1 build=$2
. "$root/tests/system/enroll/enroll_rig.sh"
fwtool=$build/tools/src/fwtool/fwtool

spaced_as_announced() {  # LOG: every announced retry delay is >= 5 s and the next request comes no sooner
  local sent delays i
  mapfile -t sent < <(stamps "$1" "thingsboard-provision: request sent")
  mapfile -t delays < <(grep -oE "enrollment attempt [0-9]+ failed: .*next attempt in [0-9]+\.[0-9] s" "$1" |
    sed -E 's/.* ([0-9]+)\.([0-9]) s$/\1\200/')
  [ "${#sent[@]}" -ge 2 ] || return 1
  for ((i = 0; i + 1 < ${#sent[@]}; i++)); do
    [ -n "${delays[$i]:-}" ] && [ "${delays[$i]}" -ge 5000 ] && [ $((sent[i + 1] - sent[i])) -ge "${delays[$i]}" ] || return 1
  done
}

rig_pki "$work/pki" claim || exit 1
"$root/tools/pki" device "$work/pki" claim-old --expired >/dev/null || exit 1
port=$(free_port)
enroll_broker "$work" "$port" "pattern readwrite +/%u/#" "pattern readwrite v1/devices/me/#" || exit 1
rig_devcloud_start "$work" "$build" --quiet --tb-key fleet-key --tb-secret fleet-secret || exit 1
rig_sub "$work" "v1/devices/me/telemetry" "$work/tb_telemetry.txt"
devs+=("$RIG_SUB_PID")

tb='"enroll": "thingsboard", "profile": "thingsboard", "interval_s": {"encoding": "u32", "value": 2}, "tb_prov_key": "fleet-key"'
enroll_template "$work" "$build" "$port" tb "$tb, \"tb_prov_secret\": \"fleet-secret\"" || exit 1
enroll_template "$work" "$build" "$port" tb_wrong "$tb, \"tb_prov_secret\": \"guessed\"" || exit 1
# A short reconnect cap: the broker restart below is met within seconds.
enroll_template "$work" "$build" "$port" or '"enroll": "openremote", "profile": "openremote", "interval_s": {"encoding": "u32", "value": 2}, "reconnect_max_s": {"encoding": "u32", "value": 4}' || exit 1
mkdir -p "$work/old.certfs.d"
cp "$work/pki/devices/claim-old.chain.pem" "$work/old.certfs.d/claim.crt"
cp "$work/pki/devices/claim-old.key" "$work/old.certfs.d/claim.key"
cp "$work/pki/ca.crt" "$work/old.certfs.d/server_chain.pem"
enroll_template "$work" "$build" "$port" old '"enroll": "aws"' "$work/old.certfs.d" || exit 1

for name in tb1 tb2; do enroll_boot "$work" "$build" tb "$name"; devs+=("$ENROLL_DEVICE_PID"); done
for name in or1 or2; do enroll_boot "$work" "$build" or "$name"; devs+=("$ENROLL_DEVICE_PID"); done
enroll_boot "$work" "$build" tb_wrong wrong; devs+=("$ENROLL_DEVICE_PID")
enroll_boot "$work" "$build" old old; devs+=("$ENROLL_DEVICE_PID")

# ---- ThingsBoard ----
tb_online() { [ "$(enroll_online_count "$work" tb)" -eq 2 ]; }
enroll_wait 60 tb_online
check "both ThingsBoard devices enrolled and came online" tb_online
registered_as() {  # registered_as DIR FLOW: devcloud's registry lists the device's id with FLOW
  "$build/tools/src/devcloud/devcloud" devices --state-dir "$work/devcloud" | grep "$(enroll_id_of "$1")" | grep -q "$2"
}
check "devcloud registered tb1 (thingsboard)" registered_as "$work/tb1" thingsboard
check "devcloud registered tb2 (thingsboard)" registered_as "$work/tb2" thingsboard
check "tb1 provisioned with username provision over the claim identity" \
  grep -q "New client connected .* as $(enroll_id_of "$work/tb1") .*u'claim'" "$work/mosquitto.log"
check "tb1 then connected with its own certificate" \
  grep -q "New client connected .* as $(enroll_id_of "$work/tb1") .*u'$(enroll_id_of "$work/tb1")'" "$work/mosquitto.log"
tb_telemetry() { grep -qE '^v1/devices/me/telemetry \{"ts":[0-9]{13},"values":\{"temperature"' "$work/tb_telemetry.txt"; }
enroll_wait 20 tb_telemetry
check "ThingsBoard telemetry arrives" tb_telemetry

# ---- OpenRemote ----
or_online() { [ "$(enroll_online_count "$work" or)" -eq 2 ]; }
enroll_wait 60 or_online
check "both OpenRemote devices enrolled, provisioned and came online" or_online
check "devcloud registered or1 (openremote)" registered_as "$work/or1" openremote
or_id=$(enroll_id_of "$work/or1")
asset=$(sed -n 's/.*OpenRemote provisioned: realm master, asset \([0-9A-Za-z]*\).*/\1/p' "$work/or1/device.log" | head -1)
check "or1 learned a 22-character asset id ($asset)" test ${#asset} -eq 22
or_attr() { grep -q "master/$or_id/writeattributevalue/temperature/$asset" "$work/mosquitto.log"; }
requests() { count "$work/or1/device.log" "openremote-provision: request sent"; }
before=$(requests) drops=$(count "$work/or1/device.log" "disconnected: ")
rig_broker_stop
or_dropped() { [ "$(count "$work/or1/device.log" "disconnected: ")" -gt "$drops" ]; }
enroll_wait 20 or_dropped
check "or1 noticed the broker going away" or_dropped
rig_broker_start "$work" || exit 1
reprovisioned() { [ "$(requests)" -gt "$before" ] && [ "$(count "$work/or1/device.log" "state connecting -> online")" -ge 2 ]; }
enroll_wait 90 reprovisioned
check "or1 provisioned again after the broker restarted, and came back online" reprovisioned
rig_sub "$work" "master/$or_id/#" "$work/or_telemetry.txt"
devs+=("$RIG_SUB_PID")
or_values() { grep -qE "^master/$or_id/writeattributevalue/temperature/$asset -?[0-9]" "$work/or_telemetry.txt"; }
enroll_wait 20 or_values
check "or1's values arrive on its realm/asset topics" or_values

# ---- a wrong provisioning secret ----
wlog=$work/wrong/device.log
check "the wrong secret is reported with ThingsBoard's code" \
  wait_for "$wlog" "thingsboard-provision NOT_FOUND: Failed to provision device!"
# The retry is 5 to 10 s after the first refusal (enrollment backoff: floor 5 s, first window 10 s).
check "it was retried by itself" wait_for "$wlog" "thingsboard-provision: request sent" 2 30
check "with backoff, not in a loop: each retry waits 5 s or more, as it says" spaced_as_announced "$wlog"
check "it stays enrolling" bash -c "tail -1 <(grep 'state ' '$wlog') | grep -q -- '-> enrolling'"
check "and stored no certificate" bash -c "! '$fwtool' certfs ls --flash '$work/wrong/flash.bin' | grep -q device.crt"

# ---- a leaked claim key cannot answer other devices' enrollment ----
claim_pub() {  # claim_pub TOPIC PAYLOAD: as the fleet's claim identity
  mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/claim.chain.pem" \
    --key "$work/pki/devices/claim.key" -i forger -q 1 -t "$1" -m "$2"
}
claim_pub /provision/response '{"status":"NOT_FOUND","errorMsg":"forged"}'
claim_pub '$aws/certificates/create-from-csr/json/rejected' '{"statusCode":400,"errorCode":"InvalidCsr"}'
forged_denied() {
  local denials
  denials=$(grep -F "Denied PUBLISH from forger " "$work/mosquitto.log")
  grep -qF "'/provision/response'" <<<"$denials" && grep -qF "'\$aws/certificates/create-from-csr/json/rejected'" <<<"$denials"
}
enroll_wait 10 forged_denied
check "the broker denies the claim identity's publish on the enrollment answer topics" forged_denied

# ---- an expired claim certificate ----
olog=$work/old/device.log
check "the expired claim certificate is named" grep -q "cannot enroll: no usable claim identity: claim.crt expired" "$olog"
check "and never used (no connection from that device)" \
  bash -c "! grep -q 'New client connected .* as $(enroll_id_of "$work/old") ' '$work/mosquitto.log'"

if [ $failed -gt 0 ]; then
  echo "--- devcloud:"; tail -30 "$work/devcloud.log"
  for n in tb1 or1 wrong old; do echo "--- $n:"; tail -25 "$work/$n/device.log"; done
fi
checks_done
