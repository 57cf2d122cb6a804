"""Slate's tracer: runs the user's program under sys.settrace and writes its execution trace.

It is the main file of an ordinary sandbox "run" job (src/features/visualizer/trace-job.ts sends it
beside the user's files, the way grading sends its harness), so the supervisor and every limit of a
job apply unchanged. The host sends one frame on stdin first ("<byte length>\\n<json config>"); what
follows on stdin is the program's own input, read by input().

The trace follows Python Tutor's documented format (v3/docs/opt-trace-format.md and pg_encoder.py):
one execution point per line, call, return and exception, with `event`, `line`, `func_name`,
`globals`, `ordered_globals`, `stack_to_render` (frames with `frame_id`, `encoded_locals`,
`ordered_varnames`, `is_highlighted`, `is_parent`, `is_zombie`, `parent_frame_id_list`,
`unique_hash`), `heap` (LIST, TUPLE, SET, DICT, INSTANCE, CLASS, FUNCTION, module, HEAP_PRIMITIVE and
[type name, repr] for anything else, linked by ["REF", id]), `stdout` and `exception_msg`. Slate adds
`file` (multi-file programs), `limit` and `result`.

To keep the output small it is not written point by point in full: each line on stdout is one point
as a DELTA against the previous one (see src/features/visualizer/codec.ts, which rebuilds the
documented form). Lines are written as they happen, so a program killed by a time or memory limit
still leaves the trace up to that point.

Heap ids are small integers in order of first appearance, never id(): the same program gives the
same trace. Objects seen once are kept alive, so that id() is never reused for another object.
"""

import sys
import os

# Before importing anything else: the user's files must not stand in for modules the tracer uses
# (a student's json.py). The working directory goes back on sys.path just before their code runs.
WORK = os.getcwd()
sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != os.path.realpath(WORK)]

import builtins
import itertools
import json
import math
import operator
import types

TRACER_NAME = "_slate_tracer.py"
STR_CAP = 1000  # characters of a string value shown
ITEM_CAP = 1000  # elements of one container shown
ZOMBIE_CAP = 50  # returned frames kept for "show returned frames"
INLINE = (int, float, str, bool, type(None))
FAST_ITEMS = frozenset((int, bool))
HIDDEN_ATTRS = ("__doc__", "__module__", "__return__", "__dict__", "__locals__", "__weakref__", "__qualname__")
CO_GENERATOR_LIKE = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async generator
MAX_SAFE_INT = 2**53
CO_OPTIMIZED = 0x1


def read_config():
    header = bytearray()
    while True:
        b = os.read(0, 1)  # byte by byte: the program's own input follows and must stay in the pipe
        if not b:
            raise SystemExit("tracer: no configuration")
        if b == b"\n":
            break
        header += b
    size = int(header)
    data = bytearray()
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            raise SystemExit("tracer: short configuration")
        data += chunk
    return json.loads(data.decode("utf-8"))


class Output:
    """The program's stdout and stderr, kept in the trace (cumulative) and cut at a cap."""

    def __init__(self, cap):
        self.parts = []
        self.size = 0
        self.cap = cap
        self.cut = False
        self.sent = 0  # characters already written into a step

    # io.TextIOBase's interface, as far as print() and most programs need it
    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.cut:
            return len(text)
        room = self.cap - self.size
        if len(text) > room:
            self.parts.append(text[:room])
            self.parts.append(f"\n[output cut: more than {self.cap} characters]\n")
            self.size = self.cap
            self.cut = True
        else:
            self.parts.append(text)
            self.size += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    encoding = "utf-8"

    def new_text(self):
        text = "".join(self.parts)
        self.parts = [text] if text else []
        fresh = text[self.sent :]
        self.sent = len(text)
        return fresh


class Frame:
    """What the trace knows about one user frame (active, suspended generator, or returned)."""

    __slots__ = ("frame", "fid", "order", "is_parent", "zombie", "frozen", "frozen_raw", "parents", "file")

    def __init__(self, frame, fid, file, parents):
        self.frame = frame
        self.fid = fid
        self.order = []
        self.is_parent = False
        self.zombie = False
        self.frozen = None  # (encoded locals, order) at return, for a returned frame
        self.frozen_raw = None
        self.parents = parents
        self.file = file


class Tracer:
    def __init__(self, cfg, out_fd, output):
        self.out_fd = out_fd
        self.output = output
        self.max_steps = int(cfg.get("maxSteps", 10000))
        self.heap_primitives = bool(cfg.get("heapPrimitives", False))
        self.user_files = {os.path.join(WORK, n): n for n in cfg["files"] if n != TRACER_NAME}
        self.main_path = os.path.join(WORK, cfg["main"])
        self.steps = 0
        self.small_ids = {}  # id(obj) -> small id
        self.keep = []  # every object given a small id, so that its id() is never reused
        self.frames = {}  # frame object -> Frame
        self.next_fid = 1
        self.zombies = []
        self.func_parent = {}  # small id of a function -> frame id where it was defined
        self.code_parent = {}  # code object -> frame id of the latest closure made from it
        self.main_frame = None
        # the previous point, for deltas
        self.prev_globals = {}
        self.prev_gorder = []
        self.prev_stack = []
        self.prev_frames = {}
        self.prev_heap = {}
        self.prev_heap_types = {}
        self.prev_file = None
        self.gorder = []

    # ------------------------------------------------------------ sys.settrace callbacks

    def global_trace(self, frame, event, arg):
        if frame.f_code.co_filename not in self.user_files:
            return None  # the standard library and the tracer itself are stepped over
        if self.main_frame is None and frame.f_code.co_filename == self.main_path:
            self.main_frame = frame
            return self.local_trace  # the program's start is its first line, not a call
        self.record(frame, "call", arg)
        return self.local_trace

    def local_trace(self, frame, event, arg):
        if event == "line":
            self.record(frame, "step_line", arg)
        elif event == "return":
            self.record(frame, "return", arg)
            self.frame_returned(frame)
        elif event == "exception":
            if arg[0] is not StopIteration and arg[0] is not GeneratorExit:
                self.record(frame, "exception", arg)
        return self.local_trace

    # ------------------------------------------------------------ steps

    def record(self, frame, event, arg, extra=None):
        if self.steps >= self.max_steps:
            self.stop_at_limit(frame)
        self.steps += 1
        try:
            self.emit(self.point(frame, event, arg, extra))
        except MemoryError:
            self.finish_with({"e": "instruction_limit_reached", "limit": "memory",
                              "x": "Stopped: the program ran out of memory."})

    def stop_at_limit(self, frame):
        msg = f"Stopped after {self.max_steps} steps (the step limit): the program may loop forever."
        self.steps += 1
        point = self.point(frame, "instruction_limit_reached", None, {"limit": "steps"})
        point["x"] = msg
        self.finish_with(point)

    def finish_with(self, point):
        sys.settrace(None)
        self.emit(point)
        self.done()
        os._exit(0)

    def point(self, frame, event, arg, extra):
        p = {"e": event, "l": frame.f_lineno, "fn": self.func_name(frame)}
        file = self.user_files.get(frame.f_code.co_filename, "?")
        if file != self.prev_file:
            p["f"] = file
            self.prev_file = file
        text = self.output.new_text()
        if text:
            p["o"] = text
        if event in ("exception", "uncaught_exception") and arg is not None:
            p["x"] = exception_message(arg[1])
        heap = {}
        queue = []
        enc = self.encoder(heap, queue, frame)
        self.globals_delta(p, enc)
        self.stack_delta(p, frame, event, arg, enc)
        self.fill_heap(heap, queue, enc)
        self.heap_delta(p, heap)
        if extra:
            p.update(extra)
        return p

    def func_name(self, frame):
        return frame.f_code.co_name if frame is not self.main_frame else "<module>"

    def emit(self, point):
        data = (json.dumps(point, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.out_fd, view):]

    def done(self):
        self.emit({"done": True, "steps": self.steps})

    # ------------------------------------------------------------ globals and frames

    def globals_delta(self, p, enc):
        g = self.main_frame.f_globals if self.main_frame is not None else {}
        now = {}
        for name, value in list(g.items()):
            if name.startswith("__") and name.endswith("__"):
                continue
            now[name] = enc(value)
            if name not in self.prev_globals and name not in self.gorder:
                self.gorder.append(name)
        order = [n for n in self.gorder if n in now]
        changed = {n: v for n, v in now.items() if not same(self.prev_globals.get(n, _MISSING), v)}
        if changed:
            p["g"] = changed
        gone = [n for n in self.prev_globals if n not in now]
        if gone:
            p["gx"] = gone
        if order != self.prev_gorder:
            p["go"] = order
        self.prev_globals = now
        self.prev_gorder = order
        self.gorder = list(order)  # appended to at the next point; prev_gorder must not change with it

    def user_stack(self, frame):
        stack = []
        f = frame
        while f is not None:
            if f.f_code.co_filename in self.user_files and f is not self.main_frame:
                stack.append(f)
            f = f.f_back
        stack.reverse()
        return stack

    def frame_info(self, frame):
        info = self.frames.get(frame)
        if info is None:
            fid = self.next_fid
            self.next_fid += 1
            parent = self.code_parent.get(frame.f_code)
            parents = []
            while parent is not None:
                parents.append(parent)
                parent = self.parent_of_frame(parent)
            info = Frame(frame, fid, self.user_files.get(frame.f_code.co_filename, "?"), parents)
            self.frames[frame] = info
        return info

    def parent_of_frame(self, fid):
        for info in self.frames.values():
            if info.fid == fid:
                return info.parents[0] if info.parents else None
        return None

    def stack_delta(self, p, frame, event, arg, enc):
        active = self.user_stack(frame)
        infos = [self.frame_info(f) for f in active]
        top = infos[-1] if infos else None
        shown = sorted(infos + [z for z in self.zombies if z not in infos], key=lambda i: i.fid)
        frames = {}
        for info in shown:
            frames[info.fid] = self.encode_frame(info, info is top, event == "return" and info is top, arg, enc)
        changed = {str(fid): f for fid, f in frames.items() if self.prev_frames.get(fid) != f}
        if changed:
            p["fr"] = changed
        stack = [i.fid for i in shown]
        if stack != self.prev_stack:
            p["s"] = stack
        self.prev_stack = stack
        self.prev_frames = frames

    def encode_frame(self, info, highlighted, returning, ret, enc):
        if info.zombie:
            locals_, order = info.frozen
            for value in info.frozen_raw.values():
                enc(value)  # what a returned frame shows stays on the heap
        else:
            raw = self.frame_locals(info.frame)
            locals_ = {}
            for name, value in raw.items():
                locals_[name] = enc(value)
                if name not in info.order:
                    info.order.append(name)
            order = [n for n in info.order if n in locals_]
            if returning:
                locals_["__return__"] = enc(ret)
                order = order + ["__return__"]
                info.frozen = (dict(locals_), list(order))
                raw = dict(raw)
                raw["__return__"] = ret
                info.frozen_raw = raw
        name = self.func_name(info.frame) if info.frame is not self.main_frame else "<module>"
        suffix = ("_p" if info.is_parent else "") + ("_z" if info.zombie else "")
        return {
            "func_name": name,
            "file": info.file,
            "frame_id": info.fid,
            "encoded_locals": locals_,
            "ordered_varnames": order,
            "is_highlighted": highlighted,
            "is_parent": info.is_parent,
            "is_zombie": info.zombie,
            "parent_frame_id_list": info.parents,
            "unique_hash": f"{name}_f{info.fid}{suffix}",
        }

    def frame_locals(self, frame):
        code = frame.f_code
        free = set(code.co_freevars)  # shown in the frame that defined them
        raw = frame.f_locals
        if not code.co_flags & CO_OPTIMIZED:  # a module's or a class body's namespace
            return {k: v for k, v in raw.items() if not (k.startswith("__") and k.endswith("__"))}
        params = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        ordered = {k: raw[k] for k in params if k in raw}
        for k, v in raw.items():
            if k not in ordered and k not in free:
                ordered[k] = v
        return ordered

    def frame_returned(self, frame):
        info = self.frames.get(frame)
        flags = frame.f_code.co_flags
        if info is None or flags & CO_GENERATOR_LIKE or not flags & CO_OPTIMIZED:
            return  # a generator's frame is suspended, not gone; a class body is no call
        info.zombie = True
        self.zombies.append(info)
        if len(self.zombies) > ZOMBIE_CAP:
            self.zombies.pop(0)

    # ------------------------------------------------------------ heap

    def encoder(self, heap, queue, frame):
        heap_primitives = self.heap_primitives

        def enc(value):
            t = type(value)
            if t in INLINE and not heap_primitives:
                if t is str:
                    return value if len(value) <= STR_CAP else value[:STR_CAP] + "…"
                if t is float and not math.isfinite(value):
                    pass  # JSON has no inf/nan: drawn as an object
                elif t is int and abs(value) > MAX_SAFE_INT:
                    pass  # a JavaScript number would round it
                else:
                    return value
            n = self.small_ids.get(id(value))
            if n is None:
                n = len(self.keep) + 1
                self.small_ids[id(value)] = n
                self.keep.append(value)
            if n not in heap:
                heap[n] = None
                queue.append((n, value))
                if t is types.FunctionType and n not in self.func_parent:
                    self.find_parent(n, value, frame)
            return ["REF", n]

        return enc

    def find_parent(self, n, func, frame):
        """The frame a nested function was defined in (Python Tutor's parent frame of a closure)."""
        parent = None
        if "<locals>" in func.__qualname__:
            f = frame
            while f is not None:
                if func.__code__ in f.f_code.co_consts and f in self.frames:
                    info = self.frames[f]
                    info.is_parent = True
                    parent = info.fid
                    break
                f = f.f_back
        self.func_parent[n] = parent
        if parent is not None:
            self.code_parent[func.__code__] = parent

    def fill_heap(self, heap, queue, enc):
        i = 0
        while i < len(queue):
            n, value = queue[i]
            i += 1
            heap[n] = self.encode_object(value, enc)

    def encode_object(self, obj, enc):
        t = type(obj)
        if t in INLINE:
            if self.heap_primitives:
                return ["HEAP_PRIMITIVE", t.__name__, obj if t is not float or math.isfinite(obj) else repr(obj)]
            return [t.__name__, repr(obj)[:STR_CAP]]
        if t is list:
            return sequence("LIST", obj, enc)
        if t is tuple:
            return sequence("TUPLE", obj, enc)
        if t is set or t is frozenset:
            return sequence("SET", sorted_items(obj), enc)
        if t is dict:
            out = ["DICT"]
            for k, v in itertools.islice(obj.items(), ITEM_CAP):
                out.append([enc(k), enc(v)])
            if len(obj) > ITEM_CAP:
                out.append([f"… {len(obj) - ITEM_CAP} more", None])
            return out
        if t is types.FunctionType or t is types.MethodType:
            return ["FUNCTION", signature(obj), self.func_parent.get(self.small_ids.get(id(obj)))]
        if t is types.BuiltinFunctionType:
            return ["FUNCTION", f"{getattr(obj, '__name__', '?')}(...)", None]
        if t is types.ModuleType:
            return ["module", obj.__name__]
        if isinstance(obj, type):
            supers = [b.__name__ for b in obj.__bases__ if b is not object]
            return ["CLASS", obj.__name__, supers, *attributes(obj, enc)]
        if is_instance(obj):
            return ["INSTANCE", t.__name__, *attributes(obj, enc)]
        try:
            text = repr(obj)
        except Exception:  # noqa: BLE001 - a broken __repr__ must not end the trace
            text = f"<{t.__name__} object>"
        return [t.__name__, text[:STR_CAP]]

    def heap_delta(self, p, heap):
        changes = {}
        types_now = {}
        for n, value in heap.items():
            old = self.prev_heap.get(n)
            kinds = list(map(type, value))
            types_now[n] = kinds
            if old is None:
                changes[str(n)] = value
            elif old != value or self.prev_heap_types[n] != kinds:
                changes[str(n)] = patch(old, value, self.prev_heap_types[n], kinds)
        if changes:
            p["h"] = changes
        gone = [n for n in self.prev_heap if n not in heap]
        if gone:
            p["hx"] = gone
        self.prev_heap = heap
        self.prev_heap_types = types_now


_MISSING = object()


def same(a, b):
    """Equal as the trace shows them: 1, 1.0 and True are three different values here."""
    return a is b or (type(a) is type(b) and a == b)


def patch(old, new, old_kinds, new_kinds):
    """["~", [index, value], ...] when only a few elements of an object changed, else the object."""
    if len(old) != len(new) or old[0] != new[0] or len(new) < 8:
        return new
    diff = list(itertools.compress(range(len(new)), map(operator.ne, old, new)))
    if old_kinds != new_kinds:
        diff = sorted(set(diff) | set(itertools.compress(range(len(new)), map(operator.is_not, old_kinds, new_kinds))))
    if len(diff) * 3 > len(new):
        return new
    return ["~", *([i, new[i]] for i in diff)]


def sequence(tag, items, enc):
    if type(items) is not list:
        items = list(items)
    extra = len(items) - ITEM_CAP
    shown = items[:ITEM_CAP] if extra > 0 else items
    # The common case (numbers) stays in C: no Python-level loop over a 200-element list per step.
    if not HEAP_PRIMS[0] and set(map(type, shown)) <= FAST_ITEMS and (
        not shown or (max(shown) <= MAX_SAFE_INT and min(shown) >= -MAX_SAFE_INT)
    ):
        out = [tag, *shown]
    else:
        out = [tag, *map(enc, shown)]
    if extra > 0:
        out.append(f"… {extra} more")
    return out


HEAP_PRIMS = [False]  # from the config: every value drawn as a heap object (HEAP_PRIMITIVE)


def sorted_items(items):
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=lambda x: (type(x).__name__, repr(x)))


def attributes(obj, enc):
    try:
        d = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return []
    if not isinstance(d, (dict, types.MappingProxyType)):
        return []
    out = []
    for k, v in list(d.items()):
        if k in HIDDEN_ATTRS:
            continue
        out.append([enc(k), enc(v)])
    return out


def is_instance(obj):
    t = type(obj)
    return t.__module__ != "builtins" and hasattr(obj, "__dict__")


def signature(func):
    code = getattr(func, "__code__", None)
    if code is None:
        return f"{func.__name__}(...)"
    n = code.co_argcount + code.co_kwonlyargcount
    names = list(code.co_varnames[:n])
    if code.co_flags & 0x04:
        names.insert(code.co_argcount, "*" + code.co_varnames[n])
        n += 1
    if code.co_flags & 0x08:
        names.append("**" + code.co_varnames[n])
    return f"{func.__name__}({', '.join(names)})"


def exception_message(exc):
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001
        text = ""
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def user_line(exc, tracer):
    """The last line of the user's main file the exception passed through."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == tracer.main_path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def make_input(output):
    def traced_input(prompt=""):
        output.write(str(prompt))
        line = sys.stdin.readline()
        if not line:
            raise EOFError("EOF when reading a line")
        output.write(line if line.endswith("\n") else line + "\n")  # echoed, as a terminal shows it
        return line[:-1] if line.endswith("\n") else line

    return traced_input



# Arguments written as Python values (a function test in that format) arrive as the teacher's text:
# the same "[text]" list the grading harness reads; evaluated here, inside the sandbox, before tracing.
_VALUE_NAMES = {n: getattr(builtins, n) for n in ("float", "int", "set", "frozenset", "tuple", "list", "dict", "complex", "bytes", "range", "True", "False", "None")}


def python_args(text):
    return list(eval(f"[{text}\n]", {"__builtins__": {}}, dict(_VALUE_NAMES)))  # noqa: S307 - in the sandbox

def main():
    cfg = read_config()
    HEAP_PRIMS[0] = bool(cfg.get("heapPrimitives", False))
    out_fd = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # what the program writes to fd 1 directly cannot garble the trace
    os.close(null)
    output = Output(int(cfg.get("outputCap", 64 * 1024)))
    tracer = Tracer(cfg, out_fd, output)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)
    sys.stdout = sys.stderr = output
    builtins.input = make_input(output)
    sys.argv = [cfg["main"]]
    sys.path.insert(0, WORK)
    sys.setrecursionlimit(1100)  # room for the tracer's own calls at the user's deepest frame
    path = tracer.main_path
    call = cfg.get("call")
    if call and "argsSource" in call:
        call["args"] = python_args(call["argsSource"])
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            source = f.read()
        code = compile(source, path, "exec")
    except SyntaxError as e:
        msg = f"SyntaxError: {e.msg} (line {e.lineno})"
        tracer.emit({"e": "uncaught_exception", "l": e.lineno or 1, "fn": "<module>", "f": cfg["main"], "x": msg})
        tracer.steps = 1
        tracer.done()
        os._exit(0)
    module = types.ModuleType("solution" if call else "__main__")
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules[module.__name__] = module
    failure = None
    result = _MISSING
    sys.settrace(tracer.global_trace)
    try:
        exec(code, module.__dict__)
        if call:
            result = getattr(module, call["function"])(*call["args"])
    except SystemExit:
        pass
    except BaseException as e:  # noqa: BLE001 - the program's own uncaught exception
        failure = e
    finally:
        sys.settrace(None)
    last = tracer.main_frame
    if last is not None and (failure is not None or result is not _MISSING):
        extra = {}
        if result is not _MISSING:
            try:
                extra["result"] = repr(result)[:STR_CAP]
            except Exception:  # noqa: BLE001
                extra["result"] = "?"
        event = "uncaught_exception" if failure is not None else "return"
        point = tracer.point(last, event, (type(failure), failure, None) if failure else None, extra)
        line = user_line(failure, tracer) if failure is not None else None
        if line:
            point["l"] = line
        point["fn"] = "<module>"
        tracer.steps += 1
        tracer.emit(point)
    elif failure is not None:
        msg = exception_message(failure)
        tracer.emit({"e": "uncaught_exception", "l": 1, "fn": "<module>", "f": cfg["main"], "x": msg})
        tracer.steps += 1
    tracer.done()
    os._exit(0)


if __name__ == "__main__":
    main()
