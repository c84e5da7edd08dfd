#!/usr/bin/env bash
# Coverage-guided fuzzing of the BGP decoder and framer with afl-fuzz + SharpFuzz.
# Usage: fuzz/run.sh [SECONDS]   (default 60; 0 = until Ctrl-C)
# Not part of the test run: see fuzz/README.md.
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BGP_FUZZ_WORK:-$ROOT/fuzz/Bgp.Fuzz/bin/afl}"   # under bin/: ignored by git
SEEDS_LIMIT="${BGP_FUZZ_SEEDS:-200}"
export PATH="$PATH:$HOME/.dotnet/tools"

# 1. Tools: afl++ from Debian, the SharpFuzz instrumenter from NuGet.
if ! command -v afl-fuzz >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends afl++
fi
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
fi

# 2. Build into a folder of its own: instrumentation rewrites the DLL in place, and the normal
#    build output must stay uninstrumented.
#    An uninstrumented copy runs outside afl-fuzz (seeds, replays): instrumented code writes to
#    the coverage map that only afl-fuzz sets up, and dies without it.
rm -rf "$WORK/publish" "$WORK/plain"
dotnet publish "$ROOT/fuzz/Bgp.Fuzz/Bgp.Fuzz.csproj" -c Release -o "$WORK/publish" --nologo -v quiet
cp -r "$WORK/publish" "$WORK/plain"
# Only the code under test is instrumented; the harness, SharpFuzz and the runtime are not.
sharpfuzz "$WORK/publish/Bgp.Protocol.dll"

# 3. Seeds: one binary message per file from the real-data corpus; check that none crashes alone
#    (afl-fuzz refuses to start on a crashing seed).
rm -rf "$WORK/seeds"
dotnet "$WORK/plain/Bgp.Fuzz.dll" --seeds "$ROOT/fixtures/corpus" "$WORK/seeds" "$SEEDS_LIMIT"
dotnet "$WORK/plain/Bgp.Fuzz.dll" --replay "$WORK/seeds"

# 4. Fuzz. The dotnet host is not AFL-instrumented (SharpFuzz speaks the fork-server protocol from
#    managed code), hence SKIP_BIN_CHECK; no CPU binding on a shared machine; a generous timeout
#    because the first execution includes the .NET start-up and JIT.
rm -rf "$WORK/findings"
VFLAG=()
if [ "$SECONDS_TO_RUN" -gt 0 ]; then VFLAG=(-V "$SECONDS_TO_RUN"); fi
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
  afl-fuzz -i "$WORK/seeds" -o "$WORK/findings" -x "$ROOT/fuzz/Bgp.Fuzz/bgp.dict" \
    -t 5000 -m none "${VFLAG[@]}" -- dotnet "$WORK/publish/Bgp.Fuzz.dll"

# 5. Report, and replay every crash to print its exception (exit 1 when there is one).
STATS="$WORK/findings/default/fuzzer_stats"
if [ -f "$STATS" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs) ' "$STATS"
fi
CRASHES="$WORK/findings/default/crashes"
if [ -d "$CRASHES" ] && [ -n "$(ls -A "$CRASHES" | grep -v README.txt || true)" ]; then
  echo "crashes in $CRASHES; replaying:"
  dotnet "$WORK/plain/Bgp.Fuzz.dll" --replay "$CRASHES" || true
  exit 1
fi
echo "no crashes"
