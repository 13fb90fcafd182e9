// Copy buttons for citations and quotes. The page works without this file: every text to
// copy is on the page, selectable (a readonly textarea, a <pre>, a paragraph). This adds one
// button per `.copyable` block that copies its `.copy-text` in one click, with the italics
// of APA, Chicago and MLA kept as HTML for word processors. Loaded with <script src defer>,
// never inline, so a strict Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  function textOf(source) {
    return source.tagName === "TEXTAREA" ? source.value : source.textContent;
  }

  // Without the async clipboard (an old browser, a page not served over loopback or
  // HTTPS), select the text and let the browser's own copy command take it.
  function copyBySelection(source) {
    var selection = window.getSelection();
    if (source.tagName === "TEXTAREA") {
      source.focus();
      source.select();
    } else {
      var range = document.createRange();
      range.selectNodeContents(source);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(source) {
    var text = textOf(source);
    var clipboard = navigator.clipboard;
    if (!clipboard) {
      return copyBySelection(source);
    }
    var rich = source.querySelector && source.querySelector("i");
    if (rich && clipboard.write && window.ClipboardItem) {
      var item = new window.ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([source.innerHTML], { type: "text/html" })
      });
      return clipboard.write([item]).catch(function () {
        return clipboard.writeText(text);
      });
    }
    return clipboard.writeText(text).catch(function () {
      return copyBySelection(source);
    });
  }

  function addButton(block) {
    var source = block.querySelector(".copy-text");
    if (!source) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = block.getAttribute("data-copy-label") || "Copy";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var host = block;
    if (block.getAttribute("data-copy-into") === "previous" && block.previousElementSibling) {
      // On the episode page the button sits on the passage's own line; the disclosure
      // that holds the text for readers without JavaScript is no longer needed.
      host = block.previousElementSibling;
      block.hidden = true;
      host.appendChild(document.createTextNode(" "));
      host.appendChild(button);
      host.appendChild(status);
    } else {
      var heading = block.querySelector("h3");
      var anchor = heading || source;
      anchor.parentNode.insertBefore(button, anchor.nextSibling);
      button.parentNode.insertBefore(status, button.nextSibling);
    }

    button.addEventListener("click", function () {
      copy(source).then(
        function () {
          status.textContent = "Copied";
          button.classList.add("is-copied");
        },
        function () {
          status.textContent = "Press Ctrl+C (⌘C) to copy the selected text";
        }
      );
    });
  }

  var blocks = document.querySelectorAll(".copyable");
  for (var i = 0; i < blocks.length; i++) {
    addButton(blocks[i]);
  }
})();
