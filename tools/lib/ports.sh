# Loopback port helpers for the project's scripts (sourced, not run).

# Prints a loopback TCP port nobody listens on.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# Waits up to 10 s until something accepts on 127.0.0.1:PORT.
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Prints a loopback UDP port nobody has bound (from /proc/net/udp, where ports are hex).
free_udp_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    udp_bound "$p" || { echo "$p"; return 0; }
  done
  return 1
}

# True when some socket is bound to UDP port PORT (any address).
udp_bound() {
  grep -qiE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") " /proc/net/udp /proc/net/udp6 2>/dev/null
}
