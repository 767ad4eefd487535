// Lapak dashboard: the few lines of script the pages need. Each page's
// behaviour hangs off data- attributes, so pages work without it where
// they can.
"use strict";
(function () {
  // Open the menu on wide screens (it is a <details> for phones).
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia("(min-width: 760px)").matches) menu.open = true;
  // Forms with data-confirm ask first.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  // Live parts (Today's cards, the orders' first page): redrawn from the
  // server when a chat moves, which is how new orders and proofs arrive.
  if (window.EventSource) {
    document.querySelectorAll("[data-live]").forEach(function (box) {
      var pending = null;
      var es = new EventSource(box.getAttribute("data-live-events"));
      es.addEventListener("chat", function () {
        if (pending) return;
        pending = setTimeout(function () {
          pending = null;
          fetch(box.getAttribute("data-live"), { credentials: "same-origin" }).then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return r.text();
          }).then(function (html) {
            box.innerHTML = html; // rendered and escaped by the server
          }).catch(function () {});
        }, 300);
      });
    });
  }
})();
