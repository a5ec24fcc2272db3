"""Boot lab VMs under qemu (TCG), run a scenario in each, tear everything down.

Used by run-vm (one VM) and run-lab (several VMs on a private network).
Python standard library only.

A guest's root is the host's / read-only over 9p with a tmpfs overlay (see
guest/initramfs-init), so the scenario, the build tree and every host binary
are at the same paths inside. The results directory is shared read-write over
9p: each host writes RESULTS/<host>/{output.log,exit-status,boot-seconds} and
whatever the scenario leaves there; qemu writes RESULTS/<host>/console.log.
All hosts of a lab see the same results directory, which scenarios also use to
signal each other (lib.sh: lab_signal / lab_wait).

Power control (the lab's fence device, like fence_virt for libvirt guests):
a guest asks for another host to be powered off by writing
RESULTS/.power/<id>.req ("off HOST" or "status HOST"); the harness kills that
host's qemu by pid (a power cut, no shutdown) and answers in <id>.done
("ok off", "ok on", or "error ..."). A host powered off this way counts as
passed: the scenario asked for it (tests/cluster/fence_lab uses this).

Teardown is by pid only: each qemu (and the hub) is killed by the pid we
started, and also dies with this process (PR_SET_PDEATHSIG) if we are killed.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

LAB_DIR = Path(__file__).resolve().parent
PREPARE_KERNEL = LAB_DIR / "prepare-kernel"
GUEST_BOOT = LAB_DIR / "guest" / "boot.sh"
NETWORK = "198.18.0."           # lab addresses: 198.18.0.0/24, never routed
RESULTS_MARKER = ".lab-results"  # a results dir we may wipe carries this file
FAIL_DEADLINE = 124              # like timeout(1)
FAIL_NO_STATUS = 125             # guest died (panic, init failure, qemu error)


def log(msg: str) -> None:
    print(f"lab: {msg}", flush=True)


@dataclass
class Host:
    name: str
    role: str = "none"
    addr: str | None = None       # "198.18.0.N/24" when on the lab network
    disks: list[Path] = field(default_factory=list)
    # runtime
    proc: subprocess.Popen | None = None
    started: float = 0.0
    booted: float | None = None   # wall seconds from qemu start to scenario start
    finished: float | None = None
    status: int | None = None
    out_pos: int = 0
    powered_off: bool = False     # by a power-control request, not by itself


class LabError(Exception):
    pass


def _die_with_parent() -> None:
    """preexec_fn: the child gets SIGKILL when this harness dies, however it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def prepare_kernel() -> dict[str, str]:
    """Runs prepare-kernel (cached, flock'ed) and returns LAB_KERNEL, LAB_INITRD..."""
    res = subprocess.run([str(PREPARE_KERNEL)], stdout=subprocess.PIPE, text=True)
    if res.returncode != 0:
        raise LabError("kernel preparation failed (see prepare-kernel's message above)")
    return dict(line.split("=", 1) for line in res.stdout.splitlines() if "=" in line)


def _check_path(p: Path, what: str) -> None:
    # Paths travel on the kernel command line, which splits on whitespace,
    # and in qemu options, where a comma ends a value.
    if any(c.isspace() or c == "," for c in str(p)):
        raise LabError(f"{what} {p} contains whitespace or a comma; the lab cannot pass it on")


def _remove_orphaned_rundirs() -> None:
    """Temp dirs of harnesses that were SIGKILLed (their qemus died with them)."""
    for d in Path(tempfile.gettempdir()).glob("hanfs-lab.*"):
        try:
            os.kill(int((d / "owner").read_text()), 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (OSError, ValueError):
            pass


def prepare_results(results: Path | None) -> Path:
    """An empty directory for this run's results (only a previous run's is wiped)."""
    if results is None:
        return Path(tempfile.mkdtemp(prefix="hanfs-lab-results.")).resolve()
    results = results.resolve()
    if results.exists() and any(results.iterdir()):
        if not (results / RESULTS_MARKER).exists():
            raise LabError(f"results directory {results} is not empty and not a previous lab run's")
        shutil.rmtree(results)
    results.mkdir(parents=True, exist_ok=True)
    (results / RESULTS_MARKER).write_text("written by tests/lab; wiped on the next run\n")
    return results


class Lab:
    def __init__(self, hosts: list[Host], command: list[str], results: Path, deadline: float,
                 env: dict[str, str], mem_mb: int = 1024, show_console: bool = False,
                 shared_disk_mb: int = 0, network: bool = False):
        self.hosts = hosts
        self.command = command
        self.results = results
        self.deadline_s = deadline
        self.env = env
        self.mem_mb = mem_mb
        self.show_console = show_console
        self.shared_disk_mb = shared_disk_mb
        self.network = network or len(hosts) > 1
        self.rundir: Path | None = None
        self.hub: subprocess.Popen | None = None
        self.kernel: dict[str, str] = {}
        self.t0 = 0.0

    # ------------------------------------------------------------------ setup
    def _write_control_files(self) -> None:
        """What each guest's boot.sh reads from the host's /tmp (visible over 9p)."""
        assert self.rundir
        lines = [f"{h.addr.split('/')[0]} {h.name} {h.role}" for h in self.hosts if h.addr]
        (self.rundir / "hosts").write_text("".join(l + "\n" for l in lines))
        env = dict(self.env)
        env.setdefault("LAB_CWD", os.getcwd())
        env["LAB_HOSTS"] = " ".join(h.name for h in self.hosts)
        env["LAB_BOOT_EPOCH"] = str(int(time.time()))
        for h in self.hosts:
            (self.rundir / f"{h.name}.argv").write_bytes(b"".join(a.encode() + b"\0" for a in self.command))
            (self.rundir / f"{h.name}.env").write_bytes(
                b"".join(f"{k}={v}".encode() + b"\0" for k, v in env.items()))

    def _start_hub(self) -> None:
        """A qemu with no machine, only a hub: one listening unix socket per host.

        qemu 7.2 has -netdev stream (unix sockets) and hubport; a hub forwards
        every frame to all other ports, which is all a small lab needs, and
        keeps the VMs symmetric (no guest has to bridge for the others).
        """
        assert self.rundir
        args = ["qemu-system-x86_64", "-machine", "none", "-nodefaults", "-no-user-config",
                "-display", "none"]
        for i, h in enumerate(self.hosts):
            sock = self.rundir / f"hub-{i}.sock"
            args += ["-netdev", f"stream,id=p{i},server=on,addr.type=unix,addr.path={sock}",
                     "-netdev", f"hubport,id=h{i},hubid=0,netdev=p{i}"]
        with open(self.rundir / "hub.log", "wb") as hub_log:
            self.hub = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=hub_log,
                                        stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        socks = [self.rundir / f"hub-{i}.sock" for i in range(len(self.hosts))]
        limit = time.monotonic() + 10
        while not all(s.exists() for s in socks):
            if self.hub.poll() is not None or time.monotonic() > limit:
                raise LabError("the network hub did not start: "
                               + (self.rundir / "hub.log").read_text(errors="replace"))
            time.sleep(0.05)

    def _qemu_args(self, i: int, h: Host) -> list[str]:
        assert self.rundir
        out = self.results / h.name
        cmdline = " ".join([
            "console=ttyS0", "quiet", "panic=-1",
            f"lab.init={GUEST_BOOT}", f"lab.run={self.rundir}", f"lab.results={self.results}",
            f"lab.host={h.name}", f"lab.role={h.role}", f"lab.addr={h.addr or 'none'}",
            f"lab.deadline={int(time.time() + self.deadline_s)}",
        ])
        args = [
            "qemu-system-x86_64", "-nodefaults", "-no-user-config", "-display", "none",
            "-no-reboot", "-m", str(self.mem_mb), "-smp", "1",
            "-kernel", self.kernel["LAB_KERNEL"], "-initrd", self.kernel["LAB_INITRD"],
            "-append", cmdline,
            "-serial", f"file:{out / 'console.log'}",
            "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
            "-virtfs", f"local,path={self.results},mount_tag=results,security_model=none,multidevs=remap",
        ]
        if self.network:
            sock = self.rundir / f"hub-{i}.sock"
            args += ["-netdev", f"stream,id=n0,server=off,addr.type=unix,addr.path={sock}",
                     "-device", f"virtio-net-pci,netdev=n0,mac=52:54:00:18:00:{i + 1:02x}"]
        for d, disk in enumerate(h.disks):
            # The same raw file on several VMs: no image locking, and the
            # serial names it inside (/sys/block/vdX/serial, lib.sh lab_disk).
            args += ["-drive", f"file={disk},format=raw,if=none,id=disk{d},file.locking=off",
                     "-device", f"virtio-blk-pci,drive=disk{d},serial=lab-{disk.stem}"]
        return args

    def start(self) -> None:
        for p, what in ((self.results, "results directory"), (Path.cwd(), "working directory"),
                        (LAB_DIR, "tests/lab")):
            _check_path(p, what)
        self.kernel = prepare_kernel()
        _remove_orphaned_rundirs()
        self.rundir = Path(tempfile.mkdtemp(prefix="hanfs-lab."))
        (self.rundir / "owner").write_text(str(os.getpid()))
        if self.shared_disk_mb:
            disk = self.rundir / "shared.img"
            with open(disk, "wb") as f:
                f.truncate(self.shared_disk_mb << 20)
            for h in self.hosts:
                if h.role == "server":
                    h.disks.append(disk)
        self._write_control_files()
        if self.network:
            self._start_hub()
        self.t0 = time.monotonic()
        for i, h in enumerate(self.hosts):
            (self.results / h.name).mkdir(parents=True, exist_ok=True)
            h.started = time.monotonic()
            with open(self.results / h.name / "qemu.log", "wb") as qemu_log:
                h.proc = subprocess.Popen(self._qemu_args(i, h), stdin=subprocess.DEVNULL,
                                          stdout=qemu_log, stderr=subprocess.STDOUT,
                                          preexec_fn=_die_with_parent)
        log(f"started {len(self.hosts)} VM(s): "
            + ", ".join(f"{h.name}[{h.role}{' ' + h.addr if h.addr else ''}] pid {h.proc.pid}"
                        for h in self.hosts)
            + f"; deadline {self.deadline_s:.0f}s; results in {self.results}")

    # ------------------------------------------------------------------ watch
    def _follow(self, h: Host) -> None:
        """Echo new lines of the host's scenario output, prefixed with its name."""
        path = self.results / h.name / "output.log"
        if not h.booted and (self.results / h.name / "boot-seconds").exists():
            h.booted = time.monotonic() - h.started
            log(f"{h.name} booted in {h.booted:.1f}s (wall, to scenario start)")
        try:
            with open(path, "rb") as f:
                f.seek(h.out_pos)
                data = f.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1      # only whole lines; the rest next time
        if end:
            for line in data[:end].decode(errors="replace").splitlines():
                print(f"[{h.name}] {line}", flush=True)
            h.out_pos += end

    def _read_status(self, h: Host) -> int:
        try:
            return int((self.results / h.name / "exit-status").read_text().strip())
        except (FileNotFoundError, ValueError):
            return FAIL_NO_STATUS

    def wait(self) -> int:
        """Waits for every VM; returns the lab's status (0 only if all passed).

        A host that fails ends the lab at once (the others are torn down): a
        server that failed to come up would otherwise leave the client waiting
        until the deadline.
        """
        limit = self.t0 + self.deadline_s
        while True:
            self._serve_power_requests()
            for h in self.hosts:
                self._follow(h)
                if h.status is None and h.proc and h.proc.poll() is not None:
                    h.finished = time.monotonic() - h.started
                    self._follow(h)
                    h.status = self._read_status(h)
                    log(f"{h.name} finished: status {h.status} after {h.finished:.1f}s")
                    if h.status != 0:
                        self._explain(h)
            failed = [h for h in self.hosts if h.status not in (None, 0)]
            if failed:
                if any(h.status is None for h in self.hosts):
                    log(f"{failed[0].name} failed: stopping the rest of the lab")
                return failed[0].status
            if all(h.status == 0 for h in self.hosts):
                return 0
            if time.monotonic() > limit:
                for h in self.hosts:
                    if h.status is None:
                        self._follow(h)
                        h.status = FAIL_DEADLINE
                        log(f"{h.name} overran the deadline of {self.deadline_s:.0f}s")
                        self._explain(h)
                return FAIL_DEADLINE
            time.sleep(0.2)

    def _serve_power_requests(self) -> None:
        """Answers the guests' power-control requests (see the module's doc)."""
        power = self.results / ".power"
        if not power.is_dir():
            return
        for req in sorted(power.glob("*.req")):
            done = req.with_suffix(".done")
            if done.exists():
                continue
            words = req.read_text(errors="replace").split()
            target = next((h for h in self.hosts if len(words) == 2 and h.name == words[1]), None)
            if target is None or words[0] not in ("off", "status"):
                answer = f"error bad request {' '.join(words)!r}"
            elif words[0] == "status":
                answer = "ok off" if target.powered_off or target.status is not None else "ok on"
            else:
                if target.proc and target.proc.poll() is None:
                    target.proc.kill()
                    target.proc.wait()
                    log(f"{target.name} powered off on request ({req.name})")
                if target.status is None:
                    target.powered_off = True
                    target.finished = time.monotonic() - target.started
                    target.status = 0
                answer = "ok off"
            tmp = done.with_suffix(".tmp")
            tmp.write_text(answer + "\n")
            tmp.rename(done)

    def _explain(self, h: Host) -> None:
        """On failure: the tail of the guest console (panics, init errors, oopses)."""
        console = self.results / h.name / "console.log"
        lines = console.read_text(errors="replace").splitlines() if console.exists() else []
        qemu_log = self.results / h.name / "qemu.log"
        if qemu_log.exists() and qemu_log.stat().st_size:
            lines += ["--- qemu:"] + qemu_log.read_text(errors="replace").splitlines()
        if h.status == FAIL_NO_STATUS:
            log(f"{h.name} left no exit status (kernel panic, init failure or qemu error)")
        # An oops or panic is most useful from its first line; else the tail.
        first = next((i for i, l in enumerate(lines)
                      if any(m in l for m in ("Kernel panic", "BUG:", "Oops", "FATAL"))), None)
        shown = lines[max(0, first - 5):first + 35] if first is not None else lines[-40:]
        log(f"{h.name}: {'from the first error in' if first is not None else 'last lines of'} {console}:")
        for line in shown:
            print(f"  {h.name}| {line}", flush=True)

    # --------------------------------------------------------------- teardown
    def teardown(self) -> None:
        procs = [h.proc for h in self.hosts if h.proc] + ([self.hub] if self.hub else [])
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if self.rundir:
            shutil.rmtree(self.rundir, ignore_errors=True)   # sockets, argv, shared disk

    def run(self) -> int:
        # SIGTERM (ctest, kill) must tear down like any other end.
        def on_term(signum, _frame):
            raise KeyboardInterrupt(f"signal {signum}")
        old = signal.signal(signal.SIGTERM, on_term)
        try:
            self.start()
            status = self.wait()
        except KeyboardInterrupt as e:
            log(f"interrupted ({e}): tearing down")
            status = 130
        except LabError as e:
            log(f"ERROR: {e}")
            status = 2
        finally:
            self.teardown()
            signal.signal(signal.SIGTERM, old)
        total = time.monotonic() - self.t0 if self.t0 else 0.0
        log(("PASS" if status == 0 else f"FAIL (status {status})")
            + f" in {total:.1f}s; results in {self.results}")
        return status


def parse_env(items: list[str]) -> dict[str, str]:
    env = {}
    for item in items:
        if "=" not in item:
            raise SystemExit(f"--env wants NAME=VALUE, got {item!r}")
        k, v = item.split("=", 1)
        env[k] = v
    return env
