package dev.signet.events.outbound;

/** Data of {@code dev.signet.image.signing.skipped.v1}: no rule matched, or the push is a signature artifact. */
public record SigningSkippedEventData(String image, String digest, String reason) {
}
