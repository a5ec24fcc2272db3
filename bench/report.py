#!/usr/bin/python3
"""bench/report.py RESULTS.json [--cluster DIR]: the Markdown of bench/RESULTS.md.

RESULTS.json is what bench/run writes (the machine, then one object per
measurement from bench-exec). DIR is a cluster-tier results directory whose
`timeline` (lines "EPOCH HOST: TEXT", tests/cluster/scenarios/failover.sh)
gives the failover times; they are quoted, not measured here.
"""
import argparse
import json
import re
import sys
from pathlib import Path

TARGET_RATIO = 1.5   # the target: a depth-0 monitor within 1.5x the exec floor's CPU


def rows(results, bench):
    return [r for r in results if r.get("bench") == bench]


def monitor_table(results, bench, title):
    out = [f"### {title}", "",
           "| agent | size | CPU ms | wall ms | floor CPU ms | CPU / floor | processes | peak RSS KiB |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(rows(results, bench), key=lambda r: (int(r["size"]), r["agent"])):
        ratio = r["cpu_ms"] / r["floor_cpu_ms"] if r.get("floor_cpu_ms") else float("nan")
        out.append(f"| {r['agent']} | {r['size']} | {r['cpu_ms']:.1f} | {r['wall_ms']:.1f} | "
                   f"{r.get('floor_cpu_ms', float('nan')):.1f} | {ratio:.2f} | {r['forks']} | {r['maxrss_kb']} |")
    return out + [""]


def start_stop_table(results):
    out = ["### Start and stop of N exports (one call each, s)", "",
           "| how | N | start wall | start CPU | stop wall (incl. cache drain) | stop CPU | processes (start+stop) |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    stops = {(r["agent"], r["size"]): r for r in rows(results, "stop-exports")}
    for r in sorted(rows(results, "start-exports"), key=lambda r: (int(r["size"]), r["agent"])):
        s = stops.get((r["agent"], r["size"]))
        stop = f"{s['wall_ms'] / 1e3:.2f} | {s['cpu_ms'] / 1e3:.2f}" if s else "- | -"
        forks = r["forks"] + (s["forks"] if s else 0)
        out.append(f"| {r['agent']} | {r['size']} | {r['wall_ms'] / 1e3:.2f} | {r['cpu_ms'] / 1e3:.2f} | {stop} | {forks} |")
    return out + [""]


def ratio(r):
    return r["cpu_ms"] / r["floor_cpu_ms"] if r.get("floor_cpu_ms") else float("nan")


def targets(results):
    """The issue's targets, each with the figures it is judged on."""
    out = ["### Against the targets", ""]
    for bench, agent in [("monitor-exports", "nfs-export-fsid"), ("monitor-lvm", "lvm-persistent"),
                         ("monitor-notify", "nfs-notify"), ("monitor-grace", "nfs-grace")]:
        rs = sorted((r for r in rows(results, bench) if r["agent"] == agent), key=lambda r: int(r["size"]))
        if not rs:
            continue
        worst = max(ratio(r) for r in rs)
        each = ", ".join(f"{ratio(r):.2f}x at {r['size']}" for r in rs)
        out.append(f"- {agent} depth-0 monitor within {TARGET_RATIO}x the floor's CPU: "
                   f"{'met' if worst <= TARGET_RATIO else 'missed'} ({each})")
    for bench, theirs, ours, wanted in [("monitor-exports", "exportfs", "nfs-export-fsid", 15),
                                        ("monitor-lvm", "LVM-activate", "lvm-persistent", 5),
                                        ("monitor-notify", "nfsnotify", "nfs-notify", None)]:
        mine = {r["size"]: r for r in rows(results, bench) if r["agent"] == ours}
        pairs = [(r["size"], r["cpu_ms"] / mine[r["size"]]["cpu_ms"]) for r in rows(results, bench)
                 if r["agent"] == theirs and r["size"] in mine]
        if not pairs:
            continue
        each = ", ".join(f"{x:.1f}x at {size}" for size, x in sorted(pairs, key=lambda p: int(p[0])))
        goal = f" (target: at least {wanted}x: {'met' if min(x for _, x in pairs) >= wanted else 'missed'})" if wanted else ""
        out.append(f"- {ours} monitor CPU below {theirs}'s: {each}{goal}")
    starts = {(r["agent"], int(r["size"])): r["wall_ms"] / 1e3 for r in rows(results, "start-exports")}
    shell = starts.get(("exportfs", 1000))
    how = "measured"
    if shell is None and ("exportfs", 100) in starts:
        # Each exportfs start rewrites a table that grows with every export,
        # so 1000 take at least ten times what 100 take: a lower bound.
        shell, how = 10 * starts[("exportfs", 100)], "at least 10x its 100, not run"
    for agent in ("nfs-export-fsid-one-resource", "nfs-export-fsid"):
        if (agent, 1000) in starts and shell:
            mine = starts[(agent, 1000)]
            out.append(f"- start of 1000 exports, {agent}: {mine:.1f} s against exportfs's {shell:.0f} s ({how}): "
                       f"{shell / mine:.0f}x faster (target: 10x: {'met' if shell / mine >= 10 else 'missed'})")
    return out + [""]


def failover(cluster):
    out = ["### Failover of the whole group (cluster tier)", ""]
    if not cluster:
        return out + ["No cluster-tier results with a timeline were found (run `tests/cluster/demo` "
                      "or `ctest -L cluster`, then bench/run again).", ""]
    timeline = Path(cluster) / "timeline"
    lines = sorted((l.split(" ", 1) for l in timeline.read_text().splitlines() if " " in l),
                   key=lambda p: float(p[0]))
    repo = Path(__file__).resolve().parent.parent
    shown = timeline.resolve().relative_to(repo) if timeline.resolve().is_relative_to(repo) else timeline
    out.append(f"From `{shown}` (the cluster test's timeline, guest clocks; quoted, not measured by bench/run), "
               "the lines that time the service, ours (`nfs`) and today's stack (`ctl`, the control):")
    out.append("")
    picked = [t for _, t in lines if re.search(r"\bafter\b.*\bs\b|failover|moved|service on|records on .*disk|ESTALE errors", t)]
    out += [f"- {t}" for t in picked] or ["- (the timeline names no timed step)"]
    return out + [""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--cluster")
    a = ap.parse_args()
    doc = json.load(open(a.results))
    m, res = doc["machine"], doc["results"]
    out = ["# Benchmarks: the compiled agents beside the shell agents", "",
           f"Generated by `bench/run` from `{Path(a.results).name}` ({doc['mode']} run); do not edit by hand.", "",
           f"- date: {doc['date']}",
           f"- machine: {m['cpu']}, {m['cores']} cores, host kernel {m['host_kernel']}; "
           f"load average before/after: {m['load_before']} / {m['load_after']} (other VMs share the cores)",
           f"- guest: {m['guest']}, kernel {m['guest_kernel']}",
           "- each monitor figure: median of the repeated calls after warm-up; CPU = user + system of the",
           "  agent and every process it waited for (wait4); processes = the kernel's last-pid counter moved",
           "  per call; floor = `/bin/true` run the same way, each call beside an agent call. Target: CPU / floor",
           f"  <= {TARGET_RATIO} for every compiled agent's depth-0 monitor.", ""]
    out += monitor_table(res, "monitor-exports",
                         "Monitor of one export, N exports in the table (nfs-export-fsid-all: the resource of the other N-1)")
    out += monitor_table(res, "monitor-lvm", "Monitor (depth 0) of a VG of N LVs")
    out += monitor_table(res, "monitor-lvm-depth10", "Monitor (depth 10) of a VG of N LVs")
    out += monitor_table(res, "monitor-notify", "Monitor of NSM notification")
    out += monitor_table(res, "monitor-grace", "Monitor of the NFSv4 grace (nfs-grace; no shell agent does this alone)")
    out += start_stop_table(res)
    out += targets(res)
    out += failover(a.cluster)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
