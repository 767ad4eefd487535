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
})();
