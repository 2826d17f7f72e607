'use strict';
GMA.start('flow', function (d) {
  function stat(key, display, raw, sub) {
    const node = document.querySelector('[data-stat="' + key + '"]');
    GMA.text(node.querySelector('[data-role="value"]'), display, raw);
    const s = node.querySelector('[data-role="sub"]');
    if (s && sub) s.textContent = sub;
  }
  stat('merged', String(d.merged), d.merged);
  stat('cycle_time', GMA.fmtHours(d.cycle_time_median_hours), d.cycle_time_median_hours,
    d.cycle_time_p90_hours !== null ? 'p90 ' + GMA.fmtHours(d.cycle_time_p90_hours) : '');
  stat('first_review', GMA.fmtHours(d.first_review_median_hours), d.first_review_median_hours,
    d.reviewed + ' reviewed of ' + d.opened + ' opened');
  stat('opened', String(d.opened), d.opened);

  GMA.chart('chart-throughput', {
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['merged', 'cycle time (median, h)'], top: 0 },
    xAxis: { type: 'category', data: d.weekly.map(function (w) { return w.week; }), axisLabel: GMA.WEEK_LABELS },
    yAxis: [{ type: 'value', name: 'merged', minInterval: 1 }, { type: 'value', name: 'hours' }],
    series: [
      { name: 'merged', type: 'bar', data: d.weekly.map(function (w) { return w.merged; }), itemStyle: { color: '#3b6fd8' } },
      { name: 'cycle time (median, h)', type: 'line', yAxisIndex: 1, connectNulls: true,
        data: d.weekly.map(function (w) { return GMA.round(w.cycle_time_median_hours, 3); }), itemStyle: { color: '#e08a1e' } }
    ]
  });
  const buckets = Object.keys(d.sizes).filter(function (b) { return b !== 'unknown' || d.sizes[b] > 0; });
  GMA.chart('chart-sizes', {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: buckets },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'pull requests', type: 'bar', data: buckets.map(function (b) { return d.sizes[b]; }), itemStyle: { color: '#5a9e6f' } }]
  });
  if (d.empty) {
    GMA.empty('flow-empty', 'pull_requests', 'No pull requests yet',
      'Subscribe the GitHub App to <code>pull_request</code> and <code>pull_request_review</code> events, or run a <b>backfill</b> ' +
      'of the repositories\' history. Check the range and filters above too.');
  }
});
