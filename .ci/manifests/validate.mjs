// Validates every object that `kubectl kustomize` renders from k8s/, k8s/webhooks/ and knative/ against the published
// schemas of its kind (issue 16, item 12): Kubernetes' OpenAPI (npm kubernetes-models), Knative's CRDs
// (@kubernetes-models/knative) and cert-manager's (@kubernetes-models/cert-manager), all pinned in package-lock.json
// and run offline. Each package compiles the upstream schema into a validator per kind (types, enums, required
// fields, formats); an object of a kind no package knows is an error, never silently skipped.
//
// Usage (from the repository root, as .ci/run does): node .ci/manifests/validate.mjs [folder...]
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

export const FOLDERS = ["k8s", "k8s/webhooks", "knative"];

// where each API group's models live; the core group ("") is kubernetes-models/v1
const PACKAGES = [
  { groups: (g) => g.endsWith(".knative.dev") || g === "knative.dev", module: "@kubernetes-models/knative" },
  { groups: (g) => g.endsWith("cert-manager.io"), module: "@kubernetes-models/cert-manager" },
  { groups: () => true, module: "kubernetes-models" },
];

/** The objects `kubectl kustomize <folder>` renders. */
export function render(folder, kubectl = process.env.KUBECTL || "kubectl") {
  const result = spawnSync(kubectl, ["kustomize", folder], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`render ${folder}: cannot run ${kubectl} (${result.error.code}); .ci/run installs Debian's kubernetes-client`);
  }
  if (result.status !== 0) {
    throw new Error(`render ${folder}: kubectl kustomize failed: ${result.stderr.trim()}`);
  }
  return parse(result.stdout, folder);
}

/** YAML documents as objects; a document that does not parse is an error naming it. */
export function parse(text, origin) {
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) {
      throw new Error(`parse ${origin} document ${index}: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  }).filter((object) => object !== null);
}

/** The model class of an object's apiVersion and kind, or null when no package knows it. */
export async function modelOf(object) {
  const [group, version] = String(object.apiVersion).includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const kind = String(object.kind);
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9.-]*$/.test(group) || !/^v[0-9a-z]+$/.test(version)) {
    return null;
  }
  for (const { groups, module } of PACKAGES) {
    if (!groups(group)) continue;
    const path = `${module}/${group === "" ? "" : group + "/"}${version}/${kind}`;
    try {
      const exports = await import(path);
      if (exports[kind]) return exports[kind];
    } catch (error) {
      if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    }
  }
  return null;
}

/** Problems of one object, as lines naming it; empty when it conforms to its kind's schema. */
export async function problems(object, origin) {
  const name = `${origin}: ${object?.kind} ${object?.metadata?.namespace ? object.metadata.namespace + "/" : ""}${object?.metadata?.name}`;
  const Model = await modelOf(object ?? {});
  if (!Model) {
    return [`${name}: no published schema for ${object?.apiVersion} ${object?.kind} in the pinned packages`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    const real = error.errors.filter((e) => !isStatusQuirk(e));
    return real.length === 0 ? [] : [`${name}: ${real.map((e) => `${e.instancePath || "/"} ${e.message}`).join(", ")}`];
  }
}

/**
 * The one place the packages are stricter than the API server: some Knative kinds (SinkBinding) are generated with a
 * required top-level `status`, which a controller writes and no manifest may carry. Nothing else is waived.
 */
function isStatusQuirk(error) {
  return error.keyword === "required" && error.instancePath === "" && error.params?.missingProperty === "status";
}

/** Renders and validates every folder; returns the problems, one line each. */
export async function validate(folders = FOLDERS, renderer = render) {
  const found = [];
  for (const folder of folders) {
    const objects = renderer(folder);
    if (objects.length === 0) found.push(`${folder}: renders no object`);
    for (const object of objects) found.push(...(await problems(object, folder)));
    console.log(`${folder}: ${objects.length} objects checked`);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folders = process.argv.length > 2 ? process.argv.slice(2) : FOLDERS;
  const found = await validate(folders);
  for (const line of found) console.error(line);
  if (found.length > 0) {
    console.error(`${found.length} schema problem(s)`);
    process.exit(1);
  }
  console.log("every rendered object conforms to its published schema");
}
