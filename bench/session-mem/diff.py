#!/usr/bin/env python3
"""Per-session heap by type: (loaded - idle) / sessions, from two `dotnet-gcdump report` outputs."""
import re, sys

def load(path):
    rows = {}
    for line in open(path):
        m = re.match(r"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)\s*$", line)
        if m:
            # heapstat rows: bytes per object (average), object count, type (with a size bucket).
            size, count, name = int(m[1].replace(",", "")), int(m[2].replace(",", "")), m[3]
            s, c = rows.get(name, (0, 0))
            rows[name] = (s + size * count, c + count)
    return rows

idle, loaded, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
total_idle = sum(s for s, _ in idle.values()); total_loaded = sum(s for s, _ in loaded.values())
print(f"heap idle {total_idle:,} B, loaded {total_loaded:,} B, per session {(total_loaded - total_idle) / n:,.0f} B")
diff = []
for name in set(idle) | set(loaded):
    si, ci = idle.get(name, (0, 0)); sl, cl = loaded.get(name, (0, 0))
    diff.append((sl - si, cl - ci, name))
diff.sort(reverse=True)
print(f"{'B/session':>10} {'n/session':>9}  type")
for d, c, name in diff[:int(sys.argv[4]) if len(sys.argv) > 4 else 30]:
    print(f"{d / n:10,.0f} {c / n:9.2f}  {name}")
