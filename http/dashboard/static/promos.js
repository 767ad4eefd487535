// Promos: the compose form's live recipient count. Without it the
// preview step shows the count.
"use strict";
(function () {
  var out = document.getElementById("promo-count");
  var form = document.getElementById("promo-form");
  if (!out || !form) return;
  var url = out.getAttribute("data-count-url");
  var timer = null, seq = 0;
  function count() {
    var q = new URLSearchParams();
    ["seg", "value", "days", "conds"].forEach(function (n) {
      var el = form.elements[n];
      if (el) q.set(n, el.value);
    });
    var mine = ++seq;
    fetch(url + "?" + q.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (a) {
        if (!a || mine !== seq) return;
        out.textContent = a.text;
        out.setAttribute("data-recipients", a.problem ? "" : String(a.recipients));
      })
      .catch(function () {});
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(count, 300);
  }
  ["seg", "value", "days", "conds"].forEach(function (n) {
    var el = form.elements[n];
    if (!el) return;
    el.addEventListener("input", later);
    el.addEventListener("change", later);
  });
  count();
})();
