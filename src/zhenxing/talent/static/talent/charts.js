// The talent statistics' charts (Apache ECharts, from the platform's own static files): the data
// is in the page as JSON (#talent-charts); each <div data-chart="slug"> gets its chart. The
// tooltips are plain text (no HTML with inline styles, which the page's policy would block).
(function () {
  "use strict";
  var holder = document.getElementById("talent-charts");
  if (!holder || !window.echarts) return;
  var charts = JSON.parse(holder.textContent);

  function option(data) {
    var common = { tooltip: { renderMode: "richText" }, animation: false };
    if (data.chart === "pie") {
      var slices = data.labels.map(function (label, i) {
        return { name: label, value: data.series[0].values[i] };
      });
      return Object.assign(common, {
        tooltip: { renderMode: "richText", trigger: "item" },
        series: [{ type: "pie", radius: "60%", data: slices }]
      });
    }
    return Object.assign(common, {
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: data.series.length > 1 ? {} : undefined,
      grid: { left: 40, right: 16, top: data.series.length > 1 ? 40 : 16, bottom: 70 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 40 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.chart, data: s.values };
      })
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data = charts[element.getAttribute("data-chart")];
    if (!data) return;
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(data));
    // redrawn at its box's new width (a phone turned, a window narrowed)
    if (window.ResizeObserver) {
      new window.ResizeObserver(function () { chart.resize(); }).observe(element);
    } else {
      window.addEventListener("resize", function () { chart.resize(); });
    }
  });
})();
