// The contestant's paper. Every answer is kept in the browser first (localStorage, with a
// rising number `rev`) and then sent on its own; what the server has not confirmed is resent
// every few seconds and when the network comes back, so a dropped connection, a closed tab or
// a restarted tablet loses nothing. The server keeps the latest rev and refuses answers after
// the end time; the clock here only says how long is left and submits at zero.
//
// One device at a time: when the invigilator moves a contestant to another device, this page
// learns it on its next save (or clock check), hands over what it had not yet sent, once, and
// stops; a reload of the old device's page (#moved) does the same.
(function () {
  "use strict";

  function loadFrom(key) {
    try { return JSON.parse(window.localStorage.getItem(key)) || { rev: 0, pending: {} }; }
    catch (e) { return { rev: 0, pending: {} }; }
  }

  function handOver(url, key, csrf, done) {
    var pending = loadFrom(key).pending;
    var answers = Object.keys(pending).map(function (item) {
      return { item: parseInt(item, 10), value: pending[item].value, rev: pending[item].rev };
    });
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: answers })
    }).then(function (response) { return response.json(); }).then(function (body) {
      if (body.ok) { try { window.localStorage.removeItem(key); } catch (e) { /* gone */ } }
      done(body.message || body.error);
    }).catch(function () {
      done("已在另一台设备登录，本设备已退出考试。网络中断：本机有 " + answers.length +
           " 个答案尚未转交，恢复网络后请刷新本页，或举手告知监考人员。");
    });
  }

  var movedPage = document.getElementById("moved");
  if (movedPage) {
    handOver(movedPage.getAttribute("data-handover-url"), movedPage.getAttribute("data-storage-key"),
      movedPage.querySelector("input[name=csrfmiddlewaretoken]").value, function (message) {
        document.getElementById("moved-notice").textContent = message;
      });
    return;
  }

  var root = document.getElementById("exam");
  if (!root) return;
  var key = root.getAttribute("data-storage-key");
  var handoverUrl = root.getAttribute("data-handover-url");
  var answerUrl = root.getAttribute("data-answer-url");
  var stateUrl = root.getAttribute("data-state-url");
  var form = document.getElementById("submit-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sync = document.getElementById("sync");
  var clock = document.getElementById("clock");
  var endsAt = Date.now() + parseInt(root.getAttribute("data-remaining"), 10) * 1000;
  var sending = false;
  var closed = false;
  var moved = false;

  var store = loadFrom(key);
  function keep() {
    try { window.localStorage.setItem(key, JSON.stringify(store)); } catch (e) { /* full */ }
  }

  var questions = Array.prototype.slice.call(root.querySelectorAll(".exam-question"));
  questions.forEach(function (q) {
    store.rev = Math.max(store.rev, parseInt(q.getAttribute("data-rev"), 10) || 0);
  });

  function valueOf(q) {
    var kind = q.getAttribute("data-kind");
    if (kind === "single" || kind === "judge" || kind === "multiple") {
      return Array.prototype.slice.call(q.querySelectorAll("input:checked"))
        .map(function (i) { return i.value; }).sort().join("");
    }
    if (kind === "fill") {
      return Array.prototype.slice.call(q.querySelectorAll("[data-blank]"))
        .map(function (i) { return i.value.replace(/\|/g, "｜"); }).join("|");
    }
    return q.querySelector("textarea").value;
  }

  function show(q, value) {
    var kind = q.getAttribute("data-kind");
    if (kind === "fill") {
      var parts = value.split("|");
      q.querySelectorAll("[data-blank]").forEach(function (input, i) { input.value = parts[i] || ""; });
    } else if (kind === "short") {
      q.querySelector("textarea").value = value;
    } else {
      q.querySelectorAll("input").forEach(function (input) {
        input.checked = value.indexOf(input.value) !== -1;
      });
    }
  }

  // answers given but not yet confirmed by the server (a dropped network, a closed tab)
  questions.forEach(function (q) {
    var waiting = store.pending[q.getAttribute("data-item")];
    if (waiting && waiting.rev > (parseInt(q.getAttribute("data-rev"), 10) || 0)) show(q, waiting.value);
  });

  function status(text, bad) {
    sync.textContent = text;
    sync.className = "small " + (bad ? "text-danger fw-bold" : "text-success");
  }

  function unsent() { return Object.keys(store.pending).length; }

  function flush() {
    if (sending || closed) return;
    var items = Object.keys(store.pending);
    if (!items.length) { status("答案已全部保存", false); return; }
    sending = true;
    var item = items[0];
    var waiting = store.pending[item];
    fetch(answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ item: parseInt(item, 10), value: waiting.value, rev: waiting.rev })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      sending = false;
      if (result.status === 200) {
        if (store.pending[item] && store.pending[item].rev === waiting.rev) delete store.pending[item];
        keep();
        flush();
      } else if (result.status === 409 && result.body.closed) {
        closed = true;
        window.location.reload();
      } else if (result.body.signed_out) {
        movedOut();
      } else {
        status((result.body.error || "保存失败") + "（答案已保存在本机）", true);
      }
    }).catch(function () {
      sending = false;
      status("网络中断：" + unsent() + " 个答案已保存在本机，恢复网络后自动提交，请继续作答", true);
    });
  }

  function given(q) {
    store.rev += 1;
    store.pending[q.getAttribute("data-item")] = { value: valueOf(q), rev: store.rev };
    keep();
    status("正在保存…", false);
    flush();
  }

  questions.forEach(function (q) {
    var timer = null;
    q.addEventListener("change", function () { clearTimeout(timer); given(q); });
    q.addEventListener("input", function (event) {
      if (event.target.tagName !== "INPUT" || event.target.type === "text") {
        clearTimeout(timer);
        timer = setTimeout(function () { given(q); }, 800);
      }
    });
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    clock.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(s);
    clock.className = left < 300 ? "text-danger" : "";
    if (left === 0 && !closed) {
      closed = true;
      document.getElementById("auto").value = "1";
      // the server closes the attempt at its own end time; answers kept here are sent first
      waitAndSubmit(10);
    }
  }
  function waitAndSubmit(tries) {
    closed = false;
    flush();
    closed = true;
    if (unsent() && tries > 0) { setTimeout(function () { waitAndSubmit(tries - 1); }, 1000); return; }
    form.submit();
  }

  function movedOut() {
    if (moved) return;
    moved = true;
    closed = true;
    root.querySelectorAll("input, textarea, button").forEach(function (el) { el.disabled = true; });
    var notice = document.getElementById("moved-notice");
    notice.classList.remove("d-none");
    notice.textContent = "已在另一台设备登录：本设备已退出考试，正在转交本机未送出的答案…";
    status("本设备已退出考试", true);
    handOver(handoverUrl, key, csrf, function (message) { notice.textContent = message; });
  }

  function refresh() {
    fetch(stateUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.signed_out) { movedOut(); return; }
        if (body.submitted) { window.location.reload(); return; }
        if (typeof body.remaining === "number") endsAt = Date.now() + body.remaining * 1000;
        // answers the server holds that this page does not show (handed over by an old device)
        questions.forEach(function (q) {
          var held = (body.answers || {})[q.getAttribute("data-item")];
          if (held && held[0] && !store.pending[q.getAttribute("data-item")] && !valueOf(q)) show(q, held[0]);
        });
      }).catch(function () { /* offline: the local clock goes on */ });
  }

  form.addEventListener("submit", function (event) {
    if (document.getElementById("auto").value === "1") return;
    if (unsent()) {
      event.preventDefault();
      status("还有 " + unsent() + " 个答案未送到服务器：请检查网络，恢复后再交卷", true);
      flush();
      return;
    }
    if (!window.confirm("确定交卷？交卷后不能再修改答案。")) event.preventDefault();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 3000);
  setInterval(refresh, 30000);
  setInterval(tick, 1000);
  tick();
  flush();
})();
