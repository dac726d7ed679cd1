// The talent statistics' charts (Apache ECharts, from the platform's own static files): the data
// is in the page as JSON (#talent-charts); each <div data-chart="slug"> gets its chart. The
// tooltips are plain text (no HTML with inline styles, which the page's policy would block).
(function () {
  "use strict";
  var holder = document.getElementById("talent-charts");
  if (!holder || !window.echarts) return;
  var charts = JSON.parse(holder.textContent);

  // Long category names (occupations) are read across on a phone: the bars then run sideways,
  // one name per line; a "line" over a single edition is drawn as a bar (one point is no line).
  function option(data, width) {
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
    var kind = data.chart === "line" && data.labels.length < 2 ? "bar" : data.chart;
    var sideways = kind === "bar" && (width < 600 || data.labels.length > 8);
    var several = data.series.length > 1;
    var categories = { type: "category", data: data.labels,
      axisLabel: sideways ? { interval: 0, width: 110, overflow: "truncate" }
        : { interval: 0, rotate: 30 } };
    var values = { type: "value", minInterval: 1 };
    return Object.assign(common, {
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: several ? { bottom: 0 } : undefined,
      grid: { containLabel: true, left: 8, right: 16, top: 16, bottom: several ? 36 : 8 },
      xAxis: sideways ? values : categories,
      yAxis: sideways ? Object.assign(categories, { inverse: true }) : values,
      series: data.series.map(function (s) {
        return { name: s.name, type: kind, data: s.values };
      })
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data = charts[element.getAttribute("data-chart")];
    if (!data) return;
    if (data.chart === "bar" && data.labels.length > 8) {
      // every name on its own line: the box grows with them (set through the CSSOM, which the
      // page's policy allows, unlike a style attribute)
      element.style.height = Math.max(320, data.labels.length * 22 + 60) + "px";
    }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(data, element.clientWidth));
    // redrawn at its box's new width (a phone turned, a window narrowed)
    function redraw() {
      chart.setOption(option(data, element.clientWidth), true);
      chart.resize();
    }
    if (window.ResizeObserver) {
      new window.ResizeObserver(redraw).observe(element);
    } else {
      window.addEventListener("resize", redraw);
    }
  });
})();
