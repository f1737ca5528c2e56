package dev.signet.bench;

import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The images a soak pushed, what an admission of each must answer, and the final count of their signatures. Pods
 * are drawn from them at random: one signed image, one unsigned image, or two to three of either mixed.
 *
 * <p>A pod with a signed/ image whose {@code .sig} tag has not been seen yet is still sent, as a pod created between
 * push and signing would be, but its answer is not judged (it depends on timing). Such an admission leaves a
 * {@code fail} in the app's verdict cache, which the app must replace once it has stored the signature: the image
 * is judged again {@link #GRACE} after its signature was seen (the app pre-warms its cache asynchronously).
 */
final class SoakImages {
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final int MAX_PROBLEMS = 20;

    /** One push under its first tag; {@code signedAt} is set when its {@code .sig} tag is first seen. */
    static final class Pushed {
        private final ImageReference tagged;
        private final RawManifest manifest;
        private final boolean signed;
        private final long pushedAt;
        private volatile long signedAt;
        private volatile boolean askedEarly;

        Pushed(ImageReference tagged, RawManifest manifest, boolean signed, long pushedAt) {
            this.tagged = tagged;
            this.manifest = manifest;
            this.signed = signed;
            this.pushedAt = pushedAt;
        }

        ImageReference tagged() {
            return tagged;
        }

        RawManifest manifest() {
            return manifest;
        }

        long pushedAt() {
            return pushedAt;
        }

        long signedAt() {
            return signedAt;
        }

        void markSigned(long at) {
            signedAt = at;
        }

        /** Whether an admission's answer for this image is known now; if not, one asked now is remembered as early. */
        private boolean judgeable(long now) {
            if (!signed) {
                return true;
            }
            if (signedAt == 0) {
                askedEarly = true;
                return false;
            }
            return !askedEarly || now - signedAt >= GRACE.toNanos();
        }

        ImageReference signatureTag() {
            return ImageReference.of(tagged.context(), Tag.parse(SignatureTags.signature(manifest.digest())));
        }
    }

    /** A container image as the pod spec writes it: by tag, by digest, or both. */
    record Container(String written, Pushed image, boolean tagOnly) {
    }

    /** A pod to admit, whether it must be allowed, and whether that is known (not when asked early). */
    record Pod(List<Container> containers, boolean expectAllowed, boolean judged) {
    }

    /** The end-of-soak count of signature layers per push. */
    record Tally(int exactlyOne, int lost, int duplicated, int unsignedSigned, List<String> problems) {
    }

    private final List<Pushed> signed = new ArrayList<>();
    private final List<Pushed> unsigned = new ArrayList<>();

    synchronized void add(Pushed image) {
        (image.signed ? signed : unsigned).add(image);
    }

    synchronized int signedCount() {
        return signed.size();
    }

    synchronized int unsignedCount() {
        return unsigned.size();
    }

    synchronized Optional<Pushed> anyPushed(ThreadLocalRandom random) {
        int total = signed.size() + unsigned.size();
        if (total == 0) {
            return Optional.empty();
        }
        int i = random.nextInt(total);
        return Optional.of(i < signed.size() ? signed.get(i) : unsigned.get(i - signed.size()));
    }

    /** A random pod, or empty while nothing has been pushed yet. */
    Optional<Pod> pod(ThreadLocalRandom random) {
        double kind = random.nextDouble();
        int size = kind < 0.8 ? 1 : 2 + random.nextInt(2);
        List<Container> containers = new ArrayList<>(size);
        boolean allowed = true;
        boolean judged = true;
        long now = System.nanoTime();
        for (int i = 0; i < size; i++) {
            boolean wantSigned = size == 1 ? kind < 0.45 : random.nextBoolean();
            Optional<Pushed> image = pick(wantSigned, random);
            if (image.isEmpty()) {
                return Optional.empty();
            }
            allowed &= image.get().signed;
            judged &= image.get().judgeable(now);
            containers.add(container(image.get(), random));
        }
        // an unsigned/ image decides the pod whatever the timing of the others
        return Optional.of(new Pod(containers, allowed, judged || !allowed));
    }

    /** A pod running just this image, as a pipeline would deploy it right after pushing. */
    Pod podOf(Pushed image, ThreadLocalRandom random) {
        return new Pod(List.of(container(image, random)), image.signed, image.judgeable(System.nanoTime()));
    }

    private synchronized Optional<Pushed> pick(boolean wantSigned, ThreadLocalRandom random) {
        List<Pushed> pool = wantSigned ? signed : unsigned;
        return pool.isEmpty() ? Optional.empty() : Optional.of(pool.get(random.nextInt(pool.size())));
    }

    private static Container container(Pushed image, ThreadLocalRandom random) {
        String repository = image.tagged.context().toString();
        String tag = image.tagged.tag().orElseThrow().toString();
        String digest = image.manifest.digest().toString();
        return switch (random.nextInt(3)) {
            case 0 -> new Container(repository + ":" + tag, image, true);
            case 1 -> new Container(repository + "@" + digest, image, false);
            default -> new Container(repository + ":" + tag + "@" + digest, image, false);
        };
    }

    /** Reads every push's {@code .sig} manifest: signed/ pushes need exactly one layer, unsigned/ pushes none. */
    Tally tally(RegistryClient client) {
        List<Pushed> signedNow;
        List<Pushed> unsignedNow;
        synchronized (this) {
            signedNow = List.copyOf(signed);
            unsignedNow = List.copyOf(unsigned);
        }
        int one = 0;
        int lost = 0;
        int duplicated = 0;
        int unsignedSigned = 0;
        List<String> problems = new ArrayList<>();
        for (Pushed image : signedNow) {
            Optional<RawManifest> signatures = client.findManifest(image.signatureTag());
            int layers = signatures.map(manifest -> manifest.asImageManifest().layers().size()).orElse(0);
            if (layers == 1) {
                one++;
                continue;
            }
            if (layers == 0) {
                lost++;
            } else {
                duplicated++;
            }
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(image.tagged + "@" + image.manifest.digest() + ": " + layers + " signature layers");
            }
        }
        for (Pushed image : unsignedNow) {
            if (client.headManifest(image.signatureTag()).isPresent()) {
                unsignedSigned++;
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(image.tagged + "@" + image.manifest.digest() + ": signed, but no rule names unsigned/");
                }
            }
        }
        return new Tally(one, lost, duplicated, unsignedSigned, problems);
    }
}
