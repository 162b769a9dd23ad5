#!/usr/bin/env bash
# One platform profile end to end: the demo boots the device from flash.bin, provisions Wi-Fi,
# the device enrolls through devcloud and connects to mosquitto; this script checks the exact
# topics and payload formats the platform documents, sends a valid, an unknown and a malformed
# command as the platform would, and checks each is answered.
set -u
root=$1 build=$2 profile=$3
. "$root/tools/lib/rig.sh"
work=$(mktemp -d); chmod 755 "$work"  # mosquitto started as root reads its files as user mosquitto
trap 'kill $demo 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
FW_BUILD_DIR=$build "$root/tools/demo" --profile "$profile" --seconds 14 --workdir "$work/demo" >"$work/demo.out" 2>&1 &
demo=$!
out=$work/demo/telemetry.txt
for _ in $(seq 200); do [ -s "$out" ] && grep -q "telemetry\|211,\|temperature/" "$out" && break; sleep 0.1; done

pub() { rig_pub "$work/demo" "$1" "$2"; }  # pub TOPIC PAYLOAD: as the platform's operator
id=sensor-01 num='-?[0-9]+(\.[0-9]+)?'
case $profile in
  generic)
    pub "devices/$id/cmd" '{"id":"c1","cmd":"get_status"}'
    pub "devices/$id/cmd" '{"id":"c2","cmd":"self_destruct"}'
    pub "devices/$id/cmd" '{"id":"c3", not json'
    expect=("^devices/$id/status online$"
            "^devices/$id/telemetry \{\"ts\":[0-9]{13},\"temperature\":$num,\"humidity\":$num\}$"
            "^devices/$id/cmd/response \{\"id\":\"c1\",\"ok\":true,\"result\":\{\"uptime_s\":[0-9]+,"
            "^devices/$id/cmd/response \{\"id\":\"c2\",\"ok\":false,\"error\":\"unknown command"
            "^devices/$id/cmd/response \{\"id\":null,\"ok\":false,\"error\":\"payload is not JSON\"\}$") ;;
  thingsboard)
    pub "v1/devices/me/rpc/request/41" '{"method":"getStatus","params":{}}'
    pub "v1/devices/me/rpc/request/42" '{"method":"selfDestruct","params":{}}'
    pub "v1/devices/me/rpc/request/43" '{"method":'
    expect=("^v1/devices/me/attributes \{\"status\":\"online\",\"firmwareVersion\":\"[^\"]+\",\"model\":\"ESP32-D0WD\",\"telemetryInterval\":2\}$"
            "^v1/devices/me/telemetry \{\"ts\":[0-9]{13},\"values\":\{\"temperature\":$num,\"humidity\":$num\}\}$"
            "^v1/devices/me/rpc/response/41 \{\"success\":true,\"result\":\{\"uptime_s\":[0-9]+,"
            "^v1/devices/me/rpc/response/42 \{\"success\":false,\"error\":\"unknown method: selfDestruct\"\}$"
            "^v1/devices/me/rpc/response/43 \{\"success\":false,\"error\":\"RPC request is not a JSON object\"\}$") ;;
  cumulocity)
    pub "s/ds" "511,$id,get_status"
    pub "s/ds" "511,$id,self_destruct"
    pub "s/ds" "511,$id,\"unterminated"
    expect=("^s/us 100,$id,c8y_MQTTDevice$"
            "^114,c8y_Restart,c8y_Command,c8y_Firmware$"
            "^s/us 211,$num,[0-9T:.-]+Z$"
            "^200,c8y_Humidity,h,$num,%RH,[0-9T:.-]+Z$"
            "^s/us 501,c8y_Command$"
            "^s/us 503,c8y_Command,"
            "^(s/us )?502,c8y_Command,unknown command: self_destruct$") ;;
  openremote)
    # The asset is the one devcloud created when the device provisioned itself.
    asset=$(sed -n 's/.*OpenRemote provisioned: realm master, asset \([0-9A-Za-z]*\).*/\1/p' "$work/demo/device.log" | head -1)
    pub "master/$id/attributevalue/command/$asset" '{"id":"c1","cmd":"get_status"}'
    pub "master/$id/attributevalue/command/$asset" '{"id":"c2","cmd":"self_destruct"}'
    expect=("^master/$id/writeattributevalue/online/$asset true$"
            "^master/$id/writeattributevalue/temperature/$asset $num$"
            "^master/$id/writeattributevalue/humidity/$asset $num$"
            "^master/$id/writeattributevalue/commandResponse/$asset \{\"id\":\"c1\",\"ok\":true"
            "^master/$id/writeattributevalue/commandResponse/$asset \{\"id\":\"c2\",\"ok\":false") ;;
esac
wait $demo
rc=$?
. "$(dirname "$0")/../checks.sh"
check "demo exited $rc" test $rc -eq 0 || cat "$work/demo.out"
for e in "${expect[@]}"; do check "nothing matches $e" grep -qE -- "$e" "$out"; done
if [ $failed -gt 0 ]; then echo "--- received:"; cat "$out"; echo "--- device log:"; tail -40 "$work/demo/device.log"; fi
checks_done
