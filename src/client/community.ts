// People around the code, in the browser: avatars open large in a dialog, and the problem chat,
// discussion, code comments and live class view get their small enhancements. Every page works
// without this file (avatars are links to the picture, forms post normally).

function zoomAvatar(link: HTMLAnchorElement): void {
  let dialog = document.querySelector<HTMLDialogElement>("dialog.avatar-zoom");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "avatar-zoom";
    dialog.innerHTML =
      '<div class="avatar-zoom-head"><strong></strong><button type="button" class="btn btn-ghost btn-sm" data-close>Close</button></div><img alt="">';
    dialog.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      if (target === dialog || target.closest("[data-close]")) dialog?.close();
    });
    document.body.append(dialog);
  }
  const name = link.dataset.avatarZoom ?? "";
  dialog.querySelector("strong")!.textContent = name;
  const img = dialog.querySelector("img")!;
  img.src = link.href;
  img.alt = `Picture of ${name}`;
  dialog.showModal();
}

document.addEventListener("click", (e) => {
  const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-avatar-zoom]");
  if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  zoomAvatar(link);
});
