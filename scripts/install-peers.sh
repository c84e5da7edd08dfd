#!/usr/bin/env bash
# Installs the BGP daemons the interop tests run as peers (BIRD 2, GoBGP, FRR) plus iproute2 for
# network namespaces. Idempotent: does nothing but print versions when everything is present.
#
# The tests start every daemon themselves inside their own namespaces; a service that the packages
# start in the root namespace would hold port 179 and answer connections meant for the test peers,
# so any daemon that came up during this install is stopped again (by its PID, nothing else).
set -euo pipefail

packages=(bird2 gobgpd frr iproute2)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# PIDs of the daemons the packages could start (pgrep -x limits a pattern to 15 characters).
daemon_pids() {
  for name in bird gobgpd zebra bgpd staticd watchfrr mgmtd; do pgrep -x "$name" || true; done
}

# PIDs listening on TCP 179 (any address), one per line.
bgp_listeners() {
  ss -ltnpH 'sport = :179' 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-peers.sh: ${missing[*]} missing; run as root to install them (the interop tests need root too)" >&2
    exit 1
  fi
  echo "install-peers.sh: installing ${missing[*]}"
  before=$(bgp_listeners)
  # Names of the daemon processes running before, so only the ones the packages start are stopped.
  before_daemons=$(daemon_pids)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  after=$(bgp_listeners)
  after_daemons=$(daemon_pids)
  for pid in $(printf '%s\n' $after $after_daemons | sort -u); do
    # Only new daemons that an init script detached (parent PID 1): never a test's own daemon or
    # speaker that happens to start meanwhile.
    if ! grep -qx "$pid" <<<"$before"$'\n'"$before_daemons" && [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "1" ]; then
      echo "install-peers.sh: stopping $(ps -o comm= -p "$pid" 2>/dev/null || echo '?') (pid $pid) started by the packages"
      kill "$pid" 2>/dev/null || true
    fi
  done
fi

if [ -n "$(bgp_listeners)" ]; then
  echo "install-peers.sh: warning: something still listens on TCP 179 in the root namespace:" >&2
  ss -ltnp 'sport = :179' >&2 || true
fi

echo "peers: $(/usr/sbin/bird --version 2>&1 | head -n1)"
echo "peers: gobgpd $(/usr/bin/gobgpd --version 2>&1 | head -n1)"
echo "peers: $(/usr/lib/frr/bgpd --version 2>&1 | head -n1)"
echo "peers: $(ip -V 2>&1 | head -n1)"
