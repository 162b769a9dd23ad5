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
echo 'int f() {}' > "$tmp/hal/impl.cpp"
"$check" "$tmp" >/dev/null && { echo "not caught: implementation file in hal/"; fails=$((fails+1)); }
echo "layering selftest: $fails violation(s) missed"
exit $fails
