// Converts every .tf file under the directories given on the command line into one JSON object
// {"<path relative to cwd>": <hcl2json output>} on stdout. Used by analytics/TerraformModuleTest.
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function tfFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) out.push(...tfFiles(path));
    else if (name.endsWith('.tf')) out.push(path);
  }
  return out;
}

const result = {};
for (const dir of process.argv.slice(2)) {
  for (const file of tfFiles(dir)) {
    try {
      result[relative(process.cwd(), file)] = await parse(file, readFileSync(file, 'utf8'));
    } catch (e) {
      console.error(`cannot parse ${file}: ${e.message ?? e}`);
      process.exit(2);
    }
  }
}
process.stdout.write(JSON.stringify(result));
