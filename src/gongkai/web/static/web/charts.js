// Charts from data the page embeds with json_script (no inline script, so a strict CSP holds).
// Spec: {type: "bar"|"line"|"pie", title, categories, series: [{name, data}], targets: [{name, value}]}
(function () {
  "use strict";
  const palette = ["#b3261e", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#57606a"];

  function option(spec) {
    const base = {
      color: palette,
      title: { text: spec.title || "", left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: spec.type === "pie" ? "item" : "axis" },
      legend: { top: 24 },
      toolbox: { feature: { saveAsImage: { title: "保存为图片", pixelRatio: 2 } } },
    };
    if (spec.type === "pie") {
      return Object.assign(base, {
        series: [{ type: "pie", radius: ["35%", "65%"], top: 40, data: spec.series[0].data,
                   label: { formatter: "{b}：{c}（{d}%）" } }],
      });
    }
    const series = spec.series.map(function (s, index) {
      const item = { name: s.name, type: spec.type, data: s.data };
      const target = (spec.targets || [])[index];
      if (target && target.value !== null && target.value !== undefined) {
        item.markLine = { symbol: "none", lineStyle: { type: "dashed" },
                          label: { formatter: target.name + " {c}" }, data: [{ yAxis: target.value }] };
      }
      return item;
    });
    return Object.assign(base, {
      grid: { top: 64, left: 48, right: 24, bottom: 72 },
      xAxis: { type: "category", data: spec.categories, axisLabel: { rotate: spec.categories.length > 12 ? 45 : 0, interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series,
    });
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      const source = document.getElementById(element.dataset.chart);
      if (!source) { return; }
      const chart = echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(option(JSON.parse(source.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
