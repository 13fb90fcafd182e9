// Find in transcript: step through the server-marked matches with n/p or the buttons.
// The page works without this file (every match links to the next); this adds a live
// "3 of 12" counter, keyboard keys, and focus on the current match. No inline script:
// loaded with <script src defer> so a strict Content-Security-Policy can forbid inline JS.
(function () {
  "use strict";

  var find = document.getElementById("find");
  var matches = Array.prototype.slice.call(
    document.querySelectorAll(".transcript .passage.match")
  );
  if (!find || matches.length === 0) {
    return;
  }
  var counter = find.querySelector(".find-count");
  var current = -1;

  function indexOfHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    for (var i = 0; i < matches.length; i++) {
      if (matches[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function mark(index) {
    if (current >= 0) {
      matches[current].classList.remove("is-current");
    }
    current = index;
    matches[current].classList.add("is-current");
    counter.textContent = current + 1 + " of " + matches.length;
  }

  function go(index) {
    // Wrap around at both ends, as a browser's own find does.
    var n = matches.length;
    mark(((index % n) + n) % n);
    var el = matches[current];
    el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    // Keep the address shareable without adding a history entry per step.
    window.history.replaceState(null, "", "#" + el.id);
  }

  function next() {
    go(current + 1);
  }

  function previous() {
    go(current < 0 ? matches.length - 1 : current - 1);
  }

  function isTyping(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isTyping(event.target)) {
      return;
    }
    if (event.key === "n") {
      event.preventDefault();
      next();
    } else if (event.key === "p") {
      event.preventDefault();
      previous();
    }
  });

  find.querySelector(".find-next").addEventListener("click", function (event) {
    event.preventDefault();
    next();
  });
  find.querySelector(".find-prev").addEventListener("click", function (event) {
    event.preventDefault();
    previous();
  });

  // The server-rendered links (the list, each match's previous/next) still navigate by
  // fragment; follow them so the counter always names the match on screen.
  window.addEventListener("hashchange", function () {
    var index = indexOfHash();
    if (index >= 0) {
      mark(index);
    }
  });

  var hint = find.querySelector(".find-keys");
  if (hint) {
    hint.hidden = false;
  }
  var landed = indexOfHash();
  if (landed >= 0) {
    mark(landed);
  }
})();
