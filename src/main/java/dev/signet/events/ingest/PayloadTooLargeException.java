package dev.signet.events.ingest;

/** A webhook body over the configured limit; answered 413 before any of it is parsed. */
final class PayloadTooLargeException extends InvalidNotificationException {

    PayloadTooLargeException(String action, long limit) {
        super(action, null, "body is larger than the limit of " + limit + " bytes");
    }
}
