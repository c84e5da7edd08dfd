#!/usr/bin/env bash
# Runs every test of the project on a fresh checkout: checks the toolchain, builds the whole solution
# with warnings as errors, runs each test project, and ends with one summary line
# "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is not installed (dotnet not on PATH); see README.md" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

bash scripts/install-peers.sh  # the interop tests run BIRD, GoBGP and FRR as peers (needs root)

echo "== build (Release, warnings are errors)"
dotnet build Bgp.sln -c Release -nologo -v quiet -warnaserror

echo "== test"
status=0
set +e
dotnet test Bgp.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly lines ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12 ...").
read -r passed failed skipped < <(grep -E "^(Passed|Failed|Skipped)! +- " "$log" | awk -F'[:,]' '
  { for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1); if ($i ~ /Skipped$/) s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
