// SVG arrows from each pointer (a variable or a container element) to the object it refers to,
// recomputed after every step and whenever the layout changes size. All positions are read in one
// pass after the step's HTML is in place (one layout), then the path string is written once.
const NS = "http://www.w3.org/2000/svg";

export function ensureSvg(host: HTMLElement): SVGSVGElement {
  let svg = host.querySelector<SVGSVGElement>(":scope > svg.viz-arrows");
  if (!svg) {
    svg = document.createElementNS(NS, "svg");
    svg.classList.add("viz-arrows");
    svg.setAttribute("aria-hidden", "true");
    svg.innerHTML =
      '<defs><marker id="viz-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="viz-arrowhead"/></marker></defs><g class="viz-arrow-list"></g>';
    host.prepend(svg);
  }
  return svg;
}

export function drawArrows(host: HTMLElement): number {
  const svg = ensureSvg(host);
  const list = svg.querySelector("g.viz-arrow-list")!;
  const origin = host.getBoundingClientRect();
  const sources = host.querySelectorAll<HTMLElement>("[data-ref]");
  const targets = new Map<string, DOMRect>();
  const segments: string[] = [];
  const dx = host.scrollLeft - origin.left;
  const dy = host.scrollTop - origin.top;
  for (const src of sources) {
    const id = src.dataset.ref!;
    let box = targets.get(id);
    if (!box) {
      const el = host.querySelector(`#viz-o-${id}`);
      if (!el) continue;
      box = el.getBoundingClientRect();
      targets.set(id, box);
    }
    const s = src.getBoundingClientRect();
    const x1 = s.left + s.width / 2 + dx;
    const y1 = s.top + s.height / 2 + dy;
    const backwards = box.left + dx < x1;
    const x2 = (backwards ? box.right : box.left) + dx + (backwards ? 2 : -2);
    const y2 = box.top + dy + 12;
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    const c1 = x1 + bend;
    const c2 = backwards ? x2 + bend : x2 - bend;
    segments.push(`<path d="M${x1.toFixed(1)},${y1.toFixed(1)} C${c1.toFixed(1)},${y1.toFixed(1)} ${c2.toFixed(1)},${y2.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" marker-end="url(#viz-head)"/><circle cx="${x1.toFixed(1)}" cy="${y1.toFixed(1)}" r="3"/>`);
  }
  svg.setAttribute("width", String(host.scrollWidth));
  svg.setAttribute("height", String(host.scrollHeight));
  list.innerHTML = segments.join("");
  return segments.length;
}
