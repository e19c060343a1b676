// The inbox's keyboard shortcuts and bulk selection. Every action also has a button or a
// link, so the inbox works with a mouse alone; this file only adds speed.
//   list:  j/k move, Enter/o open, l link, n new idea, d dismiss, s spam, x select, ? help
//   item:  a link to the first suggested idea, l link, n new idea, d dismiss, s spam,
//          u back to the inbox, ? help
(() => {
  "use strict";
  const list = () => document.querySelector("[data-inbox-list]");
  const rows = () => Array.from(document.querySelectorAll("[data-inbox-row]"));
  const itemPage = () => document.querySelector("[data-inbox-item]");
  const memory = "keyloop.inbox.selected:" + location.pathname + location.search;

  function typing(target) {
    if (!target || !(target instanceof Element)) return false;
    return target.isContentEditable || !!target.closest("input, textarea, select, [contenteditable]");
  }

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, fields) {
    const form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.hidden = true;
    for (const [name, value] of Object.entries({ csrfmiddlewaretoken: csrfToken(), ...fields })) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
  }

  // --- selection in the list ------------------------------------------------------------
  function selected() {
    return document.querySelector("[data-inbox-row].is-current");
  }

  function select(row, scroll = true) {
    if (!row) return;
    for (const other of document.querySelectorAll("[data-inbox-row].is-current")) {
      other.classList.remove("is-current");
      other.removeAttribute("aria-current");
    }
    row.classList.add("is-current");
    row.setAttribute("aria-current", "true");
    if (scroll) row.scrollIntoView({ block: "nearest" });
    try {
      sessionStorage.setItem(memory, String(rows().indexOf(row)));
    } catch (_) { /* private mode: forget it */ }
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(selected());
    const next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), all.length - 1);
    select(all[next]);
    if (step > 0 && next === all.length - 1) {
      // At the bottom: fetch the next page, as the "Load more" button does.
      const more = document.querySelector("#inbox-load-more a");
      if (more) more.click();
    }
  }

  function restore() {
    const all = rows();
    if (!all.length || selected()) return;
    let index = 0;
    try {
      index = parseInt(sessionStorage.getItem(memory) || "0", 10) || 0;
    } catch (_) { /* ignore */ }
    select(all[Math.min(index, all.length - 1)], false);
  }

  // --- bulk selection -------------------------------------------------------------------
  function updateCount() {
    const checks = Array.from(document.querySelectorAll("[data-inbox-check]"));
    const chosen = checks.filter((box) => box.checked).length;
    const label = document.querySelector("[data-selected-count]");
    if (label) label.textContent = chosen ? `${chosen} selected` : "";
    const all = document.querySelector("[data-select-all]");
    if (all) {
      all.checked = chosen > 0 && chosen === checks.length;
      all.indeterminate = chosen > 0 && chosen < checks.length;
    }
    for (const box of checks) box.closest("[data-inbox-row]")?.classList.toggle("is-checked", box.checked);
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-select-all]")) {
      for (const box of document.querySelectorAll("[data-inbox-check]")) box.checked = event.target.checked;
    }
    if (event.target.matches("[data-select-all], [data-inbox-check]")) updateCount();
  });

  // A click on a row (not on its link, checkbox or chip) selects it.
  document.addEventListener("click", (event) => {
    const row = event.target.closest("[data-inbox-row]");
    if (row && !event.target.closest("a, button, input, label")) select(row, false);
    if (event.target.closest("[data-shortcuts-open]")) showHelp();
  });

  // --- the link picker on an item page: arrows move through the results -----------------
  function choices() {
    return Array.from(document.querySelectorAll("[data-idea-choice]"));
  }

  document.addEventListener("keydown", (event) => {
    const search = event.target.closest && event.target.closest("[data-idea-search]");
    const choice = event.target.closest && event.target.closest("[data-idea-choice]");
    if (!search && !choice) return;
    const all = choices();
    if (search && (event.key === "ArrowDown" || event.key === "Enter")) {
      // Enter in the box never reloads the page: it moves to the results, like ↓.
      event.preventDefault();
      if (all.length) all[0].focus();
    } else if (choice && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const index = all.indexOf(choice) + (event.key === "ArrowDown" ? 1 : -1);
      if (index < 0) document.querySelector("[data-idea-search]")?.focus();
      else all[Math.min(index, all.length - 1)].focus();
    } else if (choice && event.key === "Escape") {
      document.querySelector("[data-idea-search]")?.focus();
    }
  });

  // Enter in the bulk idea search must not submit the bulk form.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches && event.target.matches("#bulk-idea-q")) {
      event.preventDefault();
    }
  });

  // --- help -----------------------------------------------------------------------------
  function showHelp() {
    const dialog = document.getElementById("inbox-shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // --- shortcuts ------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (document.querySelector("dialog[open]")) return;
    const key = event.key;
    if (key === "?") {
      event.preventDefault();
      showHelp();
      return;
    }
    const page = itemPage();
    if (page) {
      const actions = {
        l: () => {
          const relink = page.querySelector("details.inbox-relink");
          if (relink) relink.open = true;
          const box = page.querySelector("[data-idea-search]");
          if (box) { box.focus(); box.select(); }
        },
        a: () => page.querySelector("[data-suggestion-accept]")?.click(),
        n: () => { location.href = page.dataset.newIdeaUrl; },
        d: () => post(page.dataset.stateUrl, { state: "dismissed", next: page.dataset.backUrl }),
        s: () => post(page.dataset.stateUrl, { state: "spam", next: page.dataset.backUrl }),
        u: () => { location.href = page.dataset.backUrl; },
      };
      if (actions[key]) {
        event.preventDefault();
        actions[key]();
      }
      return;
    }
    if (!list()) return;
    const row = selected();
    const here = document.querySelector("#inbox-bulk input[name=next]")?.value || location.href;
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      o: () => row && (location.href = row.dataset.openUrl),
      Enter: () => row && (location.href = row.dataset.openUrl),
      l: () => row && (location.href = row.dataset.linkUrl),
      n: () => row && (location.href = row.dataset.newIdeaUrl),
      d: () => row && post(row.dataset.stateUrl, { state: "dismissed", next: here }),
      s: () => row && post(row.dataset.stateUrl, { state: "spam", next: here }),
      x: () => {
        const box = row && row.querySelector("[data-inbox-check]");
        if (box) { box.checked = !box.checked; updateCount(); }
      },
    };
    if (actions[key]) {
      // Enter on a focused link or button keeps its own meaning.
      if (key === "Enter" && event.target.closest("a, button, summary")) return;
      event.preventDefault();
      actions[key]();
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    restore();
    updateCount();
    // Browsers skip autofocus when the address has a #fragment: focus the link search here.
    const box = document.querySelector("[data-idea-search][autofocus]");
    if (box) box.focus();
  });
  document.addEventListener("htmx:afterSettle", () => { restore(); updateCount(); });
})();
