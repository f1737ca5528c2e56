package dev.signet.events.outbound;

/** Data of {@code dev.signet.image.signing.failed.v1}: a permanent failure, with a message in Signet's error shape. */
public record SigningFailedEventData(String image, String digest, String reason, String message) {
}
