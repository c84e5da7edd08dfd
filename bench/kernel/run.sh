#!/usr/bin/env bash
# Kernel route install rate: N IPv4 and N/5 IPv6 routes into table main of a fresh network namespace,
# once per contender (FibSync.Flush, bare batched RtNetlinkClient.Apply, ip -batch, BIRD 2's kernel
# protocol). Needs root. Every namespace it makes is removed on exit; the only processes it runs are
# its own children (bird is started and killed by the console by its own PID).
# Usage: bench/kernel/run.sh [N]   (default 1000000)
set -euo pipefail
N=${1:-1000000}
N6=$((N / 5))
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$ROOT/bench/kernel/KernelBench.csproj" -c Release -v q -nologo >/dev/null
DLL="$ROOT/bench/kernel/bin/Release/net10.0/KernelBench.dll"
NAMESPACES=()
cleanup() { for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done; }
trap cleanup EXIT

# Sets NS (not a command substitution: the namespace must be recorded in this shell for cleanup).
fresh_ns() {
  NS="kbench-$$-$1"
  local ns=$NS
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  # No dummy driver on this kernel: a veth pair with both ends inside serves as the interface.
  ip -n "$ns" link add d0 type veth peer name d0p
  ip -n "$ns" link set d0p up
  ip -n "$ns" link set d0 up
  ip -n "$ns" addr add 10.0.0.1/24 dev d0
  ip -n "$ns" addr add fd00:1::1/64 dev d0 nodad
}

declare -A T4 T6 TT
for mode in bare fibsync ipbatch bird; do
  fresh_ns "$mode"; ns=$NS
  line=$(ip netns exec "$ns" dotnet "$DLL" "$mode" "$N" "$N6")
  echo "$line" >&2
  read -r _ _ _ t4 t6 tt <<<"$line"
  T4[$mode]=$t4; T6[$mode]=$t6; TT[$mode]=$tt
  ip netns del "$ns"
done

echo
echo "| contender | IPv4 routes/s ($N) | IPv6 routes/s ($N6) | all routes/s | total s |"
echo "| --- | ---: | ---: | ---: | ---: |"
for mode in fibsync bare ipbatch bird; do
  awk -v m="$mode" -v n="$N" -v n6="$N6" -v a="${T4[$mode]}" -v b="${T6[$mode]}" -v t="${TT[$mode]}" 'BEGIN {
    v6 = (m == "bird") ? "(parallel)" : sprintf("%.0f", n6 / b);
    printf "| %s | %.0f | %s | %.0f | %.2f |\n", m, n / a, v6, (n + n6) / t, t }'
done
awk -v f="${TT[fibsync]}" -v b="${TT[bare]}" -v d="${TT[bird]}" -v i="${TT[ipbatch]}" 'BEGIN {
  printf "\nFibSync time / bare writer time: %.2fx; BIRD time / FibSync time: %.2fx; ip -batch time / FibSync time: %.2fx\n", f / b, d / f, i / f }'
