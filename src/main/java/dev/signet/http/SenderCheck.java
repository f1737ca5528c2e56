package dev.signet.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may post CloudEvents to Signet's functions (issue 16, item 10). Knative's broker delivers a Trigger's events to
 * its subscriber with an OIDC token of the Trigger's own ServiceAccount, issued for the subscriber's audience
 * (Knative Eventing sender identity, {@code authentication-oidc}); the Service itself must check it, since anything
 * that reaches the cluster-local gateway can reach the Service. A request is accepted when the cluster's TokenReview
 * authenticates its bearer token for this audience and the identity matches one of the allowed senders: an exact
 * username, or a prefix ending in {@code *} (e.g. {@code system:serviceaccount:signet-system:*}, the namespace
 * whose Triggers, SinkBindings and Signet's own ServiceAccounts are the only senders).
 *
 * <p>A token's audience alone proves nothing: any pod may mount a projected token for any audience, so the identity is
 * always checked. Answers are remembered for {@link #REMEMBER} per token (held in memory as the key, never logged or
 * put in a message), at most {@link #CAPACITY} tokens, so a burst of events costs one TokenReview per sender. A failure to
 * ask the cluster is not remembered and answers 503, which the broker retries.
 */
public final class SenderCheck {
    /** Kubernetes service account tokens are a few KiB; anything longer is not one. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final Duration REMEMBER = Duration.ofMinutes(1);
    static final int CAPACITY = 1024;
    private static final int MAX_ERROR_CHARS = 200;

    /** The answer for one request. */
    public sealed interface Outcome {
        /** The sender may post. */
        record Accepted(String sender) implements Outcome {
        }

        /** The request is refused with {@code status} (401, 403 or 503) and a message that names the cause. */
        record Refused(int status, String message) implements Outcome {
        }
    }

    private final boolean required;
    private final String audience;
    private final List<String> allowed;
    private final TokenReviewer reviewer;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > CAPACITY;
        }
    };

    private record Remembered(Outcome outcome, Instant until) {
    }

    private SenderCheck(boolean required, String audience, List<String> allowed, TokenReviewer reviewer, Clock clock) {
        this.required = required;
        this.audience = audience;
        this.allowed = allowed;
        this.reviewer = reviewer;
        this.clock = clock;
    }

    /** Every request is accepted: the embedded default and local runs, where no cluster issues tokens. */
    public static SenderCheck open() {
        return new SenderCheck(false, "", List.of(), (token, audience) -> TokenReviewer.Review.refused("no reviewer"), Clock.systemUTC());
    }

    /**
     * Requests must carry a token of an allowed sender for {@code audience}; with no allowed sender, every CloudEvent
     * is refused (the admission adapter's setting: it takes AdmissionReviews, not events).
     */
    public static SenderCheck required(String audience, List<String> allowed, TokenReviewer reviewer, Clock clock) {
        Objects.requireNonNull(audience, "audience");
        if (audience.isBlank()) {
            throw new IllegalArgumentException("configure event senders: signet.events.senders.audience is empty; "
                    + "set it to the audience the Triggers name in subscriber.audience");
        }
        List<String> patterns = allowed.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        return new SenderCheck(true, audience, patterns, Objects.requireNonNull(reviewer, "reviewer"), clock);
    }

    /** False when every request is accepted without looking. */
    public boolean required() {
        return required;
    }

    /**
     * The answer for a request with this {@code Authorization} header (null when absent). May call the cluster:
     * call it off the event loop.
     */
    public Outcome check(String authorization) {
        if (!required) {
            return new Outcome.Accepted("");
        }
        if (allowed.isEmpty()) {
            return new Outcome.Refused(403, "authenticate event sender: this instance accepts no CloudEvents "
                    + "(signet.events.senders.allowed is empty); send events through the broker to the signer or verifier Service");
        }
        Optional<String> token = bearer(authorization);
        if (token.isEmpty()) {
            return new Outcome.Refused(401, "authenticate event sender: the request carries no bearer token; turn on Knative Eventing's "
                    + "sender identity (config-features authentication-oidc: enabled) and give the Trigger subscriber.audience " + audience);
        }
        String key = token.get();
        Instant now = clock.instant();
        synchronized (remembered) {
            Remembered known = remembered.get(key);
            if (known != null && now.isBefore(known.until())) {
                return known.outcome();
            }
        }
        TokenReviewer.Review review;
        try {
            review = reviewer.review(token.get(), audience);
        } catch (IOException | RuntimeException e) {
            return new Outcome.Refused(503, "authenticate event sender: could not ask the cluster (TokenReview): "
                    + bounded(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "; the sender should retry");
        }
        Outcome outcome = decide(review);
        synchronized (remembered) {
            remembered.put(key, new Remembered(outcome, now.plus(REMEMBER)));
        }
        return outcome;
    }

    private Outcome decide(TokenReviewer.Review review) {
        if (!review.authenticated()) {
            String why = review.error().isBlank() ? "" : ": " + bounded(review.error());
            return new Outcome.Refused(401, "authenticate event sender: the cluster did not accept the token for audience " + audience + why);
        }
        String user = review.username();
        for (String pattern : allowed) {
            boolean match = pattern.endsWith("*") ? user.startsWith(pattern.substring(0, pattern.length() - 1)) : user.equals(pattern);
            if (match) {
                return new Outcome.Accepted(user);
            }
        }
        return new Outcome.Refused(403, "authenticate event sender " + bounded(user) + ": not an allowed sender; allowed: "
                + String.join(", ", allowed) + " (signet.events.senders.allowed)");
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String token = value.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    private static String bounded(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS) + "...";
    }

    @Override
    public String toString() {
        return required ? "SenderCheck[audience=" + audience + ", allowed=" + allowed + "]" : "SenderCheck[open]";
    }
}
