package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work one image verification may make a registry do, spent across every manifest, layer and bundle it reads.
 * The per-item limits ({@code .sig} layers, payload and bundle sizes, bundles per referrers index) each bound one
 * read; this bounds their sum, so a registry that stores many signatures each just under its limit cannot make one
 * admission read hundreds of megabytes. A signature the budget no longer covers is not read: it becomes a
 * {@link StoredSignature.Unreadable}, judged MALFORMED, and the signatures read before it still count.
 *
 * <p>Each signature layout gets its own half (see {@link #half()}), so a flood of bundles cannot starve the
 * {@code .sig} layers, or the other way round. Safe to spend from several threads.
 */
final class WorkBudget {
    /** Registry requests per image verification: manifests, blobs and the referrers lookup. */
    static final long MAX_REQUESTS = 128;
    /** Manifest and blob bytes per image verification. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    /** Signatures ({@code .sig} layers plus bundles) read per image verification. */
    static final long MAX_SIGNATURES = 64;
    /** Referrers pages per layout (each also a request): a page holds hundreds of entries, far more than are read. */
    static final int MAX_REFERRER_PAGES = 4;

    private final String subject;
    private final Deadline deadline;
    private final long requestLimit;
    private final long byteLimit;
    private final long signatureLimit;
    private final AtomicLong requests;
    private final AtomicLong bytes;
    private final AtomicLong signatures;

    WorkBudget(String subject, Deadline deadline, long requests, long bytes, long signatures) {
        this.subject = subject;
        this.deadline = deadline;
        this.requestLimit = requests;
        this.byteLimit = bytes;
        this.signatureLimit = signatures;
        this.requests = new AtomicLong(requests);
        this.bytes = new AtomicLong(bytes);
        this.signatures = new AtomicLong(signatures);
    }

    /**
     * The whole budget of one image verification.
     *
     * @param subject what is verified ({@code repo@digest}), for the error when the deadline passes
     */
    static WorkBudget perImage(String subject, Deadline deadline) {
        return new WorkBudget(subject, deadline, MAX_REQUESTS, MAX_BYTES, MAX_SIGNATURES);
    }

    /** Half of what is left of each allowance, for one of the two layouts, under the same deadline. */
    WorkBudget half() {
        return new WorkBudget(subject, deadline, requests.get() / 2, bytes.get() / 2, signatures.get() / 2);
    }

    /**
     * Takes one signature and the {@code requests} its reading needs.
     *
     * @return why the budget does not cover it, or {@code null} when it is taken
     */
    String takeSignature(int requestsNeeded) {
        if (signatures.getAndDecrement() <= 0) {
            return "more signatures than the " + signatureLimit + " this verification may read";
        }
        return takeRequests(requestsNeeded);
    }

    /**
     * @return why the budget does not cover {@code count} more requests, or {@code null} when they are taken
     * @throws DeadlineExceededException when the deadline has passed: the requests would be made for no one
     */
    String takeRequests(int count) {
        checkDeadline();
        if (requests.getAndAdd(-count) < count) {
            return requestsSpent();
        }
        return null;
    }

    /** @throws DeadlineExceededException when the deadline has passed: further requests would be made for no one */
    void checkDeadline() {
        if (deadline.passed()) {
            throw new DeadlineExceededException(subject);
        }
    }

    /** The cause for a request the budget no longer covers. */
    String requestsSpent() {
        return "more registry requests than the " + requestLimit + " this verification may make";
    }

    /** How many referrers pages the listing may read: what the requests left allow, at most {@link #MAX_REFERRER_PAGES}. */
    int referrerPages() {
        return (int) Math.max(0, Math.min(MAX_REFERRER_PAGES, requests.get()));
    }

    /** The bytes the next read may still return (at most {@code limit}). */
    long bytesLeft(long limit) {
        return Math.max(0, Math.min(limit, bytes.get()));
    }

    /**
     * Reads a blob of at most {@code limit} bytes, or of what is left of the byte allowance if that is less, paying for
     * it. The allowance is charged before the read (a read that fails may have streamed up to it), and what the blob
     * did not use is given back.
     */
    byte[] readBlob(RegistryClient registry, Repository repository, Digest digest, long limit) {
        long allowed = bytesLeft(limit);
        spendBytes(allowed);
        byte[] blob = registry.getBlob(repository, digest, allowed);
        spendBytes(blob.length - allowed);
        return blob;
    }

    /** Records {@code count} bytes read. */
    void spendBytes(long count) {
        bytes.addAndGet(-count);
    }

    /** The detail of a signature the budget did not cover. */
    static String refusal(String location, String cause) {
        return "read signature " + location + ": " + cause + "; it was not read, the signatures read before it still count";
    }

    /** The cause for a referrers list cut at {@link #referrerPages()}. */
    static String pagesSpent(int pages) {
        return "the list goes on past the " + pages + " pages this verification may read";
    }

    /** The cause for a read that would need more bytes than are left. */
    String bytesSpent() {
        return "more bytes than the " + byteLimit + " this verification may read";
    }
}
