package dev.signet.signing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registry's notification said about a push beyond the image: which kind of notification it was, its id,
 * who pushed and when. These are the registry's claims, unchecked: Signet can sign that the registry said so, never
 * that it is so. Text is cut at {@link #MAX_LENGTH} characters, as it comes from outside; blank text is absent.
 *
 * @param source the notification kind ({@code distribution}, {@code harbor}, ...)
 * @param notificationId the notification's id, stable across the registry's redeliveries
 * @param pusher the identity the registry reported, as it reported it
 * @param pushedAt the time the registry reported
 */
public record PushClaims(Optional<String> source, Optional<String> notificationId, Optional<String> pusher, Optional<Instant> pushedAt) {
    /** Longer text is cut: it ends up in a signed predicate stored with every attested push. */
    public static final int MAX_LENGTH = 256;

    public PushClaims {
        source = bounded(source);
        notificationId = bounded(notificationId);
        pusher = bounded(pusher);
        Objects.requireNonNull(pushedAt, "pushedAt");
    }

    /** No claims: a push known only by its image. */
    public static PushClaims none() {
        return new PushClaims(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<String> bounded(Optional<String> text) {
        Objects.requireNonNull(text, "text");
        return text.filter(t -> !t.isBlank()).map(t -> {
            if (t.length() <= MAX_LENGTH) {
                return t;
            }
            // never half a surrogate pair: the predicate is UTF-8 JSON
            return t.substring(0, Character.isHighSurrogate(t.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH);
        });
    }
}
