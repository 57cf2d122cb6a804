// Draws one trace point as HTML: the Frames column (Global, then every call) and the Objects column
// (lists, tuples, sets and dicts as indexed tables with a type header, instances and classes with their
// attributes, functions, modules, other values). Strings are built and set once per step (one layout);
// arrows.ts then draws the SVG arrows between them. Only what the shown frames can reach is drawn.
import type { HeapObject, TraceFrame, TracePoint, Value } from "../../features/visualizer/codec.ts";
import { forgetPointers } from "./arrows.ts";

export interface RenderOptions {
  grid: boolean;
  showReturned: boolean;
  nest: boolean;
  textLabels: boolean;
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"));

function isRef(v: unknown): v is ["REF", number] {
  return Array.isArray(v) && v[0] === "REF" && typeof v[1] === "number";
}

/** A primitive as Python writes it. */
export function pyValue(v: Value | unknown): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string")
    return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  return String(v);
}

const TYPE_NAMES: Record<string, string> = { LIST: "list", TUPLE: "tuple", SET: "set", DICT: "dict" };

export function visibleFrames(point: TracePoint, o: RenderOptions): TraceFrame[] {
  return o.showReturned ? point.stack_to_render : point.stack_to_render.filter((f) => !f.is_zombie);
}

export class Painter {
  private readonly drawn = new Set<number>();
  /** Objects in order of first reference from the frames: what the Objects column shows. */
  readonly order: number[] = [];
  private readonly queued = new Set<number>();

  constructor(
    private readonly heap: Record<string, HeapObject>,
    private readonly o: RenderOptions,
  ) {}

  value(v: unknown, nestDepth = 0): string {
    if (!isRef(v)) return `<span class="viz-prim">${esc(pyValue(v))}</span>`;
    const id = v[1];
    const obj = this.heap[String(id)];
    if (obj && obj[0] === "HEAP_PRIMITIVE") return this.refCell(id);
    if (this.o.nest && nestDepth < 6 && obj && !this.drawn.has(id)) {
      this.drawn.add(id);
      return this.object(id, obj, nestDepth + 1);
    }
    return this.refCell(id);
  }

  private refCell(id: number): string {
    if (!this.queued.has(id)) {
      this.queued.add(id);
      this.order.push(id);
    }
    if (this.o.textLabels) return `<span class="viz-label" data-label-ref="${id}">id${id}</span>`;
    return `<span class="viz-ptr" data-ref="${id}" role="img" aria-label="points to object id${id}"></span>`;
  }

  object(id: number, obj: HeapObject, depth = 0): string {
    const tag = obj[0];
    const label = this.o.textLabels || this.o.nest ? `<span class="viz-id">id${id}</span>` : "";
    const open = (kind: string, title: string) =>
      `<div class="viz-obj viz-${kind}" id="viz-o-${id}" data-obj="${id}"><div class="viz-type">${label}${esc(title)}</div>`;
    if (tag === "LIST" || tag === "TUPLE" || tag === "SET") {
      const items = obj.slice(1);
      if (tag === "LIST" && this.o.grid && this.isGrid(items))
        return `${open("lol", "list of lists") + this.grid(items)}</div>`;
      const cells = items
        .map(
          (v, i) =>
            `<td>${tag === "SET" ? "" : `<span class="viz-idx">${i}</span>`}${this.value(v, depth)}</td>`,
        )
        .join("");
      const body = items.length
        ? `<table class="viz-seq"><tr>${cells}</tr></table>`
        : '<p class="viz-empty">empty</p>';
      return `${open("seq", TYPE_NAMES[tag]!)}${body}</div>`;
    }
    if (tag === "DICT") {
      const rows = (obj.slice(1) as [unknown, unknown][])
        .map(([k, v]) => `<tr><th>${this.value(k, depth)}</th><td>${this.value(v, depth)}</td></tr>`)
        .join("");
      return `${open("map", "dict")}${rows ? `<table class="viz-kv">${rows}</table>` : '<p class="viz-empty">empty</p>'}</div>`;
    }
    if (tag === "INSTANCE" || tag === "CLASS") {
      const start = tag === "CLASS" ? 3 : 2;
      const supers =
        tag === "CLASS" && (obj[2] as string[]).length ? ` (${(obj[2] as string[]).join(", ")})` : "";
      const title = tag === "CLASS" ? `class ${obj[1]}${supers}` : `${obj[1]} instance`;
      const rows = (obj.slice(start) as [unknown, unknown][])
        .map(([k, v]) => `<tr><th>${esc(String(k))}</th><td>${this.value(v, depth)}</td></tr>`)
        .join("");
      return `${open(tag === "CLASS" ? "class" : "inst", title)}${rows ? `<table class="viz-kv">${rows}</table>` : ""}</div>`;
    }
    if (tag === "FUNCTION") {
      const parent = obj[2] ? ` <span class="viz-muted">[parent f${esc(String(obj[2]))}]</span>` : "";
      return `${open("fn", "function")}<code>${esc(String(obj[1]))}</code>${parent}</div>`;
    }
    if (tag === "module") return `${open("mod", "module")}<code>${esc(String(obj[1]))}</code></div>`;
    if (tag === "HEAP_PRIMITIVE")
      return `${open("hp", String(obj[1]))}<span class="viz-prim">${esc(pyValue(obj[2]))}</span></div>`;
    return `${open("other", String(tag))}<code>${esc(String(obj[1] ?? ""))}</code></div>`;
  }

  private isGrid(items: unknown[]): boolean {
    if (items.length === 0) return false;
    return items.every((v) => isRef(v) && this.heap[String(v[1])]?.[0] === "LIST");
  }

  private grid(items: unknown[]): string {
    const rows = items.map((v, r) => {
      const row = this.heap[String((v as ["REF", number])[1])]!.slice(1);
      const cells = row.map((c) => `<td>${this.value(c)}</td>`).join("");
      return `<tr><th class="viz-idx">${r}</th>${cells}</tr>`;
    });
    return `<table class="viz-grid">${rows.join("")}</table>`;
  }

  /** Every queued object, drawing newly referenced ones as it goes. */
  objects(): string {
    let html = "";
    for (let i = 0; i < this.order.length; i++) {
      const id = this.order[i]!;
      if (this.drawn.has(id)) continue;
      this.drawn.add(id);
      const obj = this.heap[String(id)];
      if (obj) html += this.object(id, obj);
    }
    return html;
  }
}

function frameTable(name: string, vars: [string, unknown][], p: Painter, cls: string, hash: string): string {
  const rows = vars
    .map(([k, v]) => {
      const label = k === "__return__" ? '<span class="viz-ret">Return value</span>' : esc(k);
      return `<tr><th>${label}</th><td>${p.value(v)}</td></tr>`;
    })
    .join("");
  return `<div class="viz-frame ${cls}" data-frame="${esc(hash)}"><div class="viz-frame-name">${esc(name)}</div>${
    rows ? `<table class="viz-vars">${rows}</table>` : ""
  }</div>`;
}

/** Each frame's HTML (Global first, then every call), keyed by the frame; `p` collects the objects they refer to. */
export function framesHtml(point: TracePoint, o: RenderOptions, p: Painter): { key: string; html: string }[] {
  const globals = point.ordered_globals
    .filter((n) => n in point.globals)
    .map((n) => [n, point.globals[n]] as [string, unknown]);
  const out = [{ key: "global", html: frameTable("Global frame", globals, p, "viz-global", "global") }];
  for (const f of visibleFrames(point, o)) {
    const cls = `${f.is_highlighted ? "is-current" : ""} ${f.is_zombie ? "is-returned" : ""}`;
    const vars = f.ordered_varnames
      .filter((n) => n in f.encoded_locals)
      .map((n) => [n, f.encoded_locals[n]] as [string, unknown]);
    const where = f.file && f.file !== "main.py" ? ` · ${f.file}` : "";
    const name = `${f.func_name}${where}${f.is_zombie ? " (returned)" : ""}`;
    out.push({ key: f.unique_hash, html: frameTable(name, vars, p, cls, f.unique_hash) });
  }
  return out;
}

/** The Frames column's HTML; `p` collects the objects the frames refer to. */
export function renderFrames(point: TracePoint, o: RenderOptions, p: Painter): string {
  return framesHtml(point, o, p)
    .map((f) => f.html)
    .join("");
}

/** Both columns as HTML in one go (nested objects need it: a parent draws its children). */
export function renderPoint(point: TracePoint, o: RenderOptions): { frames: string; objects: string } {
  const p = new Painter(point.heap, o);
  const frames = renderFrames(point, o, p);
  return { frames, objects: p.objects() };
}

/** Where the value cells of an object that can be patched start in its encoding. */
const FIRST_CELL: Record<string, number> = { LIST: 1, TUPLE: 1, DICT: 1, INSTANCE: 2, CLASS: 3 };

const sameValue = (a: unknown, b: unknown) => a === b || (isRef(a) && isRef(b) && a[1] === b[1]);

function isGridList(
  obj: HeapObject | undefined,
  heap: Record<string, HeapObject>,
  o: RenderOptions,
): boolean {
  if (!o.grid || !obj || obj[0] !== "LIST" || obj.length < 2) return false;
  return obj.slice(1).every((v) => isRef(v) && heap[String(v[1])]?.[0] === "LIST");
}

/** The values an object shows, in drawing order (a grid shows its rows' elements). */
function shownValues(obj: HeapObject, heap: Record<string, HeapObject>, o: RenderOptions): unknown[] {
  const tag = obj[0];
  if (tag === "LIST" || tag === "TUPLE" || tag === "SET") {
    if (tag === "LIST" && isGridList(obj, heap, o)) {
      return obj.slice(1).flatMap((v) => heap[String((v as ["REF", number])[1])]!.slice(1));
    }
    return obj.slice(1);
  }
  if (tag === "DICT") return (obj.slice(1) as unknown[][]).flat();
  if (tag === "INSTANCE") return (obj.slice(2) as unknown[][]).map((kv) => kv[1]);
  if (tag === "CLASS") return (obj.slice(3) as unknown[][]).map((kv) => kv[1]);
  return [];
}

/** Parses one element's HTML (a frame, an object). */
function parse(template: HTMLTemplateElement, html: string): HTMLElement {
  template.innerHTML = html;
  return template.content.firstElementChild as HTMLElement;
}

/**
 * The Frames column kept in the page between steps: a frame whose HTML is the same as at the step
 * shown before keeps its element (in a deep recursion, every frame but the top one), so the step
 * neither parses nor lays out again what it did not change.
 */
export class FramesDom {
  private cache = new Map<string, { html: string; el: HTMLElement }>();
  private readonly template = document.createElement("template");

  constructor(private readonly container: HTMLElement) {}

  reset(): void {
    this.cache.clear();
  }

  update(frames: { key: string; html: string }[]): void {
    const next = new Map<string, { html: string; el: HTMLElement }>();
    const els = frames.map(({ key, html }) => {
      const kept = this.cache.get(key);
      const entry =
        kept && kept.html === html && !next.has(key) ? kept : { html, el: parse(this.template, html) };
      next.set(key, entry);
      return entry.el;
    });
    this.cache = next;
    placeChildren(this.container, els);
  }
}

/**
 * The Objects column kept in the page between steps: an object whose encoding did not change (the
 * decoder shares unchanged ones between points) keeps its element; a list, tuple, dict, instance or
 * class whose shape stayed (same length, same keys) gets only its changed value cells rewritten. So a step redraws what changed, and layout stays local.
 */
export class ObjectsDom {
  private cache = new Map<number, { enc: HeapObject; el: HTMLElement; grid: boolean }>();
  private key = "";
  private readonly template = document.createElement("template");

  constructor(private readonly container: HTMLElement) {}

  /** The container was drawn by someone else (nested mode): start over next time. */
  reset(): void {
    this.cache.clear();
    this.key = "";
  }

  update(point: TracePoint, o: RenderOptions, p: Painter, roots: number[]): void {
    const key = `${o.grid}:${o.textLabels}`;
    if (key !== this.key) {
      this.cache.clear();
      this.container.replaceChildren();
      this.key = key;
    }
    const heap = point.heap;
    const els: HTMLElement[] = [];
    const seen = new Set<number>(roots);
    const order = [...roots];
    for (let i = 0; i < order.length; i++) {
      const id = order[i]!;
      const enc = heap[String(id)];
      if (!enc) continue;
      for (const v of shownValues(enc, heap, o)) {
        if (isRef(v) && !seen.has(v[1])) {
          seen.add(v[1]);
          order.push(v[1]);
        }
      }
      els.push(this.element(id, enc, heap, o, p));
    }
    // Usually only an element or two is new or moved: only those are touched, so the column keeps
    // the layout of every other object.
    placeChildren(this.container, els);
    if (this.cache.size > els.length * 2 + 64) {
      const keep = new Set(order);
      for (const id of this.cache.keys()) if (!keep.has(id)) this.cache.delete(id);
    }
  }

  private element(
    id: number,
    enc: HeapObject,
    heap: Record<string, HeapObject>,
    o: RenderOptions,
    p: Painter,
  ) {
    const grid = isGridList(enc, heap, o);
    const cached = this.cache.get(id);
    if (cached && !grid && !cached.grid) {
      if (cached.enc === enc) return cached.el;
      if (this.patch(cached.el, cached.enc, enc, p)) {
        cached.enc = enc;
        return cached.el;
      }
    }
    const el = parse(this.template, p.object(id, enc));
    this.cache.set(id, { enc, el, grid });
    return el;
  }

  /**
   * Rewrites only the value cells that changed, when the object kept its shape: a list or tuple of
   * the same length, a dict with the same keys, an instance or class with the same attributes in the
   * same order. False when that is not enough (the caller draws the object anew).
   */
  private patch(el: HTMLElement, old: HeapObject, enc: HeapObject, p: Painter): boolean {
    const tag = enc[0];
    const start = FIRST_CELL[tag];
    if (start === undefined || old[0] !== tag || old.length !== enc.length || enc.length <= start)
      return false;
    if (tag === "INSTANCE" || tag === "CLASS") {
      if (old[1] !== enc[1]) return false; // the name is in the title
      if (tag === "CLASS" && String(old[2]) !== String(enc[2])) return false; // so are the bases
    }
    const sequence = tag === "LIST" || tag === "TUPLE";
    const changed: [number, string][] = [];
    for (let i = start; i < enc.length; i++) {
      if (sequence) {
        if (!sameValue(old[i], enc[i]))
          changed.push([i - 1, `<span class="viz-idx">${i - 1}</span>${p.value(enc[i])}`]);
        continue;
      }
      const [k0, v0] = old[i] as [unknown, unknown];
      const [k, v] = enc[i] as [unknown, unknown];
      if (!sameValue(k0, k)) return false; // a key changed: its row's header too
      if (!sameValue(v0, v)) changed.push([i - start, p.value(v)]);
    }
    const cells = el.querySelectorAll(":scope > table > tbody > tr > td");
    if (cells.length !== enc.length - start) return false;
    for (const [i, html] of changed) cells[i]!.innerHTML = html;
    if (changed.length) forgetPointers(el); // a rewritten cell may be wider: its pointers moved
    return true;
  }
}

/**
 * Makes `els` the children of `parent`, in that order, moving as few of the present children as
 * possible: those on a longest run already in order stay, the rest are inserted where they belong.
 * A step that moves one object (a global now names another instance) then moves one element, not all.
 */
export function placeChildren(parent: Element, els: Element[]): void {
  const kids = parent.children;
  if (kids.length === els.length && els.every((el, i) => kids[i] === el)) return;
  const was = new Map<Element, number>();
  for (let i = 0; i < kids.length; i++) was.set(kids[i]!, i);
  const wanted = new Set(els);
  for (const el of [...kids]) if (!wanted.has(el)) el.remove();
  const stay = longestIncreasing(els.map((el) => was.get(el) ?? -1));
  let next: Element | null = null;
  for (let i = els.length - 1; i >= 0; i--) {
    const el = els[i]!;
    if (!stay.has(i)) parent.insertBefore(el, next);
    next = el;
  }
}

/** Indices of a longest strictly increasing subsequence of the values that are not negative. */
export function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest last value of a run of length k + 1
  const before = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = before[i]!) out.add(i);
  return out;
}
