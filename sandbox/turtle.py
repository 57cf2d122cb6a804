"""Slate's turtle: the standard turtle API without a display. Drawing commands are recorded and sent
in the output in chunks (slate_pictures); the browser animates them on a canvas at the speed the
student picks and keeps the final picture. done(), mainloop() and exitonclick() end the drawing.

Ops (lists, to keep the output small): ["line", x1, y1, x2, y2, color, width], ["fill", [[x, y], ...],
color], ["dot", x, y, size, color], ["text", x, y, text, color, align, font size], ["bg", color],
["setup", width, height], ["turtle", id, x, y, heading, visible], ["clear"].
"""

import atexit
import math

import slate_pictures

__all__ = [
    "Turtle", "Pen", "RawTurtle", "Screen", "done", "mainloop", "exitonclick", "bye", "Terminator",
    "TurtleGraphicsError", "Vec2D",
]

CHUNK = 300  # ops per output chunk: the browser starts drawing before the program ends
MAX_OPS = 1_000_000


class Terminator(Exception):
    pass


class TurtleGraphicsError(Exception):
    pass


class Vec2D(tuple):
    def __new__(cls, x, y):
        return tuple.__new__(cls, (x, y))

    def __add__(self, other):
        return Vec2D(self[0] + other[0], self[1] + other[1])

    def __sub__(self, other):
        return Vec2D(self[0] - other[0], self[1] - other[1])

    def __abs__(self):
        return math.hypot(*self)

    def __repr__(self):
        return f"({self[0]:.2f},{self[1]:.2f})"


class _Recorder:
    def __init__(self):
        self.ops = []
        self.count = 0
        atexit.register(self.flush)

    def add(self, op):
        self.count += 1
        if self.count > MAX_OPS:
            raise TurtleGraphicsError(f"the drawing has more than {MAX_OPS} steps")
        self.ops.append(op)
        if len(self.ops) >= CHUNK:
            self.flush()

    def flush(self):
        """Sends what was recorded, ending with where each turtle is and where it faces."""
        if self.ops:
            for t in Screen()._turtles:
                self.ops.append(["turtle", t._id, _r(t._x), _r(t._y), _r(t._heading), t._visible])
            ops, self.ops = self.ops, []
            slate_pictures.emit_turtle(ops)


_recorder = _Recorder()


def _r(v):
    v = round(v, 2)
    return 0.0 if v == 0 else v  # never -0.0
_COLORS = {"": ""}


def _color(args):
    """A color as turtle takes it: a name, "#rrggbb", (r, g, b) in 0..1 (colormode 1) or 0..255."""
    if len(args) == 1:
        args = args[0]
        if isinstance(args, str):
            return args
    if isinstance(args, (tuple, list)) and len(args) == 3:
        scale = 255 if Screen().colormode() == 1.0 else 1
        r, g, b = (int(round(float(c) * scale)) for c in args)
        if not all(0 <= c <= 255 for c in (r, g, b)):
            raise TurtleGraphicsError(f"bad color sequence: {args!r}")
        return f"#{r:02x}{g:02x}{b:02x}"
    raise TurtleGraphicsError(f"bad color arguments: {args!r}")


class _Screen:
    _instance = None

    def __init__(self):
        self._bg = "white"
        self._colormode = 1.0
        self._turtles = []

    def bgcolor(self, *args):
        if not args:
            return self._bg
        self._bg = _color(args)
        _recorder.add(["bg", self._bg])

    def colormode(self, mode=None):
        if mode is None:
            return self._colormode
        self._colormode = 255 if mode == 255 else 1.0

    def setup(self, width=400, height=400, startx=None, starty=None):
        width = int(width if width > 1 else width * 800)
        height = int(height if height > 1 else height * 800)
        _recorder.add(["setup", width, height])

    def screensize(self, canvwidth=None, canvheight=None, bg=None):
        if canvwidth and canvheight:
            self.setup(canvwidth, canvheight)
        if bg:
            self.bgcolor(bg)
        return (400, 400)

    def clear(self):
        _recorder.add(["clear"])

    clearscreen = clear
    reset = clear
    resetscreen = clear

    def title(self, *_):
        pass

    def tracer(self, *_args, **_kwargs):
        pass

    def update(self):
        pass

    def delay(self, *_):
        pass

    def listen(self, *_):
        pass

    def onkey(self, *_):
        pass

    onkeypress = onkey
    onkeyrelease = onkey
    onclick = onkey
    onscreenclick = onkey
    ontimer = onkey

    def mode(self, *_):
        return "standard"

    def turtles(self):
        return list(self._turtles)

    def window_width(self):
        return 400

    def window_height(self):
        return 400

    def mainloop(self):
        done()

    exitonclick = mainloop
    done = mainloop

    def bye(self):
        done()


def Screen():  # noqa: N802 - the turtle API's name
    if _Screen._instance is None:
        _Screen._instance = _Screen()
    return _Screen._instance


class Turtle:
    _ids = 0

    def __init__(self, shape="classic", undobuffersize=1000, visible=True):
        Turtle._ids += 1
        self._id = Turtle._ids
        self._x = 0.0
        self._y = 0.0
        self._heading = 0.0
        self._down = True
        self._pencolor = "black"
        self._fillcolor = "black"
        self._width = 1
        self._visible = visible
        self._fill = None
        self._degrees = 360.0
        Screen()._turtles.append(self)
        self._state()

    # -- state

    def _state(self):
        _recorder.add(["turtle", self._id, _r(self._x), _r(self._y), _r(self._heading), self._visible])

    def _move(self, x, y):
        """A line when the pen is down (the browser moves the turtle along it), else a jump."""
        if self._down:
            _recorder.add(["line", _r(self._x), _r(self._y), _r(x), _r(y), self._pencolor, self._width])
        self._x, self._y = x, y
        if self._fill is not None:
            self._fill.append([_r(x), _r(y)])
        if not self._down:
            self._state()

    # -- motion

    def forward(self, distance):
        angle = math.radians(self._heading)
        self._move(self._x + distance * math.cos(angle), self._y + distance * math.sin(angle))

    fd = forward

    def backward(self, distance):
        self.forward(-distance)

    bk = backward
    back = backward

    def left(self, angle):
        self._heading = (self._heading + angle * 360.0 / self._degrees) % 360

    lt = left

    def right(self, angle):
        self.left(-angle)

    rt = right

    def goto(self, x, y=None):
        if y is None:
            x, y = x
        self._move(float(x), float(y))

    setpos = goto
    setposition = goto

    def setx(self, x):
        self._move(float(x), self._y)

    def sety(self, y):
        self._move(self._x, float(y))

    def setheading(self, to_angle):
        self._heading = (to_angle * 360.0 / self._degrees) % 360

    seth = setheading

    def home(self):
        self._move(0.0, 0.0)
        self.setheading(0)

    def circle(self, radius, extent=None, steps=None):
        extent = 360.0 if extent is None else extent * 360.0 / self._degrees
        if steps is None:
            steps = 1 + int(min(11 + abs(radius) / 6.0, 59.0) * abs(extent) / 360.0)
        step_angle = extent / steps
        length = 2.0 * radius * math.sin(math.radians(step_angle) / 2.0)
        if radius < 0:
            length, step_angle = -length, -step_angle
        self.left(step_angle / 2.0)
        for _ in range(steps):
            self.forward(length)
            self.left(step_angle)
        self.left(-step_angle / 2.0)

    def dot(self, size=None, *color):
        size = max(self._width + 4, self._width * 2) if size is None else size
        _recorder.add(["dot", _r(self._x), _r(self._y), size, _color(color) if color else self._pencolor])

    def stamp(self):
        self.dot(8)
        return 0

    def write(self, arg, move=False, align="left", font=("Arial", 8, "normal")):
        size = font[1] if isinstance(font, (tuple, list)) and len(font) > 1 else 8
        _recorder.add(["text", _r(self._x), _r(self._y), str(arg), self._pencolor, align, size])

    def speed(self, speed=None):
        return 3 if speed is None else None

    def degrees(self, fullcircle=360.0):
        self._degrees = fullcircle

    def radians(self):
        self._degrees = 2 * math.pi

    # -- pen

    def penup(self):
        self._down = False

    pu = penup
    up = penup

    def pendown(self):
        self._down = True

    pd = pendown
    down = pendown

    def isdown(self):
        return self._down

    def pensize(self, width=None):
        if width is None:
            return self._width
        self._width = width

    width = pensize

    def pencolor(self, *args):
        if not args:
            return self._pencolor
        self._pencolor = _color(args)

    def fillcolor(self, *args):
        if not args:
            return self._fillcolor
        self._fillcolor = _color(args)

    def color(self, *args):
        if not args:
            return self._pencolor, self._fillcolor
        if len(args) == 2 and not all(isinstance(a, (int, float)) for a in args):
            self._pencolor, self._fillcolor = _color((args[0],)), _color((args[1],))
        else:
            self._pencolor = self._fillcolor = _color(args)

    def begin_fill(self):
        self._fill = [[_r(self._x), _r(self._y)]]

    def end_fill(self):
        if self._fill and len(self._fill) > 2:
            _recorder.add(["fill", self._fill, self._fillcolor])
        self._fill = None

    def filling(self):
        return self._fill is not None

    def hideturtle(self):
        self._visible = False
        self._state()

    ht = hideturtle

    def showturtle(self):
        self._visible = True
        self._state()

    st = showturtle

    def isvisible(self):
        return self._visible

    def shape(self, name=None):
        return "classic" if name is None else None

    def shapesize(self, *_args, **_kwargs):
        pass

    turtlesize = shapesize

    def clear(self):
        Screen().clear()

    def reset(self):
        self.clear()
        self.__init__()

    # -- reading state

    def position(self):
        return Vec2D(self._x, self._y)

    pos = position

    def xcor(self):
        return self._x

    def ycor(self):
        return self._y

    def heading(self):
        return self._heading * self._degrees / 360.0

    def distance(self, x, y=None):
        if y is None:
            x, y = x
        return math.hypot(x - self._x, y - self._y)

    def towards(self, x, y=None):
        if y is None:
            x, y = x
        return (math.degrees(math.atan2(y - self._y, x - self._x)) % 360) * self._degrees / 360.0

    def getscreen(self):
        return Screen()

    def hideturtle_all(self):
        self.hideturtle()


Pen = Turtle
RawTurtle = Turtle
_default = None


def _turtle():
    global _default
    if _default is None:
        _default = Turtle()
    return _default


def done():
    """Ends the drawing: what was drawn goes out now (the window of desktop Python would stay open)."""
    _recorder.flush()


mainloop = done
exitonclick = done
bye = done


def _module_function(name):
    def call(*args, **kwargs):
        return getattr(_turtle(), name)(*args, **kwargs)

    call.__name__ = name
    return call


for _name in [n for n in dir(Turtle) if not n.startswith("_") and n not in ("getscreen",)]:
    globals()[_name] = _module_function(_name)
    __all__.append(_name)

for _name in ("bgcolor", "setup", "screensize", "title", "tracer", "update", "colormode", "delay",
              "listen", "onkey", "onkeypress", "onclick", "onscreenclick", "ontimer", "window_width",
              "window_height", "clearscreen", "resetscreen", "mode", "turtles"):
    globals()[_name] = (lambda n: lambda *a, **k: getattr(Screen(), n)(*a, **k))(_name)
    __all__.append(_name)


def getscreen():
    return Screen()
