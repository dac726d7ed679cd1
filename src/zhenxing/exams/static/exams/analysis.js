// The score distribution of the item analysis (Apache ECharts, from the platform's own static
// files); its data is in the page as JSON, and the same figures are in the table beside it.
(function () {
  "use strict";
  var holder = document.getElementById("exam-chart-data");
  var element = document.querySelector("[data-exam-chart]");
  if (!holder || !element || !window.echarts) return;
  var data = JSON.parse(holder.textContent);
  var chart = window.echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { renderMode: "richText", trigger: "axis" },
    grid: { containLabel: true, left: 8, right: 16, top: 16, bottom: 8 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1, name: "人数" },
    series: [{ name: "人数", type: "bar", data: data.counts }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
