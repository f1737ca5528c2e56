// node --test .ci/manifests/: the schema step passes on the real manifests and fails on planted schema errors, each
// reported with the object it is in (issue 16, item 12).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FOLDERS, parse, problems, render, validate } from "./validate.mjs";

const find = (objects, kind, name) => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  assert.ok(found, `${kind} ${name} is rendered`);
  return found;
};

test("the rendered k8s/, k8s/webhooks/ and knative/ conform to the published schemas", async () => {
  assert.deepEqual(await validate(FOLDERS), []);
});

const plants = [
  ["an enum value the API does not know", "k8s/webhooks", (objects) => {
    find(objects, "ValidatingWebhookConfiguration", "signet").webhooks[0].failurePolicy = "Sometimes";
  }, /ValidatingWebhookConfiguration signet: \/webhooks\/0\/failurePolicy must be equal to one of the allowed values/],
  ["a string where an integer goes", "k8s", (objects) => {
    find(objects, "Deployment", "signet-admission").spec.replicas = "two";
  }, /Deployment signet-system\/signet-admission: \/spec\/replicas must be integer/],
  ["a misspelt PodDisruptionBudget policy", "k8s", (objects) => {
    find(objects, "PodDisruptionBudget", "signet-admission").spec.unhealthyPodEvictionPolicy = "Always";
  }, /PodDisruptionBudget signet-system\/signet-admission: \/spec\/unhealthyPodEvictionPolicy must be equal to one of the allowed values/],
  ["a Knative Service concurrency that is not a number (Knative's schema)", "knative", (objects) => {
    find(objects, "Service", "signet-verifier").spec.template.spec.containerConcurrency = "many";
  }, /Service signet-system\/signet-verifier: \/spec\/template\/spec\/containerConcurrency must be integer/],
  ["a cert-manager Certificate without its Secret (cert-manager's schema)", "k8s", (objects) => {
    delete find(objects, "Certificate", "signet-admission-tls").spec.secretName;
  }, /Certificate signet-system\/signet-admission-tls: \/spec must have required property secretName/],
  ["an EventPolicy filter of the wrong type", "knative", (objects) => {
    find(objects, "EventPolicy", "signet-pushes").spec.filters = "type=image.pushed";
  }, /EventPolicy signet-system\/signet-pushes: \/spec\/filters must be array/],
  ["a kind no pinned package knows", "k8s", (objects) => {
    objects.push({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });
  }, /Widget w: no published schema for example.com\/v1 Widget/],
];

for (const [name, folder, plant, expected] of plants) {
  test(`a planted schema error fails the step: ${name}`, async () => {
    const objects = render(folder);
    plant(objects);
    const found = await validate([folder], () => objects);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0], expected);
  });
}

test("the status waiver applies to a missing top-level status only", async () => {
  const [binding] = parse("apiVersion: sources.knative.dev/v1\nkind: SinkBinding\nmetadata: {name: b}\n"
    + "spec: {subject: {apiVersion: v1, kind: Pod, name: p}, sink: {uri: 'http://x'}}\n", "test");
  assert.deepEqual(await problems(binding, "test"), []);
  binding.spec.subject = "pod p";
  assert.match((await problems(binding, "test"))[0], /SinkBinding b: \/spec\/subject must be object/);
});
