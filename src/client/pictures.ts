// Pictures in a run's output (issue 18): the sandbox's turtle and matplotlib backend write each picture
// to stdout as ESC ] slate;KIND;PAYLOAD BEL (sandbox/slate_pictures.py). PictureStream cuts a stream
// of output chunks into text and pictures, in order; renderPng and TurtleCanvas draw them.

export type TurtleOp = (string | number | boolean | number[][])[];
export type Segment = { text: string } | { png: string } | { turtle: TurtleOp[] };

const START = "\x1b]slate;";
const END = "\x07";

/** Splits output into text and pictures; a picture cut across chunks waits for its end. */
export class PictureStream {
  private partial = "";

  push(chunk: string): Segment[] {
    let text = this.partial + chunk;
    this.partial = "";
    const out: Segment[] = [];
    for (;;) {
      const at = text.indexOf(START);
      if (at === -1) {
        const keep = heldPrefix(text);
        if (text.length > keep) out.push({ text: text.slice(0, text.length - keep) });
        this.partial = text.slice(text.length - keep);
        return out;
      }
      if (at > 0) out.push({ text: text.slice(0, at) });
      const end = text.indexOf(END, at);
      if (end === -1) {
        this.partial = text.slice(at);
        return out;
      }
      const picture = parsePicture(text.slice(at + START.length, end));
      if (picture) out.push(picture);
      text = text.slice(end + 1);
    }
  }

  /** What is left when the run ends: an unfinished picture (the output cap cut it) is dropped. */
  end(): Segment[] {
    const rest = this.partial.startsWith(START) ? "" : this.partial;
    this.partial = "";
    return rest ? [{ text: rest }] : [];
  }
}

/** How many characters at the end of text could begin a picture (held back until the next chunk). */
function heldPrefix(text: string): number {
  for (let n = Math.min(START.length - 1, text.length); n > 0; n--) {
    if (START.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

function parsePicture(body: string): Segment | null {
  const cut = body.indexOf(";");
  const kind = body.slice(0, cut);
  const payload = body.slice(cut + 1);
  if (kind === "png" && /^[A-Za-z0-9+/]+=*$/.test(payload)) return { png: payload };
  if (kind === "turtle") {
    try {
      const ops = JSON.parse(payload);
      if (Array.isArray(ops)) return { turtle: ops.filter(Array.isArray) };
    } catch {
      return null;
    }
  }
  return null;
}

let figures = 0;

export function renderPng(base64: string): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "console-picture";
  const img = document.createElement("img");
  img.src = `data:image/png;base64,${base64}`;
  img.alt = `Figure ${++figures}`;
  figure.append(img);
  return figure;
}

// ---------------------------------------------------------------- turtle

const SPEEDS = [
  { label: "Slow", opsPerFrame: 1 },
  { label: "Normal", opsPerFrame: 4 },
  { label: "Fast", opsPerFrame: 30 },
  { label: "Instant", opsPerFrame: Number.POSITIVE_INFINITY },
] as const;

interface TurtleState {
  x: number;
  y: number;
  heading: number;
  visible: boolean;
}

/** One run's turtle drawing: animated op by op at the chosen speed; the final picture stays. */
export class TurtleCanvas {
  readonly element: HTMLElement;
  private readonly view: HTMLCanvasElement;
  private readonly drawing: HTMLCanvasElement;
  private queue: TurtleOp[] = [];
  private turtles = new Map<number, TurtleState>();
  private current = 1;
  private width = 400;
  private height = 400;
  private background = "white";
  private speed = 1;
  private frame = 0;
  /** Ops drawn so far (the browser test watches it grow). */
  drawn = 0;

  constructor() {
    this.element = document.createElement("figure");
    this.element.className = "turtle-figure";
    this.view = document.createElement("canvas");
    this.view.className = "turtle-canvas";
    this.view.setAttribute("role", "img");
    this.view.setAttribute("aria-label", "Turtle drawing");
    this.drawing = document.createElement("canvas");
    const bar = document.createElement("figcaption");
    bar.className = "turtle-controls";
    const label = document.createElement("label");
    label.textContent = "Speed ";
    const select = document.createElement("select");
    select.setAttribute("aria-label", "Drawing speed");
    SPEEDS.forEach((s, i) => {
      const option = new Option(s.label, String(i), i === this.speed, i === this.speed);
      select.append(option);
    });
    select.addEventListener("change", () => {
      this.speed = Number(select.value);
      this.schedule();
    });
    label.append(select);
    const download = document.createElement("button");
    download.type = "button";
    download.className = "btn btn-secondary btn-sm";
    download.textContent = "Download PNG";
    download.addEventListener("click", () => this.download());
    bar.append(label, download);
    this.element.append(this.view, bar);
    this.resize(400, 400);
  }

  add(ops: TurtleOp[]): void {
    this.queue.push(...ops);
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame && this.queue.length) this.frame = requestAnimationFrame(() => this.step());
  }

  private step(): void {
    this.frame = 0;
    const n = Math.min(this.queue.length, SPEEDS[this.speed]!.opsPerFrame);
    for (const op of this.queue.splice(0, n)) this.apply(op);
    this.drawn += n;
    this.paint();
    this.schedule();
  }

  private resize(width: number, height: number): void {
    this.width = Math.max(50, Math.min(2000, width));
    this.height = Math.max(50, Math.min(2000, height));
    const ratio = window.devicePixelRatio || 1;
    for (const c of [this.view, this.drawing]) {
      c.width = Math.round(this.width * ratio);
      c.height = Math.round(this.height * ratio);
    }
    this.view.style.aspectRatio = `${this.width} / ${this.height}`;
    this.view.style.maxWidth = `${this.width}px`;
    this.pen().setTransform(ratio, 0, 0, -ratio, (this.width / 2) * ratio, (this.height / 2) * ratio);
  }

  private pen(): CanvasRenderingContext2D {
    return this.drawing.getContext("2d")!;
  }

  private apply(op: TurtleOp): void {
    const g = this.pen();
    const num = (i: number) => Number(op[i]) || 0;
    const str = (i: number) => String(op[i] ?? "");
    switch (op[0]) {
      case "line": {
        g.strokeStyle = str(5) || "black";
        g.lineWidth = Math.max(0.5, num(6));
        g.lineCap = "round";
        g.beginPath();
        g.moveTo(num(1), num(2));
        g.lineTo(num(3), num(4));
        g.stroke();
        const t = this.turtles.get(this.current);
        if (t) Object.assign(t, { x: num(3), y: num(4) });
        break;
      }
      case "fill": {
        const points = (op[1] as number[][]) ?? [];
        g.fillStyle = str(2) || "black";
        g.beginPath();
        for (const [i, [x = 0, y = 0]] of points.entries()) {
          if (i) g.lineTo(x, y);
          else g.moveTo(x, y);
        }
        g.closePath();
        g.globalCompositeOperation = "destination-over"; // under the outline drawn before it
        g.fill();
        g.globalCompositeOperation = "source-over";
        break;
      }
      case "dot":
        g.fillStyle = str(4) || "black";
        g.beginPath();
        g.arc(num(1), num(2), Math.max(0.5, num(3) / 2), 0, Math.PI * 2);
        g.fill();
        break;
      case "text":
        g.save();
        g.scale(1, -1);
        g.fillStyle = str(4) || "black";
        g.font = `${Math.round(num(6) * 1.33) || 11}px sans-serif`;
        g.textAlign = str(5) === "center" ? "center" : str(5) === "right" ? "right" : "left";
        g.fillText(str(3), num(1), -num(2));
        g.restore();
        break;
      case "bg":
        this.background = str(1) || "white";
        break;
      case "setup":
        this.resize(num(1), num(2));
        break;
      case "clear":
        g.save();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.clearRect(0, 0, this.drawing.width, this.drawing.height);
        g.restore();
        break;
      case "turtle":
        this.current = num(1);
        this.turtles.set(num(1), { x: num(2), y: num(3), heading: num(4), visible: op[5] === true });
        break;
    }
  }

  /** The drawing on its background, and a small arrow for each visible turtle. */
  private paint(): void {
    const v = this.view.getContext("2d")!;
    v.setTransform(1, 0, 0, 1, 0, 0);
    v.fillStyle = this.background;
    v.fillRect(0, 0, this.view.width, this.view.height);
    v.drawImage(this.drawing, 0, 0);
    const ratio = this.view.width / this.width;
    v.setTransform(ratio, 0, 0, -ratio, (this.width / 2) * ratio, (this.height / 2) * ratio);
    for (const t of this.turtles.values()) {
      if (!t.visible) continue;
      v.save();
      v.translate(t.x, t.y);
      v.rotate((t.heading * Math.PI) / 180);
      v.fillStyle = "#1f6feb";
      v.beginPath();
      v.moveTo(9, 0);
      v.lineTo(-6, 5);
      v.lineTo(-3, 0);
      v.lineTo(-6, -5);
      v.closePath();
      v.fill();
      v.restore();
    }
  }

  /** The final picture (all of it, even while the animation runs), background included. */
  private download(): void {
    while (this.queue.length) this.apply(this.queue.shift()!);
    this.paint();
    const out = document.createElement("canvas");
    out.width = this.drawing.width;
    out.height = this.drawing.height;
    const g = out.getContext("2d")!;
    g.fillStyle = this.background;
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(this.drawing, 0, 0);
    const link = document.createElement("a");
    link.download = "turtle.png";
    link.href = out.toDataURL("image/png");
    link.click();
  }
}
