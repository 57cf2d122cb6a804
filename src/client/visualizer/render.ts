// Draws one trace point as HTML: the Frames column (Global, then every call) and the Objects column
// (lists, tuples, sets and dicts as indexed tables with a type header, instances and classes with their
// attributes, functions, modules, other values). Strings are built and set once per step (one layout);
// arrows.ts then draws the SVG arrows between them. Only what the shown frames can reach is drawn.
import type { HeapObject, TraceFrame, TracePoint, Value } from "../../features/visualizer/codec.ts";

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
  if (typeof v === "string") return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  return String(v);
}

const TYPE_NAMES: Record<string, string> = { LIST: "list", TUPLE: "tuple", SET: "set", DICT: "dict" };

export function visibleFrames(point: TracePoint, o: RenderOptions): TraceFrame[] {
  return o.showReturned ? point.stack_to_render : point.stack_to_render.filter((f) => !f.is_zombie);
}

class Painter {
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
      if (tag === "LIST" && this.o.grid && this.isGrid(items)) return open("lol", "list of lists") + this.grid(items) + "</div>";
      const cells = items
        .map((v, i) => `<td>${tag === "SET" ? "" : `<span class="viz-idx">${i}</span>`}${this.value(v, depth)}</td>`)
        .join("");
      const body = items.length ? `<table class="viz-seq"><tr>${cells}</tr></table>` : '<p class="viz-empty">empty</p>';
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
      const supers = tag === "CLASS" && (obj[2] as string[]).length ? ` (${(obj[2] as string[]).join(", ")})` : "";
      const title = tag === "CLASS" ? `class ${obj[1]}${supers}` : `${obj[1]} instance`;
      const rows = (obj.slice(start) as [unknown, unknown][])
        .map(([k, v]) => `<tr><th>${esc(String(k))}</th><td>${this.value(v, depth)}</td></tr>`)
        .join("");
      return `${open(tag === "CLASS" ? "class" : "inst", title)}${rows ? `<table class="viz-kv">${rows}</table>` : ""}</div>`;
    }
    if (tag === "FUNCTION") {
      const parent = obj[2] ? ` <span class="viz-muted">[parent f${obj[2]}]</span>` : "";
      return `${open("fn", "function")}<code>${esc(String(obj[1]))}</code>${parent}</div>`;
    }
    if (tag === "module") return `${open("mod", "module")}<code>${esc(String(obj[1]))}</code></div>`;
    if (tag === "HEAP_PRIMITIVE") return `${open("hp", String(obj[1]))}<span class="viz-prim">${esc(pyValue(obj[2]))}</span></div>`;
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

export function renderPoint(point: TracePoint, o: RenderOptions): { frames: string; objects: string } {
  const p = new Painter(point.heap, o);
  const globals = point.ordered_globals.filter((n) => n in point.globals).map((n) => [n, point.globals[n]] as [string, unknown]);
  let frames = frameTable("Global frame", globals, p, "viz-global", "global");
  for (const f of visibleFrames(point, o)) {
    const cls = `${f.is_highlighted ? "is-current" : ""} ${f.is_zombie ? "is-returned" : ""}`;
    const vars = f.ordered_varnames.filter((n) => n in f.encoded_locals).map((n) => [n, f.encoded_locals[n]] as [string, unknown]);
    const where = f.file && f.file !== "main.py" ? ` · ${f.file}` : "";
    const name = `${f.func_name}${where}${f.is_zombie ? " (returned)" : ""}`;
    frames += frameTable(name, vars, p, cls, f.unique_hash);
  }
  return { frames, objects: p.objects() };
}
