// SVG arrows from each pointer (a variable or a container element) to the object it refers to,
// recomputed after every step and whenever the layout changes size. All positions are read in one
// pass after the step's HTML is in place (one layout). Every arrow goes into ONE path (lines) and one
// more (heads and tails), so a step changes two attributes instead of making hundreds of elements.
const NS = "http://www.w3.org/2000/svg";

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

/** Draws the arrows; returns how many. */
export function drawArrows(host: HTMLElement): number {
  const svg = ensureSvg(host);
  const [lines, heads] = svg.querySelectorAll("path") as unknown as [SVGPathElement, SVGPathElement];
  const origin = host.getBoundingClientRect();
  const width = String(host.scrollWidth);
  const height = String(host.scrollHeight);
  const sources = host.querySelectorAll<HTMLElement>("[data-ref]");
  const targets = new Map<string, DOMRect | null>();
  const dx = host.scrollLeft - origin.left;
  const dy = host.scrollTop - origin.top;
  let line = "";
  let head = "";
  let count = 0;
  for (const src of sources) {
    const id = src.dataset.ref!;
    let box = targets.get(id);
    if (box === undefined) {
      box = host.querySelector(`#viz-o-${id}`)?.getBoundingClientRect() ?? null;
      targets.set(id, box);
    }
    if (!box) continue;
    const s = src.getBoundingClientRect();
    const x1 = s.left + s.width / 2 + dx;
    const y1 = s.top + s.height / 2 + dy;
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
  // Written after every read above: a write first would force a second layout.
  if (svg.getAttribute("width") !== width) svg.setAttribute("width", width);
  if (svg.getAttribute("height") !== height) svg.setAttribute("height", height);
  if (lines.getAttribute("d") !== line) lines.setAttribute("d", line);
  if (heads.getAttribute("d") !== head) heads.setAttribute("d", head);
  svg.dataset.count = String(count);
  return count;
}
