// The pages' behaviour, in one static file: the Content-Security-Policy allows no inline script
// and no inline event handler (docs/decisions.md). Each behaviour is asked for by a data-
// attribute in the templates.
(function () {
  "use strict";

  // data-confirm="…" on a form or on the button that submits it: ask before sending
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // data-autosubmit on a field: a change sends its form (the language menu)
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute("data-autosubmit")) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // data-print: print the page; data-back: back to the page before (the link's own address
  // where there is none)
  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    } else if (event.target.closest("[data-back]") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // data-swap-status="409 429" on an htmx element: those answers are shown, not dropped as
  // errors (a stale sheet, a rate-limited check say why in their body)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var from = event.detail.elt || event.target;
    var holder = from.closest && from.closest("[data-swap-status]");
    if (!holder) return;
    var statuses = holder.getAttribute("data-swap-status").split(/\s+/);
    if (statuses.indexOf(String(event.detail.xhr.status)) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Sizes and places given as data (set through the style object, which the policy allows):
  // data-progress="40" (a progress bar's width in %), and on a certificate preview
  // data-left/-top/-width/-height (mm), data-font-size (pt), data-text-align, data-background.
  var UNITS = { left: "mm", top: "mm", width: "mm", height: "mm", fontSize: "pt" };
  var ALIGN = ["left", "center", "right", "justify"];

  function number(text) {
    var value = parseFloat(text);
    return isFinite(value) ? value : null;
  }

  // the elements under root, and root itself, that match a selector
  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) found.unshift(root);
    return found;
  }

  function place(root) {
    within(root, "[data-progress]").forEach(function (bar) {
      var value = number(bar.getAttribute("data-progress"));
      if (value !== null) bar.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
    within(root, "[data-place]").forEach(function (item) {
      Object.keys(UNITS).forEach(function (key) {
        var value = number(item.dataset[key]);
        if (value !== null) item.style[key] = value + UNITS[key];
      });
      if (ALIGN.indexOf(item.dataset.textAlign) >= 0) item.style.textAlign = item.dataset.textAlign;
      var background = item.dataset.background;
      if (background && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(background)) {
        item.style.backgroundImage = "url(\"" + background + "\")";
      }
    });
  }

  // A table or box that scrolls sideways on a phone is reachable by keyboard (tabindex 0) so
  // its hidden columns can be scrolled into view without a mouse.
  function scrollable(root) {
    root.querySelectorAll("main table, main .table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }

  function ready(root) {
    place(root);
    scrollable(document);
  }

  if (window.htmx) window.htmx.onLoad(ready);
  document.addEventListener("DOMContentLoaded", function () { ready(document); });
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { scrollable(document); }, 200);
  });
})();
