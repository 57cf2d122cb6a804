// The attempt page: answers are saved as the student goes (each change, debounced, posted to the
// attempt's save URL; a failed save is retried and shown), a countdown to the deadline that submits
// the form when it reaches zero (the server submits the attempt by itself too), and the confirm
// prompt of the submit button. Without scripts the page still works: its buttons save every answer.
const form = document.querySelector<HTMLFormElement>("form[data-autosave]");

if (form) {
  const saveUrl = form.dataset.autosave!;
  const state = form.querySelector<HTMLElement>("[data-save-state]");
  const show = (text: string) => {
    if (state) state.textContent = text;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = new Set<string>();
  let saving: Promise<void> = Promise.resolve();

  /** The named fields of the given items (all of an item's inputs, so checkboxes and menus go together). */
  function body(names: Set<string>): URLSearchParams {
    const all = new FormData(form!);
    const out = new URLSearchParams();
    for (const [k, v] of all) {
      const item = /^(?:q|present_)(\d+)/.exec(k)?.[1];
      if (item && names.has(item) && typeof v === "string") out.append(k, v);
    }
    return out;
  }

  async function save(): Promise<void> {
    if (dirty.size === 0 || leaving) return;
    const names = dirty;
    dirty = new Set();
    show("Saving…");
    try {
      const res = await fetch(saveUrl, { method: "POST", body: body(names), credentials: "same-origin" });
      if (res.ok) {
        show(
          `Saved at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`,
        );
        return;
      }
      if (res.status === 409) {
        show("This attempt is closed.");
        location.reload();
        return;
      }
      show("Not saved: check your answers.");
    } catch {
      for (const n of names) dirty.add(n);
      show("Offline: your answers will be saved when the connection is back.");
      schedule(3000);
    }
  }

  function schedule(ms: number) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      saving = saving.then(save);
    }, ms);
  }

  // Once the form itself is being sent (it carries every answer), no autosave may race it: a save
  // answered after the submit would find the attempt closed and reload the page.
  let leaving = false;
  const onChange = (e: Event) => {
    if (leaving) return;
    const name = (e.target as HTMLInputElement).name ?? "";
    const item = /^q(\d+)/.exec(name)?.[1];
    if (!item) return;
    dirty.add(item);
    schedule(e.type === "input" ? 800 : 150);
  };
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);

  form.addEventListener("submit", (e) => {
    const button = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const question = button?.dataset.confirm;
    if (question && !form.dataset.timeUp && !confirm(question)) {
      e.preventDefault();
      return;
    }
    leaving = true;
    if (timer) clearTimeout(timer);
  });

  const clock = document.querySelector<HTMLElement>("[data-deadline]");
  if (clock) {
    const deadline = Number(clock.dataset.deadline);
    // The server's clock decides; the offset keeps a wrong local clock from ending early or late.
    const offset = Number(clock.dataset.now) - Date.now();
    const label = clock.querySelector<HTMLElement>("[data-countdown]")!;
    const tick = () => {
      const left = Math.max(0, deadline - (Date.now() + offset));
      const s = Math.floor(left / 1000);
      const pad = (n: number) => String(n).padStart(2, "0");
      const h = Math.floor(s / 3600);
      label.textContent =
        h > 0
          ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
          : `${Math.floor(s / 60)}:${pad(s % 60)}`;
      clock.classList.toggle("countdown-low", left < 60_000);
      if (left <= 0) {
        clearInterval(handle);
        form.dataset.timeUp = "1";
        const submit = document.createElement("input");
        submit.type = "hidden";
        submit.name = "go";
        submit.value = "submit";
        form.append(submit);
        form.submit();
      }
    };
    const handle = setInterval(tick, 1000);
    tick();
  }
}
