#!/usr/bin/env bash
# tools/fleet k8s: the Indexed Job for a fleet of 100 000 conforms to the schema of the Job fields it
# uses (k8s_job_schema.json, from the Kubernetes API reference; kubectl cannot check a manifest
# without an API server, even with --dry-run=client), the check refuses a broken one, and one shard
# runs here exactly as its pod would: the container's command and environment from the manifest,
# with the image's /opt/iotfw and the pod's /work volume mapped to local directories and
# JOB_COMPLETION_INDEX set as Kubernetes sets it. Shard 1 of 3-device shards runs devices 4-6.
set -u
root=$1 build=$2
. "$root/tests/system/checks.sh"
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
chmod 755 "$work"  # mosquitto started as root reads its files as user mosquitto
trap 'rig_devcloud_stop; rig_broker_stop; rm -rf "$work"' EXIT
here=$root/tests/system/fleet
conforms() { [ -z "$(jq -r --slurpfile schema "$here/k8s_job_schema.json" -f "$here/schema_check.jq" "$1")" ]; }

"$root/tools/fleet" k8s --devices 100000 --per-shard 500 --image registry.example/iotfw-fleet:1 >"$work/big.json"
check "the manifest for 100 000 devices conforms to the Job schema" conforms "$work/big.json"
jq -r --slurpfile schema "$here/k8s_job_schema.json" -f "$here/schema_check.jq" "$work/big.json"
check "it is an Indexed Job of 200 pods, all at once" \
  jq -e '.spec | .completionMode == "Indexed" and .completions == 200 and .parallelism == 200' "$work/big.json"
jq '.spec.completionMode = "Index" | .spec.template.spec.containers[0].resources.requests.cpu = "lots"
    | del(.spec.template.spec.containers[0].name) | .spec.template.spec.restartPolicy = "Always"' \
  "$work/big.json" >"$work/broken.json"
check "the schema check refuses a broken manifest (4 faults found)" \
  test "$(jq -r --slurpfile schema "$here/k8s_job_schema.json" -f "$here/schema_check.jq" "$work/broken.json" | wc -l)" -eq 4
check "a bad image reference is refused" bash -c "! '$root/tools/fleet' k8s --devices 5 --image 'a\"b' >/dev/null 2>&1"

# The rig the pod would find on the network: a broker, devcloud, and the image's template.
rig_pki "$work/pki" claim || exit 1
rig_profile generic
acl=("$RIG_PROFILE_ACL")
while IFS= read -r line; do acl+=("$line"); done < <(rig_enroll_acl)
rig_broker_conf "$work" "$(free_port)" "${acl[@]}"
rig_broker_start "$work" || exit 1
rig_devcloud_start "$work" "$build" --quiet || exit 1
image=$work/image
mkdir -p "$image/fleet" "$work/pod"
ln -s "$root/tools" "$image/tools"
ln -s "$build" "$image/build"
rig_fleet_template "$work/template.bin" "$build" "mqtts://localhost:$(rig_broker_port "$work")" \
  "\"enroll\": \"aws\", \"interval_s\": {\"encoding\": \"u32\", \"value\": 2}" || exit 1
cp "$work/template.bin" "$image/fleet/template.bin"
rig_fleet_radio "$image/fleet/radio.json"

"$root/tools/fleet" k8s --devices 7 --per-shard 3 --image registry.example/iotfw-fleet:1 --hold 1 >"$work/job.json"
check "the small fleet's manifest conforms too" conforms "$work/job.json"
check "7 devices in shards of 3 make 3 pods" jq -e '.spec.completions == 3' "$work/job.json"
local_path() { sed -e "s|^/opt/iotfw|$image|" -e "s|^/work|$work/pod|"; }
mapfile -t cmd < <(jq -r '.spec.template.spec.containers[0].command[]' "$work/job.json" | local_path)
envs=()
while IFS= read -r e; do envs+=("$e"); done < <(jq -r '.spec.template.spec.containers[0].env[] | "\(.name)=\(.value)"' "$work/job.json" |
  sed "s|=/opt/iotfw|=$image|")
env "${envs[@]}" JOB_COMPLETION_INDEX=1 "${cmd[@]}" >"$work/pod.txt" 2>&1
status=$?
s=$work/pod/fleet/summary.json
check "the pod's command ran shard 1 to its end (exit 0)" test "$status" -eq 0
check "shard 1 ran devices 4..6, all online" \
  jq -e '.devices == 3 and .online_at_end == 3 and .first_id == "ESP32_000004"' "$s"
check "devcloud registered ESP32_000004 .. ESP32_000006" bash -c \
  "'$build/tools/src/devcloud/devcloud' devices --state-dir '$work/devcloud' | grep -c 'ESP32_00000[456]' | grep -qx 3"
check "a shard beyond the fleet is refused" bash -c \
  "! env ${envs[*]} JOB_COMPLETION_INDEX=3 ${cmd[*]} >/dev/null 2>&1"
[ $failed -gt 0 ] && tail -30 "$work/pod.txt"
checks_done
