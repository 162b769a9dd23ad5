#!/usr/bin/env bash
# Fails when firmware/ reaches past the HAL (OS headers, wall clock, rand, getenv, files) or uses
# exceptions/RTTI, when an #include points up or across the layers and their folders or reaches
# another folder's internal/ headers, or when hal/ holds anything but interfaces.
# See firmware/ARCHITECTURE.md ("What the build checks").
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

# The direction of #includes. A path "firmware/L/S/f.h" is in folder S of layer L (S is empty at
# the top of the layer's folder; an internal/ step marks the header private to the folder above
# it). A firmware file may include its own folder, any public header of the layers its layer
# lists below, and the folders of its own layer that its folder lists. A layer or folder missing
# from the tables is refused, so a new one is placed on purpose (and in the README's layout table).
# A header under internal/ serves the sources of its own folder: no other folder or layer, no
# public header (its users could not see it) and nothing in tools/, bench/ or hal_posix/ may
# include it; tests/ may (unit tests and fuzz harnesses are white-box).
deps=$(cd "$code" && find firmware -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.c' \) -print0 |
  xargs -0 -r grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' /dev/null |
  awk -F: '
  BEGIN {
    # Layers, each with the layers below it that it may include.
    layer["mbedtls"] = ""; layer["core"] = ""; layer["storage"] = "core"; layer["boot"] = "core storage"
    layer["net"] = "core storage"; layer["prov"] = "core storage"; layer["app"] = "core storage net prov"
    # Folders of a layer, each with the folders of the same layer it may include ("/" is the top
    # of the layer). The top of net/ is what its protocols share; the top of app/ is the device
    # that drives the concerns below it.
    folder["mbedtls/"] = ""; folder["core/"] = ""; folder["storage/"] = ""; folder["boot/"] = ""
    folder["prov/"] = "proto"; folder["prov/proto"] = ""
    folder["net/"] = ""; folder["net/tls"] = "/"; folder["net/mqtt"] = "/"; folder["net/http"] = "/"
    folder["net/sntp"] = "/"
    folder["app/identity"] = ""; folder["app/platform"] = "identity"
    folder["app/enroll"] = "identity platform"; folder["app/ota"] = "identity platform"
    folder["app/"] = "identity platform enroll ota"
  }
  function has(list, word,   n, i, w) {
    n = split(list, w, " ")
    for (i = 1; i <= n; i++) if (w[i] == word) return 1
    return 0
  }
  # Sets L (layer), S (folder) and P (1 under internal/) for a path below firmware/.
  function place(path,   parts, n, i) {
    n = split(path, parts, "/"); L = parts[2]; S = ""; P = 0
    for (i = 3; i < n; i++) {
      if (parts[i] == "internal") { P = 1; break }
      S = S (S == "" ? "" : "/") parts[i]
    }
  }
  function bad(msg) { print $1 ":" $2 ": " msg }
  {
    file = $1; line = $0; sub(/^[^:]*:[^:]*:/, "", line)
    match(line, /"[^"]+"/); inc = substr(line, RSTART + 1, RLENGTH - 2)
    place(file); fl = L; fs = S; fp = P
    if (!(fl in layer)) { bad("unknown layer firmware/" fl " (add it to the tables)"); next }
    if (!((fl "/" fs) in folder)) { bad("unknown folder firmware/" fl "/" fs " (add it to the tables)"); next }
    if (inc ~ /^(hal_posix|tools|tests|bench)\//) { bad("firmware/ includes " inc); next }
    if (inc !~ /^firmware\//) next
    place(inc); tl = L; ts = S; tp = P
    if (!(tl in layer)) { bad("includes unknown layer: " inc); next }
    if (tl != fl) {
      if (!has(layer[fl], tl)) bad("layer " fl " may not include " tl ": " inc)
      else if (tp) bad("internal header of another layer: " inc)
      next
    }
    if (ts != fs) {
      if (!has(folder[fl "/" fs], ts == "" ? "/" : ts))
        bad(fl "/" (fs == "" ? "" : fs "/") " may not include " fl "/" (ts == "" ? "" : ts "/") ": " inc)
      else if (tp) bad("internal header of another folder: " inc)
      next
    }
    if (tp && !fp && file ~ /\.h$/) bad("a public header includes an internal one: " inc)
  }')
[ -n "$deps" ] && report "firmware/ includes against the direction of its layers (see firmware/ARCHITECTURE.md):" "$deps"
host=$(grep -rnE --include='*.h' --include='*.cpp' --include='*.c' '#include *"firmware/([^"]*/)?internal/' \
       tools bench hal_posix 2>/dev/null)
[ -n "$host" ] && report "an internal header is included outside its folder:" "$host"

# The README's layout table names each folder of firmware/ that holds sources, and no other.
if [ -f README.md ]; then
  have=$(find firmware -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.c' \) -printf '%h\n' |
         sed -E 's#/internal(/.*)?$##' | sort -u)
  told=$(grep -oE '^\| `firmware/[a-z_/]+`' README.md | sed -E 's/^\| `//; s/`$//' | sort -u)
  layout=$(diff <(echo "$have") <(echo "$told") | sed -nE 's/^< /in the tree, not in the table: /p; s/^> /in the table, not in the tree: /p')
  [ -n "$layout" ] && report "README.md's layout table and the folders of firmware/ differ:" "$layout"
fi

impl=$(find hal -type f ! -name '*.h')
[ -n "$impl" ] && report "hal/ holds interfaces only (headers):" "$impl"
halos=$(grep -rnE '#include *<(sys/|unistd|fcntl|netinet|arpa|poll)' hal)
[ -n "$halos" ] && report "hal/ includes OS headers:" "$halos"
halinc=$(grep -rnE '#include *"' hal | grep -vE '#include *"hal/')
[ -n "$halinc" ] && report "hal/ includes something other than hal/:" "$halinc"

[ $fail -eq 0 ] && echo "layering: firmware/ and hal/ keep to the HAL rules and the direction of the layers"
exit $fail
