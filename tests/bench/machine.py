"""What a benchmark ran on, and what else ran at the same time (Linux /proc): for readers to judge the figures."""
from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path
from typing import Dict, Iterable, List

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")


def describe() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gb": round(int(meminfo["MemTotal"].split()[0]) / 1024 ** 2, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _children() -> Dict[int, List[int]]:
    tree: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree(pids: Iterable[int]) -> List[int]:
    """The processes and all their descendants."""
    children, out, todo = _children(), [], list(pids)
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def rss_mb(pid: int) -> dict:
    """Resident memory of a process and its descendants: now and at peak (VmHWM), in MB."""
    now = peak = 0
    for p in tree([pid]):
        try:
            status = dict(line.split(":", 1) for line in Path(f"/proc/{p}/status").read_text().splitlines())
        except OSError:
            continue
        now += int(status.get("VmRSS", "0 kB").split()[0])
        peak += int(status.get("VmHWM", "0 kB").split()[0])
    return {"rss_mb": round(now / 1024), "peak_rss_mb": round(peak / 1024)}


def cpu_seconds(pids: Iterable[int]) -> float:
    """CPU time (user + system) used so far by the processes and their descendants."""
    total = 0
    for p in tree(pids):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def busy_seconds() -> float:
    """CPU time used by everything on the machine so far (all cores, not idle or waiting)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICK


class OtherLoad:
    """How many cores processes other than ours kept busy between start() and stop()."""

    def __init__(self, ours: Iterable[int]):
        self.ours = list(ours) + [os.getpid()]

    def start(self) -> "OtherLoad":
        self.t0, self.busy0, self.own0 = os_time(), busy_seconds(), cpu_seconds(self.ours)
        return self

    def stop(self) -> dict:
        elapsed = os_time() - self.t0
        busy, own = busy_seconds() - self.busy0, cpu_seconds(self.ours) - self.own0
        return {"our_cores": round(own / elapsed, 2), "other_cores": round(max(0.0, busy - own) / elapsed, 2)}


def os_time() -> float:
    return os.times().elapsed
