// Runs blocking in <head>: applies the saved theme before the first paint, so there is no flash.
// Without a saved choice, no data-theme is set and the CSS follows the system preference.
try {
  const saved = localStorage.getItem("slate-theme");
  if (saved === "light" || saved === "dark") document.documentElement.dataset.theme = saved;
} catch {
  // Storage can be blocked (privacy mode); the system preference still applies.
}
