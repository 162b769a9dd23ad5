#!/usr/bin/env bash
# devcloud against a real mosquitto (mutual TLS, use_identity_as_username, ACLs) with devices
# played by mosquitto_pub/mosquitto_sub and openssl: AWS fleet provisioning by CSR (the issued
# certificate verifies and logs in), ThingsBoard and OpenRemote X.509 provisioning, every
# documented refusal, telemetry in telemetry.jsonl, `devcloud send` to scripted responders,
# `devcloud devices`, and a broker restart that devcloud rides out.
set -u
root=$1 devcloud=$2
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
pids=()
trap 'rig_teardown "$work" "${pids[@]}"' EXIT
. "$(dirname "$0")/../checks.sh"
contains() { [[ $1 == *"$2"* ]]; }
# json_field NAME: the string member NAME of the JSON object on stdin (no nested quotes needed).
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
pem_json() { awk '{printf "%s\\n", $0}' "$1"; }  # a PEM file as a JSON string body

rig_pki "$work/pki" claim dev-aws dev-tb dev-or dev-gen || exit 1
"$root/tools/pki" device "$work/pki" dev-old --expired >/dev/null || exit 1
"$root/tools/pki" rogue "$work/pki" dev-rogue >/dev/null || exit 1
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite devices/%u/#" "pattern readwrite provisioning/%u/#" \
  "pattern readwrite +/%u/#" "user claim" 'topic readwrite $aws/certificates/create-from-csr/#' \
  'topic readwrite $aws/provisioning-templates/+/provision/#' "topic readwrite /provision/#"
# The operator needs $aws/# too (mosquitto's "#" does not match topics that start with '$'); the
# line lands under rig's "user operator", unless rig_broker_conf wrote it already.
grep -qxF 'topic readwrite $aws/#' "$work/acl" || echo 'topic readwrite $aws/#' >>"$work/acl"
rig_broker_start "$work" || exit 1

# as ID: the mosquitto client arguments of identity ID (pki/devices/ID.*).
as() { echo -h 127.0.0.1 -p "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/$1.chain.pem" --key "$work/pki/devices/$1.key"; }
# shellcheck disable=SC2046
pub() { mosquitto_pub $(as "$1") -q 1 -t "$2" -m "$3"; }
# sub NAME ID FILTER PROBE: ID's subscription into $work/NAME.txt ("topic payload" lines); returns
# once it is live (a message published on PROBE, a topic the filter matches, has come back).
sub() {
  # shellcheck disable=SC2046
  mosquitto_sub $(as "$2") -q 1 -t "$3" -F '%t %p' >"$work/$1.txt" 2>"$work/$1.err" &
  pids+=($!)
  for _ in $(seq 50); do pub "$2" "$4" probe; grep -qF -- "$4 probe" "$work/$1.txt" && return 0; sleep 0.2; done
  echo "subscription $1 to $3 did not come up"; return 1
}
# ask NAME PREFIX ID TOPIC PAYLOAD: publishes as ID and prints the next line of $work/NAME.txt
# whose topic starts with PREFIX (the answer: "topic payload").
ask() {
  local f=$work/$1.txt n
  n=$(awk -v p="$2" 'index($1, p) == 1 && $2 != "probe"' "$f" | wc -l)
  pub "$3" "$4" "$5" || return 1
  for _ in $(seq 100); do
    awk -v p="$2" 'index($1, p) == 1 && $2 != "probe"' "$f" | sed -n "$((n + 1))p" | grep . && return 0
    sleep 0.1
  done
  echo "(no answer on $2)"
}
dc_tls=(--port "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem"
        --key "$work/pki/devices/operator.key")
state=$work/state
head -c 3000 /dev/urandom | base64 -w0 >"$work/fw.bin"  # text, so that chunks read as one line
"$devcloud" serve "${dc_tls[@]}" --issuer-cert "$work/pki/intermediate.crt" --issuer-key "$work/pki/intermediate/ca.key" \
  --trust "$work/pki/ca.crt" --state-dir "$state" --ota-image "$work/fw.bin" --ota-version 1.1.0 >"$work/serve.out" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
check "serve says ready" wait_for_text "$work/serve.out" "devcloud: ready"

csr_topic='$aws/certificates/create-from-csr/json'
reg_topic='$aws/provisioning-templates/iotfw-fleet/provision/json'
sub aws_csr claim "$csr_topic/#" "$csr_topic/probe" || exit 1
sub aws_reg claim '$aws/provisioning-templates/+/provision/#' '$aws/provisioning-templates/p/provision/json/probe' || exit 1
sub tb claim /provision/response /provision/response || exit 1
sub or dev-or provisioning/dev-or/response provisioning/dev-or/response || exit 1

# 0. OTA: the image announced (retained), its chunks served, fw_state followed.
announcement() {
  # shellcheck disable=SC2046
  mosquitto_sub $(as operator) -t v1/devices/me/attributes -C 1 -W 5
}
announced="{\"fw_checksum\":\"$(sha256sum "$work/fw.bin" | cut -d' ' -f1)\",\"fw_checksum_algorithm\":\"SHA256\",\"fw_size\":4000,\"fw_title\":\"iotfw\",\"fw_version\":\"1.1.0\"}"
check "image announced, retained" test "$(announcement)" = "$announced"
sub chunks operator 'v2/fw/response/#' v2/fw/response/probe || exit 1
ans=$(ask chunks v2/fw/response/7/chunk/0 operator v2/fw/request/7/chunk/0 4096)
check "chunk 0 is the image" test "$ans" = "v2/fw/response/7/chunk/0 $(cat "$work/fw.bin")"
ans=$(ask chunks v2/fw/response/7/chunk/1 operator v2/fw/request/7/chunk/1 4096)
check "chunk past the end is empty" test "$ans" = "v2/fw/response/7/chunk/1 "
pub operator v1/devices/me/telemetry '{"fw_state":"DOWNLOADING"}'
check "fw_state printed" wait_for_text "$work/serve.out" "fw_state DOWNLOADING"
check "ThingsBoard telemetry recorded without a device id" wait_for_text "$state/telemetry.jsonl" \
  '"device":"","profile":"thingsboard","topic":"v1/devices/me/telemetry","payload":{"fw_state":"DOWNLOADING"}}'

# 1. AWS: CSR -> certificate + token -> RegisterThing.
new_csr() {  # new_csr BASE CN: BASE.key (EC P-256) and BASE.csr
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
}
new_csr "$work/aws" dev-aws
ans=$(ask aws_csr "$csr_topic/" claim "$csr_topic" "{\"certificateSigningRequest\":\"$(pem_json "$work/aws.csr")\"}")
check "CSR accepted" contains "$ans" "$csr_topic/accepted {"
json_field certificatePem <<<"$ans" | sed 's/\\n/\n/g' >"$work/aws.crt"
token=$(json_field certificateOwnershipToken <<<"$ans")
check "ownership token is 32+ hex digits" grep -qE '^[0-9a-f]{32,}$' <<<"$token"
check "issued certificate chains to the root via the intermediate" bash -c \
  "openssl verify -CAfile '$work/pki/ca.crt' -untrusted '$work/pki/intermediate.crt' -purpose sslclient '$work/aws.crt' | grep -q ': OK$'"
check "issued certificate has CN = the device id" bash -c "openssl x509 -in '$work/aws.crt' -noout -subject | grep -qE 'CN ?= ?dev-aws$'"
check "certificatePem holds leaf and intermediate" test "$(grep -c 'BEGIN CERTIFICATE' "$work/aws.crt")" -eq 2
fp=$(openssl x509 -in "$work/aws.crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f)
check "certificateId is the leaf's SHA-256" test "$(json_field certificateId <<<"$ans")" = "$fp"
reg() { echo "{\"certificateOwnershipToken\":\"$1\",\"parameters\":{\"SerialNumber\":\"$2\"}}"; }
ans=$(ask aws_reg "$reg_topic/" claim "$reg_topic" "$(reg "$token" dev-aws)")
check "RegisterThing accepted" test "$ans" = "$reg_topic/accepted {\"deviceConfiguration\":{},\"thingName\":\"dev-aws\"}"
check "devcloud devices lists it" bash -c "'$devcloud' devices --state-dir '$state' | grep -q '^dev-aws aws cert=$fp '"
ans=$(ask aws_reg "$reg_topic/" claim "$reg_topic" "$(reg "$token" dev-aws)")
check "a used token is refused" contains "$ans" "$reg_topic/rejected {\"errorCode\":\"InvalidCertificateOwnershipToken\""
ans=$(ask aws_reg '$aws/provisioning-templates/other/provision/json/' claim '$aws/provisioning-templates/other/provision/json' "$(reg "$token" dev-aws)")
check "unknown template: 404 ResourceNotFound" contains "$ans" '"errorCode":"ResourceNotFound","errorMessage":"provisioning template '"'other'"' does not exist","statusCode":404'
new_csr "$work/mis" dev-mis
ans=$(ask aws_csr "$csr_topic/" claim "$csr_topic" "{\"certificateSigningRequest\":\"$(pem_json "$work/mis.csr")\"}")
ans=$(ask aws_reg "$reg_topic/" claim "$reg_topic" "$(reg "$(json_field certificateOwnershipToken <<<"$ans")" dev-aws)")
check "CSR CN != SerialNumber: InvalidParameters at RegisterThing" contains "$ans" \
  "\"errorCode\":\"InvalidParameters\",\"errorMessage\":\"certificate CN 'dev-mis' does not match SerialNumber 'dev-aws'\",\"statusCode\":400"
ans=$(ask aws_csr "$csr_topic/" claim "$csr_topic" '{"certificateSigningRequest":"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"}')
check "garbage CSR: InvalidCsr" contains "$ans" "$csr_topic/rejected {\"errorCode\":\"InvalidCsr\""
ans=$(ask aws_csr "$csr_topic/" claim "$csr_topic" '{"certificateSigningRequest":')
check "malformed JSON: InvalidPayload" contains "$ans" "$csr_topic/rejected {\"errorCode\":\"InvalidPayload\""
check "enrollment decisions are printed" has "$work/serve.out" "enroll dev-aws aws/register-thing(iotfw-fleet) accepted"

# The issued certificate logs in; its telemetry lands in telemetry.jsonl with the device id.
cat "$work/aws.crt" >"$work/aws.chain.pem"
mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$work/pki/ca.crt" --cert "$work/aws.chain.pem" --key "$work/aws.key" \
  -q 1 -t devices/dev-aws/telemetry -m '{"temperature":21.5}'
check "the issued certificate logs in and publishes" test $? -eq 0
check "telemetry recorded with the device id" wait_for_text "$state/telemetry.jsonl" \
  '"device":"dev-aws","profile":"generic","topic":"devices/dev-aws/telemetry","payload":{"temperature":21.5}}'
check "telemetry line starts with ts" grep -qE '^\{"ts":[0-9]{13},"device":"dev-aws"' "$state/telemetry.jsonl"
check "telemetry tailed on the console" wait_for_text "$work/serve.out" 'telemetry dev-aws devices/dev-aws/telemetry {"temperature":21.5}'

# 2. ThingsBoard X.509 provisioning.
tb() {  # tb NAME CERTFILE [SECRET]
  echo "{\"deviceName\":\"$1\",\"provisionDeviceKey\":\"iotfw-provision-key\",\"provisionDeviceSecret\":\"${3:-iotfw-provision-secret}\",\"credentialsType\":\"X509_CERTIFICATE\",\"hash\":\"$(pem_json "$2")\"}"
}
ans=$(ask tb /provision/response claim /provision/request "$(tb dev-tb "$work/pki/devices/dev-tb.crt")")
tb_fp=$(openssl x509 -in "$work/pki/devices/dev-tb.crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f)
check "TB provisioning SUCCESS" contains "$ans" "\"credentialsId\":\"$tb_fp\",\"credentialsType\":\"X509_CERTIFICATE\""
check "TB answer carries status SUCCESS" contains "$ans" '"status":"SUCCESS"'
ans=$(ask tb /provision/response claim /provision/request "$(tb dev-tb "$work/pki/devices/dev-tb.crt" wrong)")
check "TB wrong secret: NOT_FOUND" test "$ans" = '/provision/response {"errorMsg":"Failed to provision device!","status":"NOT_FOUND"}'
ans=$(ask tb /provision/response claim /provision/request "$(tb dev-rogue "$work/pki/devices/dev-rogue.crt")")
check "TB unknown CA: FAILURE" contains "$ans" '{"errorMsg":"certificate is not issued by a trusted CA'
ans=$(ask tb /provision/response claim /provision/request "$(tb dev-old "$work/pki/devices/dev-old.crt")")
check "TB expired certificate: FAILURE saying so" contains "$ans" '{"errorMsg":"certificate expired on '
ans=$(ask tb /provision/response claim /provision/request "$(tb dev-x "$work/pki/devices/dev-tb.crt")")
check "TB CN != deviceName: FAILURE" contains "$ans" "\"errorMsg\":\"certificate CN 'dev-tb' does not match deviceName 'dev-x'\",\"status\":\"FAILURE\""
ans=$(ask tb /provision/response claim /provision/request '{"deviceName":')
check "TB malformed JSON: FAILURE" contains "$ans" '"status":"FAILURE"'

# 3. OpenRemote X.509 auto-provisioning.
orq() { echo "{\"type\":\"x509\",\"cert\":\"$(pem_json "$1")\"}"; }
or_topic=provisioning/dev-or/request
ans=$(ask or provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-or.crt")")
asset=$(sed -n 's/.*"asset":{"id":"\([^"]*\)".*/\1/p' <<<"$ans")
check "OR success with a 22-character asset id" grep -qE '^[0-9A-Za-z]{22}$' <<<"$asset"
check "OR success names the asset and realm" contains "$ans" "\"name\":\"dev-or\",\"realm\":\"master\",\"type\":\"ThingAsset\"},\"realm\":\"master\",\"type\":\"success\"}"
ans=$(ask or provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-or.crt")")
check "OR asks again after a reconnect: the same asset" contains "$ans" "\"asset\":{\"id\":\"$asset\""
ans=$(ask or provisioning/dev-or/response dev-or $or_topic '{"type":"x509",')
check "OR malformed JSON: MESSAGE_INVALID" test "$ans" = 'provisioning/dev-or/response {"error":"MESSAGE_INVALID","type":"error"}'
ans=$(ask or provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-rogue.crt")")
check "OR unknown CA: CERTIFICATE_INVALID" test "$ans" = 'provisioning/dev-or/response {"error":"CERTIFICATE_INVALID","type":"error"}'
ans=$(ask or provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-old.crt")")
check "OR expired certificate: CERTIFICATE_INVALID" test "$ans" = 'provisioning/dev-or/response {"error":"CERTIFICATE_INVALID","type":"error"}'
ans=$(ask or provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-gen.crt")")
check "OR CN != ID: UNIQUE_ID_MISMATCH" test "$ans" = 'provisioning/dev-or/response {"error":"UNIQUE_ID_MISMATCH","type":"error"}'
check "OR refusals logged with the reason" has "$work/serve.out" "enroll dev-or openremote/provision error CERTIFICATE_INVALID: certificate expired on"

# 4. devcloud send to scripted responders.
send() { "$devcloud" send "${dc_tls[@]}" --state-dir "$state" "$@"; }
# respond NAME N ID OUT_TOPIC ANSWER: once the N-th command has arrived in $work/NAME.txt, answer
# it as ID with ANSWER, where @ID@ stands for the command's "id".
respond() {
  local f=$work/$1.txt id
  wait_for_text "$f" '"cmd":' "$2" || return 1
  id=$(grep '"cmd":' "$f" | sed -n "$2p" | json_field id)
  pub "$3" "$4" "${5//@ID@/$id}"
}
sub gen_cmd dev-gen devices/dev-gen/cmd devices/dev-gen/cmd || exit 1
send --profile generic --device dev-gen --cmd get_status >"$work/send1.out" 2>"$work/send1.err" &
send_pid=$!
respond gen_cmd 1 dev-gen devices/dev-gen/cmd/response '{"id":"@ID@","ok":true,"result":{"uptime_s":7}}'
wait $send_pid
check "send: exit 0 on an ok answer" test $? -eq 0
check "send prints the answer" grep -qE '^\{"id":"devcloud-[0-9a-f]{8}","ok":true,"result":\{"uptime_s":7\}\}$' "$work/send1.out"
check "send published the generic command" grep -qE '^devices/dev-gen/cmd \{"cmd":"get_status","id":"devcloud-[0-9a-f]{8}"\}$' "$work/gen_cmd.txt"
send --profile generic --device dev-gen --cmd set_interval --params 0 >"$work/send2.out" 2>&1 &
send_pid=$!
respond gen_cmd 2 dev-gen devices/dev-gen/cmd/response '{"id":"@ID@","ok":false,"error":"interval out of range"}'
wait $send_pid
check "send: exit 3 on an error answer" test $? -eq 3
check "send --params goes in the command" has "$work/gen_cmd.txt" '"params":0'
sub or_cmd dev-or "master/dev-or/attributevalue/command/$asset" "master/dev-or/attributevalue/command/$asset" || exit 1
send --profile openremote --device dev-or --cmd get_status >"$work/send3.out" 2>&1 &
send_pid=$!
respond or_cmd 1 dev-or "master/dev-or/writeattributevalue/commandResponse/$asset" '{"id":"@ID@","ok":true}'
wait $send_pid
check "send openremote: the asset from the registry, exit 0" test $? -eq 0
send --profile generic --device dev-gen --cmd reboot --timeout-s 1 >"$work/send4.out" 2>&1
check "send: exit 1 on timeout" test $? -eq 1
check "timeout explained" has "$work/send4.out" "no answer from dev-gen on devices/dev-gen/cmd/response within 1 s"
send --profile openremote --device dev-gen --cmd reboot >"$work/send5.out" 2>&1
check "send openremote to an unregistered device: exit 2" test $? -eq 2
check "unregistered device explained" has "$work/send5.out" "device 'dev-gen' has no OpenRemote asset"
send --profile nosuch --device dev-gen --cmd reboot >"$work/send6.out" 2>&1
check "send: exit 2 on a usage error" test $? -eq 2
"$devcloud" send --port "$(free_port)" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
  --key "$work/pki/devices/operator.key" --profile generic --device dev-gen --cmd reboot >"$work/send7.out" 2>&1
check "send: exit 2 when the broker is unreachable" test $? -eq 2

# 5. The broker restarts: devcloud reconnects and answers again.
rig_broker_stop
check "lost connection reported" wait_for_text "$work/serve.out" "reconnecting in 0.5 s"
check "an attempt while the broker is down fails and backs off" wait_for_text "$work/serve.out" "reconnecting in 1 s"
rig_broker_start "$work" || exit 1
check "ready again after the restart" wait_for_text "$work/serve.out" "devcloud: ready" 2
sub or2 dev-or provisioning/dev-or/response provisioning/dev-or/response || exit 1
ans=$(ask or2 provisioning/dev-or/response dev-or $or_topic "$(orq "$work/pki/devices/dev-or.crt")")
check "a request after the restart is answered (same asset)" contains "$ans" "\"asset\":{\"id\":\"$asset\""
check "the image is announced again to the new broker" test "$(announcement)" = "$announced"

# 6. SIGTERM stops it cleanly; the registry survives for `devcloud devices`.
kill -TERM $serve_pid
wait $serve_pid
check "serve exits 0 on SIGTERM" test $? -eq 0
check "serve says stopped" has "$work/serve.out" "devcloud: stopped"
"$devcloud" devices --state-dir "$state" >"$work/devices.out"
check "devices lists every registered device" test "$(cut -d' ' -f1,2 "$work/devices.out" | tr '\n' ' ')" = \
  "dev-aws aws dev-or openremote dev-tb thingsboard "
check "devices shows the OpenRemote asset" has "$work/devices.out" "realm=master asset=$asset"
"$devcloud" serve --port "$port" >"$work/usage.out" 2>&1
check "serve: exit 2 on a usage error naming the option" bash -c "test $? -eq 2 && grep -q -- '--cafile is required' '$work/usage.out'"

[ $failed -gt 0 ] && { echo "--- serve.out"; cat "$work/serve.out"; }
checks_done
