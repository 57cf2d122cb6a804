// Turtle drawings and matplotlib figures in a run's output (issue 18), against the real sandbox: each
// picture is one escape sequence in stdout, in order with the printed text; PNGs are real PNGs of the
// figure's size; turtle recordings hold the drawing; pictures count against the output cap.
import { describe, expect, test } from "bun:test";
import type { JobLimits } from "../../../src/sandbox/index.ts";
import { useClassroom } from "../../helpers/classroom.ts";

const { t } = useClassroom({ sandbox: { max: 2 }, section: false });

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequence is the point
const PICTURE = /\x1b\]slate;(png|turtle);([^\x07]*)\x07/g;

async function run(code: string, limits: Partial<JobLimits> = {}) {
  let stdout = "";
  let stderr = "";
  const handle = t.ctx.sandbox!.run(
    {
      files: [{ name: "main.py", content: code }],
      main: "main.py",
      stdin: "",
      limits: { wallSeconds: 60, ...limits },
    },
    { onStdout: (s) => (stdout += s), onStderr: (s) => (stderr += s) },
  );
  const result = await handle.result;
  const pictures = [...stdout.matchAll(PICTURE)].map((m) => ({ kind: m[1]!, payload: m[2]! }));
  const text = stdout.replace(PICTURE, "<picture>");
  return { result, stdout, stderr, pictures, text };
}

function pngSize(base64: string): { width: number; height: number; bytes: Buffer } {
  const bytes = Buffer.from(base64, "base64");
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes };
}

describe("matplotlib", () => {
  test("plt.show() and savefig put figures inline, in order with the text, several per run", async () => {
    const r = await run(`import matplotlib.pyplot as plt
import numpy as np
print("before")
x = np.linspace(0, 6.28, 50)
plt.plot(x, np.sin(x))
plt.show()
print("between")
fig = plt.figure(figsize=(3, 2))
plt.bar([1, 2, 3], [3, 1, 2])
fig.savefig("bars.png")
print("after", open("bars.png", "rb").read()[:4] == b"\\x89PNG")
`);
    expect(r.stderr).toBe("");
    expect(r.result.exitCode).toBe(0);
    expect(r.text).toBe("before\n<picture>between\n<picture>after True\n");
    expect(r.pictures.map((p) => p.kind)).toEqual(["png", "png"]);
    const first = pngSize(r.pictures[0]!.payload);
    expect(first).toMatchObject({ width: 614, height: 460 }); // 6.4 x 4.8 inches at 96 dpi
    expect(first.bytes.length).toBeGreaterThan(5000);
    expect(pngSize(r.pictures[1]!.payload)).toMatchObject({ width: 288, height: 192 });
  }, 120_000);

  test("figures count against the output cap: too many stop the run, marked truncated", async () => {
    const r = await run(
      "import matplotlib.pyplot as plt\nfor i in range(200):\n    plt.plot(range(i + 2))\n    plt.show()\n",
      { outputBytes: 200 * 1024 },
    );
    expect(r.stderr).toBe("");
    expect(r.result.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(200 * 1024);
  }, 120_000);
});

describe("turtle", () => {
  test("import turtle works without a display and records the drawing; done() ends it", async () => {
    const r = await run(`import turtle
t = turtle.Turtle()
t.color("red", "yellow")
t.begin_fill()
for _ in range(4):
    t.forward(100)
    t.left(90)
t.end_fill()
turtle.bgcolor("lightblue")
t.penup()
t.goto(-50, -50)
t.pendown()
t.circle(40)
t.write("hi")
print("drawn")
turtle.done()
`);
    expect(r.stderr).toBe("");
    expect(r.text).toBe("drawn\n<picture>");
    const ops = r.pictures.flatMap((p) => JSON.parse(p.payload) as unknown[][]);
    const lines = ops.filter((o) => o[0] === "line");
    expect(lines[0]).toEqual(["line", 0, 0, 100, 0, "red", 1]);
    expect(lines.length).toBeGreaterThan(20); // the square and the circle's segments
    expect(ops.find((o) => o[0] === "fill")).toEqual([
      "fill",
      [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
        [0, 0],
      ],
      "yellow",
    ]);
    expect(ops).toContainEqual(["bg", "lightblue"]);
    expect(ops.some((o) => o[0] === "text" && o[3] === "hi")).toBe(true);
  }, 60_000);

  test("a long drawing streams in chunks and a drawing over the cap is stopped", async () => {
    const long = await run(
      "import turtle\nfor i in range(1000):\n    turtle.forward(1)\n    turtle.left(1)\n",
    );
    expect(long.pictures.length).toBeGreaterThan(2);
    const endless = await run("import turtle\nwhile True:\n    turtle.forward(1)\n    turtle.left(7)\n", {
      outputBytes: 64 * 1024,
    });
    expect(endless.result.truncated).toBe(true);
  }, 60_000);
});
