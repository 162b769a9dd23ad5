# The pass/fail tally of the system test scripts (sourced). `check NAME COMMAND...` runs the
# command, counts it, prints "ok: NAME" or "FAIL: NAME" and returns its verdict; `checks_done`
# prints "N passed, M failed" and fails when any check did.
passed=0 failed=0
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/exec.sh"
check() {
  local n=$1; shift
  if "$@"; then passed=$((passed+1)); echo "ok: $n"; else failed=$((failed+1)); echo "FAIL: $n"; return 1; fi
}
checks_done() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# count FILE ERE / count_text FILE TEXT: matching lines (0 when the file is missing).
count() { local n; n=$(grep -cE -- "$2" "$1" 2>/dev/null); echo "${n:-0}"; }
count_text() { local n; n=$(grep -cF -- "$2" "$1" 2>/dev/null); echo "${n:-0}"; }
# has FILE TEXT: FILE has a line containing TEXT.
has() { grep -qF -- "$2" "$1"; }
# wait_for FILE ERE [N] [SECONDS] / wait_for_text FILE TEXT [N] [SECONDS]: until FILE has N
# (default 1) matching lines; false after SECONDS (default 20). An upper bound for an event, never
# a delay: it returns when it happens.
wait_for() { wait_count count "$@"; }
wait_for_text() { wait_count count_text "$@"; }
wait_count() {
  local counter=$1 _
  for _ in $(seq $((${5:-20} * 10))); do [ "$("$counter" "$2" "$3")" -ge "${4:-1}" ] && return 0; sleep 0.1; done
  return 1
}
# stamps FILE ERE: the device clock (ms since boot, "I (1234) ...") of each matching log line.
stamps() { grep -E -- "$2" "$1" | sed -E 's/^. \(([0-9]+)\).*/\1/'; }
