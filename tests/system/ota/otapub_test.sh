#!/usr/bin/env bash
# otapub against a real mosquitto (mutual TLS) with a scripted device made of mosquitto_sub and
# mosquitto_pub: the announcement, chunk answers reassembling to the file, end of image, refused
# malformed requests, repeats, fw_state following and every exit status.
set -u
root=$1 otapub=$2
. "$root/tools/lib/ports.sh"
. "$root/tools/lib/rig.sh"
work=$(mktemp -d)
subs=()
trap 'rig_teardown "$work" "${subs[@]}"' EXIT
. "$(dirname "$0")/../checks.sh"

rig_pki "$work/pki" dev1 || exit 1
port=$(free_port)
rig_broker_conf "$work" "$port" "pattern readwrite v1/devices/me/#" "pattern readwrite v2/fw/#"
rig_broker_start "$work" || exit 1
dev_args=(-h 127.0.0.1 -p "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/dev1.chain.pem"
          --key "$work/pki/devices/dev1.key")
dev_pub() { mosquitto_pub "${dev_args[@]}" -q 1 -t "$1" -m "$2"; }
# dev_sub FILTER OUT: the device's subscription, "topic hex-payload" lines; returns once it is live
# (a probe published on the filter's own prefix has come back).
dev_sub() {
  mosquitto_sub "${dev_args[@]}" -q 1 -t "$1" -F '%t %x' >"$2" 2>"$2.err" &
  subs+=($!)
  local probe=${1%#}probe
  for _ in $(seq 50); do dev_pub "$probe" probe; grep -q "^$probe " "$2" && return 0; sleep 0.2; done
  echo "subscription to $1 did not come up"; return 1
}
otapub_run() {  # otapub_run OUT ARGS...: otapub as the operator, in the background; OTAPUB_PID
  "$fw_exec" "$otapub" --port "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
    --key "$work/pki/devices/operator.key" "${@:2}" >"$1" 2>&1 &
  OTAPUB_PID=$!
}

# A 10000-byte image: chunks of 4096 are 0 and 1 full, 2 partial, 3 empty.
head -c 10000 /dev/urandom >"$work/fw.bin"
sum=$(sha256sum "$work/fw.bin" | cut -d' ' -f1)

# 1. A whole transfer with malformed requests in between.
dev_sub "v1/devices/me/attributes/#" "$work/attrs.txt" || exit 1
dev_sub "v2/fw/response/#" "$work/resp.txt" || exit 1
otapub_run "$work/run1.out" --image "$work/fw.bin" --version 1.1.0 --until UPDATED --timeout-s 30
announcement() {  # announcement N: the N-th announcement the device received, once it is there
  for _ in $(seq 100); do
    [ "$(grep -c "^v1/devices/me/attributes " "$work/attrs.txt")" -ge "$1" ] && break; sleep 0.1
  done
  grep "^v1/devices/me/attributes " "$work/attrs.txt" | sed -n "$1p" | cut -d' ' -f2 | xxd -r -p
}
attrs=$(announcement 1)
check "announcement names title, version, size, SHA-256" test "$attrs" = \
  "{\"fw_checksum\":\"$sum\",\"fw_checksum_algorithm\":\"SHA256\",\"fw_size\":10000,\"fw_title\":\"iotfw\",\"fw_version\":\"1.1.0\"}"
wait_for_text "$work/run1.out" "announced" >/dev/null
dev_pub v2/fw/request/7/chunk/0 abc
dev_pub v2/fw/request/7/chunk/0 0
dev_pub v2/fw/request/7/chunk/0 70000
dev_pub v2/fw/request/7/chunk/x 4096
dev_pub v2/fw/request//chunk/0 4096
dev_pub v2/fw/request/7/part/0 4096
for n in 0 1 1 2 3; do dev_pub "v2/fw/request/7/chunk/$n" 4096; done
check "last chunk answered" wait_for_text "$work/resp.txt" "v2/fw/response/7/chunk/3"
chunk() { grep "^v2/fw/response/7/chunk/$1 " "$work/resp.txt" | head -1 | cut -s -d' ' -f2 | xxd -r -p; }
{ chunk 0; chunk 1; chunk 2; } >"$work/got.bin"
check "chunks reassemble to the image" cmp -s "$work/got.bin" "$work/fw.bin"
check "chunk 2 is the 1808-byte tail" test "$(chunk 2 | wc -c)" -eq 1808
check "chunk past the end is empty" test "$(chunk 3 | wc -c)" -eq 0
check "malformed requests get no answer" test "$(grep -vc probe "$work/resp.txt")" -eq 5
check "non-numeric size ignored" has "$work/run1.out" "bad chunk size 'abc'"
check "size 0 ignored" has "$work/run1.out" "bad chunk size '0'"
check "size over 64 KiB ignored" has "$work/run1.out" "bad chunk size '70000'"
check "bad chunk number ignored" has "$work/run1.out" "bad chunk number in v2/fw/request/7/chunk/x"
check "bad topics ignored" test "$(grep -c 'bad chunk request topic' "$work/run1.out")" -eq 2
check "repeat logged" has "$work/run1.out" "chunk 1 requested again"
dev_pub v1/devices/me/telemetry '{"current_fw_title":"iotfw","current_fw_version":"1.0.0"}'
dev_pub v1/devices/me/telemetry '{"fw_state":"DOWNLOADING"}'
dev_pub v1/devices/me/telemetry '{"ts":1700000000000,"values":{"fw_state":"UPDATED"}}'
wait "$OTAPUB_PID"
check "exit 0 on the --until state" test $? -eq 0
check "states printed" grep -qzE "fw_state DOWNLOADING.*fw_state UPDATED" "$work/run1.out"
check "running version printed" has "$work/run1.out" "device runs iotfw 1.0.0"
check "summary counts" has "$work/run1.out" "served 5 chunk requests (1 repeated, 6 ignored), 14096 bytes"

# 2. Overrides are announced as given; FAILED that is not the target exits 3 with fw_error.
otapub_run "$work/run2.out" --image "$work/fw.bin" --version 9.9 --size 99999999 --checksum 00ff --until UPDATING
attrs=$(announcement 2)
check "--size and --checksum announced" grep -q '"fw_checksum":"00ff".*"fw_size":99999999' <<<"$attrs"
dev_pub v1/devices/me/telemetry '{"fw_state":"FAILED","fw_error":"image larger than the slot"}'
wait "$OTAPUB_PID"
check "exit 3 on FAILED" test $? -eq 3
check "fw_error printed" has "$work/run2.out" "fw_state FAILED: image larger than the slot"

# 3. --until FAILED: FAILED is the goal.
otapub_run "$work/run3.out" --image "$work/fw.bin" --version 9.9 --until FAILED --timeout-s 20
wait_for_text "$work/run3.out" "announced" >/dev/null
dev_pub v1/devices/me/telemetry '{"fw_state":"FAILED","fw_error":"rolled back"}'
wait "$OTAPUB_PID"
check "exit 0 when FAILED is the target" test $? -eq 0

# 4. Timeout, retained announcement, usage and connection errors.
otapub_run "$work/run4.out" --image "$work/fw.bin" --version 2.0 --timeout-s 1 --retain
wait "$OTAPUB_PID"
check "exit 1 on timeout" test $? -eq 1
check "timeout says so" has "$work/run4.out" "timeout: no fw_state UPDATED within 1 s"
check "--retain keeps the announcement for late devices" bash -c \
  "mosquitto_sub ${dev_args[*]} -t v1/devices/me/attributes -C 1 -W 5 | grep -q '\"fw_version\":\"2.0\"'"
mosquitto_pub "${dev_args[@]}" -t v1/devices/me/attributes -r -n
"$fw_exec" "$otapub" --port "$port" --image "$work/fw.bin" >"$work/usage.out" 2>&1
check "exit 2 on a usage error" test $? -eq 2
check "usage error names the option" has "$work/usage.out" "--cafile is required"
"$fw_exec" "$otapub" --port "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
  --key "$work/pki/devices/operator.key" --image "$work/fw.bin" --version 1 --until DONE >"$work/until.out" 2>&1
check "unknown --until state refused" test $? -eq 2
"$fw_exec" "$otapub" --port "$(free_port)" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
  --key "$work/pki/devices/operator.key" --image "$work/fw.bin" --version 1 >"$work/conn.out" 2>&1
check "exit 2 when the broker is unreachable" test $? -eq 2
check "connection error explained" has "$work/conn.out" "cannot connect to ssl://127.0.0.1:"
"$fw_exec" "$otapub" --port "$port" --cafile "$work/pki/ca.crt" --cert "$work/pki/devices/operator.chain.pem" \
  --key "$work/pki/devices/operator.key" --image "$work/missing.bin" --version 1 >"$work/missing.out" 2>&1
check "exit 2 on a missing image" test $? -eq 2

[ $failed -gt 0 ] && { for f in "$work"/run*.out; do echo "--- $f"; cat "$f"; done; }
checks_done
