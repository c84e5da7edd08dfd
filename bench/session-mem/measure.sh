#!/usr/bin/env bash
# Per-session memory of bgpd under workload 5's shape (N eBGP peers, P prefixes dealt among them, every
# peer re-advertised the whole table), in a private network namespace on loopback, without bench/run.sh:
# gcdump of bgpd idle (peers configured, none connected) and loaded (every session up, receiver complete).
# Usage: [SETTLE=s] bench/session-mem/measure.sh [PEERS=500] [PREFIXES=2000] [OUT=/tmp/session-mem]
# BGPD=path/bgpd.dll measures another build. Needs root (netns), Release builds of src/Bgp.Daemon and bench/BgpLoad, dotnet-gcdump.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-500}; P=${2:-2000}; OUT=${3:-/tmp/session-mem}
GCDUMP=${GCDUMP:-/root/.dotnet/tools/dotnet-gcdump}
BGPD=${BGPD:-"$ROOT/src/Bgp.Daemon/bin/Release/net10.0/bgpd.dll"}
LOAD="$ROOT/bench/BgpLoad/bin/Release/net10.0/BgpLoad.dll"
NS="smem$$"; PIDS=()
mkdir -p "$OUT"; rm -f "$OUT"/*.gcdump "$OUT"/ready
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$NS"; ip -n "$NS" link set lo up

addr() { echo "127.1.$(($1 / 250 + 1)).$(($1 % 250 + 1))"; }
{ echo "asNumber: 65000"; echo "routerId: 10.0.1.2"; echo 'listen: { address: "127.0.0.1", port: 179 }'
  echo "api: { address: 127.0.0.1, port: 50051 }"; echo "health: { enabled: false }"; echo "kernel: { enabled: false }"
  echo "logging: { level: warning }"; echo "peers:"
  echo "  - { peerIP: \"127.0.2.1\", asNumber: 65002, passive: true, families: [ipv4], importFilter: accept-all, exportFilter: accept-all }"
  for i in $(seq 1 "$N"); do
    echo "  - { peerIP: \"$(addr "$i")\", asNumber: 65001, passive: true, families: [ipv4], importFilter: accept-all, exportFilter: accept-all }"
  done; } > "$OUT/bgpd.yaml"

ip netns exec "$NS" env ${BGPD_ENV:-} dotnet "$BGPD" --config "$OUT/bgpd.yaml" > "$OUT/bgpd.log" 2>&1 &
BPID=$!; PIDS+=("$BPID")
sleep 8
rss() { awk '/VmRSS/ {print $2}' "/proc/$BPID/status"; }
echo "idle rss_kB $(rss)"
"$GCDUMP" collect -p "$BPID" -o "$OUT/idle.gcdump" > /dev/null

ip netns exec "$NS" dotnet "$LOAD" recv --as 65002 --router-id 10.0.2.1 --expect4 "$P" --expect6 0 --timeout 300 \
  --session 127.0.2.1,127.0.0.1,65000,ipv4,active > "$OUT/recv.json" 2> "$OUT/recv.err" &
RPID=$!; PIDS+=("$RPID")
gargs=(--as 65001 --router-id 10.0.1.1 --ipv4 "$P" --ipv6 0 --seed 1771 --split 1 --hold 90)
for i in $(seq 1 "$N"); do gargs+=(--session "$(addr "$i"),127.0.0.1,65000,ipv4,active"); done
ip netns exec "$NS" dotnet "$LOAD" gen "${gargs[@]}" > "$OUT/gen.json" 2> "$OUT/gen.err" &
PIDS+=("$!")
wait "$RPID" || true
cat "$OUT/recv.json"
# Let the re-advertisement to every peer finish and the RIB loop's idle trim run; SETTLE=40 also lets one
# round of KEEPALIVEs (30 s at hold time 90) go out on every session first.
sleep "${SETTLE:-15}"
echo "loaded rss_kB $(rss)"
"$GCDUMP" collect -p "$BPID" -o "$OUT/loaded.gcdump" > /dev/null
"$GCDUMP" report "$OUT/idle.gcdump" > "$OUT/idle.txt"
"$GCDUMP" report "$OUT/loaded.gcdump" > "$OUT/loaded.txt"
python3 "$ROOT/bench/session-mem/diff.py" "$OUT/idle.txt" "$OUT/loaded.txt" "$N"
