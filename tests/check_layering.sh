#!/usr/bin/env bash
# Fails when firmware/ reaches past the HAL (OS headers, wall clock, rand, getenv, files) or uses
# exceptions/RTTI, or when hal/ holds anything but interfaces. See firmware/ARCHITECTURE.md.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
fail=0
report() { echo "layering: $1"; echo "$2" | sed 's/^/  /'; fail=1; }

os=$(grep -rnE '#include *<(sys/[a-z_]+\.h|unistd\.h|fstream|thread|mutex|condition_variable|pthread\.h|fcntl\.h|netinet/[a-z_]+\.h|arpa/[a-z_]+\.h|netdb\.h|poll\.h|dirent\.h|signal\.h|filesystem|iostream|chrono|random|ctime|time\.h)>' firmware)
[ -n "$os" ] && report "firmware/ includes OS or host headers (use hal:: instead):" "$os"

# Calls are looked for in code only: comments may name what they avoid.
code=$(mktemp -d); trap 'rm -rf "$code"' EXIT
(cd firmware && find . -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.c' \) | while read -r f; do
  mkdir -p "$code/firmware/$(dirname "$f")"; sed -e 's#//.*$##' "$f" >"$code/firmware/$f"; done)
calls=$(cd "$code" && grep -rnE '(^|[^_a-zA-Z0-9.>:])(rand|srand|random|getenv|secure_getenv|fopen|freopen|popen|clock_gettime|gettimeofday|usleep|nanosleep|fork|execve|fexecve)\s*\(|(std|)::(time|system|exit|_Exit|clock)\s*\(' firmware)
[ -n "$calls" ] && report "firmware/ calls the OS directly (wall clock, rand, env, files, process):" "$calls"

# Source files only: a document (firmware/ARCHITECTURE.md) explains the rule by naming the keywords.
exc=$(grep -rnE --include='*.h' --include='*.cpp' --include='*.c' '\bthrow\b|\btry\s*\{|\bcatch\s*\(|dynamic_cast<|typeid\(' firmware)
[ -n "$exc" ] && report "firmware/ must build with -fno-exceptions -fno-rtti:" "$exc"

impl=$(find hal -type f ! -name '*.h')
[ -n "$impl" ] && report "hal/ holds interfaces only (headers):" "$impl"
halos=$(grep -rnE '#include *<(sys/|unistd|fcntl|netinet|arpa|poll)' hal)
[ -n "$halos" ] && report "hal/ includes OS headers:" "$halos"

[ $fail -eq 0 ] && echo "layering: firmware/ and hal/ keep to the HAL rules"
exit $fail
