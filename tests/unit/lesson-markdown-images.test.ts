// The pure half of lesson images in Markdown: definitions are read outside code only, references
// become addresses and back, the export's definitions come in order of first use (deterministic),
// and only the lesson's own images become references.
import { describe, expect, test } from "bun:test";
import { parseLessonMarkdown } from "../../src/features/lessons/markdown-format.ts";
import {
  decodeImages,
  imageAddresses,
  withImageAddresses,
  withImageReferences,
} from "../../src/features/lessons/markdown-images.ts";

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));
const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

describe("import", () => {
  test("definitions outside code are taken out of the page; inside code they stay", () => {
    const md = `# T\n\n### P\n\n![x][img-a]\n\n\`\`\`\n[img-z]: data:image/png;base64,${PNG}\n\`\`\`\n\n[img-a]: data:image/png;base64,${PNG}\n`;
    const parsed = parseLessonMarkdown(md);
    if (!parsed.ok) throw new Error("not parsed");
    expect(parsed.images.map((d) => [d.label, d.line])).toEqual([["img-a", 11]]);
    expect(parsed.uses).toEqual([{ label: "img-a", alt: "x", line: 5 }]);
    expect(parsed.lesson.pages[0]!.body).toBe(
      `![x][img-a]\n\n\`\`\`\n[img-z]: data:image/png;base64,${PNG}\n\`\`\``,
    );
    const decoded = decodeImages(parsed.images, parsed.uses);
    if (!decoded.ok) throw new Error("not decoded");
    const sha = decoded.images.get("img-a")!.sha256;
    expect(withImageAddresses(parsed.lesson.pages[0]!.body, 7, decoded.images)).toStartWith(
      `![x](/lessons/7/images/${sha})\n`,
    );
  });
});

describe("export", () => {
  const files = [
    { sha256: SHA_A, mime: "image/png", body: bytes(PNG) },
    { sha256: SHA_B, mime: "image/gif", body: bytes(GIF) },
  ];

  test("own images become references, defined once each in order of first use", () => {
    const texts = [
      `![b](/lessons/3/images/${SHA_B}) ![a](/lessons/3/images/${SHA_A})`,
      `![a again](/lessons/3/images/${SHA_A}) ![other lesson](/lessons/4/images/${SHA_A})`,
      `\`\`\`\n![in code](/lessons/3/images/${SHA_A})\n\`\`\``,
    ];
    const out = withImageReferences(texts, 3, files);
    expect(out.texts[0]).toBe("![b][img-bbbbbbbbbbbb] ![a][img-aaaaaaaaaaaa]");
    expect(out.texts[1]).toBe(`![a again][img-aaaaaaaaaaaa] ![other lesson](/lessons/4/images/${SHA_A})`);
    expect(out.texts[2]).toBe(texts[2]!);
    expect(out.definitions).toEqual([
      `[img-bbbbbbbbbbbb]: data:image/gif;base64,${GIF}`,
      `[img-aaaaaaaaaaaa]: data:image/png;base64,${PNG}`,
    ]);
    expect(withImageReferences(texts, 3, files)).toEqual(out);
  });

  test("addresses of other lessons are found once each, not in code", () => {
    expect(
      imageAddresses([
        `![a](/lessons/4/images/${SHA_A}) ![a](/lessons/4/images/${SHA_A})`,
        `\`\`\`\n![b](/lessons/5/images/${SHA_B})\n\`\`\``,
      ]),
    ).toEqual([{ lessonId: 4, sha256: SHA_A }]);
  });
});
