// catalog: a photo larger than the shop keeps is refused before it is sent
// (the server refuses it too).
"use strict";
(function () {
  var form = document.getElementById("photo-form");
  var input = document.getElementById("photo-file");
  var msg = document.getElementById("photo-error");
  if (!form || !input || !msg) return;
  var max = parseInt(form.getAttribute("data-max"), 10) * 1024 * 1024;
  form.addEventListener("submit", function (e) {
    var f = input.files && input.files[0];
    if (f && max && f.size > max) {
      e.preventDefault();
      msg.textContent = form.getAttribute("data-toobig");
      msg.hidden = false;
    }
  });
})();
