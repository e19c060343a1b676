// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});

// The portal answers HTMX requests that fail with a fragment explaining why (a rate limit,
// a closed board, a form error): show it instead of leaving the page unchanged.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status === 400 || status === 403 || status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Filters marked data-autosubmit apply as soon as they change (the Apply button stays for
// browsers without JavaScript).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// A <details data-keep-open id="…"> that an HTMX swap replaces stays open if it was (the
// e-mail preview next to the status control is redrawn as the comment is typed).
document.addEventListener("htmx:beforeSwap", (event) => {
  const open = [...event.detail.target.querySelectorAll("details[data-keep-open][open]")];
  event.detail.target.dataset.keepOpen = open.map((details) => details.id).join(" ");
});
document.addEventListener("htmx:afterSwap", (event) => {
  const ids = (event.detail.target.dataset.keepOpen || "").split(" ").filter(Boolean);
  for (const id of ids) document.getElementById(id)?.setAttribute("open", "");
  delete event.detail.target.dataset.keepOpen;
});
