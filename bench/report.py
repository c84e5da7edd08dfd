#!/usr/bin/env python3
"""Turns bench/run.sh's results.jsonl into one Markdown table per workload.

seconds: generator's first UPDATE to the receiver holding every prefix (every client for workload 3).
CPU s: DUT utime + stime over the run (FRR: bgpd + zebra). VmHWM: the DUT's peak RSS.
B/prefix: (VmHWM - RSS before the run) / prefixes sent. Ratio: bgpd / the best of the other DUTs
(below 1 = bgpd better), for each figure.
Workload 2: B/path = (VmHWM - RSS before) / paths sent (tables x prefixes).
Workload 4: per-flap delay = receiver arrival - generator send (CLOCK_MONOTONIC, from the two logs in
the run's folder); announcements are matched by the sequence number they carry, a withdrawal to the
latest withdrawal of that prefix sent before it arrived. CPU/update: DUT CPU over the churn / flaps sent.
With --repeat N (every row carries its round), workloads 1, 2, 3 and 5 also get each DUT's median over the
rounds and bgpd / best other per round with its median; workload 4 lists every round's rows, its ratios per
round and their medians.
"""
import json
import os
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
TIMEOUT_NOTE = "the timeout"
names = {1: "Workload 1: full table ingest and propagate", 2: "Workload 2: many full tables",
         3: "Workload 3: route-reflector fan-out", 4: "Workload 4: churn",
         5: "Workload 5: many peers, a few routes each"}


def pct(xs, q):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def churn(r):
    """(sent, arrived, matched delays in s) from the run's send and arrival logs."""
    d = r.get("dir", "")
    sent, arrived = os.path.join(d, "sent.log"), os.path.join(d, "arrived.log")
    if not (os.path.exists(sent) and os.path.exists(arrived)):
        return 0, 0, []
    ann, wd = {}, {}
    n_sent = 0
    for line in open(sent):
        seq, kind, k, t = line.split()
        n_sent += 1
        if kind == "A":
            ann[int(seq)] = float(t)
        else:
            wd.setdefault(int(k), []).append(float(t))
    delays, n_arr = [], 0
    import bisect
    for line in open(arrived):
        kind, k, seq, t = line.split()
        n_arr += 1
        t = float(t)
        if kind == "A" and int(seq) in ann:
            delays.append(t - ann[int(seq)])
        elif kind == "W" and int(k) in wd:
            ts = wd[int(k)]
            i = bisect.bisect_right(ts, t)
            if i:
                delays.append(t - ts[i - 1])
    return n_sent, n_arr, delays


def churn_table(rs):
    print("| DUT | rate/s | table s | flaps sent | arrived | median ms | p99 ms | max ms | churn CPU s | CPU us/update | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    best = {}
    # --repeat: every round's rows, each named with its round, and the ratios per round (a DUT's later round
    # must not silently replace its earlier one in the comparison).
    repeated = len({r.get("rep", 1) for r in rs}) > 1
    for r in rs:
        round_ = f" (round {r.get('rep', 1)})" if repeated else ""
        if "error" in r:
            print(f"| {r['dut']}{round_} | | | | | | | | | | {r['error']} |")
            continue
        rc, g = r.get("recv") or {}, r.get("gen") or {}
        loaded = rc.get("loaded")
        table = f"{rc['t_last'] - g['t_first']:.2f}" if loaded and g.get("t_first") else "timeout"
        n_sent, n_arr, ds = churn(r)
        med, p99 = pct(ds, 0.5), pct(ds, 0.99)
        cpu = r.get("churn_cpu_s", 0)
        per = f"{cpu * 1e6 / n_sent:,.0f}" if n_sent and r["dut"] != "none" else ""
        fails = r.get("failures") or []
        why = "ok" if loaded and n_sent and not fails else ("table not loaded" if not loaded else "no flaps sent" if not n_sent else "")
        why += "".join("; " + f for f in fails)
        if loaded and n_sent and n_arr < n_sent:
            why += f"; {n_sent - n_arr:,} flaps never arrived (merged or lost)"
        fmt = lambda x: f"{x * 1000:,.1f}" if x is not None else ""
        name = ("generator alone" if r["dut"] == "none" else r["dut"]) + round_
        print(f"| {name} | {r.get('churn_rate'):,} | {table} | {n_sent:,} | {n_arr:,} | {fmt(med)} | {fmt(p99)} | {fmt(max(ds) if ds else None)} | "
              f"{'' if r['dut'] == 'none' else f'{cpu:.2f}'} | {per} | {why} |")
        if med is not None and r["dut"] != "none" and n_arr >= n_sent:
            best.setdefault((r["churn_rate"], r.get("rep", 1)), {})[r["dut"]] = (med, p99, cpu / max(1, n_sent))
    ratios = {}
    for (rate, rep), by in sorted(best.items()):
        ours, others = by.get("bgpd"), [v for k, v in by.items() if k != "bgpd"]
        if ours and others:
            m, p, c = (min(o[i] for o in others) for i in range(3))
            if m and p and c:
                ratios.setdefault(rate, []).append((ours[0] / m, ours[1] / p, ours[2] / c))
                at = f"At {rate:,}/s, round {rep}," if repeated else f"At {rate:,}/s"
                print(f"\n{at} bgpd / best other: median delay {ours[0] / m:.2f}x, p99 {ours[1] / p:.2f}x, CPU per update {ours[2] / c:.2f}x")
    if repeated:
        for rate, rs_ in sorted(ratios.items()):
            d, p, c = (median([x[i] for x in rs_]) for i in range(3))
            print(f"\nAt {rate:,}/s over {len(rs_)} rounds, medians of bgpd / best other: median delay {d:.2f}x, p99 {p:.2f}x, CPU per update {c:.2f}x")


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return None if not n else xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def rounds_summary(wl, rs):
    """--repeat: each DUT's median over the rounds, and bgpd / best other within each round, then their median."""
    keys = [("seconds", "seconds", 1), ("cpu_s", "CPU s", 1), ("vmhwm_kb", "VmHWM MB", 1 / 1024)]
    reps = sorted({r.get("rep", 1) for r in rs})
    print(f"\nOver {len(reps)} rounds (the DUTs took turns), medians of the complete runs:\n")
    print("| DUT | complete | " + " | ".join(k[1] for k in keys) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in keys) + " |")
    for dut in dict.fromkeys(r["dut"] for r in rs):
        done = [r for r in rs if r["dut"] == dut and r.get("complete")]
        cells = []
        for key, _, scale in keys:
            m = median([r[key] for r in done]) if dut != "none" or key == "seconds" else None
            cells.append("" if m is None else f"{m * scale:,.0f}" if key == "vmhwm_kb" else f"{m * scale:,.2f}")
        name = "generator alone" if dut == "none" else dut
        print(f"| {name} | {len(done)}/{len(reps)} | " + " | ".join(cells) + " |")
    if wl == 5:
        for dut in dict.fromkeys(r["dut"] for r in rs if r["dut"] != "none"):
            per = [(r["rss_after_idle_kb"] - r["rss_idle_kb"]) / max(1, r.get("peers", 1)) for r in rs
                   if r["dut"] == dut and r.get("complete") and r.get("rss_after_idle_kb")]
            idle = [r["idle_cpu_s"] for r in rs if r["dut"] == dut and r.get("complete") and r.get("rss_after_idle_kb")]
            if per:
                print(f"\n{dut}: kB per session {', '.join(f'{x:.1f}' for x in per)}, median {median(per):.1f}; idle CPU s median {median(idle):.2f}", end="")
        print()
    for key, label, _ in keys:
        per_round = []
        for rep in reps:
            ours = next((r for r in rs if r.get("rep", 1) == rep and r["dut"] == "bgpd" and r.get("complete")), None)
            others = [r[key] for r in rs if r.get("rep", 1) == rep and r["dut"] not in ("bgpd", "none") and r.get("complete")]
            if ours and others and min(others):
                per_round.append(ours[key] / min(others))
        if per_round:
            print(f"\nbgpd / best other, {label}, per round: {', '.join(f'{x:.2f}' for x in per_round)}; median {median(per_round):.2f}x", end="")
    print()


for wl in sorted({r["workload"] for r in rows}):
    rs = [r for r in rows if r["workload"] == wl]
    if wl == 4:
        print(f"\n### {names[4]} (table of {next((r['prefixes'] for r in rs if r.get('prefixes')), 0):,} prefixes loaded first)\n")
        churn_table(rs)
        continue
    first = next((r for r in rs if r.get("prefixes") and r["dut"] != "none"), {})
    if wl == 2:
        t = first.get("tables", 1) or 1
        print(f"\n### {names[2]} ({t} tables of {first.get('prefixes', 0) // t:,} prefixes: {first.get('prefixes', 0):,} paths, {first.get('sessions', '?')} receiver sessions)\n")
    else:
        # With --duts none there is no DUT row to take the generator's prefix count from.
        count = f"{first['prefixes']:,}" if first.get("prefixes") else "?"
        print(f"\n### {names.get(wl, wl)} ({count} prefixes from the generator, {first.get('sessions', '?')} receiver sessions)\n")
    unit = "B/path" if wl == 2 else "B/prefix"
    print(f"| DUT | seconds | prefixes/s | CPU s | VmHWM MB | {unit} | result |")
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
        if wl == 2 and rc.get("not_best"):
            why_best = f"; {rc['not_best']:,} prefixes held with a non-best path"
        else:
            why_best = ""
        why = "ok" if done else (f"incomplete after {TIMEOUT_NOTE}: receiver held {rc.get('ipv4_total', 0):,} IPv4 + {rc.get('ipv6_total', 0):,} IPv6"
                                 f" (all sessions together)" + "".join("; " + f for f in (r.get("failures") or [])) + why_best)
        print(f"| {r['dut']} | {sec} | {rate} | {r['cpu_s']:.2f} | {hwm:,.0f} | {per:,.0f} | {why} |")
    if wl == 5:
        print("\n| DUT | peers | RSS before kB | RSS after kB | kB/session | idle s | idle CPU s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rs:
            if r["dut"] == "none" or "error" in r or not r.get("complete") or not r.get("rss_after_idle_kb"):
                continue
            per = (r["rss_after_idle_kb"] - r["rss_idle_kb"]) / max(1, r.get("peers", 1))
            print(f"| {r['dut']} | {r.get('peers')} | {r['rss_idle_kb']:,} | {r['rss_after_idle_kb']:,} | {per:,.1f} | {r.get('idle_s')} | {r['idle_cpu_s']:.2f} |")
    if len({r.get("rep", 1) for r in rs}) > 1:
        rounds_summary(wl, rs)
        continue
    ours = next((r for r in rs if r["dut"] == "bgpd" and r.get("complete")), None)
    others = [r for r in rs if r["dut"] not in ("bgpd", "none") and r.get("complete")]
    if ours and others:
        def ratio(key):
            best = min(o[key] for o in others)
            return f"{ours[key] / best:.2f}x" if best else "n/a"
        print(f"\nbgpd / best other: time {ratio('seconds')}, CPU {ratio('cpu_s')}, VmHWM {ratio('vmhwm_kb')}")
    elif not ours:
        bad = next((r for r in rs if r["dut"] == "bgpd" and "error" not in r), None)
        if bad and others:
            # Memory still compares: the DUT held every path even when it did not deliver the right best.
            best = min(o["vmhwm_kb"] for o in others)
            print(f"\nbgpd did not complete: no time ratio; VmHWM {bad['vmhwm_kb'] / best:.2f}x the best other")
        elif any(r["dut"] == "bgpd" for r in rs):
            print("\nbgpd did not complete: no ratio")
