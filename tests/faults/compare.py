#!/usr/bin/env python3
"""compare.py BEFORE AFTER: the fault tier's before/after table, in markdown.

BEFORE and AFTER are faults.table files of one scenario (the same script
run with the agents before and after a change; tests/faults/README.md). Rows
are paired by fault, action and their order; each shows the code and the
time against the timeout both times, the state afterwards and the verdict
of the run after, then a summary: failed rows, and the worst time of each
action against its timeout.
"""
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f.read().splitlines()[1:]:
            fields = [x.strip() for x in line.split(" | ")]
            if len(fields) >= 6:
                rows.append(fields[:5] + [" | ".join(fields[5:])])
    return rows


def keyed(rows):
    seen, out = {}, []
    for r in rows:
        k = (r[0], r[1])
        seen[k] = seen.get(k, 0) + 1
        out.append(((k, seen[k]), r))
    return out


def verdict(r):
    return "ok" if r[5] == "ok" else "**" + r[5] + "**"


def timed(r):
    return f"{r[2]} in {r[3].replace(' / ', '/')} ms"


def worst(rows):
    by_action = {}
    for r in rows:
        if r[1].startswith("check:") or " / " not in r[3]:
            continue
        ms, limit = (int(x) for x in r[3].split(" / "))
        action = r[1]
        if action not in by_action or ms / limit > by_action[action][0] / by_action[action][1]:
            by_action[action] = (ms, limit, r[0])
    return by_action


def main():
    before, after = load(sys.argv[1]), load(sys.argv[2])
    b = dict(keyed(before))
    print("| fault | action | before | after | state after | after: verdict (before) |")
    print("|---|---|---|---|---|---|")
    for k, r in keyed(after):
        br = b.get(k)
        if r[1].startswith("check:"):
            was = (br[4] if br else "-") or "(empty)"
            now = r[4] or "(empty)"
            print(f"| {r[0]} | {r[1]} | {was} | {now} | | {verdict(r)} ({verdict(br) if br else '-'}) |")
        else:
            print(f"| {r[0]} | {r[1]} | {timed(br) if br else '-'} | {timed(r)} | {r[4][:140]} | "
                  f"{verdict(r)} ({verdict(br) if br else '-'}) |")
    print()
    failed_before = sum(1 for r in before if r[5] != "ok")
    failed_after = sum(1 for r in after if r[5] != "ok")
    print(f"Rows: {len(before)} before, {len(after)} after; failed: {failed_before} before, {failed_after} after.")
    print()
    print("| action | worst before (ms / timeout, fault) | worst after |")
    print("|---|---|---|")
    wb, wa = worst(before), worst(after)
    for action in sorted(set(wb) | set(wa)):
        show = lambda w: f"{w[0]} / {w[1]} ({w[2]})" if w else "-"
        print(f"| {action} | {show(wb.get(action))} | {show(wa.get(action))} |")


if __name__ == "__main__":
    main()
