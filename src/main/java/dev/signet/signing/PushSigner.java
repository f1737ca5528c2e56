package dev.signet.signing;

import dev.signet.SignetException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.PushPredicate;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signs what registries report: applies the signing rules, refuses to sign Signet's own output (the loop guard),
 * loads the rule's key from the {@link KeyProvider}, and signs the pushed digest idempotently.
 *
 * <p>Permanent failures (no such key, wrong password, manifest gone, access denied) become {@code FAILED} outcomes;
 * transient ones (registry or Kubernetes unreachable) are rethrown so the event is redelivered. Pushes of the same
 * digest are serialised in this process, because appending to a {@code .sig} manifest is read-modify-write.
 *
 * <p>A rule with {@link SigningRule#attestPush()} also stores a push attestation ({@link PushPredicate}) in each
 * layout the signature uses, after the signature, so a failed attestation never costs the signature. It is
 * treated as signing is: a transient fault is rethrown and the redelivered push finds the signature already there
 * (nothing signed twice) and attests again; an identical attestation is not stored twice, so a redelivered
 * notification adds none. A permanent one is a {@code FAILED} outcome whose message says the signature is stored.
 */
public final class PushSigner {
    private static final Set<String> SIGNATURE_LAYER_TYPES = Set.of(MediaTypes.COSIGN_SIMPLE_SIGNING,
            MediaTypes.DSSE_ENVELOPE, BundleFormat.BUNDLE_V03);

    private final List<SigningRule> rules;
    private final Set<SignatureLayout> layouts;
    private final KeyProvider keys;
    private final RegistryClient registry;
    private final ImageSigner signer;
    private final AttestationSigner attester;
    /** Per-digest locks with the number of threads holding or awaiting each; an entry goes only when that is zero. */
    private final ConcurrentHashMap<String, DigestLock> inFlight = new ConcurrentHashMap<>();

    public PushSigner(List<SigningRule> rules, Set<SignatureLayout> layouts, KeyProvider keys, RegistryClient registry,
            ImageSigner signer, AttestationSigner attester) {
        this.rules = List.copyOf(rules);
        // EnumSet: the layouts are written in one order (legacy, then bundle) on every delivery
        this.layouts = layouts.isEmpty() ? EnumSet.noneOf(SignatureLayout.class) : EnumSet.copyOf(layouts);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.attester = Objects.requireNonNull(attester, "attester");
    }

    /** A signer whose push attestations, if a rule asks for them, are written with the system clock. */
    public PushSigner(List<SigningRule> rules, Set<SignatureLayout> layouts, KeyProvider keys, RegistryClient registry, ImageSigner signer) {
        this(rules, layouts, keys, registry, signer, new AttestationSigner(registry, Clock.systemUTC()));
    }

    /** The key references the rules name, for readiness checks. */
    public List<String> keyRefs() {
        return rules.stream().map(SigningRule::keyRef).distinct().toList();
    }

    /**
     * Decides and, where a rule says so, signs.
     *
     * @throws SignetException only when {@link SignetException#isTransient()}: the caller redelivers
     */
    public PushOutcome handle(PushedImage push) {
        Optional<SigningRule> rule = rules.stream().filter(r -> r.matches(push.image())).findFirst();
        if (rule.isEmpty()) {
            return PushOutcome.skipped(push, "no-matching-rule", "no signing rule matches " + push.subject());
        }
        Optional<String> guarded = loopGuardByName(push);
        if (guarded.isPresent()) {
            return PushOutcome.skipped(push, "signature-artifact", guarded.get());
        }
        DigestLock lock = acquire(push.subject());
        try {
            return sign(push, rule.get());
        } catch (SignetException e) {
            if (e.isTransient()) {
                throw e;
            }
            return PushOutcome.failed(push, e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.getMessage());
        } finally {
            release(push.subject(), lock);
        }
    }

    /**
     * Takes the digest's lock. The user count changes inside the map's atomic {@code compute}, so an entry is never
     * removed while another thread holds or awaits it (which would let a third thread create a second lock for the
     * same digest and sign beside the waiter).
     */
    private DigestLock acquire(String subject) {
        DigestLock lock = inFlight.compute(subject, (k, existing) -> {
            DigestLock held = existing == null ? new DigestLock() : existing;
            held.users++;
            return held;
        });
        lock.lock.lock();
        return lock;
    }

    private void release(String subject, DigestLock lock) {
        lock.lock.unlock();
        inFlight.compute(subject, (k, existing) -> --existing.users == 0 ? null : existing);
    }

    /** A lock and how many threads hold or await it; {@code users} is only touched inside the map's compute. */
    private static final class DigestLock {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }

    private PushOutcome sign(PushedImage push, SigningRule rule) {
        RawManifest manifest = registry.getManifest(push.image());
        Optional<String> guarded = loopGuardByContent(push, manifest);
        if (guarded.isPresent()) {
            return PushOutcome.skipped(push, "signature-artifact", guarded.get());
        }
        SigningKey key = keys.signingKey(rule.keyRef());
        SigningResult result = signer.sign(SigningRequest.of(push.image(), key).withLayouts(layouts), manifest.descriptor());
        if (!rule.attestPush()) {
            return PushOutcome.signed(push, result, key.verificationKey(), List.of());
        }
        try {
            return PushOutcome.signed(push, result, key.verificationKey(), attest(push, key));
        } catch (SignetException e) {
            if (e.isTransient()) {
                throw e;
            }
            return PushOutcome.attestationFailed(push, result, key.verificationKey(),
                    e.getMessage() + "; the signature of " + push.subject() + " is stored, only its push attestation is missing");
        }
    }

    /** The registry's claims about the push, signed with the rule's key, in every layout the signature uses. */
    private List<StoredSignature> attest(PushedImage push, SigningKey key) {
        PushClaims claims = push.claims();
        byte[] predicate = new PushPredicate(push.image().context(), push.tag(), push.digest(), claims.pusher(), claims.pushedAt(),
                claims.source(), claims.notificationId()).bytes();
        List<StoredSignature> stored = new ArrayList<>();
        for (SignatureLayout layout : layouts) {
            stored.addAll(attester.attest(new AttestationRequest(push.image(), key, PushPredicate.TYPE, predicate, layout, false)).signatures());
        }
        return stored;
    }

    /** Tags cosign derives ({@code sha256-<hex>.sig|.att|.sbom}, referrer indexes) and blob pushes are never signed. */
    private static Optional<String> loopGuardByName(PushedImage push) {
        if (push.tag().filter(tag -> SignatureTags.isDerived(tag.name())).isPresent()) {
            return Optional.of("tag " + push.tag().get().name() + " of " + push.subject() + " holds signatures, attestations or referrers");
        }
        if (push.mediaType().filter(type -> !MediaTypes.MANIFESTS.contains(type)).isPresent()) {
            return Optional.of(push.subject() + " is a " + push.mediaType().get() + ", not an image manifest");
        }
        return Optional.empty();
    }

    /** Manifests with a subject (referrers) or cosign/Sigstore layers are Signet's or cosign's own output. */
    private static Optional<String> loopGuardByContent(PushedImage push, RawManifest raw) {
        if (raw.isIndex()) {
            ImageIndex index = raw.asImageIndex();
            if (index.subject() != null) {
                return Optional.of(push.subject() + " is a referrer (it has a subject)");
            }
            // the referrers fallback index (tag sha256-<hex>) lists artifacts, each with an artifactType; image
            // indexes list platform manifests without one
            boolean referrersIndex = !index.manifests().isEmpty()
                    && index.manifests().stream().allMatch(entry -> entry.artifactType() != null);
            return referrersIndex ? Optional.of(push.subject() + " is a referrers index") : Optional.empty();
        }
        ImageManifest manifest = raw.asImageManifest();
        if (manifest.subject() != null) {
            return Optional.of(push.subject() + " is a referrer (it has a subject)");
        }
        if (manifest.layers().stream().anyMatch(layer -> SIGNATURE_LAYER_TYPES.contains(layer.mediaType()))) {
            return Optional.of(push.subject() + " carries signature layers");
        }
        return Optional.empty();
    }
}
