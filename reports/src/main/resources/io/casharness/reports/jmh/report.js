// Draws the charts of a cas-harness benchmark report from the JSON in <script id="report-data">.
// One chart per figure and backend, each with its own scale. When every chart has drawn, <body> carries
// data-charts-ok (charts with data), data-charts-empty (ids of charts without a single point) and
// data-script-errors (messages of uncaught errors): the headless-browser test reads those.
(function () {
  'use strict';
  var body = document.body;
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message || e));
    body.setAttribute('data-script-errors', errors.join(' | '));
  });

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PALETTE = ['#4363d8', '#e6194b', '#3cb44b', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324',
    '#469990', '#808000', '#000075', '#a9a9a9', '#bfef45', '#800000', '#dcbeff'];
  var ok = 0;
  var empty = [];
  var drawn = 0;

  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : Number(v).toPrecision(3);
  }
  function finite(v) { return typeof v === 'number' && isFinite(v); }

  // vertical (or horizontal) error bars as a custom series: each datum is [x, low, high]
  function errorBars(name, color, points, horizontal) {
    return {
      type: 'custom', name: name, silent: true, z: 3,
      itemStyle: { color: color },
      renderItem: function (params, api) {
        var a = api.coord(horizontal ? [api.value(1), api.value(0)] : [api.value(0), api.value(1)]);
        var b = api.coord(horizontal ? [api.value(2), api.value(0)] : [api.value(0), api.value(2)]);
        var cap = 5;
        var style = { stroke: color, lineWidth: 1.5 };
        var lines = horizontal
          ? [[a[0], a[1], b[0], b[1]], [a[0], a[1] - cap, a[0], a[1] + cap], [b[0], b[1] - cap, b[0], b[1] + cap]]
          : [[a[0], a[1], b[0], b[1]], [a[0] - cap, a[1], a[0] + cap, a[1]], [b[0] - cap, b[1], b[0] + cap, b[1]]];
        return {
          type: 'group',
          children: lines.map(function (l) {
            return { type: 'line', shape: { x1: l[0], y1: l[1], x2: l[2], y2: l[3] }, style: style };
          })
        };
      },
      encode: horizontal ? { x: [1, 2], y: 0 } : { x: 0, y: [1, 2] },
      data: points
    };
  }

  function countPoints(option) {
    var n = 0;
    (option.series || []).forEach(function (s) {
      (s.data || []).forEach(function (d) {
        var v = Array.isArray(d) ? d[d.length - 1] : (d && typeof d === 'object' ? d.value : d);
        if (Array.isArray(v)) v = v[v.length - 1];
        if (finite(v)) n++;
      });
    });
    return n;
  }

  function draw(id, option, height) {
    var el = document.getElementById(id);
    if (!el) { errors.push('no element #' + id); return; }
    el.style.height = (height || 380) + 'px';
    option.animation = false;
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    chart.getZr().refreshImmediately();
    drawn++;
    var points = countPoints(option);
    el.setAttribute('data-points', String(points));
    if (points > 0) ok++; else empty.push(id);
  }

  // a series key for one line of a goodput chart: strategy label, and the hot set when it is not one row
  function lineKey(c) { return c.label + (c.keys === '1' ? '' : ' · ' + c.keys + ' keys'); }

  function colorOf(keys) {
    var map = {};
    keys.forEach(function (k, i) { map[k] = PALETTE[i % PALETTE.length]; });
    return map;
  }

  function goodputChart(b) {
    var cells = b.cells.filter(function (c) { return c.counted; });
    var base = b.baseline.filter(function (c) { return c.counted; });
    var threads = {};
    cells.concat(base).forEach(function (c) { threads[c.threads] = true; });
    var xs = Object.keys(threads).map(Number).sort(function (p, q) { return p - q; }).map(String);
    var keys = [];
    cells.concat(base).forEach(function (c) { if (keys.indexOf(lineKey(c)) < 0) keys.push(lineKey(c)); });
    var colors = colorOf(keys);
    var series = [];
    keys.forEach(function (k) {
      var mine = cells.filter(function (c) { return lineKey(c) === k; });
      var theirs = base.filter(function (c) { return lineKey(c) === k; });
      var byThreads = function (list) {
        return list.slice().sort(function (p, q) { return p.threads - q.threads; })
          .map(function (c) { return [String(c.threads), c.goodput]; });
      };
      if (mine.length) {
        series.push({ type: 'line', name: k, data: byThreads(mine), symbolSize: 8,
          itemStyle: { color: colors[k] }, lineStyle: { width: 2 } });
        var bars = mine.filter(function (c) { return finite(c.goodputErr) && finite(c.goodput); })
          .map(function (c) { return [String(c.threads), Math.max(0, c.goodput - c.goodputErr), c.goodput + c.goodputErr]; });
        if (bars.length) series.push(errorBars(k, colors[k], bars, false));
      }
      if (theirs.length) {
        series.push({ type: 'line', name: k + ' (baseline)', data: byThreads(theirs), symbol: 'emptyCircle',
          symbolSize: 7, itemStyle: { color: colors[k], opacity: 0.6 }, lineStyle: { type: 'dashed', width: 1.5 } });
      }
    });
    if (xs.length === 1) {
      // one thread count (the smoke profile): a line has nowhere to go, so one bar per strategy instead
      var only = cells.slice().sort(function (p, q) { return q.goodput - p.goodput; });
      var cats = only.map(lineKey);
      var barSeries = [{ type: 'bar', name: 'this run', itemStyle: { color: '#4363d8' },
        data: only.map(function (c) { return c.goodput; }) }];
      if (base.length) {
        barSeries.push({ type: 'bar', name: 'baseline run', itemStyle: { color: '#4363d8', opacity: 0.35 },
          data: only.map(function (c) {
            var x = base.filter(function (y) { return y.name === c.name; })[0];
            return x && finite(x.goodput) ? x.goodput : '-';
          }) });
      }
      var eb = only.filter(function (c) { return finite(c.goodputErr); })
        .map(function (c) { return [lineKey(c), Math.max(0, c.goodput - c.goodputErr), c.goodput + c.goodputErr]; });
      if (eb.length) barSeries.push(errorBars('JMH 99.9 % error', '#222', eb, true));
      draw('goodput-' + b.name, {
        title: { text: b.name + ': goodput at ' + xs[0] + ' threads', subtext: 'updates that took effect per second '
          + '(give-ups excluded)' + (eb.length ? '; whiskers: JMH 99.9 % error' : '; one iteration: no error bars')
          + (base.length ? '; faded: baseline run' : ''), left: 'center' },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { bottom: 0 },
        grid: { left: 230, right: 40, top: 70, bottom: 50 },
        yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { fontSize: 11 } },
        xAxis: { type: 'value', name: 'goodput/s', min: 0 },
        series: barSeries
      }, 120 + cats.length * (base.length ? 34 : 26));
      return;
    }
    draw('goodput-' + b.name, {
      title: { text: b.name + ': goodput vs threads', subtext: 'updates that took effect per second (give-ups excluded); '
        + 'bars: JMH 99.9 % error; dashed: baseline run', left: 'center' },
      tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + '<br>' + p.value[0] + ' threads: '
        + fmt(p.value[1]) + '/s'; } },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 30, top: 70, bottom: 70 },
      xAxis: { type: 'category', data: xs, name: 'threads', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'goodput/s', min: 0 },
      series: series
    }, 420);
  }

  function cellCategories(list) {
    return list.map(function (c) {
      return c.label + (c.keys === '1' ? '' : ' · ' + c.keys + ' keys') + ' · ' + c.threads + ' thr';
    });
  }

  function baselineFor(b, c) {
    return b.baseline.filter(function (x) { return x.name === c.name; })[0];
  }

  function latencyChart(b) {
    var cells = b.cells.filter(function (c) { return c.counted && (finite(c.p50) || finite(c.p99) || finite(c.p999)); });
    var cats = cellCategories(cells);
    var hasBase = cells.some(function (c) { return baselineFor(b, c); });
    var series = [];
    [['p50', 'p50', '#9ecae1'], ['p99', 'p99', '#4292c6'], ['p999', 'p99.9', '#08306b']].forEach(function (m) {
      series.push({ type: 'bar', name: m[1], itemStyle: { color: m[2] },
        data: cells.map(function (c) { return finite(c[m[0]]) && c[m[0]] > 0 ? c[m[0]] : '-'; }) });
      if (hasBase) {
        series.push({ type: 'bar', name: m[1] + ' (baseline)', itemStyle: { color: m[2], opacity: 0.35 },
          data: cells.map(function (c) { var x = baselineFor(b, c); return x && finite(x[m[0]]) && x[m[0]] > 0 ? x[m[0]] : '-'; }) });
      }
    });
    draw('latency-' + b.name, {
      title: { text: b.name + ': latency percentiles', subtext: 'whole update in µs, every attempt and backoff '
        + 'included; log scale' + (hasBase ? '; faded: baseline run' : ''), left: 'center' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 230, right: 40, top: 70, bottom: 50 },
      yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { fontSize: 11 } },
      xAxis: { type: 'log', name: 'µs', min: 1 },
      series: series
    }, 120 + cats.length * (hasBase ? 44 : 30));
  }

  function attemptsChart(b) {
    var cells = b.cells.filter(function (c) { return c.counted && finite(c.attemptsPerSuccess); });
    var cats = cellCategories(cells);
    var hasBase = cells.some(function (c) { return baselineFor(b, c); });
    var series = [{ type: 'bar', name: 'attempts / success', itemStyle: { color: '#6a51a3' },
      data: cells.map(function (c) { return c.attemptsPerSuccess; }) }];
    if (hasBase) {
      series.push({ type: 'bar', name: 'attempts / success (baseline)', itemStyle: { color: '#6a51a3', opacity: 0.35 },
        data: cells.map(function (c) { var x = baselineFor(b, c); return x && finite(x.attemptsPerSuccess) ? x.attemptsPerSuccess : '-'; }) });
    }
    series.push({ type: 'bar', name: 'give-ups, % of updates', xAxisIndex: 1, itemStyle: { color: '#d94801' },
      data: cells.map(function (c) { return finite(c.giveUpPercent) ? c.giveUpPercent : 0; }) });
    draw('attempts-' + b.name, {
      title: { text: b.name + ': attempts per success and give-ups', subtext: 'round trips of the CAS per committed '
        + 'update (1.00 = no conflict); give-ups never count as goodput', left: 'center' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 230, right: 40, top: 90, bottom: 50 },
      yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { fontSize: 11 } },
      xAxis: [{ type: 'value', name: 'attempts / success', min: 1, position: 'bottom' },
        { type: 'value', name: 'give-ups %', min: 0, position: 'top', splitLine: { show: false } }],
      series: series
    }, 140 + cats.length * (hasBase ? 40 : 30));
  }

  function gatesChart(gates) {
    var shown = gates.filter(function (g) { return finite(g.ratio) || finite(g.baseline); });
    var cats = shown.map(function (g) { return g.name; });
    var colorOfStatus = { MET: '#2ca02c', NOT_MET: '#ff7f0e', REGRESSED: '#d62728', NOT_GATED: '#999999', UNDEFINED: '#d62728' };
    var series = [
      { type: 'bar', name: 'this run', data: shown.map(function (g) {
        return { value: finite(g.ratio) ? g.ratio : '-', itemStyle: { color: colorOfStatus[g.status] || '#999' } };
      }) },
      { type: 'bar', name: 'baseline run', itemStyle: { color: '#7f7f7f', opacity: 0.45 },
        data: shown.map(function (g) { return finite(g.baseline) ? g.baseline : '-'; }) },
      { type: 'scatter', name: 'needs ≥', symbol: 'rect', symbolSize: [3, 22], itemStyle: { color: '#000' },
        data: shown.map(function (g) { return [g.min, g.name]; }) }
    ];
    var ci = shown.filter(function (g) { return finite(g.lo) && finite(g.hi); })
      .map(function (g) { return [g.name, g.lo, g.hi]; });
    if (ci.length) series.push(errorBars('95 % bootstrap interval (paired forks)', '#333', ci, true));
    draw('gates-chart', {
      title: { text: 'Gates: ratios within one run', subtext: 'bar colour = status; black tick = the bound', left: 'center' },
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      grid: { left: 170, right: 40, top: 70, bottom: 50 },
      yAxis: { type: 'category', data: cats, inverse: true },
      xAxis: { type: 'value', name: 'ratio', min: 0 },
      series: series
    }, 120 + cats.length * 40);
  }

  try {
    data.backends.forEach(function (b) {
      if (document.getElementById('goodput-' + b.name)) goodputChart(b);
      if (document.getElementById('latency-' + b.name)) latencyChart(b);
      if (document.getElementById('attempts-' + b.name)) attemptsChart(b);
    });
    if (document.getElementById('gates-chart')) gatesChart(data.gates);
  } catch (e) {
    errors.push(String(e && e.stack || e));
    body.setAttribute('data-script-errors', errors.join(' | '));
  }
  body.setAttribute('data-charts-drawn', String(drawn));
  body.setAttribute('data-charts-empty', empty.join(','));
  body.setAttribute('data-charts-ok', String(ok));
})();
