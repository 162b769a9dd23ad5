#!/usr/bin/env bash
# The layering check must catch each kind of violation: plant one at a time in a scratch tree.
set -u
check=$(dirname "$(readlink -f "$0")")/check_layering.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/firmware/core" "$tmp/hal"
echo 'struct A {};' > "$tmp/hal/a.h"
echo 'int f() { return 1; }' > "$tmp/firmware/core/ok.cpp"
"$check" "$tmp" >/dev/null || { echo "clean tree was refused"; exit 1; }
echo '// the device random (16 bytes) comes from hal::Rng, never rand()' > "$tmp/firmware/core/comment.h"
"$check" "$tmp" >/dev/null || { echo "a comment naming rand() was refused"; exit 1; }
echo 'Errors are values: nothing may throw, no dynamic_cast<>.' > "$tmp/firmware/NOTES.md"
"$check" "$tmp" >/dev/null || { echo "a document naming throw was refused"; exit 1; }
fails=0
for bad in '#include <unistd.h>' '#include <fstream>' '#include <sys/socket.h>' 'int x = rand();' \
           'const char* e = getenv("X");' 'auto t = std::time(nullptr);' 'void g() { throw 1; }' \
           'auto* p = dynamic_cast<B*>(q);'; do
  echo "$bad" > "$tmp/firmware/core/bad.cpp"
  if "$check" "$tmp" >/dev/null; then echo "not caught: $bad"; fails=$((fails+1)); fi
done
rm "$tmp/firmware/core/bad.cpp"

# Includes: allowed directions first (a clean tree must pass), then one wrong direction at a time.
plant() { mkdir -p "$(dirname "$tmp/$1")"; echo "$2" > "$tmp/$1"; }
plant firmware/net/transport.h '#include "firmware/core/log.h"'
plant firmware/net/tls/tls.cpp '#include "firmware/net/transport.h"'
plant firmware/net/mqtt/internal/wire.h '#include "firmware/net/transport.h"'
plant firmware/net/mqtt/codec.cpp '#include "firmware/net/mqtt/internal/wire.h"'
plant firmware/net/mqtt/internal/more.h '#include "firmware/net/mqtt/internal/wire.h"'
plant firmware/app/enroll/flow.cpp '#include "firmware/app/platform/profile.h"'
plant firmware/app/device.cpp '#include "firmware/app/ota/agent.h"'
plant firmware/app/identity/x509.cpp '#include "firmware/net/tls/x509_validity.h"'
plant firmware/prov/manager.cpp '#include "firmware/prov/proto/session.pb-c.h"'
plant tests/unit/wire_test.cpp '#include "firmware/net/mqtt/internal/wire.h"'
"$check" "$tmp" >/dev/null || { echo "a tree whose includes point down was refused"; "$check" "$tmp"; exit 1; }
while IFS='|' read -r path line; do
  plant "$path" "$line"
  if "$check" "$tmp" >/dev/null; then echo "not caught: $path: $line"; fails=$((fails+1)); fi
  rm "$tmp/$path"
done <<'PLANTS'
firmware/core/up.cpp|#include "firmware/storage/kv_store.h"
firmware/net/beside.cpp|#include "firmware/prov/protocomm.h"
firmware/storage/up.cpp|#include "firmware/app/device.h"
firmware/boot/beside.cpp|#include "firmware/net/transport.h"
firmware/net/mqtt/sibling.cpp|#include "firmware/net/http/http_client.h"
firmware/net/down.cpp|#include "firmware/net/tls/tls_transport.h"
firmware/app/platform/up.cpp|#include "firmware/app/ota/agent.h"
firmware/app/identity/up.cpp|#include "firmware/app/platform/profile.h"
firmware/app/ota/sibling.cpp|#include "firmware/app/enroll/flow.h"
firmware/app/identity/top.cpp|#include "firmware/app/device.h"
firmware/app/misc/new_folder.cpp|#include "firmware/core/log.h"
firmware/gadget/new_layer.cpp|#include "firmware/core/log.h"
firmware/app/private.cpp|#include "firmware/net/mqtt/internal/wire.h"
firmware/net/tls/private.cpp|#include "firmware/net/internal/addr.h"
firmware/net/mqtt/public.h|#include "firmware/net/mqtt/internal/wire.h"
tools/src/private.cpp|#include "firmware/net/mqtt/internal/wire.h"
firmware/core/host.cpp|#include "tests/support/temp_dir.h"
hal/up.h|#include "firmware/core/log.h"
PLANTS
echo 'int f() {}' > "$tmp/hal/impl.cpp"
"$check" "$tmp" >/dev/null && { echo "not caught: implementation file in hal/"; fails=$((fails+1)); }
rm "$tmp/hal/impl.cpp"
# The README's layout table must list each folder holding sources: one row missing, one too many.
find "$tmp/firmware" -type f -name '*.*' -printf '%h\n' | sed "s#^$tmp/##; s#/internal\$##" | sort -u |
  sed 's/.*/| `&` | a folder |/' > "$tmp/README.md"
"$check" "$tmp" >/dev/null || { echo "a README listing every folder was refused"; "$check" "$tmp"; exit 1; }
grep -v 'firmware/net/tls`' "$tmp/README.md" > "$tmp/README.short"
mv "$tmp/README.md" "$tmp/README.full"; mv "$tmp/README.short" "$tmp/README.md"
"$check" "$tmp" >/dev/null && { echo "not caught: a folder missing from the README's table"; fails=$((fails+1)); }
{ cat "$tmp/README.full"; echo '| `firmware/net/gone` | a folder that is not there |'; } > "$tmp/README.md"
"$check" "$tmp" >/dev/null && { echo "not caught: a README row for a folder that is not there"; fails=$((fails+1)); }
echo "layering selftest: $fails violation(s) missed"
exit $fails
