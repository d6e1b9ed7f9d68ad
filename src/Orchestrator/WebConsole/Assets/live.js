// Keeps a console page current without reloading it: the server pushes an event when what the page shows may have
// changed (GET /live, server-sent events); the page fetches itself again and swaps in the regions marked data-live,
// keeping ticked boxes and keyboard focus where they were.
(() => {
  "use strict";

  // Delegated: the box is inside a live region and may be swapped for a new one.
  document.addEventListener("change", event => {
    const all = event.target.closest ? event.target.closest("[data-select-all]") : null;
    if (!all) { return; }
    for (const box of document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`)) {
      box.checked = all.checked;
    }
  });

  const scope = document.body.dataset.liveScope;
  const status = document.getElementById("live-status");
  if (!scope || !window.EventSource) {
    return;
  }

  let busy = false;
  let again = false;
  const source = new EventSource("/live?scope=" + encodeURIComponent(scope));
  source.addEventListener("change", () => refresh());
  source.addEventListener("error", () => { if (status) status.textContent = "Live updates paused; reconnecting…"; });

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } });
      if (!response.ok || response.redirected) { return; }
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const region of document.querySelectorAll("[data-live]")) {
        const replacement = next.getElementById(region.id);
        if (!replacement || replacement.innerHTML === region.innerHTML) { continue; }
        const ticked = new Set([...region.querySelectorAll("input[type=checkbox]:checked")].map(box => box.value));
        const focused = region.contains(document.activeElement) ? document.activeElement.id : null;
        region.innerHTML = replacement.innerHTML;
        for (const box of region.querySelectorAll("input[type=checkbox]")) { box.checked = ticked.has(box.value); }
        if (focused) { document.getElementById(focused)?.focus(); }
      }
      if (status) { status.textContent = "Live · updated " + new Date().toLocaleTimeString(); }
    } catch {
      if (status) { status.textContent = "Live update failed; the next change tries again"; }
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }
})();
