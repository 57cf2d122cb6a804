"""Slate's grading harness: runs every test of one submission inside ONE sandbox job.

It lives in the sandbox image (/opt/slate/grader, compiled when the image is built); a grading job's
main file (HARNESS_MAIN in src/grading/job.ts) imports it and calls main(). The host sends frames on
stdin ("<byte length>\\n<json>"): first the config, then one frame per test. For each test the harness
forks a child that runs the student's program (stdin tests) or calls the student's function (function
tests) with a CPU and memory limit, and writes one JSON line per test to stdout. Expected values never
enter the sandbox: the host compares.

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

# Before any other import (the job's main file did it too, before importing this module). The supervisor
# put /work first on sys.path (as `python3 main.py` would); os is already loaded in every interpreter, so
# importing it reads no file.
import os

WORK_DIR = os.getcwd()
sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != os.path.realpath(WORK_DIR)]

import ast
import base64
import builtins
import ctypes
import gc
import json
import math
import resource
import select
import signal
import socket
import struct
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
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
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
            if cfg["kind"] == "function" and "typedArgs" in test:
                value = getattr(module, cfg["function"]["name"])(*decode(test["typedArgs"]))
                try:
                    encoded = json.dumps({"typed": encode(value), "repr": safe_repr(value)})
                except TooBig:
                    encoded = json.dumps({"typed": ["o", type(value).__name__, "(too large)"], "repr": safe_repr(value)})
                write_all(res_w, encoded.encode("utf-8"))
            elif cfg["kind"] == "function":
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
        # The test process's peak resident memory (Linux reports ru_maxrss in KiB).
        "kb": int(usage.ru_maxrss),
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
    if set(obj) == {"typed", "repr"} and isinstance(obj["typed"], list):
        return {"typed": obj["typed"], "repr": obj["repr"][:2000]}
    if set(obj) == {"value", "unserializable", "repr"} and obj["unserializable"] is True and obj["value"] is None:
        return {"value": None, "unserializable": True, "repr": obj["repr"][:2000]}
    return None


# ---------------------------------------------------------------- typed values
#
# Python values as JSON that keeps their type: ["N"] None, ["b", bool], ["i", "digits"], ["f", number or
# "inf" | "-inf" | "nan"], ["c", re, im], ["s", str], ["y", base64], ["l", [...]] list, ["t", [...]]
# tuple, ["S", [...]] set, ["F", [...]] frozenset, ["d", [[key, value], ...]] dict. Anything else is
# ["o", type name, repr] for a function test's value, or ["h", handle, repr] between the processes of a
# code test (the test holds a handle to the program's object). The host compares these (compare.ts).

MAX_NODES = 200_000
MAX_DEPTH = 200


class TooBig(Exception):
    pass


def float_enc(v):
    v = float.__float__(v)
    if math.isnan(v):
        return ["f", "nan"]
    if math.isinf(v):
        return ["f", "inf" if v > 0 else "-inf"]
    return ["f", v]


def safe_repr(v, limit=2000):
    try:
        text = repr(v)
    except BaseException as e:  # noqa: BLE001 - a student's __repr__ may raise anything
        text = f"<{type(v).__name__} object (repr failed: {type(e).__name__})>"
    return text[:limit] if isinstance(text, str) else "<unprintable>"


def encode(value, other=None):
    """value as a typed tree; other(v) encodes what has no typed form (default: an opaque repr)."""
    budget = [MAX_NODES]
    active = set()  # ids of the containers being encoded: a list that holds itself is not a tree

    def opaque(v):
        return other(v) if other else ["o", type(v).__name__, safe_repr(v)]

    def enc(v, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            raise TooBig
        if v is None:
            return ["N"]
        t = type(v)
        if t is bool:
            return ["b", v]
        if isinstance(v, bool):
            return ["b", bool(int.__int__(v))]
        if isinstance(v, int):
            return ["i", int.__repr__(int.__int__(v))]
        if isinstance(v, float):
            return float_enc(v)
        if isinstance(v, complex):
            return ["c", float_enc(v.real)[1], float_enc(v.imag)[1]]
        if isinstance(v, str):
            return ["s", str.__str__(v)]
        if isinstance(v, (bytes, bytearray)):
            return ["y", base64.b64encode(bytes(v)).decode("ascii")]
        containers = ((list, "l", list.__iter__), (tuple, "t", tuple.__iter__), (set, "S", set.__iter__),
                      (frozenset, "F", frozenset.__iter__))
        for base, tag, iterate in containers:
            if isinstance(v, base):
                if id(v) in active:
                    return opaque(v)
                active.add(id(v))
                try:
                    return [tag, [enc(x, depth + 1) for x in iterate(v)]]
                finally:
                    active.discard(id(v))
        if isinstance(v, dict):
            if id(v) in active:
                return opaque(v)
            active.add(id(v))
            try:
                return ["d", [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in dict.items(v)]]
            finally:
                active.discard(id(v))
        return opaque(v)

    return enc(value, 0)


def decode(enc, ref=None):
    """A typed tree back into a plain Python value; ["r", n] is ref(n) (a code test's handle)."""
    tag = enc[0]
    if tag == "r" and ref is not None:
        return ref(enc[1])
    if tag == "N":
        return None
    if tag in ("b", "s"):
        return enc[1]
    if tag == "i":
        return int(enc[1])
    if tag == "f":
        return float(enc[1])
    if tag == "c":
        return complex(float(enc[1]), float(enc[2]))
    if tag == "y":
        return base64.b64decode(enc[1])
    if tag == "l":
        return [decode(x, ref) for x in enc[1]]
    if tag == "t":
        return tuple(decode(x, ref) for x in enc[1])
    if tag == "S":
        return {decode(x, ref) for x in enc[1]}
    if tag == "F":
        return frozenset(decode(x, ref) for x in enc[1])
    if tag == "d":
        return {decode(k, ref): decode(x, ref) for k, x in enc[1]}
    raise ValueError(f"unknown value tag {tag!r}")


# ---------------------------------------------------------------- Python literals (saving a test)
#
# A function test written with Python values is converted once, when the teacher saves it, by a job
# whose config is {"convert": [{"args", "expected"}, ...]}: each answer is the typed encoding, or the
# error in the teacher's text. Only literals and a few constructors are allowed: (1, 2), {1, 2},
# {1: 'a'}, 2**70, None, float('inf'), frozenset(), b'..', -3+4j.

LITERAL_CALLS = {"float": float, "int": int, "complex": complex, "set": set, "frozenset": frozenset,
                 "tuple": tuple, "list": list, "dict": dict, "bytes": bytes, "str": str, "bool": bool}
LITERAL_NODES = (ast.Expression, ast.Constant, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.UnaryOp, ast.BinOp,
                 ast.USub, ast.UAdd, ast.Add, ast.Sub, ast.Mult, ast.Pow, ast.Div, ast.FloorDiv, ast.Mod,
                 ast.Load, ast.Call, ast.Name, ast.keyword)


def literal_value(text):
    tree = ast.parse(text.strip(), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, LITERAL_NODES):
            raise ValueError(f"{type(node).__name__} is not allowed: write values, e.g. (1, 2), {{1: 'a'}}, 2**70")
        if isinstance(node, ast.Name) and node.id not in LITERAL_CALLS and node.id not in ("inf", "nan"):
            raise ValueError(f"the name {node.id!r} is not allowed here")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in LITERAL_CALLS):
            raise ValueError("only float(), int(), complex(), set(), frozenset(), tuple(), list(), dict(), bytes() may be called")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exp = node.right
            if not (isinstance(exp, ast.Constant) and isinstance(exp.value, int) and abs(exp.value) <= 4096):
                raise ValueError("an exponent must be a whole number up to 4096")
    scope = dict(LITERAL_CALLS, inf=math.inf, nan=math.nan)
    return eval(compile(tree, "<value>", "eval"), {"__builtins__": {}}, scope)


def convert_literals(items):
    answers = []
    for item in items:
        answer = {}
        for field, wrap in (("args", True), ("expected", False)):
            text = item.get(field, "")
            try:
                value = literal_value(f"[{text}\n]" if wrap else text)
                answer[field] = encode(value, lambda v: (_ for _ in ()).throw(ValueError(f"{type(v).__name__} values cannot be written here")))
                answer[field + "Repr"] = safe_repr(tuple(value) if wrap else value, 20000)
            except TooBig:
                answer = {"error": "the value is too large or too deeply nested", "field": field}
                break
            except SyntaxError as e:
                answer = {"error": f"not valid Python: {e.msg}", "field": field}
                break
            except Exception as e:  # noqa: BLE001 - the teacher's text, reported back
                answer = {"error": str(e) or type(e).__name__, "field": field}
                break
        answers.append(answer)
    return answers


# ---------------------------------------------------------------- framed messages between processes


def send_msg(sock, obj):
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def recv_exact(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(min(n - len(data), 1 << 20))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


MAX_MESSAGE = 32 * 1024 * 1024


def recv_msg(sock):
    (n,) = struct.unpack(">I", recv_exact(sock, 4))
    if n > MAX_MESSAGE:
        raise EOFError
    return json.loads(recv_exact(sock, n).decode("utf-8"))


# ---------------------------------------------------------------- code tests: the program's process
#
# A code test runs in two processes. The program's process ("A") loads the student's module and then
# only answers requests; the test's process ("B") runs the teacher's test code and reaches the program
# through those requests, getting back plain values (or handles to the program's objects). So no code
# of the student's ever runs in B: an object whose __eq__ always says True, patched builtins or a
# patched AssertionError, sys.exit() or os._exit() stay in A. B alone holds the result pipe, which the
# spawner (A's parent) never holds; the harness takes pass/fail only from there (never from what
# anything printed). A is forked by a spawner that was itself forked before the harness read any test,
# so A's memory never held a test's code; it has neither the harness's stdin (later tests) nor its
# stdout (results). The spawner is A's parent: it reaps A and reports its exit status when asked.
# Both are forked one test ahead (the spawner keeps the next A ready, the harness the next B) and each
# waits for its test before doing anything: A runs the student's code only on the test's first request,
# B gets the test's code only when the test starts. Every test still has a fresh A and a fresh B.


def start_spawner(cfg):
    """Forks the spawner of program processes; returns the harness's end of its socket and its pid."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        try:
            ours.close()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # the harness's stdin holds the next tests; its stdout is the results
                os.dup2(null, fd)
            for fd in open_fds():
                if fd > 2 and fd != theirs.fileno():
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            spawner_loop(cfg, theirs)
        finally:
            os._exit(0)
    theirs.close()
    return ours, pid


def stop_spawner(spawner, pid):
    """Hangs up and reaps the spawner, which first kills and reaps its waiting program process. The job
    ends only after this: a helper still alive when the harness exits counts as a process that outlived
    the job, and the sandbox then replaces the container (a cost of half a second or more)."""
    spawner.close()
    deadline = time.monotonic() + 2
    while os.waitpid(pid, os.WNOHANG)[0] == 0:
        if time.monotonic() > deadline:  # stopped by the student's code: it cannot hang up
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return
        time.sleep(0.0005)


def spawner_loop(cfg, sock):
    """b"spawn": hand over a program process and its pipes; b"wait": reap it and send its status.

    One program process is always forked ahead and set up (descriptors, limits), waiting for its test's
    first request before it runs the student's code: so a test does not wait for the fork, and no
    student code runs before its own test has begun (a test's files are written by then)."""
    ready = fork_program(cfg, sock)
    child = None
    while True:
        try:
            request = sock.recv(64)
        except OSError:
            request = b""
        if not request:
            discard_program(ready)
            return
        if request == b"wait":
            status = usage = None
            if child is not None:
                _, status, usage = os.wait4(child, 0)
                child = None
            cpu = (usage.ru_utime + usage.ru_stime) if usage else 0.0
            sock.send(json.dumps({"status": status, "cpu": cpu}).encode())
            continue
        pid, fds = ready
        try:
            gone = os.waitpid(pid, os.WNOHANG)[0] == pid  # killed while it waited (by an earlier test)
        except ChildProcessError:
            gone = True
        if gone:
            for fd in fds:
                os.close(fd)
            pid, fds = fork_program(cfg, sock)
        socket.send_fds(sock, [str(pid).encode()], fds)
        for fd in fds:
            os.close(fd)
        child = pid
        ready = fork_program(cfg, sock)  # the next test's, while this one runs


def fork_program(cfg, sock):
    """Forks a program process; returns its pid and the ends the harness gets (stdout, stderr, rpc)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    rpc_ours, rpc_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        sock.close()
        for fd in (out_r, err_r, rpc_theirs.fileno()):
            os.close(fd)
        program_process(cfg, out_w, err_w, rpc_ours)
    os.close(out_w)
    os.close(err_w)
    rpc_ours.close()
    return pid, [out_r, err_r, rpc_theirs.detach()]


def discard_program(ready):
    """Ends a program process that never got a test (it has run no student code, so no children)."""
    pid, fds = ready
    for fd in fds:
        os.close(fd)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def spawn_program(spawner):
    spawner.send(b"spawn")
    data, fds, _, _ = socket.recv_fds(spawner, 64, 3)
    return int(data), fds


def wait_program(spawner):
    """The program process's wait status and CPU seconds (the spawner is its parent)."""
    spawner.send(b"wait")
    answer = json.loads(spawner.recv(256))
    return answer["status"] or 0, answer["cpu"]


def limit_child(cfg):
    cpu = max(1, -(-cfg["timeLimitMs"] // 1000))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    mem = cfg["memoryMb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))


def program_process(cfg, out_w, err_w, rpc):
    """A: loads the student's module, then answers the test's requests until the test hangs up."""
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in open_fds():
            if fd > 2 and fd != rpc.fileno():
                try:
                    os.close(fd)
                except OSError:
                    pass
        limit_child(cfg)
        sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.argv = [cfg["main"]]
        # Forked ahead: the student's code runs only once the test has begun and sends its first request.
        if not rpc.recv(1, socket.MSG_PEEK):
            os._exit(0)  # never used (no more tests)
        sys.path.insert(0, WORK_DIR)
        module = types.ModuleType("solution")
        module.__file__ = cfg["main"]
        module.__builtins__ = builtins
        sys.modules["solution"] = module
        code = 0
        try:
            exec(cfg["code"], module.__dict__)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            sys.stdout.flush()
            os._exit(code)
        except BaseException:
            print_student_traceback()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)
        sys.stdout.flush()
        ProgramServer(module, rpc).serve()
        sys.stdout.flush()
        sys.stderr.flush()
        for fd in (1, 2):  # the harness sees the end of the output without waiting for the teardown
            os.close(fd)
        os._exit(0)
    except BaseException:
        os._exit(70)


class ProgramServer:
    """A's side of the requests: every object the test may touch is a handle into self.objects."""

    def __init__(self, module, rpc):
        self.module = module
        self.rpc = rpc
        self.objects = {0: module}

    def handle(self, v):
        key = len(self.objects)
        self.objects[key] = v
        return ["h", key, safe_repr(v, 200)]

    def out(self, v):
        try:
            return encode(v, self.handle)
        except TooBig:
            return self.handle(v)

    def into(self, enc):
        return decode(enc, self.objects.__getitem__)

    def answer(self, req):
        op = req["op"]
        if op == "hello":
            names = {k: self.out(v) for k, v in list(vars(self.module).items())
                     if not k.startswith("_") and not isinstance(v, types.ModuleType)}
            return {"ok": ["d", [[["s", k], v] for k, v in names.items()]]}
        target = self.objects[req["ref"]]
        if op == "call":
            args = [self.into(a) for a in req["args"]]
            kwargs = {k: self.into(v) for k, v in req["kwargs"].items()}
            return {"ok": self.out(target(*args, **kwargs))}
        if op == "getattr":
            return {"ok": self.out(getattr(target, req["name"]))}
        if op == "setattr":
            setattr(target, req["name"], self.into(req["value"]))
            return {"ok": ["N"]}
        if op == "special":  # len(), iter(), x[i], in, str(), ==, <, bool() ... on the program's object
            method = getattr(type(target), req["name"])
            value = method(target, *[self.into(a) for a in req["args"]])
            return {"ok": self.handle(value) if req.get("keep") else self.out(value)}
        if op == "list":
            return {"ok": self.out(list(target))}
        if op == "import":  # another module of the student's, imported in the program's process
            __import__(req["name"])
            return {"ok": self.handle(sys.modules[req["name"]])}
        raise ValueError(f"unknown request {op!r}")

    def serve(self):
        while True:
            try:
                req = recv_msg(self.rpc)
            except (EOFError, OSError, ValueError):
                return
            try:
                reply = self.answer(req)
            except SystemExit as e:
                sys.stdout.flush()
                os._exit(e.code if isinstance(e.code, int) else 1)
            except BaseException as e:  # noqa: BLE001 - the student's exception goes to the test
                tb = traceback.extract_tb(e.__traceback__)
                frames = [f for f in tb if os.path.abspath(f.filename) != os.path.abspath(__file__)]
                text = "".join(traceback.format_list(frames) + traceback.format_exception_only(type(e), e))
                reply = {"raised": {"type": type(e).__name__, "message": _str(e), "traceback": text.replace(f"{WORK_DIR}/", "")[-3000:]}}
            sys.stdout.flush()
            try:
                send_msg(self.rpc, reply)
            except (OSError, TypeError, ValueError):
                return


def _str(e):
    try:
        text = str(e)
        return text[:1000] if isinstance(text, str) else ""
    except BaseException:  # noqa: BLE001
        return ""


# ---------------------------------------------------------------- code tests: the test's process


class ProgramEnded(Exception):
    """The program's process is gone (it exited, crashed or used up its time)."""


class ProgramError(Exception):
    """The program raised an exception that is not one of Python's own."""


class TestFailure(Exception):
    """A failed check of the teacher's test code: the message students see for a visible test."""


class Program:
    """B's connection to A."""

    def __init__(self, sock):
        self.sock = sock

    def request(self, **req):
        try:
            send_msg(self.sock, req)
            reply = recv_msg(self.sock)
        except (EOFError, OSError, ValueError, struct.error):
            raise ProgramEnded("the program ended before the test was done") from None
        if not isinstance(reply, dict):
            raise ProgramEnded("the program answered something unreadable")
        if "raised" in reply:
            info = reply["raised"] if isinstance(reply["raised"], dict) else {}
            name = str(info.get("type", "Exception"))
            message = str(info.get("message", ""))
            cls = getattr(builtins, name, None)
            if not (isinstance(cls, type) and issubclass(cls, Exception)) or issubclass(cls, TestFailure):
                cls = ProgramError
                message = f"{name}: {message}" if message else name
            try:
                error = cls(message)
            except Exception:  # noqa: BLE001 - an exception class with other arguments
                error = ProgramError(f"{name}: {message}")
            error.slate_traceback = str(info.get("traceback", ""))
            raise error
        return self.value(reply.get("ok"))

    def value(self, enc):
        """A plain Python value built here from A's answer: data only, never A's objects."""
        if not isinstance(enc, list) or not enc:
            raise ProgramEnded("the program answered something unreadable")
        tag = enc[0]
        if tag == "N":
            return None
        if tag == "b":
            return bool(enc[1] is True)
        if tag == "i":
            return int(str(enc[1]))
        if tag == "f":
            return float(enc[1])
        if tag == "c":
            return complex(float(enc[1]), float(enc[2]))
        if tag == "s":
            return str(enc[1])
        if tag == "y":
            return base64.b64decode(str(enc[1]))
        if tag == "l":
            return [self.value(x) for x in enc[1]]
        if tag == "t":
            return tuple(self.value(x) for x in enc[1])
        if tag == "S":
            return {self.value(x) for x in enc[1]}
        if tag == "F":
            return frozenset(self.value(x) for x in enc[1])
        if tag == "d":
            return {self.value(k): self.value(x) for k, x in enc[1]}
        if tag in ("h", "o"):
            return Remote(self, int(enc[1]) if tag == "h" else -1, str(enc[2]))
        raise ProgramEnded("the program answered something unreadable")

    def arg(self, v):
        if isinstance(v, Remote):
            return ["r", v._ref]

        def refuse(x):
            raise TypeError(f"a test can pass plain values and the program's own objects to it, not {type(x).__name__}")

        if isinstance(v, (list, tuple, set, frozenset, dict)):
            # Containers may hold the program's objects: build them element by element.
            tag = {list: "l", tuple: "t", set: "S", frozenset: "F"}.get(type(v))
            if type(v) is dict:
                return ["d", [[self.arg(k), self.arg(x)] for k, x in v.items()]]
            if tag:
                return [tag, [self.arg(x) for x in v]]
        return encode(v, refuse)


def special(name, kind=None):
    """A special method done by the program's object. An ordering ("order") meets only the program's own
    objects, as == does: `0 <= f() <= 9` with an object that says True to every < would pass. An
    arithmetic result ("keep") stays a handle, so `abs(f() - 0.3) < 1e-9` cannot become a plain 0.0."""

    def method(self, *args):
        if kind == "order" and not all(isinstance(a, Remote) for a in args):
            return NotImplemented
        return self._program.request(
            op="special", ref=self._ref, name=name, args=[self._program.arg(a) for a in args],
            **({"keep": True} if kind == "keep" else {}),
        )
    method.__name__ = name
    return method


class Remote:
    """An object that lives in the program's process. Comparing it with a plain value is False: only the
    program's own objects are compared by the program (so `f() == 5` cannot be True for an object that
    claims to equal everything)."""

    __slots__ = ("_program", "_ref", "_repr")

    def __init__(self, program, ref, text):
        object.__setattr__(self, "_program", program)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_repr", text)

    def __repr__(self):
        return self._repr

    def __getattr__(self, name):
        if self._ref < 0:
            raise AttributeError(name)
        return self._program.request(op="getattr", ref=self._ref, name=name)

    def __setattr__(self, name, value):
        self._program.request(op="setattr", ref=self._ref, name=name, value=self._program.arg(value))

    def __call__(self, *args, **kwargs):
        return self._program.request(
            op="call", ref=self._ref, args=[self._program.arg(a) for a in args],
            kwargs={k: self._program.arg(v) for k, v in kwargs.items()},
        )

    def __eq__(self, other):
        if not isinstance(other, Remote):
            return False
        return bool(self._program.request(op="special", ref=self._ref, name="__eq__", args=[["r", other._ref]]) is True)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("remote", self._ref))

    def __iter__(self):
        return iter(self._program.request(op="list", ref=self._ref))

    def __bool__(self):
        for name in ("__bool__", "__len__"):
            try:
                result = self._program.request(op="special", ref=self._ref, name=name, args=[])
            except AttributeError:
                continue
            return bool(result) if isinstance(result, (bool, int)) else True
        return True

    __str__ = special("__str__")
    __len__ = special("__len__")
    __getitem__ = special("__getitem__")
    __setitem__ = special("__setitem__")
    __contains__ = special("__contains__")
    __lt__ = special("__lt__", "order")
    __le__ = special("__le__", "order")
    __gt__ = special("__gt__", "order")
    __ge__ = special("__ge__", "order")
    __add__ = special("__add__", "keep")
    __sub__ = special("__sub__", "keep")
    __mul__ = special("__mul__", "keep")


class RemoteModule(types.ModuleType):
    """A module object here whose names are looked up in the program's module of that name."""

    def __init__(self, name, remote):
        super().__init__(name)
        self.__dict__["_slate_remote"] = remote

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.__dict__["_slate_remote"], attr)


class StudentModules:
    """`import helper` in test code, for the student's own helper.py: the module lives in the program's
    process, the test gets a handle to it (never the student's code in this process)."""

    def __init__(self, program):
        self.program = program

    def find_spec(self, name, path=None, target=None):
        if "." in name or not os.path.isfile(os.path.join(WORK_DIR, f"{name}.py")):
            return None
        import importlib.machinery

        return importlib.machinery.ModuleSpec(name, self)

    def create_module(self, spec):
        return RemoteModule(spec.name, self.program.request(op="import", ref=0, name=spec.name))

    def exec_module(self, module):
        pass


class AssertRewriter(ast.NodeTransformer):
    """`assert a == b, msg` -> a call that evaluates a and b once and explains the values on failure."""

    def __init__(self, source):
        self.source = source

    def visit_Assert(self, node):
        text = ast.get_source_segment(self.source, node.test) or "the assertion"
        lam = lambda expr: ast.Lambda(  # noqa: E731
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=expr
        )
        msg = lam(node.msg) if node.msg else ast.Constant(None)
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op = type(test.ops[0]).__name__
            call = ast.Call(
                func=ast.Name("__slate_compare", ast.Load()),
                args=[lam(test.left), ast.Constant(op), lam(test.comparators[0]), ast.Constant(text), msg],
                keywords=[],
            )
        else:
            call = ast.Call(
                func=ast.Name("__slate_truth", ast.Load()),
                args=[lam(test), ast.Constant(text), msg], keywords=[],
            )
        return ast.copy_location(ast.Expr(call), node)


COMPARE = {
    "Eq": (lambda a, b: a == b, "=="), "NotEq": (lambda a, b: a != b, "!="), "Lt": (lambda a, b: a < b, "<"),
    "LtE": (lambda a, b: a <= b, "<="), "Gt": (lambda a, b: a > b, ">"), "GtE": (lambda a, b: a >= b, ">="),
    "Is": (lambda a, b: a is b, "is"), "IsNot": (lambda a, b: a is not b, "is not"),
    "In": (lambda a, b: a in b, "in"), "NotIn": (lambda a, b: a not in b, "not in"),
}


def short(v):
    text = repr(v)
    return text if len(text) <= 500 else text[:500] + "..."


def slate_compare(left, op, right, text, msg):
    a = left()
    b = right()
    check, symbol = COMPARE[op]
    if not check(a, b):
        lines = [msg() if msg else f"assert {text}", f"    left:  {short(a)}", f"    right: {short(b)}"]
        if msg:
            lines.insert(1, f"assert {text}")
        raise TestFailure("\n".join(str(x) for x in lines))


def slate_truth(test, text, msg):
    value = test()
    if not value:
        head = f"{msg()}\nassert {text}" if msg else f"assert {text}"
        raise TestFailure(f"{head}\n    value: {short(value)}")


def describe_failure(e):
    if isinstance(e, TestFailure):
        return str(e)
    if isinstance(e, ProgramEnded):
        return f"The program ended before the test was done ({e})."
    if isinstance(e, AssertionError):
        return f"assert failed: {e}" if str(e) else "An assertion failed."
    where = getattr(e, "slate_traceback", "")
    if where:
        what = str(e) if isinstance(e, ProgramError) else f"{type(e).__name__}: {e}"
        return f"The program raised {what}\n{where}".rstrip()
    tb = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<test>"]
    line = f" (test line {tb[-1].lineno})" if tb else ""
    return f"The test raised {type(e).__name__}: {e}{line}"


class TestProcess:
    """B, forked ahead and set up, waiting on its control socket for its test: the connection to the
    test's program process and the test's code. Each test gets a fresh one; the harness forks the next
    while a test runs, so a test does not wait for the fork. Its pipes (stdout, stderr, result) exist
    only here and in B: the spawner, and so every program process, never holds them."""

    def __init__(self, cfg):
        self.ctl, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pipes = [os.pipe() for _ in range(3)]  # stdout, stderr, result
        pid = os.fork()
        if pid == 0:
            self.ctl.close()
            for r, _ in pipes:
                os.close(r)
            test_process(cfg, theirs, pipes[2][1], pipes[0][1], pipes[1][1])
        theirs.close()
        for _, w in pipes:
            os.close(w)
        self.pid = pid
        self.fds = [r for r, _ in pipes]

    def start(self, rpc_fd, code):
        """Hands B its program and its code; False when B is gone (killed by an earlier test's program)."""
        try:
            socket.send_fds(self.ctl, [b"t"], [rpc_fd])
            send_msg(self.ctl, {"code": code})
            return True
        except OSError:
            return False
        finally:
            self.ctl.close()

    def discard(self):
        """Ends a B that never got a test (it has run no test code, so no children)."""
        self.ctl.close()
        for fd in self.fds:
            os.close(fd)
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def test_process(cfg, ctl, res_w, out_w, err_w):
    """B: waits for its test, runs the teacher's code against the program; writes the parts to res_w."""
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in open_fds():
            if fd > 2 and fd not in (ctl.fileno(), res_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        limit_child(cfg)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
        _, fds, _, _ = socket.recv_fds(ctl, 1, 1)
        if len(fds) != 1:
            os._exit(0)  # never used (no more tests)
        rpc = socket.socket(fileno=fds[0])
        test = recv_msg(ctl)
        ctl.close()
        parts = run_test_code(test["code"], Program(rpc))
        write_all(res_w, json.dumps({"parts": parts}).encode("utf-8"))
        sys.stdout.flush()
        sys.stderr.flush()
        # Hang up before exiting: the program's process ends at once, and the harness sees the end of
        # every pipe without waiting for this process's teardown.
        rpc.close()
        for fd in (res_w, 1, 2):
            os.close(fd)
        os._exit(0)
    except BaseException:
        os._exit(70)


def run_test_code(source, program):
    try:
        names = program.request(op="hello")
    except ProgramEnded:
        return [{"name": "loading the program", "passed": False, "ended": True,
                 "message": "The program ended while it was being loaded, before the test could use it."}]
    namespace = {"__name__": "__test__", "__builtins__": builtins}
    if isinstance(names, dict):
        for name, value in names.items():
            if isinstance(name, str) and name.isidentifier() and not hasattr(builtins, name):
                namespace[name] = value
    namespace["solution"] = Remote(program, 0, "<module 'solution'>")
    sys.modules["solution"] = RemoteModule("solution", namespace["solution"])  # `from solution import f` too
    sys.meta_path.insert(0, StudentModules(program))
    namespace["__slate_compare"] = slate_compare
    namespace["__slate_truth"] = slate_truth
    try:
        tree = ast.fix_missing_locations(AssertRewriter(source).visit(ast.parse(source, "<test>")))
        code = compile(tree, "<test>", "exec")
    except SyntaxError as e:
        return [{"name": "test code", "passed": False, "message": f"The test code has a syntax error on line {e.lineno}: {e.msg}"}]
    try:
        exec(code, namespace)
    except BaseException as e:  # noqa: BLE001 - the test's top level failed
        return [{"name": "test code", "passed": False, "message": describe_failure(e)}]
    functions = [
        (n, f) for n, f in namespace.items()
        if n.startswith("test_") and isinstance(f, types.FunctionType) and f.__code__.co_filename == "<test>"
    ]
    if not functions:
        return [{"name": "test code", "passed": True, "message": ""}]
    parts = []
    for name, fn in functions:
        try:
            fn()
            parts.append({"name": name, "passed": True, "message": ""})
        except BaseException as e:  # noqa: BLE001
            parts.append({"name": name, "passed": False, "message": describe_failure(e)})
    return parts


def run_code_test(cfg, test, spawner, testers):
    """Runs one code test (A and B) and reports it like the other tests, plus its parts. testers holds
    the B forked ahead for this test; it is replaced by the next test's."""
    started = time.monotonic()
    try:
        a_pid, (a_out, a_err, rpc_fd) = spawn_program(spawner)
    except (OSError, ValueError):
        return {"id": test["id"], "status": "error", "exitCode": None, "signal": None, "stdout": "",
                "stderr": "The grader could not start the program.", "ms": 0, "truncated": False}
    tester = testers.pop()
    tester.start(rpc_fd, test["code"])  # if B is gone, its result pipe is empty: the test errs
    os.close(rpc_fd)
    b_pid = tester.pid
    testers.append(TestProcess(cfg))  # the next test's B, forked while this test runs
    fds = [a_out, a_err, *tester.fds]
    buffers, truncated, killed = pump(fds, started + cfg["timeLimitMs"] * 2 / 1000 + 0.5, last=tester.fds[2])
    for pid in (a_pid, b_pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    a_status, a_cpu = wait_program(spawner)
    _, b_status, _ = os.wait4(b_pid, 0)
    ms = int((time.monotonic() - started) * 1000)
    stdout, a_stderr, b_stdout, b_stderr, raw = (bytes(buffers[fd]).decode("utf-8", "replace") for fd in fds)
    parts = code_result(raw)
    a_sig = os.WTERMSIG(a_status) if os.WIFSIGNALED(a_status) else None
    a_exit = os.WEXITSTATUS(a_status) if os.WIFEXITED(a_status) else None
    stderr = a_stderr + (b_stdout + b_stderr if b_stdout or b_stderr else "")
    # SIGXCPU comes only from the CPU limit (its rusage can read a hair under it); a SIGKILL also ends
    # every program when its test is done, so that one counts only with the time used.
    over = a_sig == signal.SIGXCPU or (a_sig == signal.SIGKILL and a_cpu >= cfg["timeLimitMs"] / 1000)
    if killed or over:
        state = "timeout"
    elif "MemoryError" in a_stderr[-STDERR_TAIL:]:
        state = "memory"
    elif parts is None:
        state = "error"
    elif any(p.get("ended") for p in parts):
        state = "error"
        how = f"exit code {a_exit}" if a_exit is not None else f"signal {signal.Signals(a_sig).name}" if a_sig else "unknown"
        stderr = (a_stderr or "") + f"\nThe program ended while it was being loaded ({how}), before the test could use it."
    else:
        state = "ok"
    out = {"id": test["id"], "status": state, "exitCode": a_exit, "signal": signal.Signals(a_sig).name if a_sig else None,
           "stdout": stdout, "stderr": stderr.lstrip("\n")[-STDERR_TAIL:], "ms": ms, "truncated": truncated}
    if state == "ok":
        out["parts"] = parts
    return out


def code_result(raw):
    """B's report, only in the shape B writes; None when there is none (B was killed or broke)."""
    try:
        obj = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(obj, dict) or set(obj) != {"parts"} or not isinstance(obj["parts"], list) or not obj["parts"]:
        return None
    parts = []
    for p in obj["parts"][:200]:
        if not isinstance(p, dict) or not isinstance(p.get("passed"), bool):
            return None
        parts.append({"name": str(p.get("name", ""))[:200], "passed": p["passed"], "message": str(p.get("message", ""))[:4000],
                      **({"ended": True} if p.get("ended") is True else {})})
    return parts


def pump(fds, deadline, last):
    """Reads every fd to EOF (each capped), or until the deadline; returns (buffers, truncated, killed).
    Once `last` (the test's result) is closed the others get a moment to drain: something the program
    left running must not hold the test until its deadline."""
    buffers = {fd: bytearray() for fd in fds}
    readers = set(fds)
    truncated = False
    killed = False
    while readers:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            killed = last in readers
            break
        r, _, _ = select.select(list(readers), [], [], remaining)
        for fd in r:
            chunk = os.read(fd, 65536)
            if not chunk:
                readers.discard(fd)
                if fd == last:
                    deadline = min(deadline, time.monotonic() + 0.3)
                    killed = False
                continue
            buf = buffers[fd]
            room = OUTPUT_CAP - len(buf)
            if len(chunk) > room:
                truncated = True
                chunk = chunk[:room]
            buf += chunk
    for fd in fds:
        os.close(fd)
    return buffers, truncated, killed


# ---------------------------------------------------------------- a test's own files
#
# A test may add files to the working directory (frame "files") and name files the program must write
# ("expectFiles"); their content goes back in the test's line for the host to compare like stdout.
# After each test everything that was not there at the start (the student's files, the problem's data
# files, this harness) is removed, so that no test sees what an earlier one wrote.


def with_files(test, baseline, run):
    for item in test.get("files") or []:
        name = os.path.basename(str(item.get("name", "")))
        if name and name not in baseline:
            with open(os.path.join(WORK_DIR, name), "w", encoding="utf-8", newline="") as f:
                f.write(str(item.get("content", "")))
    out = run()
    if test.get("expectFiles"):
        out["files"] = {str(name): read_written(str(name)) for name in test["expectFiles"]}
    remove_new_files(baseline)
    return out


def read_written(name):
    try:
        with open(os.path.join(WORK_DIR, os.path.basename(name)), "rb") as f:
            return f.read(OUTPUT_CAP).decode("utf-8", "replace")
    except OSError:
        return None


def remove_new_files(baseline):
    for name in os.listdir(WORK_DIR):
        if name in baseline:
            continue
        stack = [os.path.join(WORK_DIR, name)]
        opened = set()
        while stack:  # iteratively: a student's tree can be deeper than the recursion limit
            path = stack[-1]
            try:
                if os.path.isdir(path) and not os.path.islink(path) and path not in opened:
                    opened.add(path)
                    os.chmod(path, 0o700)
                    entries = [os.path.join(path, e) for e in os.listdir(path)]
                    if entries:
                        stack.extend(entries)
                        continue
                    os.rmdir(path)
                elif path in opened:
                    os.rmdir(path)
                else:
                    os.unlink(path)
            except OSError:
                pass
            stack.pop()


def main():
    make_undumpable()
    cfg = read_frame()
    if cfg is None:
        return
    if "convert" in cfg:
        emit({"converted": convert_literals(cfg["convert"])})
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
    # Before the first test is read, so that the spawner (and every program process it forks) never
    # held any test's data.
    gc.freeze()  # the collector would otherwise write to (and copy) inherited objects in every child
    spawner, spawner_pid = start_spawner(cfg) if cfg.get("codeTests") else (None, None)
    testers = [TestProcess(cfg)] if spawner is not None else []
    baseline = set(os.listdir(WORK_DIR))
    while True:
        test = read_frame()
        if test is None:
            break
        if "code" in test and spawner is not None:
            emit(with_files(test, baseline, lambda: run_code_test(cfg, test, spawner, testers)))
        else:
            emit(with_files(test, baseline, lambda: run_test(cfg, test)))
        del test
    for tester in testers:
        tester.discard()
    if spawner is not None:
        stop_spawner(spawner, spawner_pid)


if __name__ == "__main__":
    main()
