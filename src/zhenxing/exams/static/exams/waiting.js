// Waiting for the exam to open: count down, then load the paper.
(function () {
  "use strict";
  var element = document.getElementById("wait");
  if (!element) return;
  var opensAt = Date.now() + parseInt(element.getAttribute("data-wait"), 10) * 1000;
  setInterval(function () {
    var left = Math.max(0, Math.round((opensAt - Date.now()) / 1000));
    element.textContent = left;
    if (left === 0) window.location.reload();
  }, 1000);
})();
