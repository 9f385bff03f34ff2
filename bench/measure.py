"""Measuring processes: wall and CPU time, peak memory, bytes written.

A measured command is started as a child and, once it has exited, read
while it is still a zombie (waitid with WNOWAIT): its /proc/<pid>/io then
holds the final counters of the whole process, its threads and the children
it reaped (a shell, a pipe command). write_bytes is what the process caused
to be sent to the storage layer, counted when a page cache page is dirtied
(so repeated writes to a page still dirty count once; writes to a file
deleted before writeback still count, and are also in cancelled_write_bytes).
wait4 then gives the CPU times and the peak RSS (ru_maxrss).

A server (PostgreSQL, searchd) runs before and after the build, so its
processes are sampled instead: /proc/<pid>/io and VmHWM of every process of
its tree, every SAMPLE_S seconds while the build runs and once after. A
process that exits between two samples loses at most SAMPLE_S of writes.
"""
import os
import statistics
import subprocess
import threading
import time

SAMPLE_S = 0.2
TICKS = os.sysconf("SC_CLK_TCK")


def read_io(pid):
    """{field: int} of /proc/<pid>/io, or None when the process is gone."""
    try:
        with open("/proc/%d/io" % pid) as fh:
            return {k: int(v) for k, v in (line.split(": ") for line in fh)}
    except (OSError, ValueError):
        return None


def read_hwm_kib(pid):
    """Peak RSS (VmHWM, KiB) of a live process, or None."""
    try:
        with open("/proc/%d/status" % pid) as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def read_cpu_ticks(pid):
    """utime + stime of a live process, in clock ticks, or None."""
    try:
        with open("/proc/%d/stat" % pid) as fh:
            f = fh.read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    except (OSError, IndexError, ValueError):
        return None


def busy_seconds():
    """CPU seconds all cores spent busy since boot (/proc/stat), to tell how
    much CPU other processes took while a build ran."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (f + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


def process_tree(root):
    """The pids of root and all its descendants."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class ServerSampler:
    """Samples the process tree of a server while a build runs."""

    def __init__(self, root_pid):
        self.root = root_pid
        self.first, self.last, self.hwm, self.cpu0, self.cpu = {}, {}, {}, {}, {}
        self._stop = threading.Event()
        self.sample(initial=True)
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def sample(self, initial=False):
        for pid in process_tree(self.root):
            io = read_io(pid)
            if io is None:
                continue
            # A process born during the build starts from zero.
            self.first.setdefault(pid, io if initial else {k: 0 for k in io})
            self.last[pid] = io
            h = read_hwm_kib(pid)
            if h is not None:
                self.hwm[pid] = h
            c = read_cpu_ticks(pid)
            if c is not None:
                self.cpu0.setdefault(pid, c if initial else 0)
                self.cpu[pid] = c

    def _loop(self):
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.sample()
        written = sum(self.last[p]["write_bytes"] - self.first[p]["write_bytes"] for p in self.last)
        cancelled = sum(self.last[p]["cancelled_write_bytes"] - self.first[p]["cancelled_write_bytes"] for p in self.last)
        return {"server_write_bytes": written, "server_cancelled_write_bytes": cancelled,
                "server_peak_rss_mib": round(max(self.hwm.values(), default=0) / 1024, 1),
                "server_processes": len(self.last),
                "server_cpu_seconds": round(sum(self.cpu[p] - self.cpu0[p] for p in self.cpu) / TICKS, 2)}


def server_peak_rss_mib(root_pid):
    """Largest VmHWM over a server's processes, now."""
    hwm = [read_hwm_kib(p) for p in process_tree(root_pid)]
    return round(max((h for h in hwm if h), default=0) / 1024, 1)


def run_measured(argv, stdout, stderr, server_pid=None, stdin=subprocess.DEVNULL, env=None):
    """Run argv to completion; returns its measurements (see the module doc)."""
    sampler = ServerSampler(server_pid) if server_pid else None
    busy0 = busy_seconds()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr, env=env)
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    wall = time.perf_counter() - t0
    io = read_io(p.pid) or {}
    busy = busy_seconds() - busy0
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    res = {"wall_seconds": round(wall, 3), "user_seconds": round(ru.ru_utime, 2), "sys_seconds": round(ru.ru_stime, 2),
           "cpu_percent": round(100 * (ru.ru_utime + ru.ru_stime) / wall) if wall > 0 else None,
           "peak_rss_mib": round(ru.ru_maxrss / 1024, 1), "exit_status": p.returncode,
           # ru_oublock is write_bytes / 512: the fallback when /proc could not be read.
           "write_bytes": io.get("write_bytes", ru.ru_oublock * 512),
           "cancelled_write_bytes": io.get("cancelled_write_bytes")}
    ours = ru.ru_utime + ru.ru_stime
    if sampler:
        res.update(sampler.stop())
        ours += res["server_cpu_seconds"]
    # What the other processes of the machine used meanwhile (this script's
    # own sampling included, a few percent at most).
    res["others_cpu_percent"] = round(max(0.0, busy - ours) * 100 / wall) if wall > 0 else None
    return res


def percentile(values, p):
    """p in [0, 1], linear interpolation between closest ranks."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def median(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def load1():
    return os.getloadavg()[0]
