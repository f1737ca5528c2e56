// Keyless interop (issue 14): npm @sigstore/verify, pinned in package-lock.json, checks the bundles Signet's test
// Sigstore stack (src/test/java/dev/signet/testing/sigstore) makes, against the stack's own trusted root, as any
// Sigstore verifier would: certificate chain at the log's integrated time, embedded SCT, Rekor SET, inclusion proof
// and checkpoint, the log body against the bundle, the signature, then the identity (SAN and OIDC issuer).
// TestSigstoreInteropTest writes DIR/trusted_root.json, the bundles, the artifacts and
//   DIR/cases.tsv: name, bundle file, artifact file ('-' for a DSSE bundle), SAN, issuer, expected verdict
// and runs: node verify-keyless.mjs DIR   (verdicts and output as in harness.mjs)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity } from '@sigstore/verify';
import { printVersions, reason, rootTrust, runCases } from './harness.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node verify-keyless.mjs DIR');
  process.exit(2);
}
// the default thresholds: one SCT, one tlog entry, one timestamp (the entry's integrated time)
const verifier = new Verifier(rootTrust(join(dir, 'trusted_root.json')));

// "accepted", or why not
function verify([, file, artifact, san, issuer]) {
  let bundle;
  try {
    bundle = bundleFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  } catch (e) {
    return `malformed: ${e.message}`;
  }
  try {
    const data = artifact === '-' ? undefined : readFileSync(join(dir, artifact));
    verifier.verify(toSignedEntity(bundle, data), { subjectAlternativeName: san, extensions: { issuer } });
    return 'accepted';
  } catch (e) {
    return `rejected by @sigstore/verify: ${reason(e)}`;
  }
}

printVersions('@sigstore/verify', '@sigstore/bundle');
runCases(dir, verify);
