package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches the signatures of an image digest, once, from both cosign layouts: the bundles attached as referrers and
 * the {@code sha256-<hex>.sig} layers. Cost, whatever the number of keys or rules that will judge them: for bundles
 * one referrers lookup plus one manifest and one blob GET per bundle, for the legacy layout one manifest GET and one
 * blob GET per layer. The two layouts are independent round trips and run side by side. All of it is bounded by one
 * {@link WorkBudget} per call; a signature past it is read as {@link StoredSignature.Unreadable}.
 *
 * <p>A transient registry failure is thrown (the caller cannot decide); a signature that cannot be read is a
 * {@link StoredSignature.Unreadable}, since anyone who can push can store one.
 */
public final class SignatureFetcher {
    private final RegistryClient registry;
    private final LegacySignatures legacy;
    private final BundleSignatures bundles;
    private final RegistryLanes lanes;
    private final AttestationVerifier attestations;

    /** @param executor runs the bundle half beside the legacy half; {@code Runnable::run} fetches one after the other */
    public SignatureFetcher(RegistryClient registry, Executor executor) {
        this(registry, RegistryLanes.direct(executor));
    }

    /** @param lanes run the bundle half beside the legacy half, within the image registry's share of the threads */
    public SignatureFetcher(RegistryClient registry, RegistryLanes lanes) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.legacy = new LegacySignatures(registry);
        this.bundles = new BundleSignatures(registry);
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.attestations = new AttestationVerifier(registry);
    }

    /**
     * The attestations stored for {@code digest} in {@code repository} (both layouts), each checked for
     * {@code predicateType} with {@code keys}, within one work budget and {@code deadline}.
     *
     * @throws DeadlineExceededException when the deadline passed with requests still to make
     */
    public AttestationResult attestations(Repository repository, Digest digest, List<VerificationKey> keys, String predicateType,
            Deadline deadline) {
        return attestations(repository, digest, AttestationVerifier.Trust.keys(keys), predicateType, deadline);
    }

    /** As {@link #attestations(Repository, Digest, List, String, Deadline)}, with keys and keyless trusts. */
    public AttestationResult attestations(Repository repository, Digest digest, AttestationVerifier.Trust trust, String predicateType,
            Deadline deadline) {
        return attestations.verify(ImageReference.of(repository, digest), trust, predicateType, deadline);
    }

    /**
     * The digest the image names: free for a digest reference, one manifest HEAD for a tag.
     *
     * @throws dev.signet.registry.ArtifactNotFoundException when the tag does not exist
     */
    public Digest resolve(ImageReference image) {
        return registry.resolve(image);
    }

    /**
     * As {@link #resolve(ImageReference)}, unless {@code deadline} passed while the resolution waited for a thread.
     *
     * @throws DeadlineExceededException when it has
     */
    public Digest resolve(ImageReference image, Deadline deadline) {
        if (deadline.passed()) {
            throw new DeadlineExceededException(image.toString());
        }
        return registry.resolve(image);
    }

    /**
     * The signatures stored for {@code digest} of {@code image}'s repository.
     *
     * @param signatureRepository where {@code .sig} tags live when not beside the image ({@code COSIGN_REPOSITORY},
     *     Kyverno's {@code repository})
     */
    public FoundSignatures fetch(Repository image, Digest digest, Optional<Repository> signatureRepository, Set<SignatureLayout> layouts) {
        return fetch(image, digest, signatureRepository, layouts, Deadline.none());
    }

    /**
     * As {@link #fetch(Repository, Digest, Optional, Set)}, stopping at the first registry request after
     * {@code deadline}.
     *
     * @throws DeadlineExceededException when the deadline passed with requests still to make
     */
    public FoundSignatures fetch(Repository image, Digest digest, Optional<Repository> signatureRepository, Set<SignatureLayout> layouts,
            Deadline deadline) {
        return stage(image, digest, signatureRepository, layouts, deadline, Optional.empty()).first();
    }

    /**
     * The signatures of {@code digest} in stages, for a caller that can tell when it has seen enough: when both layouts
     * are asked for and the repository's signatures were last found useful in one of them ({@link Staged#learn}), that
     * layout is read first and the other only if the caller asks ({@link Staged#all}); otherwise both are read side by
     * side at once. An image signed as its repository's others are then costs one lookup less (the referrers lookup of
     * a {@code .sig}-signed image, or the {@code .sig} lookup of a bundle-signed one); one signed otherwise, or not at
     * all, costs the same requests one round trip later. Both stages share one {@link WorkBudget}, each layout its half.
     */
    public Staged stage(Repository image, Digest digest, Optional<Repository> signatureRepository, Set<SignatureLayout> layouts,
            Deadline deadline) {
        Hint hint = new Hint(image, signatureRepository.orElse(image));
        return stage(image, digest, signatureRepository, layouts, deadline, Optional.ofNullable(hints.get(hint)));
    }

    private Staged stage(Repository image, Digest digest, Optional<Repository> signatureRepository, Set<SignatureLayout> layouts,
            Deadline deadline, Optional<SignatureLayout> first) {
        boolean both = layouts.contains(SignatureLayout.BUNDLE) && layouts.contains(SignatureLayout.LEGACY);
        return new Staged(image, digest, signatureRepository.orElse(image), layouts, WorkBudget.perImage(image + "@" + digest, deadline),
                both ? first : Optional.empty());
    }

    /** Which layout's signatures last satisfied the rules reading an image repository (and its signature repository). */
    private record Hint(Repository image, Repository signatures) {
    }

    /**
     * Bounded: a cluster pulls from a few thousand repositories at most; past the bound an arbitrary entry goes, and a
     * forgotten repository costs one side-by-side read once. Read without a lock on every cold verification.
     */
    private static final int MAX_HINTS = 4096;
    private final ConcurrentHashMap<Hint, SignatureLayout> hints = new ConcurrentHashMap<>();

    /** One image's signatures, read in one or two stages under one work budget. Not thread-safe: one caller's. */
    public final class Staged {
        private final Repository image;
        private final Digest digest;
        private final Repository legacyRepository;
        private final Set<SignatureLayout> layouts;
        private final WorkBudget budget;
        private final Optional<SignatureLayout> firstOnly;
        private List<StoredSignature> firstFound;
        private boolean readRest;

        private Staged(Repository image, Digest digest, Repository legacyRepository, Set<SignatureLayout> layouts, WorkBudget budget,
                Optional<SignatureLayout> firstOnly) {
            this.image = image;
            this.digest = digest;
            this.legacyRepository = legacyRepository;
            this.layouts = layouts;
            this.budget = budget;
            this.firstOnly = firstOnly;
        }

        /**
         * The first stage: every layout asked for, or only the one the repository's last verification found useful.
         *
         * @throws DeadlineExceededException when the deadline passed with requests still to make
         */
        public FoundSignatures first() {
            if (firstOnly.isPresent()) {
                // each layout gets half, so a flood in one cannot hide a valid signature in the other
                firstFound = read(firstOnly.get(), budget.half());
                return new FoundSignatures(digest, firstFound);
            }
            boolean wantBundles = layouts.contains(SignatureLayout.BUNDLE);
            boolean wantLegacy = layouts.contains(SignatureLayout.LEGACY);
            if (!wantLegacy) {
                return new FoundSignatures(digest, wantBundles ? bundles.find(image, digest, budget) : List.of());
            }
            if (!wantBundles) {
                return new FoundSignatures(digest, legacy.find(legacyRepository, digest, budget));
            }
            return bothSideBySide();
        }

        /** Whether {@link #first()} read every layout asked for. */
        public boolean complete() {
            return firstOnly.isEmpty();
        }

        /**
         * Every layout asked for: the first stage's signatures and, if it read only one layout, the other's.
         *
         * @throws DeadlineExceededException when the deadline passed with requests still to make
         */
        public FoundSignatures all() {
            if (firstOnly.isEmpty() || readRest) {
                throw new IllegalStateException("every layout was read already");
            }
            readRest = true;
            SignatureLayout other = firstOnly.get() == SignatureLayout.LEGACY ? SignatureLayout.BUNDLE : SignatureLayout.LEGACY;
            List<StoredSignature> rest = read(other, budget.half());
            List<StoredSignature> found = new ArrayList<>();
            // bundles first, then the .sig layers, whichever was read first
            found.addAll(other == SignatureLayout.BUNDLE ? rest : firstFound);
            found.addAll(other == SignatureLayout.BUNDLE ? firstFound : rest);
            return new FoundSignatures(digest, found);
        }

        /**
         * Remembers, for the next image of this repository, the layout whose signatures alone satisfied the rules that
         * read it; empty (signatures of both were needed) makes the next read side by side again.
         */
        public void learn(Optional<SignatureLayout> enough) {
            Hint hint = new Hint(image, legacyRepository);
            if (enough.isPresent()) {
                if (hints.put(hint, enough.get()) == null && hints.size() > MAX_HINTS) {
                    Iterator<Hint> any = hints.keySet().iterator();
                    while (hints.size() > MAX_HINTS && any.hasNext()) {
                        Hint other = any.next();
                        if (!other.equals(hint)) {
                            any.remove();
                        }
                    }
                }
            } else {
                hints.remove(hint);
            }
        }

        private List<StoredSignature> read(SignatureLayout layout, WorkBudget half) {
            return layout == SignatureLayout.BUNDLE ? bundles.find(image, digest, half) : legacy.find(legacyRepository, digest, half);
        }

        private FoundSignatures bothSideBySide() {
            WorkBudget bundleBudget = budget.half();
            WorkBudget legacyBudget = budget.half();
            // the bundle half is offered to the pool and taken back here if no thread has started it, so a saturated pool
            // can never leave this thread waiting on queued work
            AtomicBoolean started = new AtomicBoolean();
            CompletableFuture<List<StoredSignature>> bundleHalf = new CompletableFuture<>();
            Runnable fetchBundles = () -> {
                if (started.compareAndSet(false, true)) {
                    try {
                        bundleHalf.complete(bundles.find(image, digest, bundleBudget));
                    } catch (RuntimeException e) {
                        bundleHalf.completeExceptionally(e);
                    }
                }
            };
            try {
                lanes.execute(image.registry(), fetchBundles);
            } catch (RejectedExecutionException e) {
                // run below, in this thread
            }
            List<StoredSignature> legacyHalf = legacy.find(legacyRepository, digest, legacyBudget);
            fetchBundles.run();
            List<StoredSignature> found = new ArrayList<>();
            try {
                found.addAll(bundleHalf.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
            found.addAll(legacyHalf);
            return new FoundSignatures(digest, found);
        }
    }
}
