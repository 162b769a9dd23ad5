# The pass/fail tally of the system test scripts (sourced). `check NAME COMMAND...` runs the
# command, counts it, prints "ok: NAME" or "FAIL: NAME" and returns its verdict; `checks_done`
# prints "N passed, M failed" and fails when any check did.
passed=0 failed=0
check() {
  local n=$1; shift
  if "$@"; then passed=$((passed+1)); echo "ok: $n"; else failed=$((failed+1)); echo "FAIL: $n"; return 1; fi
}
checks_done() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
