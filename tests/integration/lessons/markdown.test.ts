// Lesson Markdown both ways (import parsing, its errors with line numbers, export, the round trip)
// and the page pipeline's sanitizing: pure functions, no app needed.
import { describe, expect, test } from "bun:test";
import {
  exportLessonMarkdown,
  pageHeadingLine,
  parseLessonMarkdown,
} from "../../../src/features/lessons/markdown-format.ts";
import { parseHosts, renderLessonPage, snippetCodes } from "../../../src/features/lessons/render.ts";

const TRICKY = [
  "# Lists, loops & “quotes” — ünïcødé 🐍",
  "",
  "What we cover.  ",
  "Second line with trailing spaces   ",
  "",
  "## A level-2 heading in the description",
  "",
  "### Fences inside pages",
  "",
  "````markdown",
  "```python",
  "### not a page: inside a fence",
  "```",
  "````",
  "",
  "~~~",
  "# not a title either",
  "~~~",
  "",
  "```py",
  "name = input('Name? ')",
  "print(f'Hi {name}!')  ",
  "```",
  "",
  "#### Level four stays in the page",
  "# Level one inside a page",
  "",
  "### Tables and more",
  "",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "```python",
  "for i in range(3):",
  "    print(i)",
  "```",
  "",
  "```js",
  "console.log('plain code')",
  "```",
  "### Empty page",
].join("\n");

describe("import", () => {
  test("title, description, pages and their snippets", () => {
    const r = parseLessonMarkdown(TRICKY);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.lesson.title).toBe("Lists, loops & “quotes” — ünïcødé 🐍");
    expect(r.lesson.description).toBe(
      "What we cover.  \nSecond line with trailing spaces   \n\n## A level-2 heading in the description",
    );
    expect(r.lesson.pages.map((p) => p.title)).toEqual([
      "Fences inside pages",
      "Tables and more",
      "Empty page",
    ]);
    expect(r.lesson.pages[0]!.body).toContain("### not a page: inside a fence");
    expect(r.lesson.pages[0]!.body).toContain("# Level one inside a page");
    expect(r.lesson.pages[2]!.body).toBe("");
    // ```py and ```python are runnable; ```js and the python fence shown inside ````markdown are not.
    expect(snippetCodes(r.lesson.pages[0]!.body)).toEqual(["name = input('Name? ')\nprint(f'Hi {name}!')  "]);
    expect(snippetCodes(r.lesson.pages[1]!.body)).toEqual(["for i in range(3):\n    print(i)"]);
  });

  test("\\r\\n and \\r line endings are normalised", () => {
    const unix = parseLessonMarkdown(TRICKY);
    const dos = parseLessonMarkdown(TRICKY.replace(/\n/g, "\r\n"));
    const mac = parseLessonMarkdown(TRICKY.replace(/\n/g, "\r"));
    expect(dos).toEqual(unix);
    expect(mac).toEqual(unix);
  });

  test("errors name their line", () => {
    expect(parseLessonMarkdown("\n\nSome text first\n# Title\n### P")).toEqual({
      ok: false,
      errors: [{ line: 3, message: expect.stringContaining("starts with its title") }],
    });
    const r = parseLessonMarkdown("# T\n\nintro\n### \ntext\n### Code\n```python\nprint(1)\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([4, 7]);
    expect(r.errors[0]!.message).toContain("no title");
    expect(r.errors[1]!.message).toContain("never closed");
    const none = parseLessonMarkdown("# Only a title\n\nand a description");
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors[0]!.message).toContain("no pages");
    expect(parseLessonMarkdown("   \n").ok).toBe(false);
  });
});

describe("export", () => {
  test("round trip without loss, including tricky content", () => {
    const first = parseLessonMarkdown(TRICKY);
    if (!first.ok) throw new Error("import failed");
    const md = exportLessonMarkdown(first.lesson);
    const again = parseLessonMarkdown(md);
    expect(again).toEqual(first);
    expect(exportLessonMarkdown(first.lesson)).toBe(md); // stable
  });

  test("a page body with a ### heading outside code is found (it would split the page)", () => {
    expect(pageHeadingLine("text\n\n### Oops\nmore")).toBe(3);
    expect(pageHeadingLine("```\n### fine\n```\n#### fine too")).toBeNull();
  });
});

describe("rendering a page", () => {
  const hosts = ["www.youtube-nocookie.com", "player.vimeo.com"];
  const render = (md: string) => renderLessonPage(md, { hosts });

  test("scripts, event handlers and javascript: URLs are removed", () => {
    const html = render(
      [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)"> <a href="javascript:alert(1)" onclick="x()">link</a>',
        "[md link](javascript:alert(1)) ![img](javascript:alert(2))",
        '<div onmouseover="x()" style="color:red">styled</div>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<a href="JaVaScRiPt:alert(1)">caps</a> <a href="&#106;avascript:alert(1)">entity</a>',
      ].join("\n\n"),
    );
    expect(html).not.toContain("<script");
    expect(html.toLowerCase()).not.toContain("javascript:");
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toContain("style=");
    expect(html).not.toContain("<iframe");
  });

  test("videos only from the allowed hosts, over https, sandboxed with autoplay and fullscreen only", () => {
    const html = render(
      [
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" sandbox="allow-top-navigation allow-popups" allow="camera; microphone" srcdoc="<script>x</script>" onload="x()"></iframe>',
        '<iframe src="https://evil.example.com/embed/abc"></iframe>',
        '<iframe src="http://player.vimeo.com/video/1"></iframe>',
        '<iframe src="//player.vimeo.com/video/1"></iframe>',
        '<iframe src="/lessons/1/edit"></iframe>',
      ].join("\n\n"),
    );
    const frames = html.match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('src="https://www.youtube-nocookie.com/embed/abc"');
    expect(frames[0]).toContain('sandbox="allow-scripts allow-same-origin allow-presentation"');
    expect(frames[0]).toContain('allow="autoplay; fullscreen"');
    expect(frames[0]).not.toContain("top-navigation");
    expect(frames[0]).not.toContain("camera");
    expect(frames[0]).not.toContain("srcdoc");
    expect(frames[0]).not.toContain("onload");
    expect(
      renderLessonPage('<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>', { hosts: [] }),
    ).not.toContain("<iframe");
  });

  test("tables, highlighted code, and snippets that HTML cannot forge", () => {
    const html = renderLessonPage(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(\'hi\')\n```\n\n<div class="snippet" data-snippet="999">forged</div>\n\n<p>SLATE-SNIPPET-0-0</p>',
      { hosts, snippets: [{ id: 5, code: "print('mine')", original: "print('hi')" }] },
    );
    expect(html).toContain("<table>");
    expect(html).toContain('data-snippet="5"');
    expect(html).not.toContain('data-snippet="999"');
    expect(html).toContain('<span class="tok-string">');
    expect(html).toContain("mine"); // the student's own version is what shows
  });

  test("allowed host lists are checked", () => {
    expect(parseHosts("https://www.youtube-nocookie.com/\nplayer.vimeo.com, PLAYER.vimeo.com")).toEqual({
      hosts: ["www.youtube-nocookie.com", "player.vimeo.com"],
      bad: null,
    });
    expect(parseHosts("javascript:alert(1)").bad).toBe("javascript:alert(1)");
    expect(parseHosts("localhost").bad).toBe("localhost");
  });
});
