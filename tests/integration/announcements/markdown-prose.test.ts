// Teachers' prose renders as sanitized Markdown wherever it is shown, not only in tasks and problems:
// section descriptions, announcements, notifications (the page, the bell, the student's home) and
// toasts. Titles take inline Markdown only (they sit inside links); toasts and excerpts take plain text.
import { beforeAll, describe, expect, test } from "bun:test";
import { markdownExcerpt, markdownToText, renderInlineMarkdown } from "../../../src/lib/markdown.ts";
import { Toast } from "../../../src/ui/bell.tsx";
import { loginAs } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";

const { t, teacher, f } = useClassroom({ section: "Python A", fixture: {} });
let ann: Client;

const HOSTILE = '<script>alert(1)</script><img src="x" onerror="alert(2)"> [x](javascript:alert(3))';

beforeAll(async () => {
  ann = await loginAs(new Client(t), "ann");
  const saved = await teacher.post(`/sections/${f.sectionId}`, {
    name: "Python A",
    term: "",
    description: `Welcome to **Python**!\nBring a laptop.\n\n${HOSTILE}`,
  });
  expect(saved.status).toBe(303);
  const posted = await teacher.post(`/sections/${f.sectionId}/announcements`, {
    title: "**Quiz** on _Friday_ [here](https://example.org)",
    body: "Bring *a pencil*.\nChapter `3`.\n\n- loops\n- lists",
  });
  expect(posted.status).toBe(303);
});

const noHostileMarkup = (html: string) => {
  expect(html).not.toContain("<script>alert");
  expect(html).not.toContain("onerror");
  expect(html).not.toContain('href="javascript:');
};

describe("section descriptions", () => {
  test("render as Markdown, keeping line breaks, for teachers and students", async () => {
    for (const client of [teacher, ann]) {
      const html = await (await client.get(`/sections/${f.sectionId}`)).text();
      expect(html).toMatch(
        /<div class="prose lead-text"><p>Welcome to <strong>Python<\/strong>!<br \/>\s*Bring a laptop\.<\/p>/,
      );
      expect(html).not.toContain("**Python**");
      noHostileMarkup(html);
    }
  });

  test("the section form previews Markdown as it is shown", async () => {
    const html = await (await teacher.get(`/sections/${f.sectionId}/edit`)).text();
    expect(html).toContain('hx-post="/manage/markdown?field=description&amp;breaks=1"');
    const res = await teacher.post("/manage/markdown?field=description&breaks=1", {
      description: "a\nb **c**",
    });
    expect(await res.text()).toBe("<p>a<br />b <strong>c</strong></p>\n");
    // Task descriptions keep Markdown's own paragraphs.
    const task = await teacher.post("/manage/markdown?field=description", { description: "a\nb" });
    expect(await task.text()).toBe("<p>a\nb</p>\n");
  });
});

describe("announcements and notifications", () => {
  test("the announcements page renders the title inline and the body as Markdown", async () => {
    for (const client of [teacher, ann]) {
      const html = await (await client.get(`/sections/${f.sectionId}/announcements`)).text();
      expect(html).toContain("<strong><strong>Quiz</strong> on <em>Friday</em> here</strong>");
      expect(html).toContain("<p>Bring <em>a pencil</em>.<br />Chapter <code>3</code>.</p>");
      expect(html).toContain("<li>loops</li>");
      expect(html).not.toContain("*a pencil*");
    }
    // The teacher's form previews the message like it is shown.
    const form = await (await teacher.get(`/sections/${f.sectionId}/announcements`)).text();
    expect(form).toContain('hx-post="/manage/markdown?field=body&amp;breaks=1"');
  });

  test("the notifications page, the bell and the student's home render it too", async () => {
    const page = await (await ann.get("/notifications")).text();
    expect(page).toContain("<strong><strong>Quiz</strong> on <em>Friday</em> here</strong>");
    expect(page).toContain("<p>Bring <em>a pencil</em>.<br />Chapter <code>3</code>.</p>");
    expect(page).toContain('<span class="sr-only">: Quiz on Friday here</span>'); // the button's name

    const bell = await (await ann.get("/notifications/menu")).text();
    expect(bell).toContain("<strong><strong>Quiz</strong> on <em>Friday</em> here</strong>");
    expect(bell).toContain('<span class="bell-excerpt">Bring a pencil. Chapter 3. loops lists</span>');
    expect(bell).not.toContain("https://example.org"); // no link inside the bell's link

    const home = await (await ann.get("/")).text();
    expect(home).toMatch(
      /<a href="\/notifications#n\d+"><strong>Quiz<\/strong> on <em>Friday<\/em> here<\/a>/,
    );
  });

  test("a toast shows the title as plain text", async () => {
    const html = String(await Toast({ title: "Python A: **Quiz** <b>now</b>", link: "/notifications" }));
    expect(html).toContain(">Python A: Quiz now</a>");
  });
});

describe("the Markdown helpers", () => {
  test("inline Markdown keeps emphasis and code, never links, images or scripts", () => {
    expect(renderInlineMarkdown("**a** _b_ `c` [d](https://e.org) ![i](x.png)")).toBe(
      "<strong>a</strong> <em>b</em> <code>c</code> d ",
    );
    expect(renderInlineMarkdown('<script>x</script><b onclick="y">z</b> 1 < 2 & 3')).toBe(
      "z 1 &lt; 2 &amp; 3",
    );
  });

  test("plain text drops the markup and keeps the words, unescaped (JSX escapes them)", () => {
    expect(markdownToText('# Hi\n\n**a** & `<b>` 1 < 2 "q"\n\n- x\n- y')).toBe('Hi a & <b> 1 < 2 "q" x y');
    expect(markdownToText(HOSTILE)).toBe("[x](javascript:alert(3))"); // marked links no javascript: URL
  });

  test("an excerpt is cut at a word", () => {
    expect(markdownExcerpt("short", 10)).toBe("short");
    expect(markdownExcerpt("one two three four", 12)).toBe("one two…");
    expect(markdownExcerpt("abcdefghijklmnop", 5)).toBe("abcde…");
  });
});
