/* The widget panel (inside the host page's iframe): pick up the SSO token from the URL's
   fragment (or a postMessage from the host page), exchange it for the panel's identity, and
   tell the host page to close the panel on Escape. */
(function () {
  "use strict";
  var body = document.body;
  var params = new URLSearchParams(location.hash.slice(1));
  var page = params.get("page") || "";
  if (location.hash) {
    // The token leaves the address bar (and any later copy of this URL) at once.
    history.replaceState(null, "", location.pathname + location.search);
  }

  function identify(token) {
    if (!token || !window.htmx) return;
    body.classList.add("is-identifying");
    htmx.ajax("POST", body.dataset.identifyUrl, {
      target: "#widget-app", swap: "outerHTML", values: { token: token },
    }).finally(function () { body.classList.remove("is-identifying"); });
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (page && event.detail.verb === "post") event.detail.parameters.page_url = page;
  });
  // A refused token answers 400 with the panel and the reason in it: show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 429) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === "keyloop:identify") identify(String(event.data.token || ""));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && window.parent !== window) {
      window.parent.postMessage({ type: "keyloop:close" }, "*");
    }
  });
  identify(params.get("sso"));
})();
