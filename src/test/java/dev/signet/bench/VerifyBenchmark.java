package dev.signet.bench;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold verification of one signed image (no verdict cache: every call resolves the tag and fetches the signatures)
 * against the real distribution registry on loopback, in-process. {@code sharedClient} keeps HTTP connections
 * alive between calls, as the long-running service does; {@code newClient} opens fresh connections every time.
 * Target (issue 3): p50 <= 10 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {
    @Param({"LEGACY", "BUNDLE"})
    public String layout;

    private LocalRegistry registry;
    private HttpRegistryClient client;
    private ImageReference image;
    private VerificationRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
        Repository repository = registry.repository("bench/app");
        Images.pushRandom(client, repository, "v1");
        image = ImageReference.of(repository, Tag.parse("v1"));
        SigningKey key = SigningKey.generate("bench");
        SignatureLayout signatureLayout = SignatureLayout.valueOf(layout);
        new ImageSigner(client, Clock.systemUTC()).sign(SigningRequest.of(image, key).withLayouts(EnumSet.of(signatureLayout)));
        VerificationKey verificationKey = key.verificationKey();
        request = VerificationRequest.of(image, List.of(verificationKey)).withLayouts(EnumSet.of(signatureLayout));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public VerificationResult sharedClient() {
        return check(new ImageVerifier(client).verify(request));
    }

    @Benchmark
    public VerificationResult newClient() {
        HttpRegistryClient fresh = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
        return check(new ImageVerifier(fresh).verify(request));
    }

    private static VerificationResult check(VerificationResult result) {
        if (result.outcome() != VerificationResult.Outcome.VERIFIED) {
            throw new IllegalStateException("benchmark image did not verify: " + result.summary());
        }
        return result;
    }
}
