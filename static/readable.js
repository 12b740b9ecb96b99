// @ts-check
/* readable: the reading bar (toolbar, comfort panel, player), improved in place: without this script the toolbar
   is a form that posts and the player a native <audio controls>. docs/templates.md lists the attributes read
   here and the cancelable "readable:*" events. The only key handled is Enter on a listen-mode paragraph; scroll
   keys, wheel and touch are watched passively. Nothing is fetched until the reader presses play. */
/** @typedef {"idle" | "loading" | "playing" | "paused" | "generating" | "error"} PlayerState */
(function () {
  "use strict";

  var contrastQuery = window.matchMedia("(prefers-contrast: more)");
  var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  /** The comfort panel's settings (its radio groups) and their defaults. @type {Record<string, string>} */
  var DEFAULTS = { theme: "auto", leading: "normal", spacing: "normal", width: "normal", font: "site",
    mask: "off" };
  var motionQuery = window.matchMedia("(prefers-reduced-motion: reduce)");
  var highlights = window.CSS && CSS.highlights;
  /** Controls inside a paragraph keep their own click; the paragraph only plays from clicks on its text. */
  var OWN_CLICK = "a,button,input,select,textarea,label,summary,audio,video";
  /** Keys that scroll the page (Space included) when no control has them. */
  var SCROLL_KEYS = /^(Page(Up|Down)|Arrow(Up|Down)|Home|End| )$/;

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
    var bar = root.querySelector(".readable-bar") || root;
    var radios = /** @type {HTMLInputElement[]} */ (Array.from(form.querySelectorAll("input[type=radio]")));
    var tellSize = transient(status), tellPanel = transient(root.querySelector(".readable-panel-status"));
    /** @type {HTMLElement | null} */
    var mask = null;
    var player = /** @type {HTMLElement | null} */ (root.querySelector("[data-readable-player]"));
    var article = /** @type {HTMLElement} */ (root.querySelector(".readable-article"));
    var saved = readCookie(data.readableCookie || "readable");
    var size = sizes.indexOf(Number(saved.size)) >= 0 ? Number(saved.size) : defaultSize;
    /* From the cookie when a radio offers it (a former contrast=on|off is a theme). */
    /** @type {Record<string, string>} */
    var prefs = {};
    Object.keys(DEFAULTS).forEach(function (name) {
      var value = saved[name] || (name === "theme" ? { on: "contrast", off: "default" }[saved.contrast] : "");
      var offered = radios.some(function (r) { return r.name === name && r.value === value; });
      prefs[name] = offered ? value : DEFAULTS[name];
    });
    /* The speeds are the server's (the player's <option>s); without a player the cookie's speed is kept. */
    var speeds = player ? Array.from(player.querySelectorAll("option"), function (o) { return o.value; }) : [];
    var autonext = saved.autonext === "on";
    var speed = !player ? saved.speed || "1" : speeds.indexOf(saved.speed) >= 0 ? saved.speed :
      speeds.indexOf(player.dataset.readableSpeed || "") >= 0 ? player.dataset.readableSpeed || "1" : "1";
    /** @type {((el: HTMLElement) => void) | null} */
    var onPlayerClick = null;

    /** @param {string} action */
    function button(action) {
      return /** @type {HTMLButtonElement} */ (root.querySelector('[data-readable-action="' + action + '"]'));
    }
    /** The theme shown: the reader's, or the system's in "auto". */
    function theme() {
      return prefs.theme !== "auto" ? prefs.theme : !contrastQuery.matches ? "default" :
        darkQuery.matches ? "dark" : "contrast";
    }
    function render() {
      if (page) target.dataset.readableScope = "page";
      target.dataset.readableSize = String(size);
      Object.keys(prefs).forEach(function (name) {
        target.dataset["readable" + name[0].toUpperCase() + name.slice(1)] = prefs[name];
      });
      radios.forEach(function (r) { r.checked = r.value === (r.name === "theme" ? theme() : prefs[r.name]); });
      setDisabled(button("smaller"), size <= sizes[0]);
      setDisabled(button("larger"), size >= sizes[sizes.length - 1]);
      if (prefs.mask === "on" && !mask) band(innerHeight / 3);
    }
    function save() {
      var secure = location.protocol === "https:" ? "; secure" : "";
      document.cookie = (data.readableCookie || "readable") + "=size=" + size +
        Object.keys(prefs).map(function (name) { return "&" + name + "=" + prefs[name]; }).join("") +
        "&speed=" + speed + (autonext ? "&autonext=on" : "") + "; path=/; max-age=" +
        (data.readableMaxAge || "31536000") + "; samesite=lax" + secure;
    }
    /** The reading mask: all dimmed but three lines around y, or from y to a block's bottom.
        @param {number} y @param {number} [bottom] */
    function band(y, bottom) {
      if (prefs.mask !== "on") return;
      if (!mask) {
        mask = bar.appendChild(document.createElement("div"));
        mask.className = "readable-mask";
        mask.setAttribute("aria-hidden", "true");
      }
      var line = parseFloat(getComputedStyle(article).lineHeight) || 24;
      var top = bottom === undefined ? y - line * 1.5 : y - line / 2;
      mask.style.setProperty("--rd-top", top + "px");
      mask.style.setProperty("--rd-bottom", Math.min(top + line * 3, bottom || 1e9) + "px");
    }
    /** @param {string} name @param {object} detail */
    function announce(name, detail) {
      return root.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable: true, detail: detail }));
    }
    /** @param {string} message */
    function say(message) {
      if (status) status.textContent = message;
    }

    root.addEventListener("click", function (event) {
      var el = /** @type {HTMLElement} */ (event.target);
      var btn = el.closest ? el.closest("button[data-readable-action]") : null;
      if (!btn) {
        if (onPlayerClick && el.closest) onPlayerClick(el);
        return;
      }
      event.preventDefault();
      if (btn.getAttribute("aria-disabled") === "true") return;
      var action = btn.getAttribute("data-readable-action") || "";
      if (!form.contains(btn)) {
        if (onPlayerClick) onPlayerClick(/** @type {HTMLElement} */ (btn));
        return;
      }
      if (action === "reset") {
        if (!announce("readable:reset", {})) return;
        size = defaultSize;
        Object.keys(DEFAULTS).forEach(function (name) { prefs[name] = DEFAULTS[name]; });
        tellPanel(form.dataset.readableMsgReset || "");
      } else {
        var i = sizes.indexOf(size);
        var wanted = action === "default" ? defaultSize :
          sizes[Math.max(0, Math.min(sizes.length - 1, i + (action === "larger" ? 1 : -1)))];
        if (!announce("readable:fontsize", { size: wanted, previous: size })) return;
        size = wanted;
        tellSize((form.dataset.readableMsgSize || "{size}%").replace("{size}", String(size)));
      }
      render();
      save();
    });
    // Each choice applies at once ("Áp dụng", for pages without the script, is hidden).
    form.addEventListener("change", function (event) {
      var radio = /** @type {HTMLInputElement} */ (event.target);
      var name = radio.name, previous = prefs[name];
      if (radio.type !== "radio") return;
      var detail = name === "theme" ? { theme: radio.value, previous: previous } :
        { setting: name, value: radio.value, previous: previous };
      if (announce(name === "theme" ? "readable:theme" : "readable:display", detail)) {
        prefs[name] = radio.value;
        save();
        tellPanel(form.dataset.readableMsgApplied || "");
      }
      render();
    });
    document.addEventListener("pointermove", function (event) { band(event.clientY); }, { passive: true });
    root.addEventListener("focusin", function (event) {
      var box = /** @type {HTMLElement} */ (event.target).getBoundingClientRect();
      band(box.top, box.bottom);
    });
    [contrastQuery, darkQuery].forEach(function (query) { query.addEventListener("change", render); });
    render();
    if (player) initPlayer(player);
    if (player) listenNext(player);

    /** The player: native <button>s and a <select> over the <audio>, the sentence highlight, listen mode.
        @param {HTMLElement} player */
    function initPlayer(player) {
      var msg = player.dataset;
      var audio = /** @type {HTMLAudioElement} */ (player.querySelector("audio"));
      var select = /** @type {HTMLSelectElement} */ (player.querySelector("select"));
      var hint = player.querySelector(".readable-hint");
      var note = /** @type {HTMLElement | null} */ (player.querySelector("[data-readable-note]"));
      var play = button("play"), retry = button("retry");
      /** @type {PlayerState} */
      var state = "idle";
      /** @type {{index: number, block_id: string, from: number, to: number, start: number}[] | null} */
      var sentences = null;
      var current = -1;
      /** @type {HTMLElement | null} */
      var block = null;
      /* busy: <key>.json says the audio is being made; asking: a request for it is on its way. */
      var busy = false, asking = false, following = true, lastTime = 0, timer = 0;
      /* provisional: the audio is the fallback voice's; the next play from the start asks for it again. */
      var provisional = false;
      /** @type {number | null} */
      var pendingSeek = null;

      /** The only writer of the state, which it renders with the sentence steps (again for the same state).
          @param {PlayerState} next @param {string} [detail] progress, after the status text */
      function transition(next, detail) {
        var from = state;
        state = next;
        var on = wanted();
        player.dataset.readableState = next;
        /** @type {HTMLElement} */ (play.querySelector(".readable-icon")).textContent = on ? "❚❚" : "▶";
        /** @type {HTMLElement} */ (play.querySelector(".readable-label")).textContent =
          (on ? msg.readableMsgPause : msg.readableMsgPlay) || "";
        retry.hidden = next !== "error";
        setDisabled(button("prev"), !sentences || current <= 0);
        setDisabled(button("next"), !sentences || current >= sentences.length - 1);
        if (next === "error") say(msg.readableMsgError || "");
        else if (next === "generating") {
          if (from !== next) say(msg.readableMsgGenerating || "");
          if (detail) say((msg.readableMsgGenerating || "") + " " + detail);
        } else if (from === "error" || from === "generating") say("");
      }
      /** The reader waits for sound: it loads, or the server is making it. */
      function waiting() {
        return state === "loading" || state === "generating";
      }
      /** The reader wants sound: it plays, or they wait for it. */
      function wanted() {
        return waiting() || state === "playing";
      }
      /** @param {string} id */
      function blockOf(id) {
        return id ? /** @type {HTMLElement | null} */ (article.querySelector('[id="' + id + '"]')) : null;
      }
      function start() {
        audio.play().catch(function () { /* an interrupted play(); "error" reports real failures */ });
      }
      function fail() {
        transition("error");
        audio.pause();
      }
      /** The sentence times, fetched on the first play; polled each second while the audio is being made
          and the reader still waits for it. */
      function loadMeta() {
        window.clearTimeout(timer);
        if (sentences || asking) return;
        asking = true;
        var afterError = !!audio.error;
        fetch(msg.readableMeta || "")
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (meta) {
            asking = false;
            busy = !meta.sentences;
            if (note && busy && meta.fallback !== undefined) note.hidden = !meta.fallback;
            if (audio.error && !afterError) return loadMeta(); // the audio failed meanwhile: ask again
            if (busy) {
              // The audio request failed: wait if the audio is being made, else there is nothing to wait for.
              if (audio.error && meta.state === "pending") return fail();
              if (waiting()) transition("generating", meta.total ? meta.done + "/" + meta.total : "");
              if (wanted()) timer = window.setTimeout(loadMeta, 1000);
              return;
            }
            sentences = meta.sentences;
            provisional = meta.state === "provisional";
            if (note) note.hidden = !provisional;
            if (audio.error && state === "generating") {
              audio.load(); // it failed while it was being made
              start();
            } else if (audio.error && state === "loading") fail(); // it failed, and not for want of being made
            sentences.forEach(function (s) {
              var el = blockOf(s.block_id);
              if (!el || el.classList.contains("readable-listen")) return;
              el.classList.add("readable-listen");
              el.tabIndex = 0;
              if (hint) el.setAttribute("aria-describedby", hint.id);
            });
            if (pendingSeek !== null) seek(pendingSeek);
            track();
            transition(state);
          }, function () {
            asking = false;
            if (audio.error && wanted()) fail();
          });
      }
      /** @param {number} [time] where to start, in seconds; the current position without it */
      function begin(time) {
        if (!announce("readable:play", { time: time === undefined ? audio.currentTime : time })) return;
        following = true;
        // After a failure the audio is loaded again (from where it was); else its source stays as it is:
        // loading it again would cancel a pending play().
        var again = state === "error" || !!audio.error;
        if (provisional && state === "idle") {
          // The fallback voice's audio, played to the end: the preferred voice's may be there by now.
          provisional = false;
          sentences = null;
          current = -1;
          audio.load();
        }
        if (!wanted()) transition("loading");
        if (again) {
          if (pendingSeek === null) pendingSeek = lastTime;
          audio.load();
        }
        loadMeta();
        if (time !== undefined) seek(time);
        start();
      }
      /** The reader scrolled the page: stop following the voice until they press play or move.
          @param {Event} event */
      function away(event) {
        var el = /** @type {HTMLElement} */ (event.target);
        if (event instanceof KeyboardEvent && (!SCROLL_KEYS.test(event.key) ||
            (el.closest && el.closest("input,select,textarea,button,[contenteditable]")))) return;
        following = false;
      }
      /** @param {number} time */
      function seek(time) {
        following = true;
        var ranges = audio.seekable;
        for (var i = 0; i < ranges.length; i++) {
          if (time >= ranges.start(i) && time <= ranges.end(i)) {
            pendingSeek = null;
            audio.currentTime = time;
            track();
            return;
          }
        }
        // Not seekable yet: "loadedmetadata" seeks once the audio is loaded. Audio loaded while it was being
        // made (streamed, without Range requests) is loaded again now that it is whole.
        pendingSeek = time;
        if (!busy && audio.readyState >= audio.HAVE_METADATA) {
          audio.load();
          if (wanted()) {
            transition("loading");
            start();
          }
        }
      }
      /** @param {HTMLElement} el */
      function fromBlock(el) {
        for (var i = 0; sentences && i < sentences.length; i++) {
          if (sentences[i].block_id === el.id) return begin(sentences[i].start);
        }
      }
      /** Highlight the sentence at the current time, mark its block, and keep it in view. */
      function track() {
        if (!sentences || pendingSeek !== null) return;
        var time = audio.currentTime, i = sentences.length - 1;
        while (i > 0 && sentences[i].start > time + 0.01) i--;
        lastTime = time;
        if (i === current) return mark();
        current = i;
        transition(state);
        var s = sentences[i];
        var el = blockOf(s.block_id);
        if (block !== el) {
          if (block) block.classList.remove("readable-current", "readable-reading");
          block = el;
        }
        if (!announce("readable:sentence", { index: s.index, block_id: s.block_id }) || !el) {
          clear();
          return;
        }
        el.classList.add("readable-current");
        var range = rangeOf(el, s.from, s.to);
        if (highlights && range) highlights.set("readable-sentence", new Highlight(range));
        else el.classList.add("readable-reading");
        mark();
        if (following) follow(el, range);
      }
      function clear() {
        if (highlights) highlights.delete("readable-sentence");
        if (highlights) highlights.delete("readable-word");
        if (block) block.classList.remove("readable-current", "readable-reading");
      }
      var tick = 0;
      /** Mark the word being said (s.words: [start, end, from, to]), ten times a second. */
      function mark() {
        var s = /** @type {any} */ (sentences && sentences[current]), t = audio.currentTime;
        if (!highlights || !s) return;
        highlights.delete("readable-word");
        (highlights.has("readable-sentence") && s.words || []).forEach(function (w) {
          var range = w[0] <= t && t < w[1] && rangeOf(block, s.from + w[2], s.from + w[3]);
          if (range) highlights.set("readable-word", new Highlight(range));
        });
        window.clearTimeout(tick);
        if (s.words && !audio.paused) tick = window.setTimeout(mark, 100);
      }
      /** @param {number} by */
      function step(by) {
        if (!sentences) return;
        seek(sentences[Math.max(0, Math.min(sentences.length - 1, current + by))].start);
      }

      onPlayerClick = function (el) {
        var action = el.getAttribute("data-readable-action");
        if (action === "play") {
          if (!wanted()) begin();
          else if (announce("readable:pause", { time: audio.currentTime })) {
            transition("paused");
            audio.pause();
          }
        } else if (action === "prev" || action === "next") {
          step(action === "prev" ? -1 : 1);
        } else if (action === "retry") {
          play.focus();
          begin();
        } else {
          var listen = /** @type {HTMLElement | null} */ (el.closest(".readable-listen"));
          if (listen && !el.closest(OWN_CLICK) && !String(getSelection())) fromBlock(listen);
        }
      };
      // Listen mode: Enter on a paragraph plays from it; scrolling away stops following the voice.
      ["wheel", "touchmove", "keydown"].forEach(function (type) {
        window.addEventListener(type, away, { passive: true });
      });
      article.addEventListener("keydown", function (event) {
        var el = /** @type {HTMLElement} */ (event.target);
        if (event.key === "Enter" && el.classList.contains("readable-listen") && !event.ctrlKey &&
            !event.altKey && !event.metaKey && !event.shiftKey) fromBlock(el);
      });
      select.addEventListener("change", function () {
        if (!announce("readable:speed", { speed: Number(select.value), previous: Number(speed) })) {
          select.value = speed;
          return;
        }
        speed = select.value;
        audio.defaultPlaybackRate = audio.playbackRate = Number(speed);
        save();
      });
      audio.addEventListener("loadedmetadata", function () {
        if (pendingSeek !== null && !busy) {
          audio.currentTime = pendingSeek;
          pendingSeek = null;
          track();
        }
      });
      audio.addEventListener("playing", function () {
        transition("playing");
      });
      audio.addEventListener("waiting", function () {
        if (state === "playing") transition(busy ? "generating" : "loading");
      });
      // A phone's lock screen and headset buttons: the article's name, and sentence steps as "tracks".
      var session = navigator.mediaSession;
      if (session && window.MediaMetadata) {
        audio.addEventListener("play", function () {
          session.metadata = new MediaMetadata({ title: document.title,
            artist: msg.readableSite || location.hostname });
        });
        [["previoustrack", -1], ["nexttrack", 1]].forEach(function (pair) {
          try {
            session.setActionHandler(/** @type {MediaSessionAction} */ (pair[0]), function () { step(+pair[1]); });
          } catch (e) { /* an action this browser does not know */ }
        });
      }
      audio.addEventListener("pause", function () {
        // Paused from elsewhere (the lock screen); a failed load pauses too, and "error" handles that.
        if (wanted() && !audio.error) transition("paused");
      });
      audio.addEventListener("ended", function () {
        current = -1;
        clear();
        transition("idle");
      });
      audio.addEventListener("timeupdate", track);
      audio.addEventListener("seeked", track);
      audio.addEventListener("error", function () {
        // With a job queue the server answers 503 at once until a worker is done: follow <key>.json (its
        // answer may not be back yet), and play once the audio is there.
        if (wanted() && !sentences) loadMeta();
        else fail();
      });
      // "stalled": no data for a while. Give a slow voice time; while the server still makes the audio,
      // keep waiting; once it is made, load it again; only else offer to try again.
      audio.addEventListener("stalled", function () {
        var at = audio.currentTime;
        window.setTimeout(function stalled() {
          if (!waiting() || audio.currentTime !== at) return;
          fetch(msg.readableMeta || "").then(function (r) { return r.json(); }).then(function (meta) {
            if (!waiting() || audio.currentTime !== at) return;
            if (meta.sentences) {
              busy = false;
              pendingSeek = at;
              audio.load();
              start();
              loadMeta();
            } else if (meta.state === "pending") fail();
            else window.setTimeout(stalled, 5000);
          }, fail);
        }, 10000);
      });

      audio.controls = false;
      /** @type {HTMLElement} */ (player.querySelector(".readable-controls")).hidden = false;
      select.value = speed;
      audio.defaultPlaybackRate = audio.playbackRate = Number(speed);
      transition("idle");
    }

    /** Listen next: see next.html and docs/templates.md. @param {HTMLElement} player */
    function listenNext(player) {
      var box = /** @type {HTMLElement} */ (player.querySelector("[data-readable-next]"));
      if (!box) return;
      var audio = player.querySelector("audio"), play = button("play"), link = box.querySelector("a");
      var check = box.querySelector("input"), live = player.querySelector("[role=status]") || status;
      if (location.hash === "#readable-next") {
        history.replaceState(null, "", location.pathname + location.search);
        play.click();
        if (audio.paused) { // refused: undo, ask for a press
          play.click();
          play.focus();
        }
        live.textContent = audio.paused ? box.dataset.readableMsgPress : box.dataset.readableMsgContinuing;
      }
      if (!link) return;
      link.hash = "readable-next";
      link.hidden = true;
      check.parentElement.hidden = false;
      check.onchange = function () {
        autonext = check.checked;
        save();
      };
      audio.addEventListener("ended", function () {
        live.textContent = link.textContent = link.dataset.readableMsgNext;
        link.hidden = false;
        // Over the player's (next sentence), done until the end.
        if (navigator.mediaSession) navigator.mediaSession.setActionHandler("nexttrack", function () {
          if (audio.ended) link.click();
          else button("next").click();
        });
        if (autonext) link.click();
      });
    }
  }

  /** The range of characters [from, to) of a block's own text: its text nodes in document order, without
      nested blocks (id "rd-..."), aria-hidden or data-readable-skip parts, each <br> counting as "\n".
      @param {HTMLElement} block @param {number} from @param {number} to @returns {Range | null} */
  function rangeOf(block, from, to) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var el = /** @type {Element} */ (node);
        return node.nodeType === 1 && (/^rd-/.test(el.id) || el.getAttribute("aria-hidden") === "true" ||
          el.hasAttribute("data-readable-skip")) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var range = document.createRange(), at = 0, started = false, node;
    while ((node = walker.nextNode())) {
      if (node.nodeType === 1) {
        if (node.nodeName === "BR") at++;
        continue;
      }
      var length = /** @type {Text} */ (node).data.length;
      if (!started && from < at + length) {
        range.setStart(node, Math.max(0, from - at));
        started = true;
      }
      if (started && to <= at + length) {
        range.setEnd(node, Math.max(0, to - at));
        return range;
      }
      at += length;
    }
    return started ? range : null;
  }

  /** Keep the sentence in view: the whole block when it fits, else the sentence a third down the screen.
      @param {HTMLElement} block @param {Range | null} range */
  function follow(block, range) {
    var box = (range || block).getBoundingClientRect(), height = window.innerHeight;
    if (box.top >= 0 && box.bottom <= height) return;
    /** @type {ScrollBehavior} */ var behavior = motionQuery.matches ? "auto" : "smooth";
    if (block.offsetHeight < height * 0.8) block.scrollIntoView({ block: "center", behavior: behavior });
    else window.scrollBy({ top: box.top - height / 3, behavior: behavior });
  }

  /** @param {HTMLButtonElement | null} btn @param {boolean} off */
  function setDisabled(btn, off) {
    if (!btn) return;
    if (off) btn.setAttribute("aria-disabled", "true");
    else btn.removeAttribute("aria-disabled");
  }

  /** The settings cookie's fields, unchecked. @param {string} name @returns {Record<string, string>} */
  function readCookie(name) {
    /** @type {Record<string, string>} */
    var out = {};
    document.cookie.split("; ").forEach(function (pair) {
      if (pair.indexOf(name + "=") !== 0) return;
      pair.slice(name.length + 1).replace(/^"|"$/g, "").split("&").forEach(function (field) {
        var kv = field.split("=");
        out[kv[0]] = kv[1];
      });
    });
    return out;
  }

  /** A status line whose messages go after five seconds. @param {Element | null} el */
  function transient(el) {
    var timer = 0;
    /** @param {string} message */
    return function (message) {
      if (!el) return;
      el.textContent = message;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { if (el && el.textContent === message) el.textContent = ""; }, 5000);
    };
  }

  function start() {
    document.querySelectorAll("[data-readable]").forEach(function (el) {
      init(/** @type {HTMLElement} */ (el));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
