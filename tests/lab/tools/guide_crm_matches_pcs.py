#!/usr/bin/env python3
"""guide_crm_matches_pcs.py GUIDE CIB

The administrator's guide gives the two-node example twice: as pcs commands
(```sh blocks of section 3.4) and in crmsh's syntax (the ```crm block). CIB
is what `crm configure load update` made of the crm block. This checks that
it configures what the pcs commands do: the same resources with the same
agents and parameters, the operations pcs is given plus the monitors pcs
adds from each agent's metadata (crm adds none), the same group order and
the same resource stickiness. Prints one line per resource; exit 1 with the
differences.
"""
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET


def logical_lines(text):
    return re.sub(r"\\\n\s*", " ", text).splitlines()


def pcs_form(guide):
    """{id: {"agent", "params", "ops": [(name, {k: v})]}}, group order, stickiness."""
    resources, group, stickiness = {}, [], None
    for block in re.findall(r"```sh\n(.*?)```", guide, re.S):
        for line in logical_lines(block):
            words = shlex.split(line, comments=True)
            if words[:3] == ["crm_attribute", "--type", "rsc_defaults"]:
                stickiness = words[words.index("--update") + 1]
            if words[:4] == ["pcs", "resource", "defaults", "update"]:
                for w in words[4:]:
                    if w.startswith("resource-stickiness="):
                        stickiness = w.split("=", 1)[1]
            if words[:3] not in (["pcs", "resource", "create"], ["pcs", "stonith", "create"]):
                continue
            rid, agent = words[3], words[4]
            if words[1] == "stonith":
                agent = "stonith:" + agent
            params, ops, op = {}, [], None
            rest = iter(words[5:])
            for w in rest:
                if w == "--group":
                    next(rest)  # the group name
                    group.append(rid)
                    continue
                if w == "op":
                    op = None
                    continue
                if "=" not in w:
                    op = (w, {})
                    ops.append(op)
                    continue
                k, v = w.split("=", 1)
                (op[1] if op else params)[k] = v
            resources[rid] = {"agent": agent, "params": params, "ops": ops}
    return resources, group, stickiness


def metadata_monitors(agent):
    """The monitors pcs creates from an ocf:hanfs agent's metadata."""
    parts = agent.split(":")
    if len(parts) != 3 or parts[:2] != ["ocf", "hanfs"]:
        return []
    provider, name = parts[1:]
    xml = subprocess.run([f"/usr/lib/ocf/resource.d/{provider}/{name}", "meta-data"],
                         env={"OCF_ROOT": "/usr/lib/ocf"}, capture_output=True, text=True, check=True).stdout
    out = []
    for a in ET.fromstring(xml).iter("action"):
        if a.get("name") == "monitor":
            attrs = {"interval": a.get("interval"), "timeout": a.get("timeout")}
            if a.get("depth", "0") != "0":
                attrs["OCF_CHECK_LEVEL"] = a.get("depth")
            out.append(("monitor", attrs))
    return out


def crm_form(cib):
    root = ET.parse(cib).getroot()
    resources = {}
    for p in root.iter("primitive"):
        cls, prov, typ = p.get("class"), p.get("provider"), p.get("type")
        agent = f"{cls}:{prov}:{typ}" if prov else f"{cls}:{typ}"
        params = {nv.get("name"): nv.get("value") for ia in p.findall("instance_attributes") for nv in ia}
        ops = []
        for o in p.iter("op"):
            attrs = {k: v for k, v in o.attrib.items() if k in ("interval", "timeout")}
            attrs.update({nv.get("name"): nv.get("value") for ia in o.findall("instance_attributes") for nv in ia})
            ops.append((o.get("name"), attrs))
        resources[p.get("id")] = {"agent": agent, "params": params, "ops": ops}
    group = [p.get("id") for g in root.iter("group") for p in g.findall("primitive")]
    stick = [nv.get("value") for rd in root.iter("rsc_defaults") for nv in rd.iter("nvpair")
             if nv.get("name") == "resource-stickiness"]
    return resources, group, stick[0] if stick else None


def has_op(ops, name, attrs):
    # crm writes "interval=0" on start/stop; pcs's "op start timeout=120s" has none.
    for n, a in ops:
        if n == name and all(a.get(k) == v for k, v in attrs.items()):
            return True
    return False


def main():
    guide = open(sys.argv[1]).read()
    want, want_group, want_stick = pcs_form(guide)
    got, got_group, got_stick = crm_form(sys.argv[2])
    problems = []
    if not want:
        problems.append("no pcs resource create in the guide")
    for rid, w in want.items():
        g = got.get(rid)
        if g is None:
            problems.append(f"{rid}: in the pcs form, not in the crm form")
            continue
        if g["agent"] != w["agent"]:
            problems.append(f"{rid}: agent {g['agent']} in the crm form, {w['agent']} in the pcs form")
        if g["params"] != w["params"]:
            problems.append(f"{rid}: parameters {g['params']} in the crm form, {w['params']} in the pcs form")
        # pcs: the explicit operations, and the metadata's monitors whose interval none of them takes
        explicit = w["ops"]
        implied = [m for m in metadata_monitors(w["agent"])
                   if not any(n == "monitor" and a.get("interval") == m[1]["interval"] for n, a in explicit)]
        if any(n == "monitor" for n, _ in explicit):
            # pcs replaces the first default monitor by the one it is given
            implied = [m for m in implied if m[1].get("OCF_CHECK_LEVEL")]
        for name, attrs in explicit + implied:
            if not has_op(g["ops"], name, attrs):
                problems.append(f"{rid}: no operation {name} {attrs} in the crm form (ops: {g['ops']})")
        print(f"{rid}: {w['agent']}, {len(w['params'])} parameters, {len(explicit) + len(implied)} operations: same")
    for rid in got:
        if rid not in want:
            problems.append(f"{rid}: in the crm form only")
    if got_group != want_group:
        problems.append(f"group order {got_group} in the crm form, {want_group} in the pcs form")
    if got_stick != want_stick:
        problems.append(f"resource-stickiness {got_stick} in the crm form, {want_stick} in the pcs form")
    for p in problems:
        print("DIFFERENT:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
