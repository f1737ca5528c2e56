package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.FulcioCertificate;
import dev.signet.sigstore.FulcioExtension;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Sigstore side of attestor entries: Kyverno's {@code keyless} and {@code certificates} entries, Signet's
 * own {@code keyless} entries, and the {@code rekor}/{@code ctlog} blocks of every kind of entry, keys included, read
 * by one rule ({@link #evidence}).
 *
 * <p>Kyverno's semantics, as read in kyverno/kyverno (main, commit 111e07b, August 2026), and what Signet does:
 * <ul>
 *   <li>{@code pkg/engine/internal/imageverifier.go}, {@code imageVerifier.buildCosignVerifier}: for keys, certificates
 *   and keyless entries alike, no {@code rekor} block sets the Rekor URL to {@code https://rekor.sigstore.dev} and
 *   {@code IgnoreTlog = false}, so a transparency-log entry is required; a {@code rekor} block passes its {@code url},
 *   {@code pubkey} and {@code ignoreTlog} as written ({@code url} empty when absent: the CRD sets no default, its marker
 *   being spelled {@code +kubebuilder:Default}). No {@code ctlog} block sets {@code IgnoreSCT = false}; a {@code ctlog}
 *   block passes {@code ignoreSCT}, {@code pubkey} and {@code tsaCertChain}.</li>
 *   <li>{@code pkg/image/verifiers/cpol/cosign/cosign.go}, {@code buildCosignOptions}: with {@code ignoreTlog: true} no
 *   Rekor client or key is set up at all (url and pubkey are then ignored); otherwise {@code getRekorPubs} trusts
 *   {@code rekor.pubkey} alone when set, else the public-good Rekor keys from TUF, whatever {@code url} says (a
 *   {@code pubkey} without {@code url} is accepted there; only {@code KeylessAttestor.Validate} refuses a {@code rekor}
 *   block without {@code url}). Likewise {@code getCTLogPubs} for {@code ctlog.pubkey}. {@code roots} (keyless) and
 *   {@code certChain} alone (certificates) become the CA pool, else the public-good Fulcio roots from TUF; a
 *   {@code cert} becomes the signature verifier (its public key), checked against {@code certChain} when both are set
 *   ({@code cosign.ValidateAndUnpackCertWithChain}).</li>
 *   <li>{@code cosign.go}, {@code matchSignatures}/{@code matchCertificateData}/{@code matchExtensions}: with no
 *   subject, issuer, regexps or extensions any certificate passes; {@code subject} is a Kyverno wildcard
 *   ({@code ext/wildcard.Match}) over each SAN, {@code subjectRegExp} a Go regexp ({@code MatchString}, unanchored) and
 *   either matching is enough; an empty subject and subjectRegExp check no subject at all; {@code issuer} is a wildcard
 *   too and {@code issuerRegExp} a regexp, both required to match when both are set; {@code additionalExtensions}
 *   values are wildcards, keyed by cosign's names or OIDs ({@code extractCertExtensionValue}: oidcIssuer,
 *   githubWorkflowTrigger/Sha/Name/Repository/Ref), any other key failing every signature ("invalid certificate
 *   extension"). A regexp that does not compile fails every signature at evaluation.</li>
 *   <li>{@code api/kyverno/v1/image_verification_types.go}, {@code KeylessAttestor.Validate} (run on policy admission by
 *   {@code pkg/validation/policy/validate.go} {@code Validate}): "Either Rekor URL or roots are required", and a
 *   {@code rekor} block needs a {@code url}; {@code CertificateAttestor.Validate}: "cert or certChain required".</li>
 * </ul>
 * Signet is offline: a Rekor entry or SCT is checked from the signature's own bundle against the root's log keys, and
 * no URL is contacted. A regexp that does not compile and an extension key Kyverno does not know are refused at load
 * (naming the field): in Kyverno they make the entry fail every image. Regexps are Java's, not Go's RE2: the common
 * syntax is the same, RE2-only constructs may not be.
 */
final class KeylessCompiler {
    /** Kyverno's Rekor URL when an entry has no {@code rekor} block (buildCosignVerifier). */
    static final String DEFAULT_REKOR_URL = "https://rekor.sigstore.dev";

    private final Compilation compilation;

    KeylessCompiler(Compilation compilation) {
        this.compilation = compilation;
    }

    /**
     * What an entry's {@code rekor} and {@code ctlog} blocks ask for.
     *
     * @param rekorPubkey the Rekor key(s) to trust instead of the root's
     * @param ctlogPubkey the CT log key(s) to trust instead of the root's
     * @param tsaCertChain the timestamp authority chain to trust instead of the root's
     */
    record Evidence(boolean requireTlog, boolean requireSct, Optional<String> rekorPubkey, Optional<String> ctlogPubkey, Optional<String> tsaCertChain) {
    }

    /**
     * The one rule for every kind of entry: a {@code rekor} block requires a transparency-log entry unless it says
     * {@code ignoreTlog: true}; without one, Kyverno requires it (buildCosignVerifier), and so do Signet's own kinds for
     * certificate-based entries, but not for keys (policy.md: "no transparency log check unless asked"). A {@code ctlog}
     * block requires an SCT unless it says {@code ignoreSCT: true}; without one an SCT is required. A key entry reads
     * {@code ignoreTlog}, {@code url} and {@code pubkey} (its {@code ctlog} is listed as not evaluated: a key signature
     * has no certificate to carry an SCT).
     *
     * <p>The one relaxation: a Kyverno key entry <em>without</em> a {@code rekor} block requires a log entry in Kyverno
     * (the default above), but not in Signet, which reports it at load ({@link #keyTlog}); with a {@code rekor} block
     * the log entry is required and checked.
     *
     * @param keyBased a {@code keys} entry, or a {@code certificates} entry with only {@code cert}: no Fulcio certificate
     */
    Evidence evidence(PolicyFields entry, boolean keyBased) {
        Optional<PolicyFields> rekor = entry.object("rekor");
        boolean requireTlog = rekor.map(block -> !block.bool("ignoreTlog", false)).orElse(compilation.kyverno() || !keyBased);
        Optional<String> url = rekor.flatMap(block -> block.text("url"));
        Optional<String> rekorPubkey = rekor.flatMap(block -> block.text("pubkey"));
        if (requireTlog && url.isPresent() && !url.get().equals(DEFAULT_REKOR_URL)) {
            compilation.note(entry.pathOf("rekor") + ".url: " + SignetException.quote(url.get()) + " is not contacted: Signet checks the Rekor entry"
                    + " carried by the signature offline, against " + (rekorPubkey.isPresent() ? "rekor.pubkey" : "the public-good Rekor keys"));
        }
        if (keyBased) {
            return new Evidence(requireTlog, false, requireTlog ? rekorPubkey : Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<PolicyFields> ctlog = entry.object("ctlog");
        boolean requireSct = ctlog.map(block -> !block.bool("ignoreSCT", false)).orElse(true);
        Optional<String> ctlogPubkey = ctlog.flatMap(block -> block.text("pubkey"));
        Optional<String> tsaCertChain = ctlog.flatMap(block -> block.text("tsaCertChain"));
        return new Evidence(requireTlog, requireSct, requireTlog ? rekorPubkey : Optional.empty(), requireSct ? ctlogPubkey : Optional.empty(),
                tsaCertChain);
    }

    /**
     * What a key entry (a {@code keys} entry, or a {@code certificates} entry's fixed {@code cert}) asks of the
     * transparency log: the root whose Rekor keys a log entry of the signature must verify under (the public-good
     * Rekor keys, or {@code rekor.pubkey} alone), or empty when the key alone is enough. A Kyverno entry without a
     * {@code rekor} block is Signet's one relaxation, reported here.
     */
    Optional<TrustedRoot> keyTlog(PolicyFields entry, String path) {
        Evidence evidence = evidence(entry, true);
        if (!evidence.requireTlog()) {
            return Optional.empty();
        }
        if (!entry.has("rekor")) {
            relaxedKeyTlog(entry.path());
            return Optional.empty();
        }
        return Optional.of(((TrustedRootSource.Inline) root(entry, path, Optional.empty(), "roots", evidence)).root());
    }

    /**
     * Kyverno's deprecated {@code key:} short form: a key entry without a rekor block (ImageVerification.Convert), so
     * Kyverno requires a log entry; Signet, as for any key entry without a rekor block, does not, and says so.
     */
    void shortFormKey(String path) {
        if (compilation.kyverno()) {
            relaxedKeyTlog(path);
        }
    }

    /** The load-time report of the one requirement Signet relaxes: Kyverno's default Rekor entry for a key signature. */
    private void relaxedKeyTlog(String path) {
        compilation.note(path + ": Kyverno's default without a rekor block requires a Rekor transparency-log entry for signatures made with this"
                + " key; Signet does not require one there and verifies them with the key alone. Kyverno would deny"
                + " key signatures that have no Rekor entry, such as the ones Signet's push signer makes; set rekor: {ignoreTlog: true}"
                + " to say the key alone is enough, or a rekor block (url, pubkey) to have Signet require and check the entry too");
    }

    /** A {@code keyless} entry: its identities, its trusted root and the evidence it requires. */
    KeylessAttestor keyless(PolicyFields keyless, String path, Map<String, String> annotations) {
        boolean kyverno = compilation.kyverno();
        Evidence evidence = evidence(keyless, false);
        JsonNode rekorNode = keyless.raw("rekor");
        if (kyverno && rekorNode.isObject() && rekorNode.path("url").asText("").isEmpty()) {
            compilation.note(keyless.pathOf("rekor") + ": Kyverno refuses a keyless rekor block without url (\"An URL is required\","
                    + " KeylessAttestor.Validate); Signet contacts no Rekor URL and reads the block as written");
        }
        if (kyverno && !keyless.has("rekor") && !keyless.has("roots")) {
            compilation.note(keyless.path() + ": Kyverno refuses a keyless entry with neither rekor nor roots (\"Either Rekor URL or roots are"
                    + " required\", KeylessAttestor.Validate); Signet reads it as Kyverno's engine would: the public-good Rekor and Fulcio roots");
        }
        List<IdentityMatcher> identities = new ArrayList<>();
        if (!kyverno && keyless.has("identities")) {
            JsonNode list = keyless.list("identities");
            if (list.isEmpty()) {
                throw keyless.invalid("identities", "is empty");
            }
            for (int i = 0; i < list.size(); i++) {
                identities.addAll(identity(compilation.fields(list.get(i), keyless.pathOf("identities") + "[" + i + "]")));
            }
        } else {
            identities.addAll(identity(keyless));
        }
        TrustedRootSource root;
        Optional<String> ref = kyverno ? Optional.empty() : keyless.text("trustedRootRef");
        if (ref.isPresent()) {
            if (keyless.has("roots") || evidence.rekorPubkey().isPresent() || evidence.ctlogPubkey().isPresent() || evidence.tsaCertChain().isPresent()) {
                throw keyless.invalid("trustedRootRef", "cannot be combined with roots, rekor.pubkey, ctlog.pubkey or ctlog.tsaCertChain",
                        "a named trusted root carries its own CAs and log keys");
            }
            if (ref.get().isBlank()) {
                throw keyless.invalid("trustedRootRef", "is empty");
            }
            root = new TrustedRootSource.Reference(ref.get().strip());
        } else {
            root = root(keyless, path, keyless.text("roots"), "roots", evidence);
        }
        return new KeylessAttestor(path, root, identities, evidence.requireTlog(), evidence.requireSct(), annotations);
    }

    /**
     * A Kyverno {@code certificates} entry: {@code certChain} alone is keyless evidence under that chain with no identity
     * to match, as Kyverno checks it (no subject, issuer or extension: {@code matchSignatures} passes any certificate);
     * {@code cert} alone is its public key, as Kyverno loads it ({@code signature.LoadVerifier(cert.PublicKey)}), with
     * the key rule for the transparency log; both together are that key once the chain certifies the certificate
     * ({@link #certifiedBy}).
     */
    Attestor certificates(PolicyFields certificates, String path, Map<String, String> annotations) {
        Optional<String> cert = certificates.text("cert");
        Optional<String> chain = certificates.text("certChain");
        if (cert.isEmpty() && chain.isEmpty()) {
            throw certificates.invalidHere("has neither cert nor certChain", "Kyverno requires one (CertificateAttestor.Validate)");
        }
        if (cert.isPresent()) {
            X509Certificate certificate = certificate(cert.get(), certificates.pathOf("cert"));
            Optional<TrustedRoot> tlog = keyTlog(certificates, path);
            if (chain.isPresent()) {
                Optional<String> refused = certifiedBy(certificate, chain.get(), certificates, path);
                if (refused.isPresent()) {
                    return new UnsupportedAttestor(path, refused.get());
                }
            }
            return new KeyAttestor(path, new KeySource.Inline(certificateKey(certificate, certificates.pathOf("cert"))), annotations, tlog);
        }
        Evidence evidence = evidence(certificates, false);
        compilation.note(certificates.pathOf("certChain") + ": any signer certified by this chain passes, whatever its identity, as in Kyverno"
                + " (a certificates entry names no subject or issuer)");
        TrustedRootSource root = root(certificates, path, chain, "certChain", evidence);
        IdentityMatcher anyone = new IdentityMatcher(TextMatch.wildcardOrExact("*"), Optional.empty(), Map.of());
        return new KeylessAttestor(path, root, List.of(anyone), evidence.requireTlog(), evidence.requireSct(), annotations);
    }

    /**
     * One entry's identity in Kyverno's form ({@code subject}, {@code subjectRegExp}, {@code issuer},
     * {@code issuerRegExp}, {@code additionalExtensions}); Signet's own kinds use the same fields per identity and
     * require a subject and an issuer. Kyverno accepts either subject form, so both set make two identities.
     */
    private List<IdentityMatcher> identity(PolicyFields fields) {
        boolean kyverno = compilation.kyverno();
        Optional<String> subject = fields.text("subject").filter(text -> !text.isEmpty());
        Optional<String> subjectRegExp = fields.text("subjectRegExp").filter(text -> !text.isEmpty());
        Optional<String> issuer = fields.text("issuer").filter(text -> !text.isEmpty());
        Optional<String> issuerRegExp = fields.text("issuerRegExp").filter(text -> !text.isEmpty());
        if (!kyverno && subject.isEmpty() && subjectRegExp.isEmpty()) {
            throw fields.invalidHere("names no subject", "set subject (wildcards * and ?) or subjectRegExp, e.g. https://github.com/acme/*");
        }
        if (!kyverno && issuer.isEmpty() && issuerRegExp.isEmpty()) {
            throw fields.invalidHere("names no issuer", "set issuer or issuerRegExp, e.g. https://token.actions.githubusercontent.com");
        }
        Optional<TextMatch> issuerMatch = Optional.empty();
        if (issuer.isPresent() && issuerRegExp.isPresent()) {
            // both must match (matchExtensions): one regexp holding the wildcard as a whole-value lookahead, then theirs
            issuerMatch = Optional.of(regexp("(?=" + globRegex(issuer.get()) + "$)[\\s\\S]*?(?:" + issuerRegExp.get() + ")", fields, "issuerRegExp",
                    issuerRegExp.get()));
        } else if (issuer.isPresent()) {
            issuerMatch = Optional.of(TextMatch.wildcardOrExact(issuer.get()));
        } else if (issuerRegExp.isPresent()) {
            issuerMatch = Optional.of(regexp(issuerRegExp.get(), fields, "issuerRegExp", issuerRegExp.get()));
        }
        Map<FulcioExtension, TextMatch> extensions = extensions(fields);
        List<TextMatch> subjects = new ArrayList<>();
        subject.ifPresent(text -> subjects.add(TextMatch.wildcardOrExact(text)));
        subjectRegExp.ifPresent(text -> subjects.add(regexp(text, fields, "subjectRegExp", text)));
        if (subjects.isEmpty()) {
            subjects.add(TextMatch.wildcardOrExact("*"));
            compilation.note(fields.path() + ": no subject or subjectRegExp, so any signer's identity passes"
                    + (issuerMatch.isEmpty() && extensions.isEmpty() ? ", from any issuer," : "") + " as in Kyverno (cosign.go matchCertificateData)");
        }
        List<IdentityMatcher> identities = new ArrayList<>();
        for (TextMatch match : subjects) {
            identities.add(new IdentityMatcher(match, issuerMatch, extensions));
        }
        return identities;
    }

    /** Kyverno's {@code additionalExtensions}: cosign's names or OIDs of the six extensions Kyverno reads, wildcard values. */
    private Map<FulcioExtension, TextMatch> extensions(PolicyFields fields) {
        Map<String, String> written = fields.stringMap("additionalExtensions");
        Map<FulcioExtension, TextMatch> extensions = new EnumMap<>(FulcioExtension.class);
        for (Map.Entry<String, String> entry : written.entrySet()) {
            FulcioExtension extension = extension(entry.getKey()).orElseThrow(() -> compilation.invalid(fields.pathOf("additionalExtensions") + "."
                    + entry.getKey(), "is not a certificate extension Kyverno reads (cosign.go extractCertExtensionValue): every signature would fail",
                    "use oidcIssuer, githubWorkflowTrigger, githubWorkflowSha, githubWorkflowName, githubWorkflowRepository, githubWorkflowRef"
                            + " or their OIDs 1.3.6.1.4.1.57264.1.1 to .1.6"));
            if (extensions.put(extension, TextMatch.wildcardOrExact(entry.getValue())) != null) {
                throw compilation.invalid(fields.pathOf("additionalExtensions"), "names " + extension.kyvernoName() + " twice (by name and by OID)");
            }
        }
        return extensions;
    }

    /** The extensions Kyverno's extractCertExtensionValue knows, by cosign's name (CertExtensionMap) or OID. */
    static Optional<FulcioExtension> extension(String key) {
        for (FulcioExtension extension : List.of(FulcioExtension.ISSUER_V1, FulcioExtension.GITHUB_WORKFLOW_TRIGGER, FulcioExtension.GITHUB_WORKFLOW_SHA,
                FulcioExtension.GITHUB_WORKFLOW_NAME, FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, FulcioExtension.GITHUB_WORKFLOW_REF)) {
            String name = extension == FulcioExtension.ISSUER_V1 ? "oidcIssuer" : extension.kyvernoName();
            if (key.equals(name) || key.equals(extension.oid())) {
                return Optional.of(extension);
            }
        }
        return Optional.empty();
    }

    private TextMatch regexp(String expression, PolicyFields fields, String field, String written) {
        try {
            return TextMatch.regexp(expression);
        } catch (IllegalArgumentException e) {
            throw fields.invalid(field, "is not a regular expression: " + SignetException.quote(written) + " does not compile"
                    + (e.getCause() instanceof PatternSyntaxException syntax ? " (" + syntax.getDescription() + ")" : ""));
        }
    }

    /** A Kyverno wildcard ({@code *} any run, {@code ?} one character) as a regular expression over the whole value. */
    static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? "[\\s\\S]*" : "[\\s\\S]");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return "^" + regex;
    }

    /**
     * The root an entry trusts: the public-good root embedded in Signet, with each part the entry writes in PEM laid over
     * it ({@code roots}/{@code certChain} for the CAs, {@code rekor.pubkey}, {@code ctlog.pubkey},
     * {@code ctlog.tsaCertChain}), as Kyverno falls back part by part to the public-good material from TUF.
     */
    private TrustedRootSource root(PolicyFields entry, String path, Optional<String> cas, String casField, Evidence evidence) {
        TrustedRoot base = TrustedRoot.production();
        if (cas.isEmpty() && evidence.rekorPubkey().isEmpty() && evidence.ctlogPubkey().isEmpty() && evidence.tsaCertChain().isEmpty()) {
            return new TrustedRootSource.Inline(base);
        }
        String name = "the trusted root of " + compilation.id().displayName() + " " + path;
        List<TrustedRoot.CertificateAuthority> authorities = cas.isPresent()
                ? pems(name, entry.pathOf(casField), cas.get(), pem -> TrustedRoot.fromPems(name, pem, null, null, null)).certificateAuthorities()
                : base.certificateAuthorities();
        List<TrustedRoot.LogKey> tlogs = evidence.rekorPubkey().isPresent()
                ? pems(name, entry.pathOf("rekor") + ".pubkey", evidence.rekorPubkey().get(), pem -> TrustedRoot.fromPems(name, null, pem, null, null)).tlogs()
                : base.tlogs();
        List<TrustedRoot.LogKey> ctlogs = evidence.ctlogPubkey().isPresent()
                ? pems(name, entry.pathOf("ctlog") + ".pubkey", evidence.ctlogPubkey().get(), pem -> TrustedRoot.fromPems(name, null, null, pem, null)).ctlogs()
                : base.ctlogs();
        List<TrustedRoot.TimestampAuthority> tsas = evidence.tsaCertChain().isPresent()
                ? pems(name, entry.pathOf("ctlog") + ".tsaCertChain", evidence.tsaCertChain().get(),
                        pem -> TrustedRoot.fromPems(name, null, null, null, pem)).timestampAuthorities()
                : base.timestampAuthorities();
        return new TrustedRootSource.Inline(new TrustedRoot(name, authorities, tlogs, ctlogs, tsas));
    }

    private TrustedRoot pems(String name, String path, String pem, Function<String, TrustedRoot> read) {
        try {
            return read.apply(pem);
        } catch (SignetException | IllegalArgumentException e) {
            throw compilation.invalid(path, "is not usable PEM: " + e.getMessage());
        }
    }

    /** A {@code cert} as written; Kyverno's loadCert also takes the PEM base64-encoded. */
    private X509Certificate certificate(String text, String path) {
        byte[] pem = text.strip().getBytes(StandardCharsets.US_ASCII);
        try {
            pem = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException notBase64) {
            // PEM as written
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException | ClassCastException | IllegalArgumentException e) {
            throw compilation.invalid(path, "holds no usable certificate: " + e.getMessage());
        }
    }

    /** The certificate's public key, the signature verifier Kyverno makes of a {@code cert}. */
    private VerificationKey certificateKey(X509Certificate certificate, String path) {
        try {
            return VerificationKey.of(certificate.getPublicKey(), "the certificate of " + path);
        } catch (SignetException | IllegalArgumentException e) {
            throw compilation.invalid(path, "holds no usable certificate: " + e.getMessage());
        }
    }

    /**
     * Checks a fixed {@code cert} against the entry's {@code certChain} once, at load, as Kyverno has cosign do it for
     * every image ({@code cosign.ValidateAndUnpackCertWithChain} → {@code TrustedCert}: issued through the chain, at the
     * certificate's own start of validity, with the code-signing usage). Both are policy text, so the answer never
     * changes: a certificate the chain does not certify makes an entry that is {@code error} for every image (Kyverno
     * fails every verification), named at load.
     *
     * @return why the chain does not certify it, or empty when it does
     */
    private Optional<String> certifiedBy(X509Certificate certificate, String chainPem, PolicyFields certificates, String path) {
        String name = "the certChain of " + compilation.id().displayName() + " " + path;
        TrustedRoot chain = pems(name, certificates.pathOf("certChain"), chainPem, pem -> TrustedRoot.fromPems(name, pem, null, null, null));
        try {
            FulcioCertificate.parse(certificate.getEncoded(), path).verifyChain(chain, certificate.getNotBefore().toInstant());
            return Optional.empty();
        } catch (SigstoreException | CertificateException e) {
            String why = certificates.pathOf("cert") + " is not certified by " + certificates.pathOf("certChain") + ": " + e.getMessage();
            compilation.note(why + "; Kyverno fails every image under this entry, Signet makes it error");
            return Optional.of(why);
        }
    }
}
