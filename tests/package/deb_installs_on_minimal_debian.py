#!/usr/bin/env python3
"""deb_installs_on_minimal_debian.py DEB

`apt-get install ./DEB` on a fresh Debian 12, resolved without touching this
machine: apt simulates (-s) the install against the dpkg status of a minimal
system, the one debootstrap's minbase installs. That is the packages of
priority "required", the essential ones and apt, with everything they
depend on, taken from this machine's status file, so their versions are
Debian 12's. The package's dependencies must resolve from the Debian 12
archive (this machine's apt lists). apt must install the package itself and
every package named in its Depends, and report no unmet dependency.
(The lab test lab_deb_package_installs_with_apt_and_removes_cleanly
installs it for real on a full system.)
"""
import os
import re
import subprocess
import sys
import tempfile


def installed_packages(status_text):
    """{name: (fields, paragraph)} of the installed packages."""
    out = {}
    for para in status_text.split("\n\n"):
        fields, key = {}, None
        for line in para.splitlines():
            if line.startswith(" ") and key:
                fields[key] += line
            elif ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if "Package" in fields and "install ok installed" in fields.get("Status", ""):
            out[fields["Package"]] = (fields, para)
    return out


def minimal_system(packages):
    """The names of a minbase system: required, essential, apt, and their dependency closure."""
    provides = {}
    for name, (fields, _) in packages.items():
        for p in fields.get("Provides", "").split(","):
            p = p.strip().split(" ")[0]
            if p:
                provides.setdefault(p, []).append(name)
    seen = {n for n, (f, _) in packages.items() if f.get("Priority") == "required" or f.get("Essential") == "yes"}
    seen.add("apt")
    todo = list(seen)
    while todo:
        fields = packages[todo.pop()][0]
        for field in ("Pre-Depends", "Depends"):
            for alternatives in filter(None, (a.strip() for a in fields.get(field, "").split(","))):
                for choice in alternatives.split("|"):
                    name = choice.strip().split(" ")[0].split(":")[0]
                    candidates = [name] if name in packages else provides.get(name, [])
                    if candidates:
                        if candidates[0] not in seen:
                            seen.add(candidates[0])
                            todo.append(candidates[0])
                        break
    return seen


def main():
    deb = os.path.abspath(sys.argv[1])
    packages = installed_packages(open("/var/lib/dpkg/status").read())
    base = minimal_system(packages)
    depends = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True, check=True).stdout
    wanted = {d.strip().split(" ")[0] for d in depends.split(",") if d.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "status")
        with open(status, "w") as f:
            f.write("\n\n".join(packages[n][1] for n in sorted(base)) + "\n")
        run = subprocess.run(["apt-get", "-s", "-o", f"Dir::State::status={status}", "install", deb],
                             capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    output = run.stdout + run.stderr
    installs = set(re.findall(r"^Inst (\S+)", output, re.M))
    problems = []
    if run.returncode != 0 or re.search(r"^E:", output, re.M):
        problems.append("apt-get -s install failed:\n" + output[-3000:])
    if "hanfs-agents" not in installs:
        problems.append("apt would not install hanfs-agents")
    for name in sorted(wanted - base):
        if name not in installs:
            problems.append(f"apt would not install {name}, which the package depends on")
    print(f"minimal Debian 12: {len(base)} packages; apt-get install ./{os.path.basename(deb)} "
          f"would install {len(installs)}, among them {', '.join(sorted(wanted - base))}")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
