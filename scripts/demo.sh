#!/usr/bin/env bash
# The demo a new user runs first: two bgpd nodes on loopback peer over eBGP and exchange pod CIDRs
# (one export filter holds a non-pod prefix back), bgpctl shows and changes them through bgpd's gRPC API
# (peers, routes, explain, announce/withdraw), then bgpctl decodes BGP messages captured from Cisco,
# FRR and tcpdump's test suite into JSON and reads a Route Views MRT table dump into bgpdump-style lines.
# It starts nothing it does not stop (by PID) and leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "demo.sh: the .NET 10 SDK is not installed (dotnet not on PATH); see README.md" >&2
  exit 1
fi

out=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT
echo "== building bgpd and bgpctl"
dotnet publish src/Bgp.Daemon -c Release -o "$out/bgpd" -nologo -v quiet
dotnet publish src/Bgp.Cli -c Release -o "$out/bin" -nologo -v quiet
bgpctl="$out/bin/bgpctl"

port=${BGP_DEMO_PORT:-11790}
api=${BGP_DEMO_API_PORT:-11791}
health=${BGP_DEMO_HEALTH_PORT:-11792}
cat > "$out/node-a.yaml" <<YAML
asNumber: 64512
routerId: 10.0.0.1
listen: { address: 127.0.0.2, port: $port }
api: { address: 127.0.0.2, port: $api }
health: { address: 127.0.0.2, port: $health }
filters:
  pod-cidrs:
    - { name: pods, match: { prefixes: ["10.244.0.0/16 le 26"] }, result: accept }
peers:
  - { peerIP: "127.0.0.3:$port", asNumber: 64513, sourceAddress: 127.0.0.2, importFilter: accept-all, exportFilter: pod-cidrs }
prefixes: [10.244.1.0/26, 192.0.2.0/24]
YAML
cat > "$out/node-b.yaml" <<YAML
asNumber: 64513
routerId: 10.0.0.2
listen: { address: 127.0.0.3, port: $port }
logging: { level: debug }
api: { address: 127.0.0.3, port: $api }
health: { address: 127.0.0.3, port: $health }
peers:
  - { peerIP: "127.0.0.2:$port", asNumber: 64512, sourceAddress: 127.0.0.3, importFilter: accept-all, exportFilter: accept-all }
prefixes: [10.244.2.0/26]
YAML
echo
echo "== bgpd: node A (AS 64512, 127.0.0.2) originates 10.244.1.0/26 and 192.0.2.0/24 but exports only"
echo "   pod CIDRs; node B (AS 64513, 127.0.0.3) originates 10.244.2.0/26. B's log:"
"$out/bgpd/bgpd" --config "$out/node-b.yaml" > "$out/b.log" 2>&1 & pids+=($!)
sleep 1
"$out/bgpd/bgpd" --config "$out/node-a.yaml" > "$out/a.log" 2>&1 & pids+=($!)
for _ in $(seq 1 40); do grep -q "Loc-RIB best paths: 2 IPv4" "$out/b.log" && break; sleep 0.5; done
cut -c12- "$out/b.log" | grep -v -- "->"

a=(--api "127.0.0.2:$api")
b=(--api "127.0.0.3:$api")
echo
echo "== bgpctl talks to a running bgpd over its gRPC API (--api HOST:PORT). A's peers:"
echo "\$ bgpctl --api 127.0.0.2:$api peers"
"$bgpctl" "${a[@]}" peers
echo
echo "== A's routes: its own two prefixes (peer 'local') and B's pod CIDR, learned over BGP:"
echo "\$ bgpctl --api 127.0.0.2:$api routes"
"$bgpctl" "${a[@]}" routes
echo
echo "== Why A picked that path for B's pod CIDR (the RFC 4271 decision process, one line per candidate):"
echo "\$ bgpctl --api 127.0.0.2:$api explain 10.244.2.0/26"
"$bgpctl" "${a[@]}" explain 10.244.2.0/26
echo
echo "== A announces a new pod CIDR at run time (no config change); B learns it within a moment:"
echo "\$ bgpctl --api 127.0.0.2:$api announce 10.244.3.0/26"
"$bgpctl" "${a[@]}" announce 10.244.3.0/26
for _ in $(seq 1 20); do [ -n "$("$bgpctl" "${b[@]}" routes 10.244.3.0/26)" ] && break; sleep 0.25; done
echo "\$ bgpctl --api 127.0.0.3:$api routes"
"$bgpctl" "${b[@]}" routes
echo
echo "== A withdraws it again; B drops it:"
echo "\$ bgpctl --api 127.0.0.2:$api withdraw 10.244.3.0/26"
"$bgpctl" "${a[@]}" withdraw 10.244.3.0/26
for _ in $(seq 1 20); do [ -z "$("$bgpctl" "${b[@]}" routes 10.244.3.0/26)" ] && break; sleep 0.25; done
echo "\$ bgpctl --api 127.0.0.3:$api routes"
"$bgpctl" "${b[@]}" routes

kill -TERM "${pids[1]}"; wait "${pids[1]}" || true
kill -TERM "${pids[0]}"; wait "${pids[0]}" || true
pids=()

corpus=fixtures/corpus
echo
echo "== bgpctl decode: an IPv4+IPv6 eBGP session captured on Cisco routers (OPENs, then UPDATEs)"
"$bgpctl" decode "$corpus/pcap/packetlife__BGP_MP_NLRI.cap.messages.hex" | grep -v '"KEEPALIVE"' | head -n 6
echo
echo "== bgpctl decode: a Cease/Administrative Shutdown with an RFC 8203 shutdown communication"
"$bgpctl" decode "$corpus/pcap/tcpdump__bgp-shutdown-communication.pcapng.messages.hex"
echo
echo "== bgpctl decode: bad input gets the NOTIFICATION a speaker would send, and decoding goes on"
printf '%s\n' "ffffffffffffffffffffffffffffffff001304" "00000000000000000000000000000000001304" \
  "ffffffffffffffffffffffffffffffff0017020005ffff" "not hex" \
  | "$bgpctl" decode
echo
echo "== bgpctl mrt: the first lines of a Route Views TABLE_DUMP_V2 RIB dump (2014)"
"$bgpctl" mrt "$corpus/mrt/routeviews-via-pyasn__rib.20140523.0600.first100.gz" | head -n 8
echo "   ... $("$bgpctl" mrt "$corpus/mrt/routeviews-via-pyasn__rib.20140523.0600.first100.gz" | wc -l) routes in all"
