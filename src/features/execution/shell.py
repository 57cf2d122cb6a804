"""Slate's Python shell: a read-eval-print loop like IDLE's, as a sandbox job with interactive stdin.

Each line typed arrives on stdin; an expression's value is printed (sys.displayhook), statements that
need more lines prompt with "... ". State is kept between inputs. With PROGRAM set (the server fills it in
below: "Continue in shell"), that file is run first, as __main__, so that its
variables are in scope.
"""

import builtins
import codeop
import sys
import traceback
import types

PROGRAM = None  # replaced by the server

SHELL_FILE = __file__


def print_error(exc):
    """The exception without this file's frames, as IDLE shows it."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == SHELL_FILE:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


def main():
    module = types.ModuleType("__main__")
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    namespace = module.__dict__
    if PROGRAM:
        module.__file__ = PROGRAM
        try:
            with open(PROGRAM, "rb") as f:
                exec(compile(f.read(), PROGRAM, "exec"), namespace)
        except SystemExit:
            pass
        except BaseException as e:  # noqa: BLE001 - shown, then the shell goes on
            print_error(e)
        print(f"--- {PROGRAM} ran; its variables are in scope ---")
    else:
        print(f"Python {sys.version.split()[0]} shell. Type Python; each result is shown.")
    compile_command = codeop.CommandCompiler()
    lines = []
    while True:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            line = input("... " if lines else ">>> ")
        except EOFError:
            break
        lines.append(line)
        try:
            code = compile_command("\n".join(lines), "<shell>", "single")
        except (SyntaxError, OverflowError, ValueError) as e:
            lines = []
            traceback.print_exception(type(e), e, None)
            continue
        if code is None:
            continue  # an unfinished statement: read more
        lines = []
        try:
            exec(code, namespace)
        except SystemExit:
            break
        except BaseException as e:  # noqa: BLE001 - the shell's top level
            print_error(e)


main()
