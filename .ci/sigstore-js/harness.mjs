// What the interop harnesses share: the versions line and the case loop. A harness reads DIR/cases.tsv (tab-separated,
// '#' comments, last column the expected verdict), asks its verify function for "accepted" or the reason for refusing,
// and prints one line per case and "N passed, N failed". The expected verdict is "accept", "reject", or
// "reject:<text>" when the refusal must be for a given reason (the reason must contain <text>), so a negative that
// fails for another cause than the one it was made for counts as a failure.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial } from '@sigstore/verify';

const require = createRequire(import.meta.url);

function version(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

export function printVersions(...packages) {
  console.log(`node ${process.version}, ${packages.map((p) => `${p} ${version(p)}`).join(', ')}`);
}

// Trust in one public key (PEM) and nothing else: no CA, log or timestamp authority. The key is found by cosign's and
// Signet's hint, base64 of the SHA-256 of the key's SubjectPublicKeyInfo DER.
export function keyTrust(pem) {
  const publicKey = createPublicKey(pem);
  const hint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const noRoots = { mediaType: '', certificateAuthorities: [], ctlogs: [], tlogs: [], timestampAuthorities: [] };
  return toTrustMaterial(noRoots, (bundleHint) => {
    if (bundleHint !== hint) {
      throw new Error(`key not found: ${bundleHint}`);
    }
    return { publicKey, validFor: () => true };
  });
}

// Trust as a Sigstore trusted root file (application/vnd.dev.sigstore.trustedroot+json) gives it: CAs, Rekor and CT
// logs, timestamp authorities, each with its validity window.
export function rootTrust(file) {
  return toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(file, 'utf8'))));
}

// The message of a refusal, with the causes @sigstore/verify chains (e.g. CERTIFICATE_ERROR wrapping the chain error).
export function reason(e) {
  let text = `${e.code ?? e.name}: ${e.message}`;
  for (let cause = e.cause; cause; cause = cause.cause) {
    text += `; cause: ${cause.code ?? cause.name}: ${cause.message}`;
  }
  return text;
}

// Runs every case of DIR/cases.tsv through verify(fields, dir), fields being the columns before the verdict.
// Exits 1 when any verdict differs from the expected one, or when there was no case.
export function runCases(dir, verify) {
  let passed = 0;
  let failed = 0;
  for (const line of readFileSync(join(dir, 'cases.tsv'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) {
      continue;
    }
    const fields = line.split('\t');
    const expected = fields.pop();
    const [expectedVerdict, ...because] = expected.split(':');
    const expectedReason = because.join(':');
    const verdict = verify(fields, dir);
    const got = verdict === 'accepted' ? 'accept' : 'reject';
    const ok = got === expectedVerdict && (got === 'accept' || expectedReason === '' || verdict.includes(expectedReason));
    if (ok) {
      passed++;
    } else {
      failed++;
    }
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${got.padEnd(6)} ${fields[0]}: ${verdict}${ok ? '' : `   <-- expected ${expected}`}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
