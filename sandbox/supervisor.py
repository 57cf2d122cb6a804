"""Slate sandbox supervisor: the main process (pid 1) of every sandbox container.

It speaks JSON lines with the host over the container's attached stdin/stdout (src/sandbox/protocol.ts
mirrors this):

  host -> supervisor
    {"type": "job", "id", "mode": "run", "files": [{"name", "content"}], "main", "stdin": str | null,
     "limits": {"wallSeconds", "cpuSeconds", "memoryMb", "outputBytes", "fileSizeKb", "processes"}}
    {"type": "stdin", "id", "data"}    {"type": "stdin_close", "id"}    {"type": "cancel", "id"}
  supervisor -> host
    {"type": "ready", "protocol", "python"}
    {"type": "started", "id"}
    {"type": "output", "id", "stream": "stdout" | "stderr", "data"}
    {"type": "result", "id", "exitCode", "signal", "timedOut", "memoryExceeded", "peakMemoryKb", "cpuMs",
     "wallMs", "truncated", "cancelled", "clean", "anomalies", "error"?}
    {"type": "log", "message"}

One job runs at a time. A new "mode" is a new branch in job_error() and in the job process.

Job processes come from a "zygote", forked at startup before any job arrived, so a job's memory never
holds an earlier job's code or input (a process forked from this one would). Forking instead of
starting a new interpreter saves about 15 ms per job. Each job process is forked ahead of time and
warms up while waiting for its request on a pipe, so a job only pays for running its own code. The
zygote double-forks it, so it is re-parented to this process (pid 1), which hands it the request and
waits for it directly. Neither the zygote nor a waiting job process ever sees a job's files or input:
this process writes the files and moves the bytes.

Every job runs as JOB_UID, unique to this container (RLIMIT_NPROC counts per uid across the whole host).
After a job, every process of that uid is killed and /work, /tmp, /dev/shm and /dev/mqueue are emptied;
whatever could not be cleaned is reported in "anomalies" and the host then replaces the container.
A job is stopped (cancel, wall limit, output limit) by killing its main process by pid as well as every
process of JOB_UID, since the job process is still root for a moment after "started" (see Job.stop).

Read-only files (a problem's data files) belong to DATA_UID, a uid no process ever runs as, with mode
0444, in a sticky /work that DATA_UID owns too (the host mounts it so): the job can read them, and
create and remove its own files, but not write, remove, rename or replace them, nor chmod /work. (If
the job owned /work it could swap a data file for its own, and a teacher's test code that computes its
expectation from the file would agree with the program.)

Capabilities: SETUID and SETGID only, to become JOB_UID in the job, and to act as JOB_UID when writing
and wiping the job's files and killing its processes, so that no other capability is needed.
"""

import atexit
import base64
import builtins
import codecs
import collections
import gc
import io
import json
import os
import resource
import select
import signal
import socket
import sys
import time
import traceback
import types

PROTOCOL = 1
WORK = "/work"
DATA_UID = 65530  # owns read-only data files; nothing runs as it
WIPE_DIRS = (WORK, "/tmp", "/dev/shm", "/dev/mqueue")
SUPERVISOR_FILE = os.path.abspath(__file__)
READ_CHUNK = 65536
CONTROL_FD = 3  # in a prepared job process: where its job request arrives
DRAIN_SECONDS = 2.0  # after the main process ended, how long its pipes may take to close
STOP_GRACE_SECONDS = 10.0  # after the wall deadline, how long a kill may take before we give up
LIB = "/opt/slate/lib"  # Slate's turtle (a recorder) and matplotlib backend: pictures in the output
MPL_FONTS = "/opt/slate/mpl"  # matplotlib's font list, built with the image
CHILD_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": WORK,
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONIOENCODING": "utf-8",
    "TMPDIR": "/tmp",
}
# Set only once a job imports numpy or matplotlib (see ScientificImports), so that other jobs look
# exactly like `python3 main.py`.
SCIENTIFIC_ENV = {
    "MPLBACKEND": "module://slate_matplotlib",
    "MPLCONFIGDIR": "/tmp/matplotlib",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}


def send(msg):
    data = (json.dumps(msg, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    view = memoryview(data)
    while view:
        view = view[os.write(1, view) :]


def log(message):
    send({"type": "log", "message": str(message)})


# ---------------------------------------------------------------- zygote


def zygote_main(sock):
    """For each request (four pipe ends), fork a job process that becomes the supervisor's child."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    gc.freeze()  # keep the collector from writing to (and so copying) inherited objects in every job
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 1 << 16, 4)
        except OSError:
            return
        if not data:
            return
        middle = os.fork()
        if middle == 0:
            pid = os.fork()
            if pid == 0:
                sock.close()
                job_process(fds)
            sock.send(str(pid).encode())
            os._exit(0)  # orphans the job process: the kernel re-parents it to pid 1
        for fd in fds:
            os.close(fd)
        os.waitpid(middle, 0)


def cpu_ns(pid):
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


# ---------------------------------------------------------------- job process


def job_process(fds):
    """A prepared job process: set up and warm up as root, wait for the request, drop privileges, run."""
    try:
        os.setsid()
        for target, fd in enumerate(fds):  # stdin, stdout, stderr, control
            os.dup2(fd, target)
        os.closerange(CONTROL_FD + 1, 1 << 16)
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        reset_interpreter()
        warm_up()
        request = read_request()
        if request is None:
            os._exit(0)  # the supervisor is gone
        # Make the OOM killer pick job processes before the supervisor (raising needs no privilege).
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
        # Lowest priority inside the container's CPU quota, so that a job with a hundred busy processes
        # cannot starve the supervisor that has to stop it. Other containers are unaffected (own cgroup).
        os.setpriority(os.PRIO_PROCESS, 0, 19)
        set_limits(request["limits"])
        os.setgroups([])
        os.setresgid(request["uid"], request["uid"], request["uid"])
        os.setresuid(request["uid"], request["uid"], request["uid"])
        os.chdir(WORK)
        os.umask(0o022)
        sys.argv = [request["main"]]
    except BaseException as e:  # noqa: BLE001 - report any setup failure, then die
        os.write(2, f"sandbox: job setup failed: {e!r}\n".encode())
        os._exit(125)
    os._exit(run_main(os.path.join(WORK, request["main"])))


class ScientificImports:
    """Finds nothing; on the job's first `import numpy` or `import matplotlib` it prepares them and steps
    aside: one BLAS thread (a thread pool would not fit the job's limits), Slate's matplotlib backend,
    and a writable config dir in /tmp holding a link to the font list built with the image (so that no
    job spends a second rebuilding it)."""

    def find_spec(self, name, path=None, target=None):
        if name in ("numpy", "matplotlib"):
            for key, value in SCIENTIFIC_ENV.items():
                os.environ.setdefault(key, value)
            if name == "matplotlib":
                link_font_list(os.environ["MPLCONFIGDIR"])
                sys.meta_path.remove(self)
        return None


def link_font_list(config_dir):
    try:
        os.makedirs(config_dir, 0o700, exist_ok=True)
        for name in os.listdir(MPL_FONTS):
            target = os.path.join(config_dir, name)
            if not os.path.lexists(target):
                os.symlink(os.path.join(MPL_FONTS, name), target)
    except OSError:
        pass  # no matplotlib in this image, or /tmp is full: matplotlib still works, only slower


def read_request():
    chunks = []
    while chunk := os.read(CONTROL_FD, 1 << 16):
        chunks.append(chunk)
    os.close(CONTROL_FD)
    return json.loads(b"".join(chunks)) if chunks else None


def reset_interpreter():
    """Make the forked interpreter look like `python3 main.py` started in /work."""
    os.environ.clear()
    os.environ.update(CHILD_ENV)
    sys.path[0:0] = [WORK, LIB]
    sys.meta_path.insert(0, ScientificImports())
    sys.dont_write_bytecode = True
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    # Line-buffered like a terminal: output appears as it is printed; input() flushes its prompt.
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8", line_buffering=True
    )
    sys.stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr


WARM_UP = """
def f(items):
    return {str(i): [i * 2.5 for i in range(3)] for i in items}
print(f(range(3)), "hi", sep="", end="\\n", file=sink)
"""


def warm_up():
    """Touch the memory a small program touches, so the job does not pay for copying those pages."""
    exec(compile(WARM_UP, "<warm-up>", "exec"), {"sink": io.StringIO()})


def set_limits(limits):
    cpu = int(limits["cpuSeconds"])
    memory = int(limits["memoryMb"]) * 1024 * 1024
    fsize = int(limits["fileSizeKb"]) * 1024
    nproc = int(limits["processes"])
    for which, soft, hard in (
        (resource.RLIMIT_CPU, cpu, cpu + 1),  # SIGXCPU at the soft limit, SIGKILL a second later
        (resource.RLIMIT_AS, memory, memory),
        (resource.RLIMIT_FSIZE, fsize, fsize),
        (resource.RLIMIT_NPROC, nproc, nproc),
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_NOFILE, 256, 256),
        (resource.RLIMIT_MSGQUEUE, 0, 0),
        (resource.RLIMIT_MEMLOCK, 0, 0),
    ):
        resource.setrlimit(which, (soft, hard))


def run_main(path):
    """Run path as __main__ and return the exit status Python itself would have."""
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    code = 0
    try:
        with open(path, "rb") as f:
            source = f.read()
        exec(compile(source, path, "exec"), module.__dict__)
    except SystemExit as e:
        code = exit_code(e)
    except BaseException as e:  # noqa: BLE001 - this is the interpreter's top level
        print_user_traceback(e)
        code = 1
    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()  # wait for non-daemon threads, as Python does
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except SystemExit as e:
        code = exit_code(e)
    except BaseException:  # noqa: BLE001 - e.g. a broken pipe while flushing
        code = code or 120
    return code


def exit_code(e):
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    try:
        print(e.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001
        pass
    return 1


def print_user_traceback(e):
    """Print the traceback without the supervisor's own frames, as `python3 main.py` would."""
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == SUPERVISOR_FILE:
        tb = tb.tb_next
    try:
        traceback.print_exception(type(e), e, tb)
    except BaseException:  # noqa: BLE001 - e.g. MemoryError while formatting
        os.write(2, f"{type(e).__name__}\n".encode())


# ---------------------------------------------------------------- cleanup


def as_job_user(uid, fn):
    """Run fn with effective uid/gid JOB_UID: the files it creates or removes belong to the job user."""
    os.setegid(uid)
    os.seteuid(uid)
    try:
        return fn()
    finally:
        os.seteuid(0)
        os.setegid(0)


def live_processes(uid):
    """Pids of living (non-zombie) processes with uid among their real, effective or saved uids."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                status = f.read()
        except OSError:
            continue  # it just ended
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if str(uid) in fields.get("Uid", "").split()[:3] and "Z" not in fields.get("State", "")[:3]:
            found.append(int(name))
    return found


def kill_all(uid):
    """SIGKILL every process of uid from a helper that is itself uid, so kill(-1) hits exactly those."""
    for _ in range(50):
        reap()
        if not live_processes(uid):
            return True
        try:
            pid = os.fork()
        except BlockingIOError:  # the pids limit is full; NPROC leaves us room, so this passes
            time.sleep(0.01)
            continue
        if pid == 0:
            try:
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                for _ in range(5):  # a pass also catches what was forked during the previous one
                    os.kill(-1, signal.SIGKILL)
            except BaseException:  # noqa: BLE001 - ProcessLookupError: nothing left to kill
                pass
            os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.002)
    reap()
    return not live_processes(uid)


ZYGOTE = {"pid": 0}
WATCHED = {"pid": None, "exit": None}  # the current job's main process and, once reaped, (status, rusage)
RECENT_EXITS = collections.OrderedDict()  # pid -> (status, rusage): a prepared process may die early


def reap():
    """Reap children: the job's main process and orphans re-parented to us (pid 1). Losing the zygote
    is fatal: the host replaces the container."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid == ZYGOTE["pid"]:
            log("the zygote died")
            sys.exit(70)
        if pid == WATCHED["pid"]:
            WATCHED["exit"] = (status, usage)
        else:
            RECENT_EXITS[pid] = (status, usage)
            if len(RECENT_EXITS) > 16:
                RECENT_EXITS.popitem(last=False)


def wipe(path):
    """Remove everything below path, iteratively (a user's tree can be deeper than the recursion limit)."""
    stack = [(path, False)]
    while stack:
        current, emptied = stack.pop()
        if emptied:
            os.rmdir(current)
            continue
        if current != path:
            stack.append((current, True))
        for entry in os.scandir(current):
            if entry.is_dir(follow_symlinks=False):
                os.chmod(entry.path, 0o700)  # the job may have locked it; as its owner we may unlock it
                stack.append((entry.path, False))
            else:
                os.unlink(entry.path)


def sysv_ipc_left():
    """SysV IPC objects would outlive the job; the host sets their limits to zero, this verifies it."""
    for kind in ("shm", "sem", "msg"):
        try:
            with open(f"/proc/sysvipc/{kind}") as f:
                if len(f.read().splitlines()) > 1:
                    return True
        except OSError:
            pass
    return False


def remove_data_files(uid):
    """Data files belong to DATA_UID: only it may unlink them from the sticky /work."""
    names = as_job_user(uid, lambda: os.listdir(WORK))
    for name in names:
        path = os.path.join(WORK, name)
        try:
            if os.lstat(path).st_uid == DATA_UID:
                as_job_user(DATA_UID, lambda p=path: os.unlink(p))
        except OSError:
            pass


def clean_up(uid):
    anomalies = []
    if not kill_all(uid):
        anomalies.append("processes survived")
    try:
        remove_data_files(uid)
    except OSError as e:
        anomalies.append(f"removing data files: {e.strerror}")
    for path in WIPE_DIRS:
        if not os.path.isdir(path):
            continue
        try:
            as_job_user(uid, lambda p=path: wipe(p))
            if as_job_user(uid, lambda p=path: os.listdir(p)):
                anomalies.append(f"{path} not empty")
        except OSError as e:
            anomalies.append(f"wiping {path}: {e.strerror}")
    if sysv_ipc_left():
        anomalies.append("SysV IPC objects left")
    return anomalies


def oom_kills():
    """The container cgroup's OOM-kill counter (cgroup v1 or v2), or None when it cannot be read."""
    for path in ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(" ")
                    if name == "oom_kill":
                        return int(value)
        except (OSError, ValueError):
            continue
    return None


# ---------------------------------------------------------------- running a job


class Job:
    """This process's side of one running job: pipes, limits, counters."""

    def __init__(self, msg, uid, pid, pipes):
        self.id = msg["id"]
        self.uid = uid
        self.limits = msg["limits"]
        self.started = time.monotonic()
        self.deadline = self.started + float(self.limits["wallSeconds"])
        self.output_left = int(self.limits["outputBytes"])
        self.truncated = False
        self.cancelled = False
        self.timed_out_wall = False
        self.stopped = False  # killed by us before it ended: wall time, cancel or output limit
        self.leftovers = False
        self.pid = pid
        self.stdin_fd, out_r, err_r = pipes
        self.stdin_buffer = bytearray()
        self.stdin_closing = False
        self.readers = {  # fd -> (stream name, incremental decoder that replaces invalid UTF-8)
            out_r: ("stdout", codecs.getincrementaldecoder("utf-8")("replace")),
            err_r: ("stderr", codecs.getincrementaldecoder("utf-8")("replace")),
        }
        self.stderr_tail = b""
        self.exit_report = None  # (wait status, rusage) of the main process
        self.exited_at = None
        self.cpu_baseline_ns = 0

    def stop(self):
        """Kill the job (cancel, wall limit, output limit). Repeatable: every call kills again until the
        main process has ended, so nothing that a call missed can make later cancels or the wall limit
        ineffective.

        The uid sweep alone is not enough: "started" goes out before the job process has switched to
        JOB_UID (it is still root while it reads its request and sets its limits), and a sweep in that
        window found nothing to kill, so the program ran anyway. So the main process is also killed by
        pid, first. Until it drops privileges it is the job's only process (the program has not run),
        and as root it may be killed by this root process (no CAP_KILL needed); once it has dropped them
        that kill fails with EPERM, but then it and everything it forks belong to JOB_UID, which the
        sweep after it reaches. Its pid cannot have been reused: only this process reaps it (the zygote's
        middle process never waits for it), and WATCHED tells whether reap() has."""
        if self.exit_report is not None:
            return
        self.stopped = True
        if WATCHED["pid"] == self.pid and WATCHED["exit"] is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass  # EPERM: it already runs as JOB_UID, the sweep kills it
        kill_all(self.uid)


class Supervisor:
    def __init__(self, uid):
        self.uid = uid
        self.host = HostReader()
        self.zygote = start_zygote()
        self.prepared = None  # our ends (stdin, stdout, stderr, control) of the next job process
        self.oom_kills = oom_kills()
        # SIGCHLD wakes select() through this pipe: the job's end is noticed without polling.
        self.wakeup_r, wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_r, False)
        os.set_blocking(wakeup_w, False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(wakeup_w, warn_on_full_buffer=False)

    def prepare(self):
        """Have the zygote fork the next job process; it warms up while we wait for the job."""
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        control_r, control_w = os.pipe()
        socket.send_fds(self.zygote, [b"prepare"], [in_r, out_w, err_w, control_r])
        for fd in (in_r, out_w, err_w, control_r):
            os.close(fd)
        os.set_blocking(in_w, False)
        self.prepared = (in_w, out_r, err_r, control_w)

    def serve(self):
        # Sticky and DATA_UID's (see the docstring): the job may not remove or replace the data files.
        as_job_user(DATA_UID, lambda: os.chmod(WORK, 0o1777))
        anomalies = clean_up(self.uid)
        if anomalies:
            log(f"not clean at start: {anomalies}")
        self.prepare()
        send({"type": "ready", "protocol": PROTOCOL, "python": sys.version.split()[0]})
        while True:
            msg = self.host.next_message()
            if msg.get("type") == "job":
                self.handle_job(msg)
            elif msg.get("type") not in ("stdin", "stdin_close", "cancel"):  # those: for a finished job
                log(f"unknown message type {msg.get('type')!r}")
            reap()

    def handle_job(self, msg):
        problem = job_error(msg)
        if problem:
            send({"type": "result", "id": msg.get("id"), "error": problem, "clean": True, "anomalies": []})
            return
        try:
            write_files(msg["files"], self.uid)
        except (OSError, ValueError) as e:
            anomalies = clean_up(self.uid)
            message = f"could not write the files: {getattr(e, 'strerror', None) or e}"
            send({"type": "result", "id": msg["id"], "error": message, "clean": not anomalies, "anomalies": anomalies})
            return
        in_w, out_r, err_r, control_w = self.prepared
        pid = int(self.zygote.recv(64))
        WATCHED["pid"], WATCHED["exit"] = pid, RECENT_EXITS.pop(pid, None)
        job = Job(msg, self.uid, pid, (in_w, out_r, err_r))
        job.cpu_baseline_ns = cpu_ns(pid)  # its warm-up is not the job's CPU time
        request = {"main": msg["main"], "limits": job.limits, "uid": self.uid}
        try:
            os.write(control_w, json.dumps(request).encode())
        except OSError:
            pass  # it died while warming up; its exit status tells how
        os.close(control_w)
        self.prepare()  # the next job's process warms up while this job runs
        if msg.get("stdin") is not None:
            job.stdin_buffer += msg["stdin"].encode("utf-8")
            job.stdin_closing = True
        flush_stdin(job)
        send({"type": "started", "id": job.id})
        self.supervise(job)
        send(self.finish(job))

    def supervise(self, job):
        """Move bytes until the main process has ended and its pipes have closed (or the drain timed out)."""
        while True:
            # A message for the next job stays queued until this one is done.
            pending = self.host.pending
            while pending and job.exit_report is None and pending[0].get("type") != "job":
                handle_host_message(job, pending.popleft())
            if job.exit_report is None and WATCHED["exit"] is not None:
                main_ended(job, *WATCHED["exit"])
            now = time.monotonic()
            if job.exit_report is None and now >= job.deadline:
                job.timed_out_wall = True
                job.stop()
            if job.exit_report is None and now >= job.deadline + STOP_GRACE_SECONDS:
                log("the job's main process could not be stopped")
                sys.exit(71)
            if job.exit_report is not None and (not job.readers or now >= job.exited_at + DRAIN_SECONDS):
                return
            fds = [*job.readers, self.wakeup_r]
            if job.exit_report is None:
                fds.append(self.host.fd)
                until = job.deadline + (STOP_GRACE_SECONDS if job.stopped else 0)
            else:
                until = job.exited_at + DRAIN_SECONDS
            writers = [job.stdin_fd] if job.stdin_fd is not None and job.stdin_buffer else []
            readable, writable, _ = select.select(fds, writers, [], max(0.0, until - now))
            if writable:
                flush_stdin(job)
            for fd in readable:
                if fd in job.readers:
                    forward_output(job, fd)
                elif fd == self.wakeup_r:
                    drain(self.wakeup_r)
                    reap()
                elif fd == self.host.fd:
                    self.host.fill()

    def finish(self, job):
        for fd in list(job.readers):
            os.close(fd)
        if job.stdin_fd is not None:
            os.close(job.stdin_fd)
        anomalies = clean_up(self.uid)
        if job.leftovers:
            anomalies.append("processes outlived the job")
        status, usage = job.exit_report
        signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        cpu_ms = max(0, round((usage.ru_utime + usage.ru_stime) * 1000 - job.cpu_baseline_ns / 1e6))
        oom_before, self.oom_kills = self.oom_kills, oom_kills()
        result = {
            "type": "result",
            "id": job.id,
            "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": signal.Signals(signum).name if signum else None,
            "timedOut": timed_out(job, signum, cpu_ms),
            "memoryExceeded": memory_exceeded(job, signum, oom_before, self.oom_kills),
            "peakMemoryKb": usage.ru_maxrss,
            "cpuMs": cpu_ms,
            "wallMs": round((job.exited_at - job.started) * 1000),
            "truncated": job.truncated,
            "cancelled": job.cancelled,
            "clean": not anomalies,
            "anomalies": anomalies,
        }
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 125:
            result["error"] = "the sandbox could not start the program"
        return result


def drain(fd):
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


def write_files(files, uid):
    """Each file as the job user, or (read-only ones) as DATA_UID with mode 0444."""
    for item in files:
        if item.get("encoding") == "base64":
            data = base64.b64decode(item["content"], validate=True)
        else:
            data = item["content"].encode("utf-8")
        path = os.path.join(WORK, item["name"])
        owner, mode = (DATA_UID, 0o444) if item.get("readOnly") else (uid, 0o644)
        as_job_user(owner, lambda p=path, d=data, m=mode: write_bytes(p, d, m))


def write_bytes(path, data, mode):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def flush_stdin(job):
    if job.stdin_fd is None:
        return
    try:
        while job.stdin_buffer:
            written = os.write(job.stdin_fd, job.stdin_buffer[:READ_CHUNK])
            del job.stdin_buffer[:written]
    except BlockingIOError:
        return
    except OSError:  # the job closed its stdin: drop what it will never read
        job.stdin_buffer.clear()
        job.stdin_closing = True
    if job.stdin_closing and not job.stdin_buffer:
        os.close(job.stdin_fd)
        job.stdin_fd = None


def forward_output(job, fd):
    name, decoder = job.readers[fd]
    data = os.read(fd, READ_CHUNK)
    if not data:
        text = decoder.decode(b"", final=True)
        del job.readers[fd]
        os.close(fd)
    else:
        if name == "stderr":
            job.stderr_tail = (job.stderr_tail + data)[-256:]
        if len(data) > job.output_left:
            data = data[: max(job.output_left, 0)]
            job.truncated = True
        job.output_left -= len(data)
        text = decoder.decode(data)
    if text:
        send({"type": "output", "id": job.id, "stream": name, "data": text})
    if job.truncated:
        job.stop()  # output limit reached: stop the job rather than let it spin


def handle_host_message(job, msg):
    kind = msg.get("type")
    if msg.get("id") != job.id:
        return  # late input or cancel for an earlier job
    if kind == "stdin":
        if job.stdin_fd is not None and not job.stdin_closing:
            job.stdin_buffer += msg["data"].encode("utf-8")
            flush_stdin(job)
    elif kind == "stdin_close":
        job.stdin_closing = True
        flush_stdin(job)
    elif kind == "cancel":
        job.cancelled = True
        job.stop()
    else:
        log(f"unexpected message during a job: {kind!r}")


def main_ended(job, status, usage):
    job.exit_report = (status, usage)
    job.exited_at = time.monotonic()
    if job.stdin_fd is not None:
        os.close(job.stdin_fd)
        job.stdin_fd = None
    # Leftover processes would hold the pipes open: kill them now so that the pipes reach EOF.
    job.leftovers = bool(live_processes(job.uid))
    if job.leftovers:
        kill_all(job.uid)


def timed_out(job, signum, cpu_ms):
    if job.timed_out_wall:
        return "wall"
    if signum == signal.SIGXCPU:
        return "cpu"
    if signum == signal.SIGKILL and not job.stopped and cpu_ms >= int(job.limits["cpuSeconds"]) * 1000:
        return "cpu"  # it ignored SIGXCPU and met the hard limit
    return None


def memory_exceeded(job, signum, oom_before, oom_after):
    """True when the kernel OOM-killed a job process or the program died of a MemoryError."""
    if oom_before is not None and oom_after is not None and oom_after > oom_before:
        return True
    return signum is None and b"MemoryError" in job.stderr_tail


def job_error(msg):
    """Sanity checks; the host validates everything before a job gets here."""
    if msg.get("mode", "run") != "run":
        return f"unsupported mode {msg.get('mode')!r}"
    names = [f.get("name", "") for f in msg.get("files", [])]
    if msg.get("main") not in names:
        return "the main file is missing"
    for name in names:
        if not name or "/" in name or "\0" in name or name.startswith("."):
            return f"bad file name {name!r}"
    return None


# ---------------------------------------------------------------- host connection and startup


class HostReader:
    """JSON lines from fd 0, parsed into a queue. EOF means the host went away: our life is over."""

    def __init__(self):
        self.fd = 0
        self.buffer = b""
        self.pending = collections.deque()

    def fill(self):
        data = os.read(self.fd, 1 << 20)
        if not data:
            sys.exit(0)
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if line.strip():
                try:
                    self.pending.append(json.loads(line))
                except ValueError:
                    log("unreadable message ignored")

    def next_message(self):
        while not self.pending:
            self.fill()
        return self.pending.popleft()


def start_zygote():
    parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        parent.close()
        try:
            zygote_main(child)
        finally:
            os._exit(0)  # never unwind into the supervisor's stack
    child.close()
    ZYGOTE["pid"] = pid
    return parent


def main():
    uid = int(os.environ.pop("SLATE_JOB_UID", "0"))
    if uid < 1000:
        print("supervisor: SLATE_JOB_UID must be an unprivileged uid", file=sys.stderr)
        sys.exit(64)
    # As pid 1 we get no signal we have no handler for; drop Python's SIGINT handler so none is left.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    Supervisor(uid).serve()


if __name__ == "__main__":
    main()
