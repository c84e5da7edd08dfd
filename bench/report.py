#!/usr/bin/env python3
"""Turns bench/run.sh's results.jsonl into one Markdown table per workload.

seconds: generator's first UPDATE to the receiver holding every prefix (every client for workload 3).
CPU s: DUT utime + stime over the run (FRR: bgpd + zebra). VmHWM: the DUT's peak RSS.
B/prefix: (VmHWM - RSS before the run) / prefixes sent. Ratio: bgpd / the best of the other DUTs
(below 1 = bgpd better), for each figure.
"""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
TIMEOUT_NOTE = "the timeout"
names = {1: "Workload 1: full table ingest and propagate", 3: "Workload 3: route-reflector fan-out",
         5: "Workload 5: many peers, a few routes each"}
for wl in sorted({r["workload"] for r in rows}):
    rs = [r for r in rows if r["workload"] == wl]
    first = next((r for r in rs if r.get("prefixes") and r["dut"] != "none"), {})
    print(f"\n### {names.get(wl, wl)} ({first.get('prefixes', '?'):,} prefixes from the generator, {first.get('sessions', '?')} receiver sessions)\n")
    print("| DUT | seconds | prefixes/s | CPU s | VmHWM MB | B/prefix | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rs:
        if "error" in r:
            print(f"| {r['dut']} | | | | | | {r['error']} |")
            continue
        done = r.get("complete")
        s = r.get("seconds")
        sec = f"{s:.2f}" if done else "timeout"
        got = (r["recv"].get("ipv4_total") or 0) + (r["recv"].get("ipv6_total") or 0)
        rate = f"{got / s:,.0f}" if done and s else ""
        if r["dut"] == "none":
            print(f"| generator alone | {sec} | {rate} | | | | {'ok' if done else 'incomplete'} |")
            continue
        hwm = r["vmhwm_kb"] / 1024
        per = (r["vmhwm_kb"] - r["rss_idle_kb"]) * 1024 / max(1, r["prefixes"])
        rc = r.get("recv") or {}
        why = "ok" if done else (f"incomplete after {TIMEOUT_NOTE}: receiver held {rc.get('ipv4_total', 0):,} IPv4 + {rc.get('ipv6_total', 0):,} IPv6"
                                 f" (all sessions together)" + "".join("; " + f for f in (r.get("failures") or [])))
        print(f"| {r['dut']} | {sec} | {rate} | {r['cpu_s']:.2f} | {hwm:,.0f} | {per:,.0f} | {why} |")
    if wl == 5:
        print("\n| DUT | peers | RSS before kB | RSS after kB | kB/session | idle s | idle CPU s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rs:
            if r["dut"] == "none" or "error" in r or not r.get("complete") or not r.get("rss_after_idle_kb"):
                continue
            per = (r["rss_after_idle_kb"] - r["rss_idle_kb"]) / max(1, r.get("peers", 1))
            print(f"| {r['dut']} | {r.get('peers')} | {r['rss_idle_kb']:,} | {r['rss_after_idle_kb']:,} | {per:,.1f} | {r.get('idle_s')} | {r['idle_cpu_s']:.2f} |")
    ours = next((r for r in rs if r["dut"] == "bgpd" and r.get("complete")), None)
    others = [r for r in rs if r["dut"] not in ("bgpd", "none") and r.get("complete")]
    if ours and others:
        def ratio(key):
            best = min(o[key] for o in others)
            return f"{ours[key] / best:.2f}x" if best else "n/a"
        print(f"\nbgpd / best other: time {ratio('seconds')}, CPU {ratio('cpu_s')}, VmHWM {ratio('vmhwm_kb')}")
    elif not ours:
        print("\nbgpd did not complete: no ratio")
