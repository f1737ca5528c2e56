// The other side of Signet's attestation bundles (issue 15): npm @sigstore/verify, pinned in package-lock.json,
// checks the Sigstore bundles `signet attest` writes in the bundle layout, as a verifier that never saw Signet's
// code would. AttestationBundleInteropTest writes the bundles, their keys and the expected verdicts into DIR:
//   node verify-attestations.mjs DIR
// DIR/cases.tsv: name, bundle file, public key file (PEM), image digest, predicate type, accept|reject.
// One verification: bundleFromJSON (protobuf-specs shape, v0.3 rules), then Verifier.verify with the public key the
// bundle's hint names and no log, CT or timestamp required (a key-based bundle carries none), then the statement
// checks @sigstore/verify leaves to its caller, as cosign verify-attestation makes them: in-toto payload type and
// _type, the predicate type asked for, the image digest among the subjects.
// Prints one line per case and "N passed, N failed"; exits 1 when any verdict differs from the expected one.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const IN_TOTO = 'application/vnd.in-toto+json';
const STATEMENTS = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

function verifierFor(pem) {
  const publicKey = createPublicKey(pem);
  // cosign's and Signet's hint: base64 of the SHA-256 of the key's SubjectPublicKeyInfo DER
  const hint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const noRoots = { mediaType: '', certificateAuthorities: [], ctlogs: [], tlogs: [], timestampAuthorities: [] };
  const trust = toTrustMaterial(noRoots, (bundleHint) => {
    if (bundleHint !== hint) {
      throw new Error(`key not found: ${bundleHint}`);
    }
    return { publicKey, validFor: () => true };
  });
  return new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
}

// "accepted", or why not
function verify(bytes, pem, digest, predicateType) {
  let bundle;
  try {
    bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
  } catch (e) {
    return `malformed: ${e.message}`;
  }
  if (bundle.content?.$case !== 'dsseEnvelope') {
    return `no DSSE envelope: content is ${bundle.content?.$case}`;
  }
  try {
    verifierFor(pem).verify(toSignedEntity(bundle));
  } catch (e) {
    return `rejected by @sigstore/verify: ${e.code ?? e.name}: ${e.message}`;
  }
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO) {
    return `payloadType ${envelope.payloadType} is not in-toto`;
  }
  let statement;
  try {
    statement = JSON.parse(envelope.payload.toString('utf8'));
  } catch (e) {
    return 'statement is not JSON';
  }
  if (!STATEMENTS.includes(statement._type)) {
    return `_type ${statement._type} is not an in-toto statement`;
  }
  if (statement.predicateType !== predicateType) {
    return `predicate type ${statement.predicateType}, not ${predicateType}`;
  }
  const [algorithm, hex] = digest.split(':');
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  return subjects.some((s) => s?.digest?.[algorithm] === hex) ? 'accepted' : `no subject is ${digest}`;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node verify-attestations.mjs DIR');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
console.log(`node ${process.version}, @sigstore/verify ${version('@sigstore/verify')}, @sigstore/bundle ${version('@sigstore/bundle')}`);
let passed = 0;
let failed = 0;
for (const line of readFileSync(join(dir, 'cases.tsv'), 'utf8').split('\n')) {
  if (line.trim() === '' || line.startsWith('#')) {
    continue;
  }
  const [name, file, key, digest, predicateType, expected] = line.split('\t');
  const verdict = verify(readFileSync(join(dir, file)), readFileSync(join(dir, key), 'utf8'), digest, predicateType);
  const got = verdict === 'accepted' ? 'accept' : 'reject';
  const ok = got === expected;
  if (ok) {
    passed++;
  } else {
    failed++;
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${got.padEnd(6)} ${name}: ${verdict}${ok ? '' : `   <-- expected ${expected}`}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
