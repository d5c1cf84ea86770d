// Validates rendered Kubernetes objects against their published schemas, strictly, as an API server with strict field
// validation would:
//   node tests/manifest-schemas/validate.mjs --modules .tools/manifest-schemas FILE.yaml...
// --modules is where scripts/install-test-tools.sh ran `npm ci` on this folder's package.json.
//
// Each object is checked three ways:
//   1. its model's schema (kubernetes-models for Kubernetes, @kubernetes-models/* for Gateway API, Istio, KEDA and
//      the Prometheus Operator): required fields, types, enums, patterns, formats;
//   2. unknown fields: the same models' TypeScript types, with the object as a typed literal, which the compiler
//      rejects when it has a property its type lacks (the models' compiled schemas accept any extra property);
//   3. the names and labels the API server checks itself (DNS-1123 and DNS-1035 names, label keys and values).
// A kind no model covers is checked against its CRD in crds/ (the add-on's InterceptorRoute): the CRD's schema,
// its unknown fields, and its CEL rules, of which this evaluates the has()/!/&&/||/==/!= subset those rules use (any
// other rule fails the check rather than pass unread).
// Prints one line per object (ok or FAIL with every error) and a total; exits 1 when any object is invalid.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve, dirname, basename } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const modulesAt = args.indexOf("--modules");
if (modulesAt < 0 || !args[modulesAt + 1]) {
  console.error("usage: validate.mjs --modules DIR FILE.yaml...");
  process.exit(2);
}
const modules = resolve(args[modulesAt + 1]);
const files = args.filter((_, i) => i !== modulesAt && i !== modulesAt + 1);
const nodeModules = join(modules, "node_modules");
if (!existsSync(join(nodeModules, "kubernetes-models"))) {
  console.error(`validate.mjs: no models under ${nodeModules}: run scripts/install-test-tools.sh`);
  process.exit(2);
}
const load = (specifier) => import(pathToFileURL(join(nodeModules, specifier)).href);
const { parseAllDocuments } = await load("yaml/dist/index.js");
const { default: Ajv } = await load("ajv/dist/ajv.js");

// API groups whose models live in a package of their own.
const packages = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "networking.istio.io": "@kubernetes-models/istio",
  "security.istio.io": "@kubernetes-models/istio",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

// A model module for apiVersion and kind, as a path under node_modules, or null.
function modelOf(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const candidates = [`kubernetes-models/${apiVersion}/${kind}`];
  if (packages[group]) candidates.unshift(`${packages[group]}/${apiVersion}/${kind}`);
  return candidates.find((c) => existsSync(join(nodeModules, `${c}.js`))) ?? null;
}

// CRDs by apiVersion/kind: their openAPIV3Schema.
const crds = new Map();
const crdDir = join(dirname(fileURLToPath(import.meta.url)), "crds");
for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml"))) {
  for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), "utf8"))) {
    const crd = doc.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    for (const version of crd.spec.versions)
      crds.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { schema: version.schema.openAPIV3Schema, file });
  }
}
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

// ---- the API server's own name and label rules ----
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function nameErrors(o) {
  const errors = [];
  const name = o.metadata?.name;
  if (typeof name !== "string") return ["metadata.name: missing"];
  if (o.kind === "Service" && !(dns1035Label.test(name) && name.length <= 63))
    errors.push(`metadata.name "${name}": a Service name must be a DNS-1035 label (a-z first, at most 63)`);
  else if (o.kind === "Namespace" && !(dns1123Label.test(name) && name.length <= 63))
    errors.push(`metadata.name "${name}": a Namespace name must be a DNS-1123 label (at most 63)`);
  else if (!(dns1123Subdomain.test(name) && name.length <= 253))
    errors.push(`metadata.name "${name}": must be a DNS-1123 subdomain`);
  if (o.metadata.namespace !== undefined && !(dns1123Label.test(o.metadata.namespace) && o.metadata.namespace.length <= 63))
    errors.push(`metadata.namespace "${o.metadata.namespace}": must be a DNS-1123 label`);
  const labelSets = [["metadata.labels", o.metadata.labels], ["spec.template.metadata.labels", o.spec?.template?.metadata?.labels]];
  for (const [where, labels] of labelSets)
    for (const [key, value] of Object.entries(labels ?? {})) {
      const [prefix, label] = key.includes("/") ? key.split("/", 2) : [null, key];
      if ((prefix !== null && !(dns1123Subdomain.test(prefix) && prefix.length <= 253)) || !(labelName.test(label) && label.length <= 63))
        errors.push(`${where}: invalid label key "${key}"`);
      if (typeof value !== "string" || value.length > 63 || (value !== "" && !labelName.test(value)))
        errors.push(`${where}: invalid value for label ${key}: "${value}"`);
    }
  return errors;
}

// ---- a CRD's schema: unknown fields and CEL rules ----
function unknownFields(schema, value, path, out) {
  if (!schema || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(schema.items, v, `${path}/${i}`, out));
    return;
  }
  if (schema["x-kubernetes-preserve-unknown-fields"]) return;
  if (schema.properties) {
    for (const [key, child] of Object.entries(value)) {
      if (!(key in schema.properties)) out.push(`${path}/${key}: unknown field`);
      else unknownFields(schema.properties[key], child, `${path}/${key}`, out);
    }
  } else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    for (const [key, child] of Object.entries(value)) unknownFields(schema.additionalProperties, child, `${path}/${key}`, out);
  }
}

// The CEL subset: has(self.field), !, &&, ||, ==, != and parentheses.
function evaluateCel(rule, self) {
  const tokens = rule.match(/has\(self\.[A-Za-z_][A-Za-z0-9_]*\)|&&|\|\||==|!=|!|\(|\)|\S+/g) ?? [];
  let at = 0;
  const fail = () => { throw new Error(`unsupported CEL rule: ${rule}`); };
  const primary = () => {
    const token = tokens[at++];
    if (token === "!") return !primary();
    if (token === "(") { const value = or(); if (tokens[at++] !== ")") fail(); return value; }
    const has = /^has\(self\.([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(token ?? "");
    if (!has) fail();
    return self !== null && typeof self === "object" && self[has[1]] !== undefined;
  };
  const comparison = () => {
    const left = primary();
    if (tokens[at] === "==" || tokens[at] === "!=") { const op = tokens[at++]; const right = primary(); return op === "==" ? left === right : left !== right; }
    return left;
  };
  const and = () => { let value = comparison(); while (tokens[at] === "&&") { at++; value = comparison() && value; } return value; };
  const or = () => { let value = and(); while (tokens[at] === "||") { at++; value = and() || value; } return value; };
  const value = or();
  if (at !== tokens.length) fail();
  return value;
}

function celErrors(schema, value, path, out) {
  if (!schema || value === undefined || value === null) return;
  for (const { rule, message } of schema["x-kubernetes-validations"] ?? []) {
    try {
      if (!evaluateCel(rule, value)) out.push(`${path || "/"}: ${message ?? rule}`);
    } catch (e) {
      out.push(`${path || "/"}: ${e.message}`);
    }
  }
  if (Array.isArray(value)) value.forEach((v, i) => celErrors(schema.items, v, `${path}/${i}`, out));
  else if (typeof value === "object")
    for (const [key, child] of Object.entries(value)) celErrors(schema.properties?.[key], child, `${path}/${key}`, out);
}

// ---- every object ----
const objects = [];
for (const file of files)
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      objects.push({ file, id: `(unparsable document in ${basename(file)})`, errors: doc.errors.map((e) => e.message) });
      continue;
    }
    const o = doc.toJS();
    if (o === null) continue;
    objects.push({ file, o, id: `${o.kind}/${o.metadata?.name}`, errors: [] });
  }

const work = mkdtempSync(join(modules, "check-"));
try {
  const typed = [];
  for (const [i, entry] of objects.entries()) {
    const { o } = entry;
    if (!o) continue;
    entry.errors.push(...nameErrors(o));
    const model = modelOf(o.apiVersion, o.kind);
    const crd = crds.get(`${o.apiVersion}/${o.kind}`);
    if (model) {
      const exports = await load(`${model}.js`);
      const Model = exports[o.kind];
      try {
        new Model(o).validate();
      } catch (e) {
        entry.errors.push(`schema: ${e.message}`);
      }
      typed.push([i, `import type { I${o.kind} as T } from "${model}";\nconst value: T = ${JSON.stringify(o, null, 2)};\nexport default value;\n`]);
    } else if (crd) {
      const check = ajv.compile(crd.schema);
      if (!check(o)) entry.errors.push(...check.errors.map((e) => `schema (${crd.file}): ${e.instancePath || "/"} ${e.message}`));
      unknownFields(crd.schema, o, "", entry.errors);
      celErrors(crd.schema, o, "", entry.errors);
      // The CRD leaves metadata open; the API server checks it as ObjectMeta.
      typed.push([i, `import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";\n` +
        `const value: { apiVersion: string; kind: string; metadata: IObjectMeta; spec: unknown } = ${JSON.stringify(o, null, 2)};\nexport default value;\n`]);
    } else {
      entry.errors.push(`no published schema for ${o.apiVersion} ${o.kind} (add its model package or its CRD to tests/manifest-schemas)`);
    }
  }
  for (const [i, source] of typed) writeFileSync(join(work, `o${i}.ts`), source);
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: true, types: [] },
    include: ["*.ts"],
  }));
  if (typed.length) {
    const tsc = spawnSync(join(nodeModules, ".bin", "tsc"), ["-p", work, "--pretty", "false"], { encoding: "utf8" });
    if (tsc.error) throw tsc.error;
    for (const line of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
      const m = /(?:^|[\\/])o(\d+)\.ts\((\d+),\d+\): error TS\d+: (.*)$/.exec(line);
      // The objects are written as JSON, so tsc quotes a property name twice ('"replica"'): once is enough.
      if (m) objects[Number(m[1])].errors.push(`unknown field or wrong type (line ${m[2]} of the object as JSON): ${m[3].replace(/'"([^"']*)"'/g, "'$1'")}`);
      else if (/error TS\d+/.test(line)) throw new Error(`tsc: ${line}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

let invalid = 0;
for (const { file, id, errors } of objects) {
  if (errors.length) invalid++;
  console.log(errors.length ? `FAIL ${id} (${basename(file)}): ${errors.join("; ")}` : `ok   ${id} (${basename(file)})`);
}
console.log(`${objects.length} objects, ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
