package dev.signet.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A watch-backed cache of named Secrets: one fabric8 informer per Secret, started the first time that Secret is
 * asked for, so reads after the first are local and a changed Secret shows up without a restart.
 *
 * <p>Why one informer per named Secret rather than one per namespace: the informer lists and watches with the field
 * selector {@code metadata.name=NAME}, which RBAC can authorise with {@code resourceNames}, so Signet needs
 * get/list/watch on exactly the Secrets its key references name, never on every Secret of a namespace; and only
 * those Secrets sit in memory, not the namespace's service-account tokens and TLS keys. A deployment names a
 * handful of keys, so a handful of watches is cheap.
 *
 * <p>When the first list fails or does not finish within the sync timeout, the informer is dropped and the next
 * call tries again. Once synced, fabric8 re-establishes a broken watch with backoff and the cache keeps serving the
 * last state it saw, as the kubelet does with mounted Secrets.
 */
final class SecretInformers implements AutoCloseable {
    /**
     * Secrets watched at once. Policies name a handful; a policy that builds key names from the request (Kyverno's
     * {@code {{request.namespace}}}) could name as many as pods name, each one a watch on the API server, so past this
     * the least recently read is no longer watched (read again by a new informer if it is asked for again).
     */
    static final int MAX_WATCHED = 256;

    private final KubernetesClient client;
    private final Duration syncTimeout;
    private final Consumer<SecretRef> onChange;
    private final int maxWatched;
    private final Map<SecretRef, SharedIndexInformer<Secret>> informers = new ConcurrentHashMap<>();
    private final Map<SecretRef, Long> lastRead = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param onChange told, on fabric8's event thread, when a watched Secret is modified or deleted, so callers can
     *     drop what they derived from it
     */
    SecretInformers(KubernetesClient client, Duration syncTimeout, Consumer<SecretRef> onChange) {
        this(client, syncTimeout, onChange, MAX_WATCHED);
    }

    /** As above, watching at most {@code maxWatched} Secrets at once (tests). */
    SecretInformers(KubernetesClient client, Duration syncTimeout, Consumer<SecretRef> onChange, int maxWatched) {
        this.client = Objects.requireNonNull(client, "client");
        this.syncTimeout = Objects.requireNonNull(syncTimeout, "syncTimeout");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.maxWatched = maxWatched;
    }

    /**
     * The Secret as last seen by its informer, or empty when it does not exist.
     *
     * @throws SecretReadException when the API server cannot be reached or refuses us
     */
    Optional<Secret> get(SecretRef ref) {
        if (closed) {
            throw new IllegalStateException("secret cache is closed");
        }
        lastRead.put(ref, System.nanoTime());
        boolean[] created = {false};
        SharedIndexInformer<Secret> informer = informers.compute(ref, (key, existing) -> {
            if (existing != null && !existing.stopped().toCompletableFuture().isDone()) {
                return existing;
            }
            created[0] = true;
            return create(key);
        });
        if (created[0] && informers.size() > maxWatched) {
            unwatchLeastRecentlyRead(ref);
        }
        awaitSync(ref, informer);
        return Optional.ofNullable(informer.getStore().getByKey(ref.toString()));
    }

    /**
     * Stops the watch of the Secret read longest ago (not {@code keep}). Its changes are no longer seen, so callers are
     * told it changed: what they derived from it is dropped and read afresh, through a new watch, when next asked.
     */
    private void unwatchLeastRecentlyRead(SecretRef keep) {
        SecretRef oldest = null;
        long oldestRead = Long.MAX_VALUE;
        for (SecretRef candidate : informers.keySet()) {
            long read = lastRead.getOrDefault(candidate, Long.MIN_VALUE);
            if (!candidate.equals(keep) && read < oldestRead) {
                oldest = candidate;
                oldestRead = read;
            }
        }
        if (oldest == null) {
            return;
        }
        SharedIndexInformer<Secret> evicted = informers.remove(oldest);
        lastRead.remove(oldest);
        if (evicted != null) {
            evicted.stop();
            onChange.accept(oldest);
        }
    }

    /** How many Secrets are watched now (tests). */
    int watched() {
        return informers.size();
    }

    private SharedIndexInformer<Secret> create(SecretRef ref) {
        // resync 0: the watch delivers every change, so periodic replays of unchanged Secrets would be noise
        SharedIndexInformer<Secret> informer = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                // nothing was derived from a Secret we had not seen
            }

            @Override
            public void onUpdate(Secret before, Secret after) {
                onChange.accept(ref);
            }

            @Override
            public void onDelete(Secret secret, boolean finalStateUnknown) {
                onChange.accept(ref);
            }
        });
        return informer;
    }

    private void awaitSync(SecretRef ref, SharedIndexInformer<Secret> informer) {
        CompletableFuture<Void> synced = informer.start().toCompletableFuture();
        try {
            synced.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            discard(ref, informer);
            throw new SecretReadException(true, "the Kubernetes API did not list secret " + ref + " within " + syncTimeout.toMillis() + " ms",
                    "check that the API server is reachable from Signet's pod; the next request retries", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(ref, informer);
            throw new SecretReadException(true, "interrupted while listing secret " + ref, null, e);
        } catch (ExecutionException e) {
            discard(ref, informer);
            throw translate(ref, e.getCause());
        }
    }

    private void discard(SecretRef ref, SharedIndexInformer<Secret> informer) {
        if (informers.remove(ref, informer)) {
            lastRead.remove(ref);
        }
        informer.stop();
    }

    /** 401 and 403 need someone to fix credentials or RBAC; everything else (I/O, 5xx, 429) may pass by itself. */
    static SecretReadException translate(SecretRef ref, Throwable failure) {
        int code = failure instanceof KubernetesClientException kube ? kube.getCode() : 0;
        if (code == 401) {
            return new SecretReadException(false, "the Kubernetes API rejected Signet's credentials (401)",
                    "check the service account token", failure);
        }
        if (code == 403) {
            return new SecretReadException(false, "the Kubernetes API denied reading secret " + ref + " (403)",
                    "grant get, list and watch on secrets/" + ref.name() + " in namespace " + ref.namespace() + " to Signet's service account", failure);
        }
        return new SecretReadException(true, unavailable(failure) + " while reading secret " + ref, "the next request retries", failure);
    }

    /** "the Kubernetes API answered 503" or "the Kubernetes API is unreachable (ConnectException)". */
    static String unavailable(Throwable failure) {
        int code = failure instanceof KubernetesClientException kube ? kube.getCode() : 0;
        return "the Kubernetes API " + (code > 0 ? "answered " + code : "is unreachable (" + rootCause(failure).getClass().getSimpleName() + ")");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Stops every watch; the cache answers nothing afterwards. */
    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
        lastRead.clear();
    }
}
