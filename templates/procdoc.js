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
