/* procdoc page script: copy buttons on code blocks.
   Local, no dependencies; pages work without it (the button does nothing). */
(function () {
  "use strict";

  var RESET_MS = 2000;

  /* The code text, without the line-number gutter. */
  function codeText(block) {
    var code = block.querySelector(".code-body pre:not(.code-gutter) > code");
    return code ? code.textContent : "";
  }

  /* For browsers without the async clipboard (or pages not served from a
     secure context): copy through a hidden textarea. */
  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.top = "0";
    ta.style.left = "0";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(ta);
    return ok;
  }

  /* Last resort: select the code so the reader can copy it themselves. */
  function selectCode(block) {
    var code = block.querySelector(".code-body pre:not(.code-gutter) > code");
    var sel = window.getSelection && window.getSelection();
    if (!code || !sel) return;
    var range = document.createRange();
    range.selectNodeContents(code);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function show(button, label, state) {
    button.textContent = label;
    button.setAttribute("data-state", state);
    clearTimeout(button.procdocTimer);
    button.procdocTimer = setTimeout(function () {
      button.textContent = "Copy";
      button.removeAttribute("data-state");
    }, RESET_MS);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest(".copy-button") : null;
    if (!button) return;
    var block = button.closest(".code-block");
    if (!block) return;
    var text = codeText(block);
    var done = function () {
      show(button, "Copied", "copied");
    };
    var fallback = function () {
      if (fallbackCopy(text)) {
        done();
      } else {
        selectCode(block);
        show(button, "Selected", "failed");
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });
})();

// Tab sets: without this script every tab is a labelled section; with it,
// each `.tabs` set gets a tab strip (role=tablist/tab/tabpanel, arrow keys,
// Home/End), and choosing a tab selects the same tab id in every set of
// the same kind on the page (as MongoDB's docs do).
(function () {
  "use strict";
  var sets = Array.prototype.slice.call(document.querySelectorAll(".tabs"));
  if (!sets.length) return;
  var uid = 0;

  function panelsOf(set) {
    return Array.prototype.filter.call(set.children, function (el) {
      return el.classList && el.classList.contains("tab-panel");
    });
  }

  function select(set, tabid, focus) {
    var strip = set.querySelector(":scope > .tab-strip");
    if (!strip) return false;
    var buttons = strip.querySelectorAll("[role=tab]");
    var found = false;
    Array.prototype.forEach.call(buttons, function (b) {
      if (b.getAttribute("data-tabid") === tabid) found = true;
    });
    if (!found) return false;
    Array.prototype.forEach.call(buttons, function (b) {
      var on = b.getAttribute("data-tabid") === tabid;
      b.setAttribute("aria-selected", on ? "true" : "false");
      b.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(b.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
      if (on && focus) b.focus();
    });
    return true;
  }

  function selectEverywhere(set, tabid, focus) {
    var kind = set.getAttribute("data-tabset") || "";
    if (!kind) {
      select(set, tabid, focus);
      return;
    }
    sets.forEach(function (s) {
      if ((s.getAttribute("data-tabset") || "") === kind) select(s, tabid, s === set && focus);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".tabs-selector select"), function (sel) {
      if (sel.getAttribute("data-tabset") === kind) sel.value = tabid;
    });
  }

  // A `tabs-selector` becomes one drop-down for every set of its kind;
  // sets marked `:hidden: true` then show no strip of their own.
  var selectorKinds = {};
  Array.prototype.forEach.call(document.querySelectorAll(".tabs-selector"), function (box) {
    var kind = box.getAttribute("data-tabset") || "";
    var seen = {}, options = [];
    sets.forEach(function (s) {
      if ((s.getAttribute("data-tabset") || "") !== kind) return;
      panelsOf(s).forEach(function (p) {
        var id = p.getAttribute("data-tabid") || "";
        if (!seen[id]) { seen[id] = true; options.push([id, p.getAttribute("data-label") || id]); }
      });
    });
    if (!options.length) return;
    selectorKinds[kind] = true;
    var label = document.createElement("label"), sel = document.createElement("select");
    label.textContent = "Select your " + (kind === "drivers" ? "language" : kind.replace(/s$/, "")) + " ";
    sel.setAttribute("data-tabset", kind);
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      sel.appendChild(opt);
    });
    sel.addEventListener("change", function () {
      sets.forEach(function (s) {
        if ((s.getAttribute("data-tabset") || "") === kind) select(s, sel.value, false);
      });
    });
    label.appendChild(sel);
    box.appendChild(label);
  });

  sets.forEach(function (set) {
    var panels = panelsOf(set);
    if (!panels.length) return;
    var strip = document.createElement("div");
    strip.className = "tab-strip";
    strip.setAttribute("role", "tablist");
    panels.forEach(function (panel) {
      uid += 1;
      var id = "tab-" + uid;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tab-button";
      button.id = id + "-button";
      button.setAttribute("role", "tab");
      button.setAttribute("data-tabid", panel.getAttribute("data-tabid") || "");
      button.setAttribute("aria-controls", id);
      button.textContent = panel.getAttribute("data-label") || panel.getAttribute("data-tabid") || "";
      panel.id = panel.id || id;
      button.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", button.id);
      panel.tabIndex = 0;
      strip.appendChild(button);
    });
    if (set.getAttribute("data-hidden") === "true" && selectorKinds[set.getAttribute("data-tabset") || ""]) {
      strip.hidden = true;
    }
    set.insertBefore(strip, set.firstChild);
    set.classList.add("tabs-enhanced");
    select(set, panels[0].getAttribute("data-tabid") || "", false);
    strip.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("[role=tab]") : null;
      if (b) selectEverywhere(set, b.getAttribute("data-tabid"), false);
    });
    strip.addEventListener("keydown", function (e) {
      var buttons = Array.prototype.slice.call(strip.querySelectorAll("[role=tab]"));
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var next = -1;
      if (e.key === "ArrowRight") next = (i + 1) % buttons.length;
      else if (e.key === "ArrowLeft") next = (i - 1 + buttons.length) % buttons.length;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = buttons.length - 1;
      if (next < 0) return;
      e.preventDefault();
      selectEverywhere(set, buttons[next].getAttribute("data-tabid"), true);
    });
  });
})();
