// catalog: photos larger than the shop keeps, or more than the product has
// room for, are refused before they are sent (the server refuses them
// too); on a computer the photos are put in order by dragging them (HTML5
// drag and drop), the new order posted by the page's order form with its
// CSRF token. Without JS the ↑ ↓ buttons do the same.
"use strict";
(function () {
  var form = document.getElementById("photo-form");
  var input = document.getElementById("photo-file");
  var msg = document.getElementById("photo-error");
  if (form && input && msg) {
    var max = parseInt(form.getAttribute("data-max"), 10) * 1024 * 1024;
    var room = parseInt(form.getAttribute("data-room"), 10);
    form.addEventListener("submit", function (e) {
      var files = input.files || [];
      var why = "";
      if (room && files.length > room) why = form.getAttribute("data-toomany");
      for (var i = 0; i < files.length && !why; i++) {
        if (max && files[i].size > max) why = form.getAttribute("data-toobig");
      }
      if (why) {
        e.preventDefault();
        msg.textContent = why;
        msg.hidden = false;
      }
    });
  }

  var list = document.getElementById("photo-list");
  var orderForm = document.getElementById("photo-order-form");
  var order = document.getElementById("photo-order");
  if (!list || !orderForm || !order) return;
  var dragged = null;
  var before = []; // the items' order when the drag began
  function item(el) {
    while (el && el !== list) {
      if (el.classList && el.classList.contains("photo-item")) return el;
      el = el.parentNode;
    }
    return null;
  }
  list.addEventListener("dragstart", function (e) {
    dragged = item(e.target);
    if (!dragged) return;
    before = Array.prototype.slice.call(list.querySelectorAll(".photo-item"));
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
  });
  list.addEventListener("dragover", function (e) {
    var over = item(e.target);
    if (!dragged || !over) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = e.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", function (e) {
    if (!dragged) return;
    e.preventDefault();
    var ids = [];
    var items = list.querySelectorAll(".photo-item");
    for (var i = 0; i < items.length; i++) ids.push(items[i].getAttribute("data-id"));
    var moved = ids.join(",") !== order.value;
    dragged.classList.remove("dragging");
    dragged = null;
    if (moved) {
      order.value = ids.join(",");
      orderForm.submit();
    }
  });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    // Dropped elsewhere: the photos go back where they were.
    dragged.classList.remove("dragging");
    dragged = null;
    for (var i = 0; i < before.length; i++) list.appendChild(before[i]);
  });
})();
