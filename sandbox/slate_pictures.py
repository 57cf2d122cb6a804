"""Pictures in a run's output: a turtle recording or a PNG, in order with the printed text.

A picture goes to stdout as one escape sequence, ESC ] slate;KIND;PAYLOAD BEL, so it counts against the
run's output cap like text (a run that draws too much is stopped there) and keeps its place between the
lines printed before and after it. The browser (src/client/pictures.ts) turns it into a picture; a
program that prints such a sequence itself only draws a picture of its own.
"""

import base64
import json
import sys


def emit(kind, payload):
    out = sys.stdout
    try:
        out.flush()
        out.write(f"\x1b]slate;{kind};{payload}\x07")
        out.flush()
    except (OSError, ValueError):  # stdout closed or replaced by the program: no picture
        pass


def emit_png(data):
    emit("png", base64.b64encode(data).decode("ascii"))


def emit_turtle(ops):
    emit("turtle", json.dumps(ops, separators=(",", ":")))
