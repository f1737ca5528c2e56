package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.CertificateIdentity;
import dev.signet.sigstore.FulcioExtension;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Vectors;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 5, the policy side: Kyverno's {@code keyless} and {@code certificates} entries, Signet's own
 * {@code keyless} entries, and the one rule that reads every entry's {@code rekor}/{@code ctlog} blocks, compiled as
 * Kyverno's engine reads them (KeylessCompiler cites where).
 */
class PolicyKeylessCompileTest {
    private static final String ENTRY = "rules[0].verifyImages[0].attestors[0].entries[0]";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";
    private static final String REPO = "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main";

    /** A Kyverno policy whose one rule has one attestor set with the given entries (YAML flow style). */
    private static String kyverno(String entries) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n  - name: r\n    verifyImages:\n"
                + "    - imageReferences: ['ghcr.io/acme/*']\n      attestors: [{entries: [" + entries + "]}]\n";
    }

    /** Signet's own ClusterImagePolicy with the given entries. */
    private static String signet(String entries) {
        return "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\nspec:\n  verifyImages:\n"
                + "  - imageReferences: ['ghcr.io/acme/*']\n    attestors: [{entries: [" + entries + "]}]\n";
    }

    private static Attestor only(CompiledPolicy policy) {
        return policy.rules().get(0).attestors().get(0).entries().get(0);
    }

    private static KeylessAttestor keyless(CompiledPolicy policy) {
        return (KeylessAttestor) only(policy);
    }

    /** A YAML double-quoted string holding {@code text} (PEMs in flow style). */
    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private static String caPem() throws Exception {
        X509Certificate ca = TrustedRoot.production().certificateAuthorities().get(0).chain().get(0);
        return PemKeys.encode("CERTIFICATE", ca.getEncoded());
    }

    private static CertificateIdentity identity(String subject, String issuer, Map<FulcioExtension, String> extensions) {
        Map<String, String> byOid = new java.util.HashMap<>();
        extensions.forEach((extension, value) -> byOid.put(extension.oid(), value));
        return new CertificateIdentity(subject, issuer, byOid);
    }

    @Test
    void kyvernoKeyless_subjectWildcardAndIssuer_oneIdentityUnderThePublicGoodRoot_requiringTlogAndSctByDefault() {
        CompiledPolicy policy = Policies.compile(kyverno("{keyless: {subject: 'https://github.com/acme/*', issuer: '" + GITHUB
                + "', rekor: {url: 'https://rekor.sigstore.dev'}}}"));

        assertThat(only(policy)).isEqualTo(new KeylessAttestor(ENTRY, new TrustedRootSource.Inline(TrustedRoot.production()),
                List.of(new IdentityMatcher(TextMatch.wildcardOrExact("https://github.com/acme/*"), Optional.of(TextMatch.exact(GITHUB)), Map.of())),
                true, true, Map.of()));
        assertThat(keyless(policy).identities().get(0).matches(identity(REPO, GITHUB, Map.of()))).isTrue();
        assertThat(keyless(policy).identities().get(0).matches(identity("https://github.com/evil/app", GITHUB, Map.of()))).isFalse();
        assertThat(policy.notes()).as("the default Rekor URL is what Signet checks against anyway").isEmpty();
        assertThat(policy.rules().get(0).notEvaluated()).isEmpty();
    }

    @Test
    void kyvernoKeyless_trust_isWhatTheVerifierIsGiven() {
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: '" + GITHUB + "', rekor: {url: 'https://rekor.sigstore.dev', ignoreTlog: true},"
                + " ctlog: {ignoreSCT: true}}}")));

        assertThat(entry.trust(TrustedRoot.production())).satisfies(trust -> {
            assertThat(trust.name()).isEqualTo(ENTRY);
            assertThat(trust.root()).isSameAs(TrustedRoot.production());
            assertThat(trust.identities()).isEqualTo(entry.identities());
            assertThat(trust.requireTlog()).as("rekor.ignoreTlog: true").isFalse();
            assertThat(trust.requireSct()).as("ctlog.ignoreSCT: true").isFalse();
        });
    }

    @Test
    void kyvernoKeyless_withoutRekorOrRoots_isWhatKyvernosEngineDoes_andNotedAsRefusedByItsAdmission() {
        CompiledPolicy policy = Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: '" + GITHUB + "'}}"));

        assertThat(keyless(policy).requireTlog()).as("no rekor block: the public Rekor, IgnoreTlog false (buildCosignVerifier)").isTrue();
        assertThat(keyless(policy).requireSct()).as("no ctlog block: IgnoreSCT false").isTrue();
        assertThat(keyless(policy).root()).isEqualTo(new TrustedRootSource.Inline(TrustedRoot.production()));
        assertThat(policy.notes()).singleElement().asString().contains(ENTRY + ".keyless").contains("Either Rekor URL or roots", "neither rekor nor roots");
    }

    @Test
    void kyvernoKeyless_rekorWithoutUrl_isNoted_andAnotherUrlIsNotedAsNotContacted() {
        CompiledPolicy noUrl = Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: '" + GITHUB + "', rekor: {ignoreTlog: false}}}"));
        CompiledPolicy otherUrl = Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: '" + GITHUB + "', rekor: {url: 'https://rekor.internal'}}}"));

        assertThat(noUrl.notes()).singleElement().asString().contains(ENTRY + ".keyless.rekor").contains("without url");
        assertThat(keyless(noUrl).requireTlog()).isTrue();
        assertThat(otherUrl.notes()).singleElement().asString().contains(ENTRY + ".keyless.rekor.url").contains("https://rekor.internal")
                .contains("is not contacted").contains("public-good Rekor keys");
    }

    @Test
    void kyvernoKeyless_subjectAndSubjectRegExp_eitherMatches_asKyvernoMatchesEither() {
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: 'a@b.c', subjectRegExp: '^https://github\\.com/acme/', issuer: '" + GITHUB
                + "', rekor: {url: 'https://rekor.sigstore.dev'}}}")));

        assertThat(entry.identities()).hasSize(2);
        IdentityMatcher any = entry.identities().get(0);
        assertThat(entry.identities()).anyMatch(matcher -> matcher.matches(identity("a@b.c", GITHUB, Map.of())));
        assertThat(entry.identities()).anyMatch(matcher -> matcher.matches(identity(REPO, GITHUB, Map.of())));
        assertThat(entry.identities()).noneMatch(matcher -> matcher.matches(identity("https://github.com/evil/x", GITHUB, Map.of())));
        assertThat(any.subject()).isEqualTo(TextMatch.exact("a@b.c"));
    }

    @Test
    void kyvernoKeyless_issuerIsAWildcard_andIssuerWithIssuerRegExp_bothMustMatch() {
        KeylessAttestor wildcard = keyless(Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: 'https://token.actions.*', rekor: {url: x}}}")));
        KeylessAttestor both = keyless(Policies.compile(kyverno("{keyless: {subject: a@b.c, issuer: 'https://*.example', issuerRegExp: 'accounts',"
                + " rekor: {url: x}}}")));

        assertThat(wildcard.identities().get(0).matches(identity("a@b.c", GITHUB, Map.of()))).isTrue();
        IdentityMatcher matcher = both.identities().get(0);
        assertThat(matcher.matches(identity("a@b.c", "https://accounts.example", Map.of()))).isTrue();
        assertThat(matcher.matches(identity("a@b.c", "https://login.example", Map.of()))).as("the wildcard holds, the regexp does not").isFalse();
        assertThat(matcher.matches(identity("a@b.c", "https://accounts.example.org", Map.of()))).as("the regexp holds, the wildcard does not").isFalse();
    }

    @Test
    void kyvernoKeyless_withNoSubject_passesAnySigner_asKyvernoDoes_andSaysSoAtLoad() {
        CompiledPolicy policy = Policies.compile(kyverno("{keyless: {issuer: '" + GITHUB + "', rekor: {url: 'https://rekor.sigstore.dev'}}}"));
        CompiledPolicy nothing = Policies.compile(kyverno("{keyless: {rekor: {url: 'https://rekor.sigstore.dev'}}}"));

        assertThat(keyless(policy).identities()).singleElement().satisfies(matcher -> {
            assertThat(matcher.matches(identity("anyone@example.com", GITHUB, Map.of()))).isTrue();
            assertThat(matcher.matches(identity("anyone@example.com", "https://accounts.google.com", Map.of()))).isFalse();
        });
        assertThat(policy.notes()).singleElement().asString().contains("no subject or subjectRegExp, so any signer's identity passes")
                .doesNotContain("any issuer");
        assertThat(keyless(nothing).identities().get(0).matches(identity("anyone@example.com", "https://accounts.google.com", Map.of()))).isTrue();
        assertThat(nothing.notes()).singleElement().asString().contains("from any issuer");
    }

    @Test
    void kyvernoKeyless_additionalExtensions_byCosignNameOrOid_areWildcards() {
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: '*', issuer: '" + GITHUB + "', rekor: {url: x},"
                + " additionalExtensions: {githubWorkflowTrigger: push, githubWorkflowSha: '*', githubWorkflowName: release,"
                + " githubWorkflowRepository: 'acme/*', '1.3.6.1.4.1.57264.1.6': 'refs/tags/v*', oidcIssuer: '" + GITHUB + "'}}}")));

        IdentityMatcher matcher = entry.identities().get(0);
        assertThat(matcher.extensions()).containsOnlyKeys(FulcioExtension.GITHUB_WORKFLOW_TRIGGER, FulcioExtension.GITHUB_WORKFLOW_SHA,
                FulcioExtension.GITHUB_WORKFLOW_NAME, FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, FulcioExtension.GITHUB_WORKFLOW_REF,
                FulcioExtension.ISSUER_V1);
        Map<FulcioExtension, String> release = Map.of(FulcioExtension.GITHUB_WORKFLOW_TRIGGER, "push", FulcioExtension.GITHUB_WORKFLOW_SHA, "abc",
                FulcioExtension.GITHUB_WORKFLOW_NAME, "release", FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, "acme/app",
                FulcioExtension.GITHUB_WORKFLOW_REF, "refs/tags/v1.2.3", FulcioExtension.ISSUER_V1, GITHUB);
        assertThat(matcher.matches(identity(REPO, GITHUB, release))).isTrue();
        Map<FulcioExtension, String> branch = new java.util.EnumMap<>(release);
        branch.put(FulcioExtension.GITHUB_WORKFLOW_REF, "refs/heads/main");
        assertThat(matcher.mismatch(identity(REPO, GITHUB, branch))).hasValueSatisfying(why -> assertThat(why).contains("githubWorkflowRef"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown name        | {buildTrigger: push}                       | additionalExtensions.buildTrigger
            issuer v2 by name   | {issuerV2: x}                              | additionalExtensions.issuerV2
            Signet's issuer     | {issuer: x}                                | additionalExtensions.issuer
            an OID Kyverno lacks| {'1.3.6.1.4.1.57264.1.8': x}               | additionalExtensions.1.3.6.1.4.1.57264.1.8
            """)
    void kyvernoKeyless_anExtensionKyvernoDoesNotRead_isRefusedAtLoad_namingIt(String what, String extensions, String field) {
        assertThatThrownBy(() -> Policies.compile(kyverno("{keyless: {subject: a, issuer: b, rekor: {url: x}, additionalExtensions: " + extensions + "}}")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(ENTRY + ".keyless." + field)
                .hasMessageContaining("is not a certificate extension Kyverno reads");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            subjectRegExp | {subject: a, subjectRegExp: '(unclosed', issuer: b, rekor: {url: x}}
            issuerRegExp  | {subject: a, issuerRegExp: '[z-a]', rekor: {url: x}}
            """)
    void kyvernoKeyless_aRegexpThatDoesNotCompile_isRefusedAtLoad_namingTheField(String field, String keyless) {
        assertThatThrownBy(() -> Policies.compile(kyverno("{keyless: " + keyless + "}")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(ENTRY + ".keyless." + field)
                .hasMessageContaining("is not a regular expression");
    }

    @Test
    void kyvernoKeyless_rootsAndLogKeysInPem_replaceThosePartsOfThePublicGoodRoot() throws Exception {
        String rekorPem = Vectors.text("signatures/key-rekor/rekor.pub");
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: a, issuer: b, roots: " + quoted(caPem())
                + ", rekor: {url: 'https://rekor.internal', pubkey: " + quoted(rekorPem) + "}}}")));

        TrustedRoot root = ((TrustedRootSource.Inline) entry.root()).root();
        TrustedRoot production = TrustedRoot.production();
        assertThat(root.name()).contains(ENTRY);
        assertThat(root.certificateAuthorities()).singleElement().satisfies(ca -> assertThat(ca.chain())
                .containsExactly(production.certificateAuthorities().get(0).chain().get(0)));
        VerificationKey rekor = PemKeys.parsePublicKey(rekorPem, "rekor");
        byte[] logId = MessageDigest.getInstance("SHA-256").digest(rekor.publicKey().getEncoded());
        assertThat(root.tlogs()).singleElement().satisfies(log -> assertThat(log.logId()).isEqualTo(logId));
        assertThat(root.ctlogs()).as("no ctlog.pubkey: the public-good CT logs").isEqualTo(production.ctlogs());
        assertThat(root.timestampAuthorities()).isEqualTo(production.timestampAuthorities());
    }

    @Test
    void kyvernoKeyless_ctlogPubkeyAndTsaChain_replaceThoseParts_unlessTheSctIsIgnored() throws Exception {
        String ctPem = Vectors.text("signatures/key-rekor/rekor.pub");
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: a, issuer: b, rekor: {url: x},"
                + " ctlog: {pubkey: " + quoted(ctPem) + ", tsaCertChain: " + quoted(caPem()) + "}}}")));
        KeylessAttestor ignored = keyless(Policies.compile(kyverno("{keyless: {subject: a, issuer: b, rekor: {url: x},"
                + " ctlog: {ignoreSCT: true, pubkey: " + quoted(ctPem) + "}}}")));

        TrustedRoot root = ((TrustedRootSource.Inline) entry.root()).root();
        assertThat(root.ctlogs()).hasSize(1);
        assertThat(root.timestampAuthorities()).hasSize(1);
        assertThat(root.tlogs()).isEqualTo(TrustedRoot.production().tlogs());
        assertThat(ignored.requireSct()).isFalse();
        assertThat(ignored.root()).as("ignoreSCT: Kyverno loads no CT log key (buildCosignOptions)").isEqualTo(new TrustedRootSource.Inline(TrustedRoot.production()));
    }

    @Test
    void kyvernoKeyless_rootsThatAreNotPem_areRefusedAtLoad_namingTheField() {
        assertThatThrownBy(() -> Policies.compile(kyverno("{keyless: {subject: a, issuer: b, roots: 'not a certificate'}}")))
                .isInstanceOf(PolicyException.class).hasMessageContaining(ENTRY + ".keyless.roots").hasMessageContaining("is not usable PEM");
        assertThatThrownBy(() -> Policies.compile(kyverno("{keyless: {subject: a, issuer: b, rekor: {url: x, pubkey: nope}}}")))
                .isInstanceOf(PolicyException.class).hasMessageContaining(ENTRY + ".keyless.rekor.pubkey");
    }

    @Test
    void keyless_annotationsOfTheEntry_areRequired() {
        KeylessAttestor entry = keyless(Policies.compile(kyverno("{keyless: {subject: a, issuer: b, rekor: {url: x}}, annotations: {team: acme}}")));

        assertThat(entry.annotations()).isEqualTo(Map.of("team", "acme"));
    }

    @Test
    void kyvernoDeprecatedIssuerAndSubject_onTheImageEntry_areOneKeylessEntry_asImageVerificationConvertMakesThem() {
        CompiledPolicy policy = Policies.compile("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n"
                + "  - name: r\n    verifyImages:\n    - image: 'ghcr.io/acme/*'\n      subject: 'https://github.com/acme/*'\n      issuer: '" + GITHUB + "'\n");

        AttestorSet set = policy.rules().get(0).attestors().get(0);
        assertThat(set.path()).isEqualTo("rules[0].verifyImages[0].issuer");
        assertThat(set.entries()).singleElement().isInstanceOfSatisfying(KeylessAttestor.class, entry -> {
            assertThat(entry.identities().get(0).matches(identity(REPO, GITHUB, Map.of()))).isTrue();
            assertThat(entry.requireTlog()).isTrue();
        });
        assertThat(policy.rules().get(0).notEvaluated()).isEmpty();
    }

    // ---- keys: the same rekor rule; a rekor block is checked, Kyverno's default without one is relaxed and reported

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            no rekor block (Kyverno's default)      | {keys: {publicKeys: 'k8s://a/b'}}                                               | false | true
            rekor.url only                          | {keys: {publicKeys: 'k8s://a/b', rekor: {url: 'https://rekor.sigstore.dev'}}}   | true  | false
            ignoreTlog: false                       | {keys: {publicKeys: 'k8s://a/b', rekor: {ignoreTlog: false}}}                   | true  | false
            ignoreTlog: true                        | {keys: {publicKeys: 'k8s://a/b', rekor: {ignoreTlog: true}}}                    | false | false
            """)
    void kyvernoKeys_oneRekorRule_aBlockIsChecked_theDefaultWithoutOneIsRelaxedAndNoted(String what, String entry, boolean checked, boolean relaxed) {
        CompiledPolicy policy = Policies.compile(kyverno(entry));

        KeyAttestor key = (KeyAttestor) only(policy);
        assertThat(key.source()).isEqualTo(new KeySource.Reference("k8s://a/b"));
        assertThat(key.tlog()).as("checked against the public-good Rekor keys").isEqualTo(checked ? Optional.of(TrustedRoot.production()) : Optional.empty());
        if (relaxed) {
            assertThat(policy.notes()).singleElement().asString().startsWith(ENTRY + ".keys: Kyverno's default without a rekor block requires a Rekor")
                    .contains("Signet does not require one there").contains("Signet's push signer").contains("set rekor: {ignoreTlog: true}");
        } else {
            assertThat(policy.notes()).isEmpty();
        }
    }

    @Test
    void kyvernoKeys_rekorPubkey_isTheOnlyLogKeyChecked() {
        String rekorPem = Vectors.text("signatures/key-rekor/rekor.pub");
        KeyAttestor key = (KeyAttestor) only(Policies.compile(kyverno("{keys: {publicKeys: 'k8s://a/b', rekor: {url: 'https://rekor.internal', pubkey: "
                + quoted(rekorPem) + "}}}")));

        assertThat(key.tlog()).hasValueSatisfying(root -> assertThat(root.tlogs()).singleElement()
                .satisfies(log -> assertThat(log.key().publicKey()).isEqualTo(PemKeys.parsePublicKey(rekorPem, "rekor").publicKey())));
    }

    @Test
    void signetKeys_needNoLogUnlessAsked_asPolicyMdSays() {
        CompiledPolicy plain = Policies.compile(signet("{keys: {publicKeys: 'k8s://a/b'}}"));
        CompiledPolicy asked = Policies.compile(signet("{keys: {publicKeys: 'k8s://a/b', rekor: {ignoreTlog: false}}}"));

        assertThat(((KeyAttestor) only(plain)).tlog()).isEmpty();
        assertThat(plain.notes()).isEmpty();
        assertThat(((KeyAttestor) only(asked)).tlog()).contains(TrustedRoot.production());
        assertThat(asked.notes()).isEmpty();
    }

    // ---- certificates

    @Test
    void kyvernoCertificates_certChainAlone_isKeylessUnderThatChain_withAnyIdentity_asKyvernoChecksNone() throws Exception {
        CompiledPolicy policy = Policies.compile(kyverno("{certificates: {certChain: " + quoted(caPem()) + ", ctlog: {ignoreSCT: true}}}"));

        KeylessAttestor entry = keyless(policy);
        assertThat(entry.identities()).singleElement().satisfies(matcher -> {
            assertThat(matcher.matches(identity("anyone@example.com", "https://anything", Map.of()))).isTrue();
            assertThat(matcher.issuer()).isEmpty();
        });
        assertThat(((TrustedRootSource.Inline) entry.root()).root().certificateAuthorities()).hasSize(1);
        assertThat(entry.requireTlog()).as("no rekor block").isTrue();
        assertThat(entry.requireSct()).isFalse();
        assertThat(policy.notes()).singleElement().asString().contains(ENTRY + ".certificates.certChain").contains("whatever its identity");
    }

    @Test
    void kyvernoCertificates_certAlone_isItsPublicKey_underTheKeyRule() {
        String leaf = Vectors.text("attestations/policy-controller/leaf.pem");
        VerificationKey expected = PemKeys.parsePublicKey(Vectors.text("attestations/policy-controller/leaf.pub"), "leaf");
        CompiledPolicy policy = Policies.compile(kyverno("{certificates: {cert: " + quoted(leaf) + ", rekor: {url: x, ignoreTlog: true}}}"));
        CompiledPolicy base64 = Policies.compile(kyverno("{certificates: {cert: "
                + java.util.Base64.getEncoder().encodeToString(leaf.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "}}"));

        assertThat(only(policy)).isInstanceOfSatisfying(KeyAttestor.class, key -> {
            assertThat(((KeySource.Inline) key.source()).key().publicKey()).isEqualTo(expected.publicKey());
            assertThat(key.tlog()).isEmpty();
        });
        assertThat(only(base64)).as("Kyverno's loadCert takes it base64-encoded too").isInstanceOfSatisfying(KeyAttestor.class,
                key -> assertThat(key.tlog()).as("no rekor block: relaxed").isEmpty());
        assertThat(base64.notes()).singleElement().asString().contains(ENTRY + ".certificates: Kyverno's default without a rekor block requires a Rekor");
    }

    /** The leaf certificate of a bundle vector, DER. */
    private static byte[] leafOf(String vector) throws Exception {
        JsonNode material = Json.mapper().readTree(Vectors.bytes(vector)).path("verificationMaterial");
        String raw = material.at("/certificate/rawBytes").asText(material.at("/x509CertificateChain/certificates/0/rawBytes").asText());
        return java.util.Base64.getDecoder().decode(raw);
    }

    /** The leaf of the public-good bundle (sigstore-java 2.0.0) and the production CA chain that issued it, as PEM. */
    private static String[] publicGoodLeafAndChain() throws Exception {
        byte[] der = leafOf("keyless/public-good/sigstore-java-2.0.0.jar.sigstore.json");
        X509Certificate leaf = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
        StringBuilder chain = new StringBuilder();
        for (TrustedRoot.CertificateAuthority ca : TrustedRoot.production().certificateAuthorities()) {
            if (ca.chain().get(0).getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                for (X509Certificate certificate : ca.chain()) {
                    chain.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
                }
            }
        }
        return new String[] {PemKeys.encode("CERTIFICATE", der), chain.toString()};
    }

    @Test
    void kyvernoCertificates_certWithTheChainThatIssuedIt_isItsKey_checkedOnceAtLoad() throws Exception {
        String[] pems = publicGoodLeafAndChain();
        assertThat(pems[1]).as("the production root holds the leaf's issuer").isNotEmpty();

        CompiledPolicy policy = Policies.compile(kyverno("{certificates: {cert: " + quoted(pems[0]) + ", certChain: " + quoted(pems[1])
                + ", rekor: {ignoreTlog: true}}}"));

        assertThat(only(policy)).isInstanceOfSatisfying(KeyAttestor.class, key -> assertThat(((KeySource.Inline) key.source()).key().name())
                .isEqualTo("the certificate of " + ENTRY + ".certificates.cert"));
        assertThat(policy.notes()).isEmpty();
    }

    @Test
    void kyvernoCertificates_certTheChainDidNotIssue_isErrorForEveryImage_namedAtLoad_andNeitherIsRefused() throws Exception {
        // the mock Sigstore run's leaf, issued by its own CA, not by the public-good chain
        String leaf = PemKeys.encode("CERTIFICATE", leafOf("keyless/mock/simplesigning.sigstore.json"));
        CompiledPolicy both = Policies.compile(kyverno("{certificates: {cert: " + quoted(leaf) + ", certChain: " + quoted(publicGoodLeafAndChain()[1])
                + ", rekor: {ignoreTlog: true}}}"));

        assertThat(only(both)).isInstanceOfSatisfying(UnsupportedAttestor.class, unsupported -> assertThat(unsupported.what())
                .contains(ENTRY + ".certificates.cert is not certified by " + ENTRY + ".certificates.certChain"));
        assertThat(both.notes()).singleElement().asString().contains("is not certified by").contains("Signet makes it error");
        assertThatThrownBy(() -> Policies.compile(kyverno("{certificates: {rekor: {url: x}}}"))).isInstanceOf(PolicyException.class)
                .hasMessageContaining(ENTRY + ".certificates").hasMessageContaining("neither cert nor certChain");
        assertThatThrownBy(() -> Policies.compile(kyverno("{certificates: {cert: 'not a cert'}}"))).isInstanceOf(PolicyException.class)
                .hasMessageContaining(ENTRY + ".certificates.cert").hasMessageContaining("holds no usable certificate");
    }

    // ---- Signet's own kind: identities and a named trusted root

    @Test
    void signetKeyless_identitiesAndTrustedRootRef_compileToAReferenceResolvedAtEvaluation() {
        CompiledPolicy policy = Policies.compile(signet("{keyless: {trustedRootRef: acme-fulcio, identities: [{subject: 'https://github.com/acme/*', issuer: '"
                + GITHUB + "'}, {subjectRegExp: '@acme\\.example$', issuerRegExp: '^https://accounts\\.'}]}}"));

        KeylessAttestor entry = keyless(policy);
        assertThat(entry.root()).isEqualTo(new TrustedRootSource.Reference("acme-fulcio"));
        assertThat(entry.identities()).hasSize(2);
        assertThat(entry.identities()).anyMatch(matcher -> matcher.matches(identity("ci@acme.example", "https://accounts.google.com", Map.of())));
        assertThat(entry.requireTlog()).as("keyless evidence needs a signing time: required unless ignoreTlog").isTrue();
        assertThat(entry.requireSct()).isTrue();
        assertThat(policy.notes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            no issuer          | {keyless: {identities: [{subject: a}]}}                                      | identities[0] names no issuer
            no subject         | {keyless: {subject: '', issuer: b}}                                          | keyless names no subject
            empty identities   | {keyless: {identities: []}}                                                  | keyless.identities is empty
            ref and roots      | {keyless: {subject: a, issuer: b, trustedRootRef: r, roots: x}}              | keyless.trustedRootRef cannot be combined
            """)
    void signetKeyless_isStricterThanKyverno_refusingAnEntryThatWouldPassAnyone(String what, String entry, String message) {
        assertThatThrownBy(() -> Policies.compile(signet(entry))).isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }
}
