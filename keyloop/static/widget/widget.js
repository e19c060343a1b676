/* Keyloop feedback widget. Embed with:
   <script src="https://HOST/WORKSPACE/widget.js" data-workspace="WORKSPACE"
           data-sso-token="JWT (optional)" async></script>
   Options (data- attributes): data-label ("Feedback"), data-position ("right" | "left"),
   data-color (a #hex colour). window.Keyloop.open(), .close() and .identify(token) for apps
   that refresh their token. No third-party code; no cookies of the host page are read. */
(function () {
  "use strict";
  if (window.Keyloop && window.Keyloop.version) return; // loaded twice: keep the first
  var script = document.currentScript ||
    document.querySelector('script[src*="/widget.js"][data-workspace]');
  if (!script) return;
  var data = script.dataset;
  var src = new URL(script.getAttribute("src"), location.href);
  var workspace = data.workspace || src.pathname.split("/")[1];
  var panelUrl = src.origin + "/" + encodeURIComponent(workspace) + "/widget/";
  var label = (data.label || "Feedback").slice(0, 40);
  var side = data.position === "left" ? "left" : "right";
  var color = /^#[0-9a-f]{3,8}$/i.test(data.color || "") ? data.color : "#4f46e5";
  var token = data.ssoToken || "";
  var id = "keyloop-widget";

  var css =
    "#" + id + "-button{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;" +
    "display:inline-flex;align-items:center;gap:8px;padding:11px 18px;border:0;border-radius:999px;" +
    "background:" + color + ";color:#fff;font:600 15px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;" +
    "box-shadow:0 6px 20px rgba(16,24,40,.25);cursor:pointer}" +
    "#" + id + "-button:focus-visible{outline:3px solid #a5b4fc;outline-offset:3px}" +
    "#" + id + "-panel{position:fixed;bottom:80px;" + side + ":20px;z-index:2147483001;width:380px;" +
    "max-width:calc(100vw - 24px);height:600px;max-height:calc(100vh - 100px);display:flex;" +
    "flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;" +
    "box-shadow:0 20px 50px rgba(16,24,40,.3);border:1px solid #dfe3e8}" +
    "#" + id + "-panel[hidden]{display:none}" +
    "#" + id + "-bar{display:flex;align-items:center;justify-content:space-between;padding:8px 8px 8px 14px;" +
    "background:" + color + ";color:#fff;font:600 14px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    "#" + id + "-close{width:32px;height:32px;border:0;border-radius:8px;background:transparent;" +
    "color:#fff;font-size:22px;line-height:1;cursor:pointer}" +
    "#" + id + "-close:hover{background:rgba(255,255,255,.18)}" +
    "#" + id + "-close:focus-visible{outline:3px solid #fff;outline-offset:-3px}" +
    "#" + id + "-frame{flex:1;width:100%;border:0;background:#fff}" +
    "@media (max-width:480px){#" + id + "-panel{left:0;right:0;bottom:0;width:100vw;max-width:none;" +
    "height:85vh;max-height:none;border-radius:14px 14px 0 0}}";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }

  var style = el("style", {}, css);
  var button = el("button", {
    id: id + "-button", type: "button", "aria-haspopup": "dialog",
    "aria-expanded": "false", "aria-controls": id + "-panel",
  }, label);
  var panel = el("div", {
    id: id + "-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": id + "-title",
    hidden: "",
  });
  var bar = el("div", { id: id + "-bar" });
  bar.appendChild(el("span", { id: id + "-title" }, label));
  var close = el("button", { id: id + "-close", type: "button", "aria-label": "Close feedback" }, "\u00d7");
  bar.appendChild(close);
  var frame = el("iframe", { id: id + "-frame", title: label, loading: "lazy" });
  panel.appendChild(bar);
  panel.appendChild(frame);

  function fragment() {
    // The fragment never reaches a server (nor its logs); the panel reads it and wipes it.
    var params = new URLSearchParams();
    if (token) params.set("sso", token);
    params.set("page", location.href.split("#")[0].slice(0, 2000));
    return "#" + params.toString();
  }

  function open() {
    if (!frame.getAttribute("src")) frame.setAttribute("src", panelUrl + fragment());
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    close.focus();
  }

  function hide() {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  button.addEventListener("click", function () { panel.hidden ? open() : hide(); });
  close.addEventListener("click", hide);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) hide();
  });
  // Keep Tab inside the panel while it is open: close button <-> the panel's own content.
  panel.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    if (document.activeElement === close && event.shiftKey) { event.preventDefault(); frame.focus(); }
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== src.origin || event.source !== frame.contentWindow || !event.data) return;
    if (event.data.type === "keyloop:close") hide();
  });

  function mount() {
    document.head.appendChild(style);
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  window.Keyloop = {
    version: 1,
    open: open,
    close: hide,
    identify: function (newToken) {
      token = String(newToken || "");
      if (frame.getAttribute("src") && frame.contentWindow) {
        frame.contentWindow.postMessage({ type: "keyloop:identify", token: token }, src.origin);
      }
    },
  };
})();
