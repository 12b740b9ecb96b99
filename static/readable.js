// @ts-check
/* readable: improves the reading toolbar in place. Without this script the toolbar is a plain form that
   posts to the server, so everything here is an enhancement. Each wrapped article ([data-readable]) gets one
   delegated click listener; no key is ever captured. Changes are announced as cancelable events:
   "readable:fontsize" (detail: {size, previous}) and "readable:contrast" (detail: {contrast, previous}). */
(function () {
  "use strict";

  var contrastQuery = window.matchMedia("(prefers-contrast: more)");

  /** @param {HTMLElement} root */
  function init(root) {
    if (root.dataset.readableReady) return;
    root.dataset.readableReady = "1";
    var data = root.dataset;
    var page = data.readableScope === "page";
    var target = page ? document.documentElement : root;
    var sizes = (data.readableSizes || "100").split(" ").map(Number);
    var defaultSize = Number(data.readableDefaultSize) || 100;
    var form = /** @type {HTMLFormElement} */ (root.querySelector(".readable-toolbar"));
    var status = /** @type {HTMLElement} */ (root.querySelector(".readable-status"));
    var state = readCookie(data.readableCookie || "readable");
    var size = sizes.indexOf(state.size) >= 0 ? state.size : defaultSize;
    var contrast = ["on", "off"].indexOf(state.contrast) >= 0 ? state.contrast : "auto";

    /** @param {string} action */
    function button(action) {
      return /** @type {HTMLButtonElement} */ (root.querySelector('[data-readable-action="' + action + '"]'));
    }
    function highContrast() {
      return contrast === "on" || (contrast === "auto" && contrastQuery.matches);
    }
    function render() {
      if (page) target.dataset.readableScope = "page";
      target.dataset.readableSize = String(size);
      target.dataset.readableContrast = contrast;
      setDisabled(button("smaller"), size <= sizes[0]);
      setDisabled(button("larger"), size >= sizes[sizes.length - 1]);
      button("contrast").setAttribute("aria-pressed", String(highContrast()));
    }
    function save() {
      var secure = location.protocol === "https:" ? "; secure" : "";
      document.cookie = (data.readableCookie || "readable") + "=size=" + size + "&contrast=" + contrast +
        "; path=/; max-age=" + (data.readableMaxAge || "31536000") + "; samesite=lax" + secure;
    }
    /** @param {string} name @param {object} detail */
    function announce(name, detail) {
      return root.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable: true, detail: detail }));
    }
    /** @param {string} message */
    function say(message) {
      if (status) status.textContent = message;
    }

    form.addEventListener("click", function (event) {
      var el = /** @type {HTMLElement} */ (event.target);
      var btn = el.closest ? el.closest("button[data-readable-action]") : null;
      if (!btn) return;
      event.preventDefault();
      if (btn.getAttribute("aria-disabled") === "true") return;
      var action = btn.getAttribute("data-readable-action");
      if (action === "contrast") {
        var next = highContrast() ? "off" : "on";
        if (!announce("readable:contrast", { contrast: next, previous: contrast })) return;
        contrast = next;
        say(form.dataset[next === "on" ? "readableMsgContrastOn" : "readableMsgContrastOff"] || "");
      } else {
        var i = sizes.indexOf(size);
        var wanted = action === "default" ? defaultSize :
          sizes[Math.max(0, Math.min(sizes.length - 1, i + (action === "larger" ? 1 : -1)))];
        if (!announce("readable:fontsize", { size: wanted, previous: size })) return;
        size = wanted;
        say((form.dataset.readableMsgSize || "{size}%").replace("{size}", String(size)));
      }
      render();
      save();
    });
    contrastQuery.addEventListener("change", render);
    render();
  }

  /** @param {HTMLButtonElement | null} btn @param {boolean} off */
  function setDisabled(btn, off) {
    if (!btn) return;
    if (off) btn.setAttribute("aria-disabled", "true");
    else btn.removeAttribute("aria-disabled");
  }

  /** @param {string} name @returns {{size: number, contrast: string}} */
  function readCookie(name) {
    var out = { size: NaN, contrast: "auto" };
    document.cookie.split("; ").forEach(function (pair) {
      if (pair.indexOf(name + "=") !== 0) return;
      pair.slice(name.length + 1).replace(/^"|"$/g, "").split("&").forEach(function (field) {
        var kv = field.split("=");
        if (kv[0] === "size") out.size = Number(kv[1]);
        if (kv[0] === "contrast") out.contrast = kv[1];
      });
    });
    return out;
  }

  function start() {
    document.querySelectorAll("[data-readable]").forEach(function (el) {
      init(/** @type {HTMLElement} */ (el));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
