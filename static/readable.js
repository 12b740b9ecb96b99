// @ts-check
/* readable: the reading bar, improved in place (attributes and events: docs/templates.md). */
/** @typedef {"idle" | "loading" | "playing" | "paused" | "generating" | "error"} PlayerState */
(function () {
  "use strict";

  var contrastQuery = window.matchMedia("(prefers-contrast: more)");
  var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  /** The comfort panel's radio groups and their defaults. @type {Record<string, string>} */
  var DEFAULTS = { theme: "auto", leading: "normal", spacing: "normal", width: "normal", font: "site",
    mask: "off" };
  var motionQuery = window.matchMedia("(prefers-reduced-motion: reduce)");
  var highlights = window.CSS && CSS.highlights;
  /** @type {Record<string, string>} */
  var KEYS = { " ": "play", k: "play", j: "back", l: "forward", ",": "prev", ".": "next" };
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
    // A former contrast=on|off is a theme.
    /** @type {Record<string, string>} */
    var prefs = {};
    Object.keys(DEFAULTS).forEach(function (name) {
      var value = saved[name] || (name === "theme" ? { on: "contrast", off: "default" }[saved.contrast] : "");
      var offered = radios.some(function (r) { return r.name === name && r.value === value; });
      prefs[name] = offered ? value : DEFAULTS[name];
    });
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

    root.addEventListener("click", function (event) {
      var el = /** @type {HTMLElement} */ (event.target);
      var btn = el.closest ? el.closest("button[data-readable-action]") : null;
      if (!btn) return;
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

    /** @param {HTMLElement} player */
    function initPlayer(player) {
      var msg = player.dataset;
      /** @param {string} selector */
      function $(selector) {
        return /** @type {HTMLElement} */ (player.querySelector(selector));
      }
      var audio = /** @type {HTMLAudioElement} */ ($("audio"));
      var select = /** @type {HTMLSelectElement} */ ($("select"));
      var note = $("[data-readable-note]"), live = $(".readable-live"), row = $(".readable-transport");
      var slider = /** @type {HTMLInputElement} */ ($(".readable-seek")), offer = $(".readable-resume");
      var boxes = /** @type {HTMLInputElement[]} */
        (Array.from(player.querySelectorAll(".readable-option input")));
      var play = button("play"), retry = button("retry"), sheet = new CSSStyleSheet();
      var proto = /** @type {HTMLTemplateElement} */ ($("template")).content.children[0];
      document.adoptedStyleSheets.push(sheet);
      var spot = "readable-at " + msg.readableMeta, saved = Number(store(spot)), kept = saved;
      /** @type {PlayerState} */
      var state = "idle";
      /** @type {{index: number, block_id: string, from: number, to: number, start: number}[] | null} */
      var sentences = null;
      var current = -1, length = 0;
      /** @type {HTMLElement | null} */
      var block = null;
      var busy = false, asking = false, following = true, lastTime = 0, timer = 0;
      var docked = false, inView = true, slot = 0;
      var provisional = false;
      /** @type {number | null} */
      var pendingSeek = null;

      /** The only writer of the state; renders it (again for the same state).
          @param {PlayerState} next @param {string} [detail] progress, after the status text */
      function transition(next, detail) {
        var from = state;
        state = next;
        var on = wanted(), wait = waiting();
        player.dataset.readableState = next;
        if (next !== "idle") player.dataset.readablePlayed = "";
        $(".readable-play .readable-icon").textContent = on ? "❚❚" : "▶";
        $(".readable-play .readable-label").textContent =
          (wait ? msg.readableMsgLoading : on ? msg.readableMsgPause : msg.readableMsgPlay) || "";
        play.setAttribute("aria-busy", String(wait));
        retry.hidden = next !== "error";
        setDisabled(button("prev"), !sentences || current <= 0);
        setDisabled(button("next"), !sentences || current >= sentences.length - 1);
        setDisabled(button("back"), !sentences);
        setDisabled(button("forward"), !sentences);
        slider.disabled = !sentences;
        if (next === "error") tell(msg.readableMsgError);
        else if (next === "generating") {
          if (from !== next || detail) tell((msg.readableMsgGenerating || "") + (detail ? " " + detail : ""));
        } else if (from !== next) {
          if (/^p/.test(next)) brief((next === "playing" ? msg.readableMsgPlaying : msg.readableMsgPaused) || "");
          else if (from === "error" || from === "generating") tell();
        }
        dock();
      }
      var brief = transient(live);
      /** @param {string} [text] */
      function tell(text) {
        live.textContent = text || "";
      }
      function waiting() {
        return state === "loading" || state === "generating";
      }
      function wanted() {
        return waiting() || state === "playing";
      }
      function dock() {
        var on = !inView && state !== "idle" && (docked || wanted());
        if (on === docked) return;
        slot = row.offsetHeight;
        docked = on;
        player.toggleAttribute("data-readable-docked", on);
        fit();
      }
      function fit() {
        var h = row.offsetHeight + "px";
        sheet.replaceSync(docked ? "html{padding-bottom:" + h + ";scroll-padding-bottom:" + h +
          "}.readable-slot{min-height:" + slot + "px}" : "");
      }
      /** @param {string} id */
      function blockOf(id) {
        return id ? /** @type {HTMLElement | null} */ (article.querySelector('[id="' + id + '"]')) : null;
      }
      function start() {
        audio.play().catch(function () { /* "error" reports real failures */ });
      }
      function fail() {
        transition("error");
        audio.pause();
      }
      function loadMeta() {
        clearTimeout(timer);
        if (sentences || asking) return;
        asking = true;
        var afterError = !!audio.error;
        fetch(msg.readableMeta || "")
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (meta) {
            asking = false;
            busy = !meta.sentences;
            if (note && busy && meta.fallback !== undefined) note.hidden = !meta.fallback;
            if (audio.error && !afterError) return loadMeta();
            if (busy) {
              if (audio.error && meta.state === "pending") return fail();
              if (waiting()) transition("generating", meta.total ? meta.done + "/" + meta.total : "");
              if (wanted()) timer = setTimeout(loadMeta, 1000);
              return;
            }
            sentences = meta.sentences;
            length = meta.duration;
            provisional = meta.state === "provisional";
            if (note) note.hidden = !provisional;
            if (audio.error && state === "generating") {
              audio.load();
              start();
            } else if (audio.error && state === "loading") fail();
            // Before the block, out of a heading's name, where allowed.
            sentences.forEach(function (s) {
              var el = blockOf(s.block_id);
              if (!el || el.classList.contains("readable-listen")) return;
              el.classList.add("readable-listen");
              var here = /** @type {HTMLButtonElement} */ (proto.cloneNode(true));
              here.value = el.id;
              el[/^(LI|T[DH]|CAPTION|D[TD])$/.test(el.tagName) ? "prepend" : "before"](here);
            });
            if (pendingSeek !== null) seek(pendingSeek);
            track();
            show();
            transition(state);
          }, function () {
            asking = false;
            if (audio.error && wanted()) fail();
          });
      }
      /** @param {number} [time] */
      function begin(time) {
        if (!announce("readable:play", { time: time === undefined ? audio.currentTime : time })) return;
        following = true;
        offer.hidden = true;
        // Loaded again after a failure only (it would cancel a pending play()).
        var again = state === "error" || !!audio.error;
        if (provisional && state === "idle") {
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
      /** Stop following the voice when the reader scrolls. @param {Event} event */
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
            // Chromium may not end a seek made during another: "seeked" makes it.
            pendingSeek = audio.seeking ? time : null;
            if (pendingSeek === null) audio.currentTime = time;
            track();
            return;
          }
        }
        // Not seekable yet: "loadedmetadata" seeks. Audio streamed while it was made is loaded again, whole.
        pendingSeek = time;
        if (!busy && audio.readyState >= audio.HAVE_METADATA) {
          audio.load();
          if (wanted()) {
            transition("loading");
            start();
          }
        }
      }
      function track() {
        if (!sentences) return;
        var time = pendingSeek === null ? audio.currentTime : pendingSeek, i = sentences.length - 1;
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
        var range = rangeOf(el, s.from, s.to);
        if (!boxes[0].checked) clear();
        else {
          el.classList.add("readable-current");
          if (highlights && range) highlights.set("readable-sentence", new Highlight(range));
          else el.classList.add("readable-reading");
        }
        mark();
        if (following && boxes[1].checked) follow(el, range);
      }
      function clear() {
        if (highlights) highlights.delete("readable-sentence");
        if (highlights) highlights.delete("readable-word");
        if (block) block.classList.remove("readable-current", "readable-reading");
      }
      var tick = 0;
      /** Mark the word being said (s.words: [start, end, from, to]). */
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
      /** @param {Event} [event] */
      function show(event) {
        var time = pendingSeek === null ? audio.currentTime : pendingSeek;
        var total = length || (isFinite(audio.duration) ? audio.duration : 0);
        $("[data-readable-elapsed]").textContent = clock(time);
        if (total) $("[data-readable-total]").textContent = clock(total);
        if (event && document.activeElement === slider) return;
        slider.max = String(total);
        slider.value = String(time);
        slider.setAttribute("aria-valuetext", (msg.readableMsgPosition || "").replace("{time}", words(time))
          .replace("{total}", words(total)));
      }
      /** @param {number} seconds */
      function words(seconds) {
        var t = Math.floor(seconds) || 0, m = Math.floor(t / 60);
        return ((m ? unit(m, "minute") : "") + (t % 60 || !m ? " " + unit(t % 60, "second") : "")).trim();
      }
      /** @param {number} n @param {string} name */
      function unit(n, name) {
        return new Intl.NumberFormat(root.lang || "vi", { style: "unit", unit: name, unitDisplay: "long" }).format(n);
      }
      function toggle() {
        if (!wanted()) begin();
        else if (announce("readable:pause", { time: audio.currentTime })) {
          transition("paused");
          audio.pause();
        }
      }
      /** @param {string} action */
      function act(action) {
        var by = { prev: -1, next: 1, back: -10, forward: 10 }[action] || 0;
        if (action === "play") toggle();
        else if (/^re/.test(action)) {
          play.focus();
          begin(action === "resume" ? saved : action === "restart" ? 0 : undefined);
        } else if (!sentences || !by) return;
        else if (by * by === 1) seek(sentences[Math.max(0, Math.min(sentences.length - 1, current + by))].start);
        else seek(Math.max(0, Math.min(length - 0.5, audio.currentTime + by)));
      }

      onPlayerClick = function (el) {
        var action = el.getAttribute("data-readable-action") || "";
        var id = /** @type {HTMLButtonElement} */ (el).value;
        if (action !== "here") return act(action);
        for (var i = 0; sentences && i < sentences.length; i++) {
          if (sentences[i].block_id === id) return begin(sentences[i].start);
        }
      };
      player.addEventListener("keydown", function (event) {
        var el = /** @type {HTMLInputElement} */ (event.target);
        var action = KEYS[event.key.toLowerCase()];
        if (!action || event.ctrlKey || event.altKey || event.metaKey ||
            (event.key === " " && el.type !== "range")) return;
        event.preventDefault();
        act(action);
      });
      ["wheel", "touchmove", "keydown"].forEach(function (type) {
        window.addEventListener(type, away, { passive: true });
      });
      new IntersectionObserver(function (entries) {
        inView = entries[entries.length - 1].isIntersecting;
        dock();
      }).observe(row.parentElement || row);
      new ResizeObserver(fit).observe(row);
      slider.addEventListener("input", function () {
        seek(+slider.value);
      });
      player.addEventListener("change", function (event) {
        var el = /** @type {any} */ (event.target);
        if (boxes.indexOf(el) >= 0) {
          store("readable-off", boxes.map(function (b) { return b.checked ? "" : b.value; }).join(" "));
          current = -1;
          clear();
          return track();
        }
        if (el !== select) return;
        if (!announce("readable:speed", { speed: Number(select.value), previous: Number(speed) })) {
          select.value = speed;
          return;
        }
        speed = select.value;
        audio.defaultPlaybackRate = audio.playbackRate = Number(speed);
        brief((msg.readableMsgSpeed || "").replace("{speed}", select.selectedOptions[0].text));
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
      // Lock screen and headset buttons.
      var session = navigator.mediaSession;
      if (session && window.MediaMetadata) {
        audio.addEventListener("play", function () {
          session.metadata = new MediaMetadata({ title: document.title,
            artist: msg.readableSite || location.hostname });
        });
        ["play", "pause", "previoustrack prev", "nexttrack next", "seekbackward back", "seekforward forward"]
          .forEach(function (pair) {
            var p = pair.split(" ");
            try {
              session.setActionHandler(/** @type {MediaSessionAction} */ (p[0]), function () {
                if (p[1]) act(p[1]);
                else if ((p[0] === "play") !== wanted()) toggle();
              });
            } catch (e) { /* an action this browser does not know */ }
          });
      }
      audio.addEventListener("pause", function () {
        keep();
        if (wanted() && !audio.error) transition("paused");
      });
      function keep() {
        var at = kept = audio.currentTime;
        store(spot, at > 5 && at < length - 1 ? "" + Math.floor(at) : null);
      }
      audio.addEventListener("ended", function () {
        current = -1;
        clear();
        transition("idle");
        tell(msg.readableMsgEnd);
      });
      audio.addEventListener("timeupdate", function (event) {
        track();
        show(event);
        if (pendingSeek === null && Math.abs(audio.currentTime - kept) >= 5) keep();
      });
      audio.addEventListener("seeked", function () {
        if (pendingSeek !== null) seek(pendingSeek);
        track();
        show();
      });
      audio.addEventListener("error", function () {
        // A job queue answers 503 until the audio is made.
        if (wanted() && !sentences) loadMeta();
        else fail();
      });
      audio.addEventListener("stalled", function () {
        var at = audio.currentTime;
        setTimeout(function stalled() {
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
            else setTimeout(stalled, 5000);
          }, fail);
        }, 10000);
      });

      audio.controls = false;
      $(".readable-controls").hidden = false;
      select.value = speed;
      audio.defaultPlaybackRate = audio.playbackRate = Number(speed);
      var off = store("readable-off") || "";
      boxes.forEach(function (box) { box.checked = off.indexOf(box.value) < 0; });
      offer.hidden = !saved;
      button("resume").textContent = (msg.readableMsgResume || "").replace("{time}", clock(saved));
      transition("idle");
    }

    /** @param {HTMLElement} player */
    function listenNext(player) {
      var box = /** @type {HTMLElement} */ (player.querySelector("[data-readable-next]"));
      if (!box) return;
      var audio = player.querySelector("audio"), play = button("play"), link = box.querySelector("a");
      var check = /** @type {HTMLInputElement} */ (player.querySelector("[name=autonext]")), live = player.querySelector("[role=status]") || status;
      if (location.hash === "#readable-next") {
        history.replaceState(null, "", location.pathname + location.search);
        play.click();
        if (audio.paused) { // refused: undo, ask for a press
          play.click();
          play.focus();
        }
        var heading = root.querySelector(".readable-article :is(h1,h2)");
        live.textContent = audio.paused ? box.dataset.readableMsgPress || "" : (box.dataset.readableMsgContinuing ||
          "").replace("{title}", (heading ? heading.textContent || "" : document.title).trim()).replace(/: $/, "");
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
        link.textContent = link.dataset.readableMsgNext || "";
        live.textContent += " " + link.textContent; // after the player's end message
        link.hidden = false;
        if (navigator.mediaSession) navigator.mediaSession.setActionHandler("nexttrack", function () {
          if (audio.ended) link.click();
          else button("next").click();
        });
        if (autonext) link.click();
      });
    }
  }

  /** [from, to) of a block's own text (not nested blocks, hidden or skipped parts; <br> is one).
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

  /** @param {HTMLElement} block @param {Range | null} range */
  function follow(block, range) {
    var box = (range || block).getBoundingClientRect();
    var height = innerHeight - (parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) || 0);
    if (box.top >= 0 && box.bottom <= height) return;
    /** @type {ScrollBehavior} */ var behavior = motionQuery.matches ? "auto" : "smooth";
    if (block.offsetHeight < height * 0.8) block.scrollIntoView({ block: "center", behavior: behavior });
    else window.scrollBy({ top: box.top - Math.max(8, Math.min(height / 3, height - box.height)), behavior: behavior });
  }

  /** @param {number} seconds @returns {string} m:ss */
  function clock(seconds) {
    var t = Math.floor(seconds) || 0;
    return Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  }

  /** localStorage: read (no value), write, remove (null). @param {string} key @param {string | null} [value] @returns {string | null} */
  function store(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* storage is off */ }
    return null;
  }

  /** @param {HTMLButtonElement | null} btn @param {boolean} off */
  function setDisabled(btn, off) {
    if (!btn) return;
    if (off) btn.setAttribute("aria-disabled", "true");
    else btn.removeAttribute("aria-disabled");
  }

  /** @param {string} name @returns {Record<string, string>} */
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

  /** @param {Element | null} el */
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
