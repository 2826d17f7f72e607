// The Google provider's resource schema, taken from the JSII assembly of @cdktf/provider-google (the
// prebuilt CDKTF bindings carry every resource's arguments and blocks), and an offline check of the
// module's HCL against it. Used by analytics/TerraformSchemaTest; no provider binary, no network.
//
//   node provider-schema.mjs extract <package dir> <types.txt|all> > provider-schema/google-<version>.json
//       (package dir: an unpacked @cdktf/provider-google; see provider-schema/README.md)
//   node provider-schema.mjs check <schema.json> <terraform dir>...
//       prints {"provider": "<version>", "checked": n, "errors": [...]} for every .tf file under the dirs
import { parse } from '@cdktf/hcl2json';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

function extract(pkgDir, typesArg) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const jsii = JSON.parse(readFileSync(join(pkgDir, '.jsii'), 'utf8'));
  const types = jsii.types;
  const wanted = typesArg === 'all' ? null : new Set(readFileSync(typesArg, 'utf8').split(/\s+/).filter(Boolean));
  // The Terraform name is in the property's link to the registry docs ("…#port_range Resource#port_range"),
  // wherever jsii put it (summary, remarks or a custom tag); else the snake_case of the property.
  const tfName = (prop) => {
    const m = /#([a-z0-9_]+) [A-Za-z0-9]+#\1\b/.exec(JSON.stringify(prop.docs ?? {}));
    return m ? m[1] : prop.name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
  };
  const structOf = (type) => {
    if (!type) return null;
    if (type.fqn && type.fqn.startsWith('@cdktf/provider-google.') && types[type.fqn]?.datatype) return { fqn: type.fqn, list: false };
    if (type.collection && type.collection.kind === 'array') {
      const s = structOf(type.collection.elementtype);
      return s ? { fqn: s.fqn, list: true } : null;
    }
    if (type.union) {
      for (const t of type.union.types) {
        const s = structOf(t);
        if (s) return s;
      }
    }
    return null;
  };
  const schemaOf = (fqn, depth) => {
    const out = { attributes: {}, blocks: {} };
    for (const prop of types[fqn].properties ?? []) {
      const name = tfName(prop);
      if (!name) continue;
      const struct = structOf(prop.type);
      if (struct && depth < 12) {
        out.blocks[name] = { required: !prop.optional, max_one: !struct.list, ...schemaOf(struct.fqn, depth + 1) };
      } else {
        out.attributes[name] = { required: !prop.optional };
      }
    }
    return out;
  };
  const result = { provider: pkg.cdktf?.provider?.version, package: `${pkg.name}@${pkg.version}`, resources: {}, data_sources: {} };
  for (const [fqn, t] of Object.entries(types)) {
    if (t.kind !== 'class') continue;
    const m = /\/docs\/(resources|data-sources)\/[a-z0-9_]+ (google_[a-z0-9_]+)\}/.exec(t.docs?.summary ?? '');
    if (!m || !types[fqn + 'Config']) continue;
    const kind = m[1] === 'resources' ? 'resources' : 'data_sources';
    const key = (kind === 'resources' ? '' : 'data.') + m[2];
    if (wanted && !wanted.has(key)) continue;
    result[kind][m[2]] = schemaOf(fqn + 'Config', 0);
  }
  return result;
}

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

function checkBody(body, schema, where, errors) {
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key)) continue;
    if (key === 'dynamic') {
      for (const [blockName, defs] of Object.entries(value)) {
        const block = schema.blocks[blockName];
        if (!block) {
          errors.push(`${where}: dynamic "${blockName}" is not a block of the schema`);
          continue;
        }
        for (const def of defs) {
          for (const content of [].concat(def.content ?? [])) checkBody(content, block, `${where}.${blockName}`, errors);
        }
      }
      continue;
    }
    if (schema.attributes[key]) continue;
    const block = schema.blocks[key];
    if (!block) {
      errors.push(`${where}: "${key}" is neither an argument nor a block`);
      continue;
    }
    const instances = Array.isArray(value) ? value : [value];
    if (!Array.isArray(value) || instances.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
      errors.push(`${where}: "${key}" is a block, written as an argument`);
      continue;
    }
    if (block.max_one && instances.length > 1) errors.push(`${where}: at most one "${key}" block`);
    instances.forEach((inst, i) => checkBody(inst, block, `${where}.${key}${instances.length > 1 ? `[${i}]` : ''}`, errors));
  }
  const dynamicNames = new Set(Object.keys(body.dynamic?.[0] ?? body.dynamic ?? {}));
  for (const [name, a] of Object.entries(schema.attributes)) {
    if (a.required && !(name in body)) errors.push(`${where}: required argument "${name}" is missing`);
  }
  for (const [name, b] of Object.entries(schema.blocks)) {
    if (b.required && !(name in body) && !dynamicNames.has(name)) errors.push(`${where}: required block "${name}" is missing`);
  }
}

async function check(schemaPath, dirs) {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const errors = [];
  let checked = 0;
  for (const dir of dirs) {
    for (const file of tfFiles(dir)) {
      const doc = await parse(file, readFileSync(file, 'utf8'));
      const rel = relative(process.cwd(), file);
      for (const [kind, table] of [['resource', schema.resources], ['data', schema.data_sources]]) {
        for (const [type, byName] of Object.entries(doc[kind] ?? {})) {
          if (!type.startsWith('google_')) continue;
          for (const [name, bodies] of Object.entries(byName)) {
            const where = `${rel}: ${kind === 'data' ? 'data.' : ''}${type}.${name}`;
            if (!table[type]) {
              errors.push(`${where}: no such ${kind === 'data' ? 'data source' : 'resource type'} in provider ${schema.provider}`);
              continue;
            }
            for (const body of bodies) {
              checkBody(body, table[type], where, errors);
              checked++;
            }
          }
        }
      }
    }
  }
  return { provider: schema.provider, checked, errors };
}

const [command, ...args] = process.argv.slice(2);
if (command === 'extract') {
  process.stdout.write(JSON.stringify(extract(args[0], args[1] ?? 'all')));
} else if (command === 'check') {
  process.stdout.write(JSON.stringify(await check(args[0], args.slice(1))));
} else {
  console.error('usage: provider-schema.mjs extract <package dir> <types.txt|all> | check <schema.json> <dir>...');
  process.exit(2);
}
