package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.SigningResult;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.SigstoreJs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's acceptance, the other side: what {@code signet attest} stores in the bundle layout (the exact blob
 * {@link AttestationSigner} pushes) verifies with npm {@code @sigstore/verify}, pinned in {@code .ci/sigstore-js/},
 * given only the public key; tampered copies, another signer, another digest and another predicate type are refused
 * there and by Signet alike. {@link SigstoreJs} runs it.
 */
class AttestationBundleInteropTest {
    private static final Map<String, String> PREDICATES = new LinkedHashMap<>();

    static {
        PREDICATES.put("slsaprovenance", "{\"builder\":{\"id\":\"https://github.com/acme/builder\"},\"buildType\":\"https://example.com/build/v1\","
                + "\"invocation\":{\"configSource\":{\"uri\":\"git+https://github.com/acme/app\",\"digest\":{\"sha1\":\"0123456789abcdef0123456789abcdef01234567\"}}}}");
        PREDICATES.put("slsaprovenance1", "{\"buildDefinition\":{\"buildType\":\"https://example.com/build/v1\",\"externalParameters\":{\"ref\":\"refs/heads/main\"}},"
                + "\"runDetails\":{\"builder\":{\"id\":\"https://github.com/acme/builder\"}}}");
        PREDICATES.put("spdxjson", "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"app\",\"packages\":[]}");
        PREDICATES.put("spdx", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: app\n");
        PREDICATES.put("cyclonedx", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"libc\",\"version\":\"2.36\"}]}");
        PREDICATES.put("vuln", "{\"scanner\":{\"uri\":\"https://github.com/aquasecurity/trivy\",\"version\":\"0.50.0\",\"result\":{}},"
                + "\"metadata\":{\"scanStartedOn\":\"2026-12-01T10:00:00Z\",\"scanFinishedOn\":\"2026-12-01T10:01:00Z\"}}");
        PREDICATES.put("custom", "reviewed by two maintainers");
        PREDICATES.put("https://example.com/attestation/push/v1", "{\"registry\":\"registry.local\",\"pusher\":\"ci-robot\"}");
    }

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.of(Registry.parse("registry.local"), "acme/app");
    private final SigningKey key = SigningKey.generate("signet");
    private final SigningKey other = SigningKey.generate("other");

    @TempDir
    Path dir;

    private record Case(String name, String file, String keyFile, Digest digest, String predicateType, boolean accept) {
    }

    @Test
    void attest_bundleLayout_verifiesWithSigstoreJsAsWithSignet() throws Exception {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        Digest otherImage = registry.pushRandomImage(repository, "v2").digest();
        Files.writeString(dir.resolve("signet.pub"), key.verificationKey().toPem());
        Files.writeString(dir.resolve("other.pub"), other.verificationKey().toPem());
        List<Case> cases = new ArrayList<>();
        byte[] slsa = null;
        for (Map.Entry<String, String> predicate : PREDICATES.entrySet()) {
            String type = predicate.getKey();
            byte[] bundle = attest(image, key, type, predicate.getValue());
            String file = "bundle-" + (type.startsWith("https:") ? "uri" : type) + ".sigstore.json";
            Files.write(dir.resolve(file), bundle);
            cases.add(new Case(type, file, "signet.pub", image.digest(), PredicateTypes.resolve(type), true));
            slsa = "slsaprovenance".equals(type) ? bundle : slsa;
        }
        String slsaType = PredicateTypes.SLSA_PROVENANCE_02;
        cases.add(new Case("slsa with another signer's key", "bundle-slsaprovenance.sigstore.json", "other.pub", image.digest(), slsaType, false));
        cases.add(new Case("slsa for another image", "bundle-slsaprovenance.sigstore.json", "signet.pub", otherImage, slsaType, false));
        cases.add(new Case("slsa asked as slsa v1", "bundle-slsaprovenance.sigstore.json", "signet.pub", image.digest(), PredicateTypes.SLSA_PROVENANCE_1, false));
        Files.write(dir.resolve("tampered.sigstore.json"), tamper(slsa));
        cases.add(new Case("slsa with its builder changed", "tampered.sigstore.json", "signet.pub", image.digest(), slsaType, false));
        Files.write(dir.resolve("by-other.sigstore.json"), attest(image, other, "slsaprovenance", PREDICATES.get("slsaprovenance")));
        cases.add(new Case("slsa signed by another key", "by-other.sigstore.json", "signet.pub", image.digest(), slsaType, false));
        // the same, its hint forged to name our key: the key is found, and then the signature must fail
        String byOther = Files.readString(dir.resolve("by-other.sigstore.json"));
        assertThat(byOther).contains(other.verificationKey().hint());
        Files.writeString(dir.resolve("forged-hint.sigstore.json"), byOther.replace(other.verificationKey().hint(), key.verificationKey().hint()));
        cases.add(new Case("slsa signed by another key, hint forged", "forged-hint.sigstore.json", "signet.pub", image.digest(), slsaType, false));
        writeCases(cases);

        for (Case c : cases) {
            assertThat(signetVerifies(c)).as("Signet on " + c.name()).isEqualTo(c.accept());
        }
        String output = SigstoreJs.run("verify-attestations.mjs", dir);
        assertThat(output).as(output).containsPattern("(?m)^" + cases.size() + " passed, 0 failed$");
        for (Case c : cases) {
            assertThat(output).as(output).contains((c.accept() ? "ok   accept " : "ok   reject ") + c.name() + ":");
        }
    }

    /** The bundle blob exactly as the registry holds it after {@code signet attest --bundle}. */
    private byte[] attest(RawManifest image, SigningKey signer, String type, String predicate) {
        SigningResult result = new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(
                ImageReference.of(repository, image.digest()), signer, type, predicate.getBytes(StandardCharsets.UTF_8), SignatureLayout.BUNDLE, false));
        var stored = result.signatures().get(0);
        assertThat(stored.created()).as(type).isTrue();
        List<Descriptor> layers = registry.getManifest(ImageReference.parse(stored.location())).asImageManifest().layers();
        assertThat(layers).singleElement().satisfies(layer -> assertThat(layer.mediaType()).isEqualTo(BundleFormat.BUNDLE_V03));
        return registry.getBlob(repository, layers.get(0).digest(), SigstoreBundle.MAX_BUNDLE_BYTES);
    }

    /** The statement re-encoded with another builder id, every other byte kept: the signature no longer covers it. */
    private static byte[] tamper(byte[] bundle) {
        String text = new String(bundle, StandardCharsets.UTF_8);
        String payload = Base64.getEncoder().encodeToString(SigstoreBundle.parse(bundle, "slsa").envelope().payload());
        String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        String changed = statement.replace("https://github.com/acme/builder", "https://github.com/evil/builder");
        assertThat(changed).isNotEqualTo(statement);
        assertThat(text).contains(payload);
        return text.replace(payload, Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    private boolean signetVerifies(Case c) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(c.file()));
        SigstoreBundle bundle = SigstoreBundle.parse(bytes, c.file());
        VerificationKey trusted = "other.pub".equals(c.keyFile()) ? other.verificationKey() : key.verificationKey();
        return AttestationVerifier.check(SignatureLayout.BUNDLE, c.file(), bundle.digest(), bundle.envelope(), c.digest(), List.of(trusted),
                c.predicateType()).verified();
    }

    private void writeCases(List<Case> cases) throws IOException {
        StringBuilder tsv = new StringBuilder("# name\tbundle\tkey\tdigest\tpredicateType\tverdict\n");
        for (Case c : cases) {
            tsv.append(String.join("\t", c.name(), c.file(), c.keyFile(), c.digest().toString(), c.predicateType(), c.accept() ? "accept" : "reject"))
                    .append('\n');
        }
        Files.writeString(dir.resolve("cases.tsv"), tsv);
    }
}
