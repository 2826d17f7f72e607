'use strict';
GMA.start('ci', function (d) {
  function stat(key, display, raw) {
    GMA.text(document.querySelector('[data-stat="' + key + '"] [data-role="value"]'), display, raw);
  }
  stat('runs', String(d.runs), d.runs);
  stat('success_rate', GMA.fmtPercent(d.success_rate), d.success_rate);
  stat('failing', String(d.failing.length), d.failing.length);
  stat('archived_logs', String(d.archived_logs), d.archived_logs);

  const labels = d.workflows.map(function (w) { return w.repository + ' · ' + w.workflow; });
  GMA.chart('chart-success', {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: 'success rate', type: 'bar', itemStyle: { color: '#5a9e6f' },
      data: d.workflows.map(function (w) { return w.success_rate === null ? null : GMA.round(w.success_rate * 100, 1); }) }]
  });
  GMA.chart('chart-duration', {
    tooltip: { trigger: 'axis' },
    legend: { data: ['p50 (s)', 'p90 (s)'], top: 0 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'seconds' },
    series: [
      { name: 'p50 (s)', type: 'bar', data: d.workflows.map(function (w) { return GMA.round(w.duration_p50_seconds, 1); }), itemStyle: { color: '#3b6fd8' } },
      { name: 'p90 (s)', type: 'bar', data: d.workflows.map(function (w) { return GMA.round(w.duration_p90_seconds, 1); }), itemStyle: { color: '#e08a1e' } }
    ]
  });

  const workflows = document.querySelector('#workflows tbody');
  d.workflows.forEach(function (w) {
    GMA.row(workflows, [w.repository, w.workflow, w.runs, GMA.fmtPercent(w.success_rate),
      GMA.fmtSeconds(w.duration_p50_seconds), GMA.fmtSeconds(w.duration_p90_seconds)]).dataset.workflow = w.workflow;
  });
  const failing = document.querySelector('#failing tbody');
  d.failing.forEach(function (f) {
    let logs;
    if (f.logs_url) logs = GMA.link(f.logs_url, 'archived logs');
    else if (f.logs_uri) { logs = document.createElement('code'); logs.textContent = f.logs_uri; }
    else { logs = document.createElement('span'); logs.className = 'muted'; logs.textContent = f.logs_status ? 'logs ' + f.logs_status.toLowerCase() : 'not archived yet'; }
    GMA.row(failing, [GMA.fmtTime(f.started_at), f.repository, f.workflow, GMA.link(f.html_url, '#' + f.run_id + ' attempt ' + f.attempt),
      f.branch, f.conclusion, GMA.fmtSeconds(f.duration_seconds), logs]).dataset.run = f.run_id + '/' + f.attempt;
  });
  if (d.empty) {
    GMA.empty('ci-empty', 'workflow_runs', 'No workflow runs yet',
      'Subscribe the GitHub App to <code>workflow_run</code> (and <code>workflow_job</code>) events, or run a <b>backfill</b>. ' +
      'Run the leech pipeline to archive the logs of completed runs.');
  } else if (d.failing.length === 0) {
    GMA.empty('failing-empty', 'failing', 'No failing runs in this range', 'Every counted run succeeded.');
  }
});
