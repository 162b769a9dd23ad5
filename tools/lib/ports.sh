# Loopback port helpers for the project's scripts (sourced, not run).

# A candidate port for a server, below the kernel's ephemeral range (ip_local_port_range), where
# outgoing connections take their local ports: a port drawn from that range can be free when drawn
# and taken by some connection before the server binds it ("Address already in use").
candidate_port() {
  local low=32768 high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  if [ "$low" -gt 12000 ]; then
    echo $((10000 + RANDOM % (low - 10000)))
  elif [ "${high:-65535}" -lt 64536 ]; then
    echo $((high + 1 + RANDOM % (65535 - high)))
  else
    echo $((20000 + RANDOM % 40000))  # the ephemeral range covers nearly all ports
  fi
}

# Prints a loopback TCP port nobody listens on.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$(candidate_port)
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
    p=$(candidate_port)
    udp_bound "$p" || { echo "$p"; return 0; }
  done
  return 1
}

# True when some socket is bound to UDP port PORT (any address).
udp_bound() {
  grep -qiE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") " /proc/net/udp /proc/net/udp6 2>/dev/null
}
