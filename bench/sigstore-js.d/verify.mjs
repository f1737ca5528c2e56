// The independent side of bench/sigstore-js: npm @sigstore/verify (pinned in package-lock.json) on the bundle files
// BundleVerifyRatioHarness wrote, with the verdicts in DIR/cases.tsv. Run from target/sigstore-js/, where npm
// installed the package:
//   node verify.mjs check DIR                      every case must get its expected verdict, else exit 1
//   node verify.mjs measure DIR WARMUP_S SECONDS   check, warm up, then time the "timed" bundles on this thread
//   node verify.mjs versions                       the installed @sigstore packages
//   node verify.mjs keyless TSV WARMUP_S SECONDS   keyless bundles (keyless.tsv): each verifies, another SAN is
//                                                  refused, then each is timed alone on this thread
// One verification: JSON.parse of the bundle text, bundleFromJSON (protobuf-specs shape and v0.3 rules),
// toSignedEntity, Verifier.verify with the public key found by the bundle's hint and no transparency log, TSA or
// CT log required (key-based bundles carry none), then the in-toto statement checks @sigstore/verify leaves to its
// caller and Signet makes: payload type, cosign's sign predicate, the image digest among the subjects.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const IN_TOTO = 'application/vnd.in-toto+json';
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

function readCases(dir) {
  return readFileSync(join(dir, 'cases.tsv'), 'utf8').split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [bundle, key, digest, verdict, timed] = line.split('\t');
      return { bundle, key, digest, accept: verdict === 'accept', timed: timed === 'timed' };
    });
}

// A verifier per trusted key file, as Signet checks each bundle against the key it is given: the key finder
// knows only that key's hint (base64 SHA-256 of its SPKI DER, what cosign writes), so another signer's bundle
// fails with "key not found".
function verifierFor(dir, keyFile) {
  const publicKey = createPublicKey(readFileSync(join(dir, keyFile), 'utf8'));
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

// "accepted" or why not.
function verify(verifier, bytes, imageDigest) {
  let bundle;
  try {
    bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
  } catch (e) {
    return `malformed: ${e.message}${e.fields ? ' ' + e.fields.join(',') : ''}`;
  }
  if (bundle.content?.$case !== 'dsseEnvelope') {
    return `not an image signature: content is ${bundle.content?.$case}`;
  }
  try {
    verifier.verify(toSignedEntity(bundle));
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
  if (typeof statement._type !== 'string' || !statement._type.startsWith('https://in-toto.io/Statement/')) {
    return 'not an in-toto statement';
  }
  if (statement.predicateType !== COSIGN_SIGN_PREDICATE) {
    return `wrong predicate ${statement.predicateType}`;
  }
  const [algorithm, hex] = imageDigest.split(':');
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  return subjects.some((s) => s?.digest?.[algorithm] === hex) ? 'accepted' : 'statement names another digest';
}

function check(dir, print) {
  const verifiers = new Map();
  let ok = true;
  let timed = 0;
  for (const c of readCases(dir)) {
    if (!verifiers.has(c.key)) {
      verifiers.set(c.key, verifierFor(dir, c.key));
    }
    const verdict = verify(verifiers.get(c.key), readFileSync(join(dir, c.bundle)), c.digest);
    const accepted = verdict === 'accepted';
    ok &&= accepted === c.accept;
    if (c.timed && accepted === c.accept) {
      timed++;
    } else if (print || accepted !== c.accept) {
      const wrong = accepted === c.accept ? '' : `   <-- WRONG, expected ${c.accept ? 'accept' : 'reject'}`;
      console.log(`  js      ${(accepted ? 'accept' : 'reject').padEnd(8)} ${c.bundle.padEnd(44)} key ${c.key.padEnd(10)} ${verdict}${wrong}`);
    }
  }
  if (print) {
    console.log(`  js      accept   ${timed} Signet-written bundles`);
  }
  return ok;
}

// verifications per second of check(i) over i = 0..size-1 round-robin, after a warm-up of the same loop
function timed(check, size, warmupSeconds, seconds) {
  const run = (limit) => {
    const end = performance.now() + limit * 1000;
    let count = 0;
    let i = 0;
    while (performance.now() < end) {
      if (!check(i)) {
        throw new Error(`bundle ${i} failed during the timed loop, after passing the check`);
      }
      i = (i + 1) % size;
      count++;
    }
    return count;
  };
  run(warmupSeconds);
  return run(seconds) / seconds;
}

function measure(dir, warmupSeconds, seconds) {
  const cases = readCases(dir).filter((c) => c.timed);
  const verifier = verifierFor(dir, cases[0].key);
  const bundles = cases.map((c) => ({ bytes: readFileSync(join(dir, c.bundle)), digest: c.digest }));
  return timed((i) => verify(verifier, bundles[i].bytes, bundles[i].digest) === 'accepted', bundles.length, warmupSeconds, seconds);
}

// The floor under measure: only @sigstore/verify's own signature check (PAE plus ECDSA) on bundles parsed beforehand.
function measureSignatureOnly(dir, warmupSeconds, seconds) {
  const cases = readCases(dir).filter((c) => c.timed);
  const publicKey = createPublicKey(readFileSync(join(dir, cases[0].key), 'utf8'));
  const signatures = cases.map((c) => toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(join(dir, c.bundle), 'utf8')))).signature);
  return timed((i) => signatures[i].verifySignature(publicKey), signatures.length, warmupSeconds, seconds);
}

// Keyless: the trusted root parsed once (as Signet caches it), then per verification what cosign verify-blob does:
// JSON.parse, bundleFromJSON, toSignedEntity with the artifact bytes (a message signature is checked over them),
// Verifier.verify with the default thresholds (one tlog entry, one SCT, one verified time), the SAN by regexp and
// the issuer on the verified identity, and for DSSE the artifact's sha256 among the statement's subjects (which
// @sigstore/verify leaves to its caller and Signet checks).
function keylessCases(tsv) {
  return readFileSync(tsv, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name, bundle, artifact, root, san, issuer] = line.split('\t');
      const artifactBytes = readFileSync(artifact);
      return {
        name, bytes: readFileSync(bundle), artifact: artifactBytes, san: new RegExp(san), issuer,
        artifactSha256: createHash('sha256').update(artifactBytes).digest('hex'),
        verifier: new Verifier(toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(root, 'utf8'))))),
      };
    });
}

// "accepted" or why not
function verifyKeyless(c, san = c.san) {
  try {
    const bundle = bundleFromJSON(JSON.parse(c.bytes.toString('utf8')));
    const signer = c.verifier.verify(toSignedEntity(bundle, c.artifact));
    const identity = signer.identity ?? {};
    if (!san.test(identity.subjectAlternativeName ?? '')) {
      return `identity ${identity.subjectAlternativeName} does not match ${san}`;
    }
    if (identity.extensions?.issuer !== c.issuer) {
      return `issuer ${identity.extensions?.issuer} is not ${c.issuer}`;
    }
    if (bundle.content.$case === 'dsseEnvelope') {
      const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
      if (!(statement.subject ?? []).some((s) => s?.digest?.sha256 === c.artifactSha256)) {
        return 'the statement does not name the artifact';
      }
    }
    return 'accepted';
  } catch (e) {
    return `rejected: ${e.code ?? e.name}: ${e.message}`;
  }
}

function keyless(tsv, warmupSeconds, seconds) {
  const cases = keylessCases(tsv);
  for (const c of cases) {
    const verdict = verifyKeyless(c);
    const other = verifyKeyless(c, /^https:\/\/example\.com\/someone-else$/);
    console.log(`  js      ${c.name.padEnd(18)} ${verdict}; another SAN: ${other === 'accepted' ? 'ACCEPTED (wrong)' : 'refused'}`);
    if (verdict !== 'accepted' || other === 'accepted') {
      process.exit(1);
    }
  }
  for (const c of cases) {
    const perS = timed(() => verifyKeyless(c) === 'accepted', 1, warmupSeconds, seconds);
    console.log(`sigstore_js_keyless_${c.name.replace(/[^A-Za-z0-9]/g, '_')}_per_s=${perS.toFixed(1)}`);
  }
}

function versions() {
  // read from the files: protobuf-specs' exports map hides its package.json from require
  return ['@sigstore/verify', '@sigstore/bundle', '@sigstore/core', '@sigstore/protobuf-specs']
    .map((name) => {
      const manifest = JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8'));
      return `${name} ${manifest.version}`;
    }).join(', ');
}

const [mode, dir, ...rest] = process.argv.slice(2);
switch (mode) {
  case 'check':
    process.exit(check(dir, true) ? 0 : 1);
    break;
  case 'measure':
    if (!check(dir, false)) {
      process.exit(1);
    }
    console.log(`sigstore_js_verify_per_s=${measure(dir, Number(rest[0]), Number(rest[1])).toFixed(1)}`);
    console.log(`sigstore_js_signature_only_per_s=${measureSignatureOnly(dir, Number(rest[0]) / 2, Number(rest[1]) / 2).toFixed(1)}`);
    break;
  case 'keyless':
    keyless(dir, Number(rest[0]), Number(rest[1]));
    break;
  case 'versions':
    console.log(versions());
    break;
  default:
    console.error('mode must be check, measure, keyless or versions');
    process.exit(2);
}
