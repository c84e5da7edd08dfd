#!/usr/bin/env bash
# Side-by-side control-plane benchmark (issue #7): our bgpd against BIRD 2, GoBGP and FRR, same
# topology, same routes, kernel programming off everywhere. Needs root (network namespaces).
#
#   bench/run.sh [--ipv4 N] [--ipv6 N] [--duts "bgpd bird gobgp frr"] [--workloads "1 3"]
#                [--timeout S] [--rr-clients N] [--rr-prefixes N] [--peers N] [--peer-prefixes N] [--idle S]
#                [--tables N] [--churn-rates "1000 10000"] [--churn-seconds S] [--churn-prefixes N] [--repeat N]
#
# Workload 1 (full table ingest and propagate): generator -> DUT -> receiver, one namespace per role,
#   veth pairs; time from the generator's first UPDATE to the receiver holding every prefix.
# Workload 2 (many full tables): N generators (default 4) each send the --ipv4/--ipv6 table with their
#   own AS paths; the DUT keeps N paths per prefix and picks the shortest, which the receiver checks.
# Workload 3 (route-reflector fan-out): generator (iBGP RR client) -> DUT (RR) -> N iBGP RR clients in
#   one receiver process; time until every client holds every prefix.
# Workload 5 (many peers): N eBGP peers (default 500) from one generator process, the prefixes dealt among
#   them (default 2,000: four each), one receiver; then 30 s idle: DUT CPU and RSS per session.
# Workload 4 (churn): with the table loaded, flaps (announce/withdraw of 10.192.0.0/10 /24s) at each of
#   --churn-rates per second for --churn-seconds; per-flap delay from the generator's send log and the
#   receiver's arrival log (both CLOCK_MONOTONIC), DUT CPU over the churn only.
# The DUT runs pinned to CPU 1, the generator and receiver to CPU 0. Each DUT only accepts (passive);
# our tools connect. Every namespace made here is deleted on exit and only processes started here are
# stopped, by PID. Results: one JSON line per run in $OUT/results.jsonl, tables on stdout.
# BENCH_HOLD=1 in the environment holds each DUT after its run, table loaded, until the run's "hold" file
# is removed (for dotnet-gcdump, perf or birdc).
# GEN_EXTRA="..." in the environment is appended to every generator command line (e.g. --connect-burst 0).
# BGPD_ENV="VAR=value ..." in the environment is set for bgpd only (e.g. DOTNET_GCRetainVM=1), and
# BGPD_YAML="key: value" adds top-level lines to bgpd's config (e.g. "warmup: false"; "updateGroups: ..."
# replaces the harness's choice, true in workloads 2, 3 and 5);
# BGPD_PUBLISH="..." is appended to its dotnet publish (e.g. "-r linux-x64 -p:PublishReadyToRun=true"):
# for trying runtime settings on the DUT without touching the generator and receiver.
set -euo pipefail
IPV4=1050000; IPV6=240000; DUTS="bgpd bird gobgp frr"; WORKLOADS="1"; TIMEOUT=300
RR_CLIENTS=50; RR_PREFIXES=100000; WL5_PEERS=500; WL5_PREFIXES=2000; IDLE=30
REPEAT=1; TABLES=4; CHURN_RATES="1000 10000"; CHURN_SECONDS=10; CHURN_PREFIXES=
while [ $# -gt 0 ]; do
  case "$1" in
    --ipv4) IPV4=$2; shift 2;; --ipv6) IPV6=$2; shift 2;; --duts) DUTS=$2; shift 2;;
    --workloads) WORKLOADS=$2; shift 2;; --timeout) TIMEOUT=$2; shift 2;;
    --rr-clients) RR_CLIENTS=$2; shift 2;; --rr-prefixes) RR_PREFIXES=$2; shift 2;;
    --peers) WL5_PEERS=$2; shift 2;; --peer-prefixes) WL5_PREFIXES=$2; shift 2;; --idle) IDLE=$2; shift 2;;
    --tables) TABLES=$2; shift 2;; --repeat) REPEAT=$2; shift 2;; --churn-rates) CHURN_RATES=$2; shift 2;;
    --churn-seconds) CHURN_SECONDS=$2; shift 2;; --churn-prefixes) CHURN_PREFIXES=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
# Base 10 and then the value, so that "00" (no round at all: an empty report) is refused like "0".
case $REPEAT in ''|*[!0-9]*) REPEAT_OK=0;; *) REPEAT_OK=$(( 10#$REPEAT >= 1 ));; esac
[ "$REPEAT_OK" = 1 ] || { echo "--repeat needs a positive whole number, not '$REPEAT'" >&2; exit 2; }
REPEAT=$(( 10#$REPEAT ))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d /tmp/bgpbench.XXXXXX)
chmod 755 "$OUT"
echo "work folder: $OUT" >&2

case " $DUTS " in *" bgpd "*) dotnet publish "$ROOT/src/Bgp.Daemon" -c Release -o "$OUT/bgpd-bin" -v q -nologo ${BGPD_PUBLISH:-} >/dev/null;; esac
dotnet build "$ROOT/bench/BgpLoad/BgpLoad.csproj" -c Release -v q -nologo >/dev/null
LOAD="$ROOT/bench/BgpLoad/bin/Release/net10.0/BgpLoad.dll"

NAMESPACES=(); PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

mkns() {
  ip netns add "$1"; NAMESPACES+=("$1")
  ip -n "$1" link set lo up
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}
# link NS_A IF_A ADDR4_A ADDR6_A NS_B IF_B ADDR4_B ADDR6_B
link() {
  ip link add "$2" netns "$1" type veth peer name "$6" netns "$5"
  ip -n "$1" addr add "$3/24" dev "$2"; ip -n "$1" addr add "$4/64" dev "$2" nodad
  ip -n "$5" addr add "$7/24" dev "$6"; ip -n "$5" addr add "$8/64" dev "$6" nodad
  ip -n "$1" link set "$2" up; ip -n "$5" link set "$6" up
}
delns() {
  local keep=()
  for ns in "${NAMESPACES[@]}"; do if [ "$ns" = "$1" ]; then ip netns del "$ns" 2>/dev/null || true; else keep+=("$ns"); fi; done
  NAMESPACES=("${keep[@]}")
}
stop_pids() { for p in "$@"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; for p in "$@"; do kill -9 "$p" 2>/dev/null || true; done; }

# Per-process figures from /proc: CPU ticks (utime + stime), VmHWM and VmRSS in kB.
ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
kb() { local t=0; for p in "${@:2}"; do t=$((t + $(awk -v k="$1:" '$1 == k {print $2}' "/proc/$p/status"))); done; echo $t; }
HZ=$(getconf CLK_TCK)

# ---------------------------------------------------------------- DUT configs
# A peer line: "ADDRESS PEER_AS FAMILY RR_CLIENT(0|1)". DUT is AS 65000, router id 10.0.1.2.
render_bgpd() { # dir peers...
  local d=$1; shift
  { echo "asNumber: 65000"; echo "routerId: 10.0.1.2"; echo 'listen: { address: "::", port: 179 }'
    echo "api: { address: 127.0.0.1, port: 50051 }"; echo "kernel: { enabled: false }"
    echo "logging: { level: information }"
    # Update groups (opt-in in bgpd, FRR's default) where several peers share a key: workloads 2, 3 and 5 set
    # UPDATE_GROUPS=1. A lone peer with them on is sent its own routes back (bench/README.md), so not for 1 and 4.
    case "${BGPD_YAML:-}" in *updateGroups*) ;; *) if [ "${UPDATE_GROUPS:-0}" = 1 ]; then echo "updateGroups: true"; fi ;; esac
    [ -z "${BGPD_YAML:-}" ] || echo "$BGPD_YAML"; echo "peers:"
    for p in "$@"; do read -r a as fam rr <<<"$p"
      echo "  - { peerIP: \"$a\", asNumber: $as, passive: true, families: [$fam], importFilter: accept-all, exportFilter: accept-all$([ "$rr" = 1 ] && echo ", routeReflectorClient: true") }"
    done; } > "$d/bgpd.yaml"
}
render_bird() {
  local d=$1; shift; local i=0
  { echo "log \"$d/bird.log\" { warning, error, fatal };"; echo "router id 10.0.1.2;"; echo "protocol device {}"
    for p in "$@"; do read -r a as fam rr <<<"$p"; i=$((i + 1))
      local src; src=$(local_for "$a")
      echo "protocol bgp p$i { local $src as 65000; neighbor $a as $as; passive on; hold time 90;"
      [ "$rr" = 1 ] && echo "  rr client;"
      echo "  $fam { import all; export all; }; }"
    done; } > "$d/bird.conf"
}
render_gobgp() {
  local d=$1; shift
  { echo "[global.config]"; echo "  as = 65000"; echo "  router-id = \"10.0.1.2\""; echo "  port = 179"
    for p in "$@"; do read -r a as fam rr <<<"$p"
      echo "[[neighbors]]"; echo "  [neighbors.config]"; echo "    neighbor-address = \"$a\""; echo "    peer-as = $as"
      echo "  [neighbors.transport.config]"; echo "    passive-mode = true"; echo "    local-address = \"$(local_for "$a")\""
      if [ "$rr" = 1 ]; then echo "  [neighbors.route-reflector.config]"; echo "    route-reflector-client = true"; echo "    route-reflector-cluster-id = \"10.0.1.2\""; fi
      echo "  [[neighbors.afi-safis]]"; echo "    [neighbors.afi-safis.config]"; echo "      afi-safi-name = \"$fam-unicast\""
    done; } > "$d/gobgpd.toml"
}
render_frr() {
  local d=$1; shift
  { echo "frr defaults traditional"; echo "hostname dut"; echo "router bgp 65000"; echo " bgp router-id 10.0.1.2"
    echo " no bgp ebgp-requires-policy"; echo " no bgp default ipv4-unicast"
    for p in "$@"; do read -r a as fam rr <<<"$p"
      echo " neighbor $a remote-as $as"; echo " neighbor $a passive"; echo " neighbor $a update-source $(local_for "$a")"
    done
    for f in ipv4 ipv6; do
      echo " address-family $f unicast"
      for p in "$@"; do read -r a as fam rr <<<"$p"
        [ "$fam" = "$f" ] || continue
        echo "  neighbor $a activate"; [ "$rr" = 1 ] && echo "  neighbor $a route-reflector-client"
      done
      echo " exit-address-family"
    done; } > "$d/bgpd.conf"
  : > "$d/zebra.conf"
}
# The DUT's own address on the link towards a peer address.
local_for() {
  case "$1" in 10.1.*) echo 10.1.0.1;; 10.0.1.*) echo 10.0.1.2;; 10.0.2.*) echo 10.0.2.2;; fd00:1::*) echo fd00:1::2;; fd00:2::*) echo fd00:2::2;; esac
}

# start_dut NAME DIR NS: starts the DUT pinned to CPU 1; sets DUT_PIDS.
start_dut() {
  local name=$1 d=$2 ns=$3
  case "$name" in
    bgpd) ip netns exec "$ns" env ${BGPD_ENV:-} taskset -c 1 "$OUT/bgpd-bin/bgpd" --config "$d/bgpd.yaml" >"$d/bgpd.log" 2>&1 &
          DUT_PIDS=($!);;
    bird) ip netns exec "$ns" taskset -c 1 bird -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid" >"$d/bird.out" 2>&1 &
          DUT_PIDS=($!);;
    gobgp) ip netns exec "$ns" taskset -c 1 gobgpd -f "$d/gobgpd.toml" --api-hosts 127.0.0.1:50051 --log-plain --log-level warn --pprof-disable >"$d/gobgpd.log" 2>&1 &
          DUT_PIDS=($!);;
    frr) chown -R frr:frr "$d"
         ip netns exec "$ns" taskset -c 1 /usr/lib/frr/zebra -f "$d/zebra.conf" --vty_socket "$d" -z "$d/zserv.api" -i "$d/zebra.pid" --log "file:$d/zebra.log" >"$d/zebra.out" 2>&1 &
         local z=$!; PIDS+=("$z")
         for _ in $(seq 50); do [ -S "$d/zserv.api" ] && break; sleep 0.1; done
         ip netns exec "$ns" taskset -c 1 /usr/lib/frr/bgpd -n -f "$d/bgpd.conf" --vty_socket "$d" -z "$d/zserv.api" -i "$d/bgpd.pid" --log "file:$d/bgpd.log" >"$d/bgpd.out" 2>&1 &
         DUT_PIDS=($! "$z");;
  esac
  PIDS+=("${DUT_PIDS[0]}")
}

# wait_file FILE SECONDS PID: waits for FILE while PID lives.
wait_file() { for _ in $(seq $(($2 * 10))); do [ -e "$1" ] && return 0; kill -0 "$3" 2>/dev/null || return 1; sleep 0.1; done; return 1; }

RESULTS="$OUT/results.jsonl"
# run_one WORKLOAD DUT GEN_NS GEN_ARGS RECV_NS RECV_ARGS: one measured run; appends a JSON line.
run_one() {
  local wl=$1 dut=$2 gns=$3 gargs="$4 ${GEN_EXTRA:-}" rns=$5 rargs=$6 d="$OUT/$1-$2${RUN_TAG:-}$REP_TAG"
  mkdir -p "$d"
  local rate=0 c0=-1 ccpu=0
  if [ "$wl" = 4 ]; then
    rate=$CHURN_RATE
    gargs+=" --churn-rate $rate --churn-seconds $CHURN_SECONDS ${CHURN_PREFIXES:+--churn-prefixes $CHURN_PREFIXES} --churn-wait $d/go --churn-log $d/sent.log"
    rargs+=" --flaps $((rate * CHURN_SECONDS)) --flap-log $d/arrived.log --loaded-file $d/loaded"
  fi
  local t0ticks=0 idle_rss=0
  # shellcheck disable=SC2086
  ip netns exec "$rns" taskset -c 0 dotnet "$LOAD" recv $rargs --timeout "$TIMEOUT" --ready-file "$d/ready" >"$d/recv.json" 2>"$d/recv.err" &
  local rpid=$!; PIDS+=("$rpid")
  if ! wait_file "$d/ready" 90 "$rpid"; then
    echo "{\"workload\":$wl,\"dut\":\"$dut\",\"rep\":$REP,\"error\":\"receiver sessions did not come up\"}" >>"$RESULTS"; stop_pids "$rpid"; return; fi
  sleep 2
  if [ "$dut" != none ]; then t0ticks=$(ticks "${DUT_PIDS[@]}"); idle_rss=$(kb VmRSS "${DUT_PIDS[@]}"); fi
  # Workload 3's generator alone makes all 50 copies itself; on CPU 0 with the receiver, that measured the
  # tools' own copying, not the floor a DUT faces (the DUT makes the copies on CPU 1 and the receiver has CPU 0).
  # So there it runs on CPU 1, where the DUT would: its figure is then the receiver's floor.
  local gcpu=0
  if [ "$wl" = 3 ] && [ "$dut" = none ]; then gcpu=1; fi
  # shellcheck disable=SC2086
  ip netns exec "$gns" taskset -c "$gcpu" dotnet "$LOAD" gen $gargs >"$d/gen.json" 2>"$d/gen.err" &
  local gpid=$!; PIDS+=("$gpid")
  local peak=0 hwm=0 cpu=0
  # The receiver ends by itself (complete or --timeout); a generator that died cannot complete it.
  while kill -0 "$rpid" 2>/dev/null; do
    if ! kill -0 "$gpid" 2>/dev/null; then echo "generator exited: $(tail -n1 "$d/gen.err")" >&2; sleep 2; stop_pids "$rpid"; break; fi
    # Churn: the receiver holds the table; DUT CPU counts from here, then the generator may flap.
    if [ "$wl" = 4 ] && [ "$c0" = -1 ] && [ -e "$d/loaded" ]; then
      if [ "$dut" != none ]; then c0=$(ticks "${DUT_PIDS[@]}"); else c0=0; fi
      touch "$d/go"
    fi
    sleep 0.2
  done
  wait "$rpid" 2>/dev/null || true
  # BENCH_HOLD=1: keep the DUT as it is now (table loaded) for a profiler or heap dump until $d/hold is removed.
  if [ -n "${BENCH_HOLD:-}" ] && [ "$dut" != none ]; then
    touch "$d/hold"; echo "holding $dut (pid ${DUT_PIDS[0]}); rm $d/hold to go on" >&2
    while [ -e "$d/hold" ]; do sleep 0.5; done
  fi
  if [ "$dut" != none ]; then
    if kill -0 "${DUT_PIDS[0]}" 2>/dev/null; then
      cpu=$(( $(ticks "${DUT_PIDS[@]}") - t0ticks )); hwm=$(kb VmHWM "${DUT_PIDS[@]}"); peak=$(kb VmRSS "${DUT_PIDS[@]}")
    else echo "DUT $dut exited during the run (see $d)" >&2; fi
  fi
  if [ "$wl" = 4 ] && [ "$dut" != none ] && [ "$c0" != -1 ] && kill -0 "${DUT_PIDS[0]}" 2>/dev/null; then ccpu=$(( $(ticks "${DUT_PIDS[@]}") - c0 )); fi
  if [ "$wl" = 4 ]; then wait_file "$d/sent.log" 30 "$gpid" || true; fi
  local idle_cpu=0 rss_after=0
  if [ "$wl" = 5 ] && [ "$dut" != none ] && kill -0 "${DUT_PIDS[0]}" 2>/dev/null; then
    # Idle cost of the sessions: CPU over 30 s with nothing to do but KEEPALIVEs, RSS after that.
    local i0; i0=$(ticks "${DUT_PIDS[@]}"); sleep "$IDLE"
    idle_cpu=$(( $(ticks "${DUT_PIDS[@]}") - i0 )); rss_after=$(kb VmRSS "${DUT_PIDS[@]}")
  fi
  stop_pids "$gpid"
  local gen recv; gen=$(head -n1 "$d/gen.json" 2>/dev/null || true); recv=$(head -n1 "$d/recv.json" 2>/dev/null || true)
  [ -n "$gen" ] || gen='{}'; [ -n "$recv" ] || recv='{}'
  jq -cn --argjson g "$gen" --argjson r "$recv" --arg wl "$wl" --arg dut "$dut" --arg hz "$HZ" \
     --arg icpu "$idle_cpu" --arg idles "$IDLE" --arg rafter "$rss_after" --arg peers "${WL_PEERS:-0}" --arg cpu "$cpu" --arg hwm "$hwm" --arg rss "$peak" --arg idle "$idle_rss" \
     --arg rate "$rate" --arg ccpu "$ccpu" --arg rep "$REP" --arg tables "${WL_TABLES:-1}" --arg dir "$d" '{
      workload: ($wl|tonumber), dut: $dut, complete: ($r.complete // false),
      seconds: (if ($r.complete // false) then ($r.t_last - $g.t_first) else null end),
      gen_write_s: (($g.t_written // 0) - ($g.t_first // 0)),
      prefixes: (($g.ipv4 // 0) + ($g.ipv6 // 0)), received_min4: $r.ipv4_min, received_min6: $r.ipv6_min,
      sessions: $r.sessions, cpu_s: (($cpu|tonumber) / ($hz|tonumber)), vmhwm_kb: ($hwm|tonumber),
      rss_end_kb: ($rss|tonumber), rss_idle_kb: ($idle|tonumber),
      idle_cpu_s: (($icpu|tonumber) / ($hz|tonumber)), idle_s: ($idles|tonumber), rss_after_idle_kb: ($rafter|tonumber), peers: ($peers|tonumber), failures: ($r.failures // ["no receiver output"]),
      tables: ($tables|tonumber), churn_rate: ($rate|tonumber), churn_cpu_s: (($ccpu|tonumber) / ($hz|tonumber)), dir: $dir, rep: ($rep|tonumber),
      gen: $g, recv: $r }' | tee -a "$RESULTS" >&2
}

# ------------------------------------------------- generator -> DUT -> receiver
# The line topology of workloads 1 and 4: one IPv4 and one IPv6 session on each side of the DUT, or the
# generator straight to the receiver for "none". $1 workload, $2 DUT, $3 generator and $4 receiver
# arguments (without sessions), $5 suffix of the result folder.
run_line() {
  local wl=$1 dut=$2 gargs=$3 rargs=$4 suffix=${5:-} tag="b$$"
  mkns "$tag-gen"; mkns "$tag-recv"
  if [ "$dut" = none ]; then
    link "$tag-gen" g1 10.0.3.1 fd00:3::1 "$tag-recv" r1 10.0.3.2 fd00:3::2
    gargs+=" --session 10.0.3.1,10.0.3.2,65002,ipv4,active --session fd00:3::1,fd00:3::2,65002,ipv6,active"
    rargs+=" --session 10.0.3.2,10.0.3.1,65001,ipv4,passive --session fd00:3::2,fd00:3::1,65001,ipv6,passive"
    run_one "$wl" none "$tag-gen" "$gargs" "$tag-recv" "$rargs"
  else
    mkns "$tag-dut"
    link "$tag-gen" g0 10.0.1.1 fd00:1::1 "$tag-dut" d0 10.0.1.2 fd00:1::2
    link "$tag-recv" r0 10.0.2.1 fd00:2::1 "$tag-dut" d1 10.0.2.2 fd00:2::2
    local d="$OUT/$wl-$dut$suffix$REP_TAG"; mkdir -p "$d"
    "render_$dut" "$d" "10.0.1.1 65001 ipv4 0" "fd00:1::1 65001 ipv6 0" "10.0.2.1 65002 ipv4 0" "fd00:2::1 65002 ipv6 0"
    start_dut "$dut" "$d" "$tag-dut"
    gargs+=" --session 10.0.1.1,10.0.1.2,65000,ipv4,active --session fd00:1::1,fd00:1::2,65000,ipv6,active"
    rargs+=" --session 10.0.2.1,10.0.2.2,65000,ipv4,active --session fd00:2::1,fd00:2::2,65000,ipv6,active"
    run_one "$wl" "$dut" "$tag-gen" "$gargs" "$tag-recv" "$rargs"
    stop_pids "${DUT_PIDS[@]}"; delns "$tag-dut"
  fi
  delns "$tag-gen"; delns "$tag-recv"
}

# ---------------------------------------------------------------- workload 1
wl1() {
  run_line 1 "$1" "--as 65001 --router-id 10.0.1.1 --ipv4 $IPV4 --ipv6 $IPV6 --seed 4271" \
    "--router-id 10.0.2.1 --as 65002 --expect4 $IPV4 --expect6 $IPV6"
}

# ---------------------------------------------------------------- workload 2
wl2() {
  local dut=$1 tag="b$$"
  mkns "$tag-gen"; mkns "$tag-recv"
  local gargs="--as 65001 --router-id 10.0.1.1 --ipv4 $IPV4 --ipv6 $IPV6 --seed 4271 --vary-paths 1"
  local rargs="--router-id 10.0.2.1 --as 65002 --expect4 $IPV4 --expect6 $IPV6 --check-best 1"
  # Generator i (of TABLES) speaks from 10.0.x.(10+i) / fd00:x::(10+i), one IPv4 and one IPv6 session each.
  local net=1 peer4=10.0.1.2 peer6=fd00:1::2 pas=65000
  if [ "$dut" = none ]; then
    link "$tag-gen" g1 10.0.3.1 fd00:3::1 "$tag-recv" r1 10.0.3.2 fd00:3::2
    net=3; peer4=10.0.3.2; peer6=fd00:3::2; pas=65002
    rargs+=" --session 10.0.3.2,10.0.3.1,65001,ipv4+ipv6,passive"
  else
    mkns "$tag-dut"
    link "$tag-gen" g0 10.0.1.1 fd00:1::1 "$tag-dut" d0 10.0.1.2 fd00:1::2
    link "$tag-recv" r0 10.0.2.1 fd00:2::1 "$tag-dut" d1 10.0.2.2 fd00:2::2
    rargs+=" --session 10.0.2.1,10.0.2.2,65000,ipv4,active --session fd00:2::1,fd00:2::2,65000,ipv6,active"
  fi
  local peers=("10.0.2.1 65002 ipv4 0" "fd00:2::1 65002 ipv6 0") dev=g0
  [ "$dut" = none ] && dev=g1
  for i in $(seq 1 "$TABLES"); do
    ip -n "$tag-gen" addr add "10.0.$net.$((10 + i))/24" dev "$dev"; ip -n "$tag-gen" addr add "fd00:$net::$((10 + i))/64" dev "$dev" nodad
    gargs+=" --session 10.0.$net.$((10 + i)),$peer4,$pas,ipv4,active --session fd00:$net::$((10 + i)),$peer6,$pas,ipv6,active"
    peers+=("10.0.1.$((10 + i)) 65001 ipv4 0" "fd00:1::$((10 + i)) 65001 ipv6 0")
  done
  if [ "$dut" = none ]; then
    # Generator alone: the receiver takes all the generators' sessions itself (one per address and
    # family would need one --session each; here each generator address gets one dual-family session).
    rargs="--router-id 10.0.2.1 --as 65002 --expect4 $IPV4 --expect6 $IPV6 --check-best 0"
    gargs="--as 65001 --router-id 10.0.1.1 --ipv4 $IPV4 --ipv6 $IPV6 --seed 4271 --vary-paths 1"
    for i in $(seq 1 "$TABLES"); do
      gargs+=" --session 10.0.3.$((10 + i)),10.0.3.$((100 + i)),65002,ipv4+ipv6,active"
      ip -n "$tag-recv" addr add "10.0.3.$((100 + i))/24" dev r1
      rargs+=" --session 10.0.3.$((100 + i)),10.0.3.$((10 + i)),65001,ipv4+ipv6,passive"
    done
    WL_TABLES=$TABLES run_one 2 none "$tag-gen" "$gargs --nh6 fd00:3::1" "$tag-recv" "$rargs"
  else
    local d="$OUT/2-$dut$REP_TAG"; mkdir -p "$d"
    UPDATE_GROUPS=1 "render_$dut" "$d" "${peers[@]}"
    start_dut "$dut" "$d" "$tag-dut"
    WL_TABLES=$TABLES run_one 2 "$dut" "$tag-gen" "$gargs" "$tag-recv" "$rargs"
    stop_pids "${DUT_PIDS[@]}"; delns "$tag-dut"
  fi
  delns "$tag-gen"; delns "$tag-recv"
}

# ---------------------------------------------------------------- workload 3
wl3() {
  local dut=$1 tag="b$$"
  mkns "$tag-gen"; mkns "$tag-recv"
  local gargs="--as 65000 --router-id 10.0.1.1 --ipv4 $RR_PREFIXES --ipv6 0 --seed 4456"
  local rargs="--as 65000 --router-id 10.0.2.1 --expect4 $RR_PREFIXES --expect6 0"
  if [ "$dut" = none ]; then
    link "$tag-gen" g1 10.0.3.1 fd00:3::1 "$tag-recv" r1 10.0.3.2 fd00:3::2
    # Generator alone: one session per client straight from the generator, same bytes per client.
    local peers=()
    for i in $(seq 1 "$RR_CLIENTS"); do
      ip -n "$tag-gen" addr add "10.0.3.$((100 + i))/24" dev g1
      gargs+=" --session 10.0.3.$((100 + i)),10.0.3.$((10 + i)),65000,ipv4,active"
      ip -n "$tag-recv" addr add "10.0.3.$((10 + i))/24" dev r1
      rargs+=" --session 10.0.3.$((10 + i)),10.0.3.$((100 + i)),65000,ipv4,passive"
    done
    run_one 3 none "$tag-gen" "$gargs" "$tag-recv" "$rargs"
  else
    mkns "$tag-dut"
    link "$tag-gen" g0 10.0.1.1 fd00:1::1 "$tag-dut" d0 10.0.1.2 fd00:1::2
    link "$tag-recv" r0 10.0.2.1 fd00:2::1 "$tag-dut" d1 10.0.2.2 fd00:2::2
    local d="$OUT/3-$dut$REP_TAG"; mkdir -p "$d"
    local peers=("10.0.1.1 65000 ipv4 1")
    for i in $(seq 1 "$RR_CLIENTS"); do
      ip -n "$tag-recv" addr add "10.0.2.$((10 + i))/24" dev r0
      peers+=("10.0.2.$((10 + i)) 65000 ipv4 1")
      rargs+=" --session 10.0.2.$((10 + i)),10.0.2.2,65000,ipv4,active"
    done
    UPDATE_GROUPS=1 "render_$dut" "$d" "${peers[@]}"
    start_dut "$dut" "$d" "$tag-dut"
    gargs+=" --session 10.0.1.1,10.0.1.2,65000,ipv4,active"
    run_one 3 "$dut" "$tag-gen" "$gargs" "$tag-recv" "$rargs"
    stop_pids "${DUT_PIDS[@]}"; delns "$tag-dut"
  fi
  delns "$tag-gen"; delns "$tag-recv"
}

# ---------------------------------------------------------------- workload 4
wl4() {
  local dut=$1 r
  for r in $CHURN_RATES; do
    CHURN_RATE=$r RUN_TAG="-$r" wl4_one "$dut"
  done
}
wl4_one() {
  run_line 4 "$1" "--as 65001 --router-id 10.0.1.1 --ipv4 $IPV4 --ipv6 $IPV6 --seed 4271" \
    "--router-id 10.0.2.1 --as 65002 --expect4 $IPV4 --expect6 $IPV6" "${RUN_TAG:-}"
}

# ---------------------------------------------------------------- workload 5
wl5() {
  local dut=$1 tag="b$$"
  [ "$dut" = none ] && return 0
  mkns "$tag-gen"; mkns "$tag-recv"; mkns "$tag-dut"
  link "$tag-gen" g0 10.0.1.1 fd00:1::1 "$tag-dut" d0 10.0.1.2 fd00:1::2
  link "$tag-recv" r0 10.0.2.1 fd00:2::1 "$tag-dut" d1 10.0.2.2 fd00:2::2
  ip -n "$tag-dut" addr add 10.1.0.1/16 dev d0
  local d="$OUT/5-$dut$REP_TAG"; mkdir -p "$d"
  local peers=("10.0.2.1 65002 ipv4 0") gargs="--as 65001 --router-id 10.0.1.1 --ipv4 $WL5_PREFIXES --ipv6 0 --seed 1771 --split 1 --hold 90"
  : > "$d/addr.batch"
  for i in $(seq 1 "$WL5_PEERS"); do
    local a="10.1.$((i / 250 + 1)).$((i % 250 + 1))"
    echo "addr add $a/16 dev g0" >> "$d/addr.batch"
    peers+=("$a 65001 ipv4 0"); gargs+=" --session $a,10.1.0.1,65000,ipv4,active"
  done
  ip -n "$tag-gen" -batch "$d/addr.batch"
  UPDATE_GROUPS=1 "render_$dut" "$d" "${peers[@]}"
  start_dut "$dut" "$d" "$tag-dut"
  WL_PEERS=$WL5_PEERS run_one 5 "$dut" "$tag-gen" "$gargs" "$tag-recv" \
    "--as 65002 --router-id 10.0.2.1 --expect4 $WL5_PREFIXES --expect6 0 --session 10.0.2.1,10.0.2.2,65000,ipv4,active"
  stop_pids "${DUT_PIDS[@]}"; delns "$tag-dut"; delns "$tag-gen"; delns "$tag-recv"
}

date -u +"start %Y-%m-%d %H:%M UTC; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# --repeat N: the DUTs take turns N times (none, bgpd, bird, ..., none, bgpd, bird, ...), so that a noisy
# minute on the shared machine hits every DUT alike; the report gives each DUT's median and the median of
# the per-round ratios.
REP_TAG=
for w in $WORKLOADS; do
  for REP in $(seq 1 "$REPEAT"); do
    [ "$REPEAT" = 1 ] || REP_TAG="-r$REP"
    for dut in none $DUTS; do "wl$w" "$dut"; done
  done
done
date -u +"end %Y-%m-%d %H:%M UTC; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$ROOT/bench/report.py" "$RESULTS"
