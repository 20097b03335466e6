/* Copy buttons: <button data-copy="#some-link" hidden> copies that link's address.
 *
 * Loaded as a file with the page's CSP nonce (no inline script is allowed). The
 * buttons ship hidden and are shown here, so without JavaScript there is no dead
 * button, only the link. Clicks are delegated from the document, so buttons that
 * HTMX swaps in later work too.
 */
(function () {
  "use strict";

  function reveal(root) {
    root.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function copyWithSelection(text) {
    // Without the async clipboard (plain HTTP on a LAN address): a selected,
    // off-screen textarea and the older copy command.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    if (!copied) throw new Error("copy refused");
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve) {
      copyWithSelection(text);
      resolve();
    });
  }

  function say(button, text) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = text;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var target = document.querySelector(button.dataset.copy);
    if (!target) return;
    var text = target.href || target.textContent.trim();
    copy(text).then(
      function () { say(button, "Copied"); },
      function () {
        // Leave the address selected for Ctrl+C.
        window.getSelection().selectAllChildren(target);
        say(button, "Press Ctrl+C");
      }
    );
  });

  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:load", function (event) { reveal(event.target); });
})();
