// The other side of Signet's attestation bundles (issue 15): npm @sigstore/verify, pinned in package-lock.json,
// checks the Sigstore bundles `signet attest` writes in the bundle layout, as a verifier that never saw Signet's
// code would. AttestationBundleInteropTest writes the bundles, their keys and the expected verdicts into DIR:
//   node verify-attestations.mjs DIR
// DIR/cases.tsv: name, bundle file, public key file (PEM), image digest, predicate type, accept|reject.
// One verification: bundleFromJSON (protobuf-specs shape, v0.3 rules), then Verifier.verify with the public key the
// bundle's hint names and no log, CT or timestamp required (a key-based bundle carries none), then the statement
// checks @sigstore/verify leaves to its caller, as cosign verify-attestation makes them: in-toto payload type and
// _type, the predicate type asked for, the image digest among the subjects.
// Prints one line per case and "N passed, N failed"; exits 1 when any verdict differs from the expected one (harness.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity } from '@sigstore/verify';
import { keyTrust, printVersions, runCases } from './harness.mjs';

const IN_TOTO = 'application/vnd.in-toto+json';
const STATEMENTS = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

function verifierFor(pem) {
  return new Verifier(keyTrust(pem), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
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
printVersions('@sigstore/verify', '@sigstore/bundle');
runCases(dir, ([, file, key, digest, predicateType]) =>
  verify(readFileSync(join(dir, file)), readFileSync(join(dir, key), 'utf8'), digest, predicateType));
