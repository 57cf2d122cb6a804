"""Slate's grading harness: runs every test of one submission inside ONE sandbox job.

It is the job's main file. The host sends frames on stdin ("<byte length>\\n<json>"): first the
config, then one frame per test. For each test the harness forks a child that runs the student's
program (stdin tests) or calls the student's function (function tests) with a CPU and memory limit,
and writes one JSON line per test to stdout. Expected values never enter the sandbox: the host
compares.

Hidden test data must not leak into what students see. So: the host sends visible tests first; the
harness reads one frame at a time without read-ahead (later tests stay in the pipe); it makes itself
non-dumpable, so a child of the same uid cannot read its memory or its /proc fds; and each child
closes every descriptor but its own.

The student's code runs only in the forked children, never in this process: the working directory
(where the student's files are) is taken off sys.path before the harness imports anything, so a
student's `ast.py` or `json.py` cannot stand in for a module the harness uses, and only the child
puts it back. What a child reports is untrusted: the harness sets each test's id itself and accepts
exactly one result of the expected shape from a function test's child.
"""

import sys

# Before any other import. The supervisor put /work first on sys.path (as `python3 main.py` would);
# os is already loaded in every interpreter, so importing it reads no file.
import os

WORK_DIR = os.getcwd()
sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != os.path.realpath(WORK_DIR)]

import ast
import builtins
import ctypes
import json
import resource
import select
import signal
import time
import traceback
import types

OUTPUT_CAP = 64 * 1024
STDERR_TAIL = 4 * 1024


def read_exact(n):
    data = bytearray()
    while len(data) < n:
        chunk = os.read(0, n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def read_frame():
    header = bytearray()
    while True:
        b = os.read(0, 1)  # byte by byte: no read-ahead into the next test's data
        if not b:
            return None
        if b == b"\n":
            break
        header += b
    return json.loads(read_exact(int(header)).decode("utf-8"))


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def emit(obj):
    write_all(1, (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8"))


def make_undumpable():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass


def check_source(cfg, source):
    """Syntax, and for function problems the declared signature, before any test runs."""
    path = cfg["main"]
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        return {"check": "syntax", "message": f"{e.msg}", "file": e.filename or path, "line": e.lineno or 0}
    fn = cfg.get("function")
    if not fn:
        return {"check": "ok"}
    wanted = fn["params"]
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == fn["name"]]
    signature = f"{fn['name']}({', '.join(wanted)})"
    if not defs:
        return {"check": "signature", "message": f"Define a function {signature} at the top level of {path}."}
    node = defs[-1]
    if isinstance(node, ast.AsyncFunctionDef):
        return {"check": "signature", "message": f"{fn['name']} must be a normal function (def), not async def."}
    args = node.args
    got = [a.arg for a in args.posonlyargs + args.args]
    if got != wanted or args.vararg or args.kwarg or args.kwonlyargs:
        found = ast.unparse(args) if hasattr(ast, "unparse") else ", ".join(got)
        return {
            "check": "signature",
            "message": f"{fn['name']} must take exactly ({', '.join(wanted)}); yours takes ({found}).",
            "line": node.lineno,
        }
    return {"check": "ok"}


def print_student_traceback():
    """A traceback of the student's frames only: no harness or importlib lines."""
    exc_type, exc, tb = sys.exc_info()
    frames = [
        f
        for f in traceback.extract_tb(tb)
        if not f.filename.startswith("<") and os.path.abspath(f.filename) != os.path.abspath(__file__)
        and "importlib" not in f.filename
    ]
    head = ["Traceback (most recent call last):\n"] if frames else []
    text = "".join(head + traceback.format_list(frames) + traceback.format_exception_only(exc_type, exc))
    sys.stderr.write(text.replace(f'File "{os.getcwd()}/', 'File "'))  # paths as the student named them


def open_fds():
    """The descriptors actually open (closing every number up to the limit costs milliseconds)."""
    return [int(name) for name in os.listdir("/proc/self/fd")]


def child(cfg, test, fds):
    """Runs in the forked child: never returns."""
    in_r, out_w, err_w, res_w = fds
    try:
        os.setsid()
        os.dup2(in_r, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in open_fds():
            if fd > 2 and fd != res_w:
                try:
                    os.close(fd)
                except OSError:  # the listing's own descriptor, already gone
                    pass
        cpu = max(1, -(-cfg["timeLimitMs"] // 1000))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        mem = cfg["memoryMb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.argv = [cfg["main"]]
        sys.path.insert(0, WORK_DIR)  # the student's own modules, as in plain Python
        code = 0
        try:
            # The program was compiled once, before the first test; each test only runs it. A function
            # problem's module is not __main__, so its `if __name__ == "__main__":` block stays quiet.
            module = types.ModuleType("solution" if cfg["kind"] == "function" else "__main__")
            module.__file__ = cfg["main"]
            module.__builtins__ = builtins
            sys.modules[module.__name__] = module
            exec(cfg["code"], module.__dict__)
            if cfg["kind"] == "function":
                value = getattr(module, cfg["function"]["name"])(*test["args"])
                try:
                    encoded = json.dumps({"value": value, "repr": repr(value)[:2000]})
                except (TypeError, ValueError):
                    encoded = json.dumps({"value": None, "unserializable": True, "repr": repr(value)[:2000]})
                write_all(res_w, encoded.encode("utf-8"))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            if not isinstance(e.code, int) and e.code is not None:
                print(e.code, file=sys.stderr)
        except BaseException:
            print_student_traceback()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException:
        os._exit(70)


def run_test(cfg, test):
    pipes = [os.pipe() for _ in range(4)]  # stdin, stdout, stderr, result
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(cfg, test, (pipes[0][0], pipes[1][1], pipes[2][1], pipes[3][1]))
    for fd in (pipes[0][0], pipes[1][1], pipes[2][1], pipes[3][1]):
        os.close(fd)
    stdin_w = pipes[0][1]
    pending = (test.get("input") or "").encode("utf-8")
    buffers = {pipes[i][0]: bytearray() for i in (1, 2, 3)}
    readers = set(buffers)  # still open
    truncated = False
    deadline = started + cfg["timeLimitMs"] * 2 / 1000 + 0.5
    killed = False
    if not pending:
        os.close(stdin_w)
        stdin_w = None
    while readers and not killed:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.killpg(pid, signal.SIGKILL)
            killed = True
            break
        writers = [stdin_w] if stdin_w is not None else []
        r, w, _ = select.select(list(readers), writers, [], remaining)
        if w:
            try:
                n = os.write(stdin_w, pending[:65536])
                pending = pending[n:]
            except OSError:
                pending = b""
            if not pending:
                os.close(stdin_w)
                stdin_w = None
        for fd in r:
            chunk = os.read(fd, 65536)
            if not chunk:
                os.close(fd)
                readers.discard(fd)
                continue
            buf = buffers[fd]
            room = OUTPUT_CAP - len(buf)
            if len(chunk) > room:
                truncated = True
                chunk = chunk[:room]
            buf += chunk
    outputs = [buffers[p[0]] for p in pipes[1:]]
    for fd in list(readers):
        os.close(fd)
    if stdin_w is not None:
        os.close(stdin_w)
    try:
        os.killpg(pid, signal.SIGKILL)  # whatever the test left running
    except ProcessLookupError:
        pass
    _, status, usage = os.wait4(pid, 0)
    ms = int((time.monotonic() - started) * 1000)
    stdout, stderr, result = (bytes(b).decode("utf-8", "replace") for b in outputs)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    cpu_used = usage.ru_utime + usage.ru_stime
    if killed or (sig in (signal.SIGXCPU, signal.SIGKILL) and cpu_used >= cfg["timeLimitMs"] / 1000):
        state = "timeout"
    elif "MemoryError" in stderr[-STDERR_TAIL:]:
        state = "memory"
    elif exit_code == 0 and sig is None:
        state = "ok"
    else:
        state = "error"
    out = {
        "id": test["id"],
        "status": state,
        "exitCode": exit_code,
        "signal": signal.Signals(sig).name if sig else None,
        "stdout": stdout,
        "stderr": stderr[-STDERR_TAIL:],
        "ms": ms,
        "truncated": truncated,
    }
    if cfg["kind"] == "function" and state == "ok":
        value = function_result(result)
        if value is None:
            out.update({"status": "error", "stderr": "The function did not return a value the grader could read."})
        else:
            out.update(value)
    return out


def function_result(raw):
    """The one result a function test's child may write, with only the fields the host reads, or None.

    The child runs the student's code, so its result pipe can hold anything: extra fields (an "id" of
    another test), several documents, other types. Only {"value", "repr"} or {"value": null,
    "unserializable": true, "repr"} pass.
    """
    try:
        obj = json.loads(raw)
    except ValueError:  # nothing, several documents, or not JSON
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("repr"), str):
        return None
    if set(obj) == {"value", "repr"}:
        return {"value": obj["value"], "repr": obj["repr"][:2000]}
    if set(obj) == {"value", "unserializable", "repr"} and obj["unserializable"] is True and obj["value"] is None:
        return {"value": None, "unserializable": True, "repr": obj["repr"][:2000]}
    return None


def main():
    make_undumpable()
    cfg = read_frame()
    if cfg is None:
        return
    try:
        with open(cfg["main"], encoding="utf-8") as f:
            source = f.read()
    except (OSError, UnicodeDecodeError) as e:
        emit({"check": "error", "message": f"Cannot read {cfg['main']}: {e}"})
        return
    check = check_source(cfg, source)
    emit(check)
    if check["check"] != "ok":
        return
    cfg["code"] = compile(source, cfg["main"], "exec")
    while True:
        test = read_frame()
        if test is None:
            break
        emit(run_test(cfg, test))
        del test


if __name__ == "__main__":
    main()
