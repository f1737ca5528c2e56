package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FaultInjectingProxy;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.verification.SignatureFetcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 7 at the admission level: a pod is evaluated through {@link PolicyEvaluator} (Enforce, failurePolicy Fail,
 * a budget) while {@link FaultInjectingProxy} in front of the real registry slows, throttles, truncates or rewrites
 * its answers, or the registry's own storage serves bytes that do not match their digest. Each verdict must deny,
 * in time, naming the image and the cause; a fault that clears must not leave a cached denial behind.
 */
class AdmissionFaultsIT {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    /** Per request, as {@code signet.registry.request-timeout} sets it: shorter than the default so the suite stays fast. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BUDGET = Duration.ofSeconds(3);
    /** Scheduling on a shared two-core machine: a verdict may come this much after its budget. */
    private static final Duration SLACK = Duration.ofMillis(700);
    private static final long HUGE_BYTES = 100L * 1024 * 1024;

    private static final KeyProvider SECRETS = new KeyProvider() {
        @Override
        public SigningKey signingKey(String keyRef) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "verification has no private keys");
        }

        @Override
        public VerificationKey verificationKey(String keyRef) {
            if (keyRef.equals("k8s://signing/alice")) {
                return ALICE.verificationKey();
            }
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "Secret not found");
        }
    };

    private static LocalRegistry registry;
    private static HttpRegistryClient direct;
    private static HttpRegistryClient throughProxy;
    private static ExecutorService executor;
    private static Repository hugeRepository;
    private static Digest hugeBlob;
    private static FaultInjectingProxy proxy;
    private VerdictCache cache;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        direct = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
        throughProxy = new HttpRegistryClient(RegistryOptions.defaults().withRequestTimeout(REQUEST_TIMEOUT), CredentialProvider.anonymous(),
                SocketTransport.create(REQUEST_TIMEOUT), Sleeper.system());
        executor = Executors.newFixedThreadPool(8);
        // one proxy for the class: the client pings a new loopback registry over HTTPS first and remembers the answer,
        // and the JDK server behind the proxy lets that ping wait out its 2 s; paid here, once, not inside a budget
        proxy = FaultInjectingProxy.to(registry.apiRoot());
        assertThat(throughProxy.headManifest(ImageReference.parse(proxy.registry() + "/warm/up:v1"))).isEmpty();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        executor.shutdownNow();
        registry.close();
    }

    @BeforeEach
    void freshCache() {
        cache = new VerdictCache(Duration.ofMinutes(10), 10_000);
    }

    @AfterEach
    void clearFaults() {
        proxy.clearRules();
    }

    /** A signed image in a fresh repository, by digest as the proxy serves it. */
    private ImageReference signedImage(String prefix, SignatureLayout layout) {
        Repository real = registry.uniqueRepository(prefix);
        RawManifest manifest = Images.pushRandom(direct, real, "v1");
        new ImageSigner(direct, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(real, manifest.digest()), ALICE)
                .withLayouts(EnumSet.of(layout)));
        return viaProxy(ImageReference.of(real, manifest.digest()));
    }

    private static ImageReference viaProxy(ImageReference real) {
        return ImageReference.of(new Repository(proxy.registry(), real.context().path()), real.digest().orElseThrow());
    }

    private static ImageReference direct(ImageReference viaProxy) {
        return ImageReference.of(registry.repository(viaProxy.context().path()), viaProxy.digest().orElseThrow());
    }

    /** An Enforce / Fail policy over the image's repository with Alice's key; {@code type} Cosign, SigstoreBundle or Any. */
    private static PolicySet policy(ImageReference image, String type) {
        String yaml = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: faults}\nspec:\n"
                + "  validationFailureAction: Enforce\n  failurePolicy: Fail\n  verifyImages:\n"
                + "  - imageReferences: [\"" + image.context() + "*\"]\n    type: " + type + "\n"
                + "    attestors:\n    - entries:\n      - keys: {publicKeys: \"k8s://signing/alice\"}\n";
        PolicyRepository repository = new PolicyRepository();
        assertThat(repository.put("faults", Policies.document(yaml), "faults.yaml").problem()).isEmpty();
        return repository.current();
    }

    /** A verdict and how long it took. */
    private record Timed(Verdict verdict, Duration took) {
    }

    private Timed admit(PolicySet policies, ImageReference image, Duration budget) {
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(throughProxy, executor), SECRETS, cache, executor, FailurePolicy.FAIL);
        List<PodSpecs.ContainerImage> containers = List.of(new PodSpecs.ContainerImage(image.toString(), "app", "/spec/containers/0/image"));
        long start = System.nanoTime();
        Verdict verdict = evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()), containers, policies, budget);
        return new Timed(verdict, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Denied under Fail within the budget, naming the image, its policy and every expected piece of the cause. */
    private static void assertDeniedInTime(Timed timed, Duration budget, ImageReference image, RuleStatus result, String... cause) {
        assertThat(timed.verdict().allowed()).as("denied: %s", timed.verdict().message()).isFalse();
        assertThat(timed.took()).as("verdict within the budget of %s", budget).isLessThan(budget.plus(SLACK));
        assertThat(timed.verdict().findings()).singleElement().extracting(ImageFinding::result).isEqualTo(result);
        assertThat(timed.verdict().message()).startsWith("denied by Signet: image " + image).contains("policy faults").contains(cause);
    }

    /**
     * Once the fault clears, admission passes within {@code within}: a denial caused by the fault was not kept, and no
     * verification stuck on the fault holds the image's single flight for longer.
     */
    private void assertPassesOnceCleared(PolicySet policies, ImageReference image, Duration within) throws InterruptedException {
        proxy.clearRules();
        long deadline = System.nanoTime() + within.toNanos();
        Verdict verdict = admit(policies, image, BUDGET).verdict();
        while (!verdict.allowed() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            verdict = admit(policies, image, BUDGET).verdict();
        }
        assertThat(verdict.allowed()).as("allowed within %s of the fault clearing: %s", within, verdict.message()).isTrue();
    }

    private static Predicate<String> signatureManifest(ImageReference image) {
        return FaultInjectingProxy.containing("GET /v2/" + image.context().path() + "/manifests/sha256-");
    }

    private static Predicate<String> blobs(ImageReference image) {
        return FaultInjectingProxy.containing("GET /v2/" + image.context().path() + "/blobs/");
    }

    // 1. a slowed registry

    @Test
    void slowed_everyAnswerLaterThanTheBudgetAllows_deniesAtTheBudget_andPassesOnceFast() throws Exception {
        ImageReference image = signedImage("faults/slow", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(request -> true, new FaultInjectingProxy.Delay(Duration.ofMillis(1200)));
        Duration budget = Duration.ofMillis(1500);

        Timed timed = admit(policies, image, budget);

        assertDeniedInTime(timed, budget, image, RuleStatus.ERROR, "verification did not finish within 1500 ms");
        assertThat(timed.took()).as("the deadline, not an early give-up").isGreaterThanOrEqualTo(budget);
        // the verification still under way reads slowly but finishes; later admissions join it or start afresh
        assertPassesOnceCleared(policies, image, REQUEST_TIMEOUT.multipliedBy(2));
    }

    @Test
    void slowed_delayWellInsideTheBudget_stillPasses() {
        ImageReference image = signedImage("faults/slow-ok", SignatureLayout.LEGACY);
        proxy.on(request -> true, new FaultInjectingProxy.Delay(Duration.ofMillis(200)));

        Timed timed = admit(policy(image, "Cosign"), image, BUDGET);

        assertThat(timed.verdict().allowed()).as("the deadline is no false alarm: %s", timed.verdict().message()).isTrue();
        assertThat(timed.took()).as("both signature requests were slowed").isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void slowed_bodyDrippedAFewBytesAtATime_isCutOffByTheRequestTimeout_andTheFlightEnds() throws Exception {
        // found here: body reads had no time bound, so a dripping registry held the verification (and with it every
        // later admission of the digest, which joins the same flight) for as long as the drip lasted
        ImageReference image = signedImage("faults/drip", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(signatureManifest(image), new FaultInjectingProxy.Drip(2, Duration.ofMillis(100)));
        long deliveredBefore = proxy.bytesDelivered();

        Timed timed = admit(policies, image, BUDGET);

        assertDeniedInTime(timed, BUDGET, image, RuleStatus.ERROR,
                "could not read signatures: fetch manifest " + image.context() + ":" + SignatureTags.signature(image.digest().orElseThrow()),
                "the registry's answer did not arrive in full within 2000 ms");
        assertThat(proxy.bytesDelivered() - deliveredBefore).as("a few bytes per 100 ms, not the whole manifest").isLessThan(100);
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    @Test
    void slowed_dripLongerThanTheBudget_deniesAtTheBudget_andTheStuckReadDoesNotOutliveTheRequestTimeout() throws Exception {
        ImageReference image = signedImage("faults/drip-budget", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(signatureManifest(image), new FaultInjectingProxy.Drip(1, Duration.ofMillis(100)));
        Duration budget = Duration.ofMillis(800);

        Timed timed = admit(policies, image, budget);

        assertDeniedInTime(timed, budget, image, RuleStatus.ERROR, "verification did not finish within 800 ms");
        assertPassesOnceCleared(policies, image, REQUEST_TIMEOUT.plus(SLACK));
    }

    // 2. throttled: 429

    @Test
    void throttled_429WithoutRetryAfter_deniesAfterTheRetries_sayingTheRegistryIsRateLimiting() throws Exception {
        ImageReference image = signedImage("faults/429", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(request -> true, new FaultInjectingProxy.Status(429, Map.of()));

        Timed timed = admit(policies, image, BUDGET);

        assertDeniedInTime(timed, BUDGET, image, RuleStatus.ERROR, "registry answered 429", "the registry is rate limiting; gave up after 3 retries");
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    @Test
    void throttled_429WithAShortRetryAfter_waitsAsToldThenDenies() throws Exception {
        ImageReference image = signedImage("faults/429-after", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(request -> true, new FaultInjectingProxy.Status(429, Map.of("Retry-After", "1")));
        Duration budget = Duration.ofSeconds(5);

        Timed timed = admit(policies, image, budget);

        assertDeniedInTime(timed, budget, image, RuleStatus.ERROR, "registry answered 429", "the registry is rate limiting");
        assertThat(timed.took()).as("three waits of one second").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    @Test
    void throttled_429WithARetryAfterLongerThanTheBudget_deniesAtTheBudget_andPassesOnceTheWaitIsOver() throws Exception {
        ImageReference image = signedImage("faults/429-long", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(request -> true, new FaultInjectingProxy.Status(429, Map.of("Retry-After", "3600")));
        Duration budget = Duration.ofMillis(1500);

        Timed timed = admit(policies, image, budget);

        assertDeniedInTime(timed, budget, image, RuleStatus.ERROR, "verification did not finish within 1500 ms");
        // the client caps a registry's wait at 5 s (RetryPolicy.backoffMax); the verification then retries and passes
        assertPassesOnceCleared(policies, image, Duration.ofSeconds(6));
    }

    // 3. truncated bodies

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "signature manifest,             LEGACY, Cosign, manifests/sha256-, fetch manifest",
            "signature blob,                 LEGACY, Cosign, blobs/,            fetch blob",
            "bundle referrers tag,           BUNDLE, Any,    manifests/sha256-, fetch manifest",
            "bundle blob,                    BUNDLE, Any,    blobs/,            fetch blob"})
    void truncated_bodyShortOfItsContentLength_deniesAsAnError_notCached(String what, SignatureLayout layout, String type, String path,
            String action) throws Exception {
        ImageReference image = signedImage("faults/truncated", layout);
        PolicySet policies = policy(image, type);
        proxy.on(FaultInjectingProxy.containing("GET /v2/" + image.context().path() + "/" + path), new FaultInjectingProxy.Truncate(10));

        Timed timed = admit(policies, image, BUDGET);

        assertDeniedInTime(timed, BUDGET, image, RuleStatus.ERROR, "could not read signatures: " + action + " " + image.context(),
                "the registry's answer broke off (");
        assertThat(cache.size()).as("an error is not kept").isZero();
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    // 4. bytes that do not match their digest

    @Test
    void mismatch_signatureManifestStoredCorrupted_deniesWithTheDigestMismatch() throws Exception {
        ImageReference image = signedImage("faults/sig-corrupt", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        ImageReference signatures = ImageReference.of(direct(image).context(), Tag.parse(SignatureTags.signature(image.digest().orElseThrow())));
        Digest stored = direct.headManifest(signatures).orElseThrow().digest();

        try (Corruption corruption = Corruption.of(registry.blobFile(stored), bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replaceFirst("\"schemaVersion\":2", "\"schemaVersion\": 2").getBytes(StandardCharsets.UTF_8))) {
            Timed timed = admit(policies, image, BUDGET);

            assertDeniedInTime(timed, BUDGET, image, RuleStatus.ERROR, "could not read signatures: fetch manifest " + image.context(),
                    "the registry announced " + stored + " but its bytes hash to sha256:");
        }
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    @Test
    void mismatch_signatureManifestRewrittenUnderTheRegistrysDigest_deniesWithTheDigestMismatch() throws Exception {
        ImageReference image = signedImage("faults/sig-rewritten", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        proxy.on(signatureManifest(image), new FaultInjectingProxy.Rewrite(bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace("}", " }").getBytes(StandardCharsets.UTF_8)));

        Timed timed = admit(policies, image, BUDGET);

        assertDeniedInTime(timed, BUDGET, image, RuleStatus.ERROR, "but its bytes hash to sha256:");
        assertPassesOnceCleared(policies, image, Duration.ZERO);
    }

    @Test
    void mismatch_signatureLayerStoredCorrupted_deniesNamingTheUnreadableSignature() throws Exception {
        ImageReference image = signedImage("faults/blob-corrupt", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");
        ImageReference signatures = ImageReference.of(direct(image).context(), Tag.parse(SignatureTags.signature(image.digest().orElseThrow())));
        Digest layer = direct.getManifest(signatures).asImageManifest().layers().get(0).digest();

        try (Corruption corruption = Corruption.of(registry.blobFile(layer), bytes -> {
            byte[] flipped = bytes.clone();
            flipped[flipped.length / 2] ^= 0x01;
            return flipped;
        })) {
            Timed timed = admit(policies, image, BUDGET);

            // a layer that cannot be read is no signature by Alice: a fail, as for a layer anyone could push broken
            assertDeniedInTime(timed, BUDGET, image, RuleStatus.FAIL, "none of the 1 signatures found was made with key k8s://signing/alice",
                    "1 could not be read: fetch blob " + image.context() + "@" + layer + ": the registry's bytes hash to sha256:",
                    "not to the digest asked for");
            assertThat(cache.size()).as("a fail, kept for the fail TTL like any unreadable layer's").isEqualTo(1);
        }
    }

    @Test
    void mismatch_imageManifestStoredCorrupted_isNeverReadByAdmission_theSignedDigestDecides() throws Exception {
        // the evaluator never downloads the image manifest: the signature covers the digest, and the kubelet pulls by
        // that digest and checks the bytes itself, so corrupted bytes cannot run under a verified name
        ImageReference image = signedImage("faults/image-corrupt", SignatureLayout.LEGACY);
        PolicySet policies = policy(image, "Cosign");

        try (Corruption corruption = Corruption.of(registry.blobFile(image.digest().orElseThrow()), bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replaceFirst("\"schemaVersion\":2", "\"schemaVersion\": 2").getBytes(StandardCharsets.UTF_8))) {
            Timed timed = admit(policies, image, BUDGET);

            assertThat(timed.verdict().allowed()).as(timed.verdict().message()).isTrue();
            assertThat(proxy.seen()).noneMatch(request -> request.startsWith("GET") && request.endsWith("/manifests/" + image.digest().orElseThrow()));
        }
    }

    /** Overwrites a file of the registry's storage for the duration of a test, then puts the original back. */
    private record Corruption(Path file, byte[] original) implements AutoCloseable {
        static Corruption of(Path file, UnaryOperator<byte[]> change) throws IOException {
            byte[] original = Files.readAllBytes(file);
            byte[] changed = change.apply(original);
            assertThat(changed).as("the corruption changes the bytes").isNotEqualTo(original);
            Files.write(file, changed);
            return new Corruption(file, original);
        }

        @Override
        public void close() throws IOException {
            Files.write(file, original);
        }
    }

    // 5. a 100 MB payload

    @ParameterizedTest(name = "layer declares {0} bytes")
    @CsvSource({"104857600", "300"})
    void huge_signatureLayerOf100MB_isRefusedUnread_andDenies(long declared) {
        Repository real = hugeRepository();
        RawManifest pushed = Images.pushRandom(direct, real, null);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        direct.putBlob(real, configDescriptor.digest(), config);
        Descriptor layer = Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, hugeBlob, declared);
        RawManifest signatures = RawManifest.of(Json.write(ImageManifest.of(configDescriptor, List.of(layer))), MediaTypes.OCI_MANIFEST);
        direct.putManifest(ImageReference.of(real, Tag.parse(SignatureTags.signature(pushed.digest()))), signatures);
        ImageReference image = viaProxy(ImageReference.of(real, pushed.digest()));
        long deliveredBefore = proxy.bytesDelivered();

        Timed timed = admit(policy(image, "Cosign"), image, BUDGET);

        String cause = declared > 65536 ? "the layer declares 104857600 bytes, more than the limit of 65536"
                : "the blob is 104857600 bytes, more than the limit of 65536";
        assertDeniedInTime(timed, BUDGET, image, RuleStatus.FAIL, "1 could not be read", cause);
        // what was read is bounded: at most what the sockets buffered before the client hung up, far from 100 MB
        assertThat(proxy.bytesDelivered() - deliveredBefore).as("bytes of the 100 MB blob that reached the client").isLessThan(16L * 1024 * 1024);
    }

    /** A repository holding one 100 MB blob, uploaded once by streaming (a 1 MB block repeated). */
    private static synchronized Repository hugeRepository() {
        if (hugeRepository == null) {
            Repository repository = registry.uniqueRepository("faults/huge");
            byte[] block = new byte[1024 * 1024];
            new Random(7).nextBytes(block);
            int blocks = (int) (HUGE_BYTES / block.length);
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < blocks; i++) {
                sha256.update(block);
            }
            Digest digest = Digest.parse("sha256:" + HexFormat.of().formatHex(sha256.digest()));
            upload(repository, digest, () -> new SequenceInputStream(Collections.enumeration(
                    Collections.nCopies(blocks, block).stream().map(ByteArrayInputStream::new).toList())), HUGE_BYTES);
            hugeRepository = repository;
            hugeBlob = digest;
        }
        return hugeRepository;
    }

    /** A monolithic upload (POST, then PUT with the digest) whose body is streamed, not held. */
    private static void upload(Repository repository, Digest digest, Supplier<InputStream> content, long length) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            URI uploads = registry.apiRoot().resolve(repository.path() + "/blobs/uploads/");
            HttpResponse<Void> started = http.send(HttpRequest.newBuilder(uploads).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(started.statusCode()).isEqualTo(202);
            URI location = uploads.resolve(started.headers().firstValue("Location").orElseThrow());
            URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
            HttpResponse<Void> stored = http.send(HttpRequest.newBuilder(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), length)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(stored.statusCode()).as("upload of the 100 MB blob").isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
