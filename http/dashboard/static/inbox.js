// inbox: new messages appear live (server-sent events), in the open inbox
// and the open chat; a quick reply's button puts its text in the reply.
"use strict";
(function () {
  // The inbox list: redraw the groups when a conversation changes.
  var groups = document.getElementById("inbox-groups");
  if (groups && window.EventSource && !groups.getAttribute("data-paged")) {
    var pending = null;
    var refresh = function (chat) {
      if (pending) return;
      pending = setTimeout(function () {
        pending = null;
        fetch(groups.getAttribute("data-refresh"), { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        }).then(function (html) {
          groups.innerHTML = html; // rendered and escaped by the server
          var a = document.getElementById("chat-" + chat);
          if (a) a.classList.add("fresh");
        }).catch(function () {});
      }, 150);
    };
    var es = new EventSource(groups.getAttribute("data-events"));
    es.addEventListener("chat", function (e) {
      try { refresh(JSON.parse(e.data).chat); } catch (err) {}
    });
  }

  // A chat: append its new messages, show its state.
  var list = document.getElementById("messages");
  var state = document.getElementById("chat-state");
  if (list && state && window.EventSource && list.getAttribute("data-events")) {
    var add = function (m) {
      if (list.querySelector('[data-id="' + m.id + '"]')) return;
      var none = list.querySelector(".none");
      if (none) none.remove();
      var li = document.createElement("li");
      li.className = "msg " + (m.dir === "out" ? "out" : "in");
      li.setAttribute("data-by", m.by);
      li.setAttribute("data-id", String(m.id));
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = m.who;
      li.appendChild(who);
      if (m.text) {
        var body = document.createElement("span");
        body.className = "body";
        body.textContent = m.text;
        li.appendChild(body);
      }
      if (m.note) {
        var note = document.createElement("span");
        note.className = "note muted";
        note.textContent = m.note;
        li.appendChild(note);
      }
      if (m.media) {
        var a = document.createElement("a");
        a.href = m.media;
        var img = document.createElement("img");
        img.src = m.media;
        img.alt = "";
        a.appendChild(img);
        li.appendChild(a);
      }
      var t = document.createElement("time");
      t.setAttribute("datetime", m.iso);
      t.textContent = m.at;
      li.appendChild(t);
      // In id order: a message committed late goes where it belongs.
      var after = null;
      var items = list.querySelectorAll("li.msg");
      for (var i = items.length - 1; i >= 0; i--) {
        if (parseInt(items[i].getAttribute("data-id"), 10) < m.id) { after = items[i]; break; }
      }
      if (after) after.after(li); else list.prepend(li);
      if (!after || after === items[items.length - 1]) li.scrollIntoView({ block: "nearest" });
    };
    var src = new EventSource(list.getAttribute("data-events"));
    src.addEventListener("msg", function (e) {
      try { add(JSON.parse(e.data)); } catch (err) {}
    });
    src.addEventListener("state", function (e) {
      try {
        var s = JSON.parse(e.data);
        state.setAttribute("data-state", s.state);
        var words = document.getElementById("chat-state-words");
        if (words) words.textContent = s.words;
        var take = document.getElementById("takeover-form");
        var back = document.getElementById("handback-form");
        if (take) take.hidden = s.state === "human";
        if (back) back.hidden = s.state !== "human";
      } catch (err) {}
    });
  }

  // Quick replies: a click puts the text where the cursor is.
  var box = document.getElementById("quick-replies");
  var text = document.getElementById("reply-text");
  if (box && text) {
    box.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-text]");
      if (!b) return;
      var s = b.getAttribute("data-text");
      var at = text.selectionStart || text.value.length;
      var end = text.selectionEnd || at;
      text.value = text.value.slice(0, at) + s + text.value.slice(end);
      text.focus();
      text.selectionStart = text.selectionEnd = at + s.length;
    });
  }
})();
