#!/usr/bin/env bash
# The analytics cost model (docs/benchmarks.md, section "Analytics cost"): runs
# AnalyticsCostModelTest on the real refresh script and the former views, and writes its table
# into docs/benchmarks.md between the analytics-cost markers. No cloud account: bytes come from
# the model, not from BigQuery.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl analytics -am test -Dtest=AnalyticsCostModelTest -Dsurefire.failIfNoSpecifiedTests=false >&2
python3 - <<'PY'
import re
doc = open('docs/benchmarks.md').read()
table = open('analytics/target/analytics-cost.md').read().strip()
start, end = '<!-- analytics-cost:start -->', '<!-- analytics-cost:end -->'
block = start + '\n' + table + '\n' + end
doc = re.sub(re.escape(start) + '.*?' + re.escape(end), block, doc, flags=re.S)
open('docs/benchmarks.md', 'w').write(doc)
PY
echo "docs/benchmarks.md: analytics cost table updated" >&2
