// SVG arrows from each pointer (a variable or a container element) to the object it refers to,
// recomputed after every step and whenever the layout changes size. All positions are read in one
// pass after the step's HTML is in place (one layout). Every arrow goes into ONE path (lines) and one
// more (heads and tails), so a step changes two attributes instead of making hundreds of elements.
//
// Reading a position costs about as much per element as a small layout, and a step of a program with
// 200 objects has some 400 to read. Most of them are pointers inside a frame or an object that the
// step did not redraw (the view keeps unchanged elements), and where a pointer sits inside its block
// does not depend on where the block is. So each block (a frame, or an object in the Objects column)
// is read once per step, and the offsets of the pointers inside it are kept with the element until it
// is redrawn, patched (forgetPointers) or the columns change width.
const NS = "http://www.w3.org/2000/svg";

/** A pointer's centre relative to its block's top-left corner, and the object it points to. */
type Pointer = { ref: string; x: number; y: number };

/** Blocks whose pointers are measured once: the frames and the top-level objects. */
const BLOCKS = "[data-frames] > [data-frame], [data-objects] > [data-obj]";

/** Per block, its pointers and the layout generation they were measured in. */
const pointerCache = new WeakMap<Element, { generation: number; pointers: Pointer[] }>();
let generation = 0;
/** Each host's width when its blocks were last read. */
const measuredWidths = new WeakMap<HTMLElement, number>();

/** The pointers inside `el` changed (a cell was rewritten): measure them again next time. */
export function forgetPointers(el: Element): void {
  pointerCache.delete(el);
}

/** Every kept offset is dropped (fonts loaded, the layout was resized): all are measured again. */
export function forgetAllPointers(): void {
  generation++;
}

function pointersOf(block: Element, box: DOMRect): Pointer[] {
  const kept = pointerCache.get(block);
  if (kept && kept.generation === generation) return kept.pointers;
  const pointers: Pointer[] = [];
  for (const src of block.querySelectorAll<HTMLElement>("[data-ref]")) {
    const s = src.getBoundingClientRect();
    pointers.push({
      ref: src.dataset.ref!,
      x: s.left + s.width / 2 - box.left,
      y: s.top + s.height / 2 - box.top,
    });
  }
  pointerCache.set(block, { generation, pointers });
  return pointers;
}

export function ensureSvg(host: HTMLElement): SVGSVGElement {
  let svg = host.querySelector<SVGSVGElement>(":scope > svg.viz-arrows");
  if (!svg) {
    svg = document.createElementNS(NS, "svg");
    svg.classList.add("viz-arrows");
    svg.setAttribute("aria-hidden", "true");
    svg.innerHTML = '<path class="viz-arrow-lines"/><path class="viz-arrow-heads"/>';
    host.prepend(svg);
  }
  return svg;
}

const f = (n: number) => n.toFixed(1);

/** What the two paths and the svg's size were last set to, so unchanged ones are not written. */
const written = new WeakMap<SVGSVGElement, { w: string; h: string; line: string; head: string }>();

/** Draws the arrows; returns how many. */
export function drawArrows(host: HTMLElement): number {
  const svg = ensureSvg(host);
  const [lines, heads] = svg.querySelectorAll("path") as unknown as [SVGPathElement, SVGPathElement];
  const origin = host.getBoundingClientRect();
  if (origin.width !== measuredWidths.get(host)) {
    // Wider or narrower columns lay blocks out anew inside: no kept offset holds.
    generation++;
    measuredWidths.set(host, origin.width);
  }
  const width = String(host.scrollWidth);
  const height = String(host.scrollHeight);
  const dx = host.scrollLeft - origin.left;
  const dy = host.scrollTop - origin.top;
  const targets = new Map<string, DOMRect | null>();
  const sources: { box: DOMRect; pointers: Pointer[] }[] = [];
  for (const block of host.querySelectorAll<HTMLElement>(BLOCKS)) {
    const box = block.getBoundingClientRect();
    if (block.dataset.obj !== undefined) targets.set(block.dataset.obj, box);
    sources.push({ box, pointers: pointersOf(block, box) });
  }
  let line = "";
  let head = "";
  let count = 0;
  for (const { box: from, pointers } of sources) {
    for (const { ref: id, x, y } of pointers) {
      let box = targets.get(id);
      if (box === undefined) {
        // A nested object (drawn inside its parent) is not a block of its own.
        box = host.querySelector(`#viz-o-${id}`)?.getBoundingClientRect() ?? null;
        targets.set(id, box);
      }
      if (!box) continue;
      const x1 = from.left + x + dx;
      const y1 = from.top + y + dy;
      const backwards = box.left + dx < x1;
      const x2 = (backwards ? box.right : box.left) + dx + (backwards ? 2 : -2);
      const y2 = box.top + dy + 12;
      const bend = Math.max(30, Math.abs(x2 - x1) / 2);
      const c2 = backwards ? x2 + bend : x2 - bend;
      const tip = backwards ? 7 : -7; // the head points into the object from the side it arrives on
      line += `M${f(x1)},${f(y1)}C${f(x1 + bend)},${f(y1)} ${f(c2)},${f(y2)} ${f(x2 + tip)},${f(y2)}`;
      head += `M${f(x2)},${f(y2)}l${tip},-4v8z M${f(x1 - 3)},${f(y1)}a3,3 0 1,0 6,0a3,3 0 1,0 -6,0`;
      count++;
    }
  }
  // Written after every read above: a write first would force a second layout.
  const last = written.get(svg);
  if (last?.w !== width) svg.setAttribute("width", width);
  if (last?.h !== height) svg.setAttribute("height", height);
  if (last?.line !== line) lines.setAttribute("d", line);
  if (last?.head !== head) heads.setAttribute("d", head);
  written.set(svg, { w: width, h: height, line, head });
  svg.dataset.count = String(count);
  return count;
}
