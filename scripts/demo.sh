#!/usr/bin/env bash
# The demo a new user runs first. Until the daemon exists (issue 5), it shows the codec on real data:
# bgpctl decodes BGP messages captured from Cisco, FRR and tcpdump's test suite into JSON, and reads a
# Route Views MRT table dump into bgpdump-style lines.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "demo.sh: the .NET 10 SDK is not installed (dotnet not on PATH); see README.md" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== building bgpctl"
dotnet publish src/Bgp.Cli -c Release -o "$out/bin" -nologo -v quiet
bgpctl="$out/bin/bgpctl"

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
