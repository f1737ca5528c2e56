package dev.signet.kube;

/**
 * A Secret could not be read from the API server. Internal to this package: each caller turns it into its own
 * port's exception ({@code KeyException}, {@code RegistryException}) with the subject it knows.
 */
final class SecretReadException extends RuntimeException {
    private final boolean retryable;
    private final String hint;

    SecretReadException(boolean retryable, String cause, String hint, Throwable chained) {
        super(cause, chained);
        this.retryable = retryable;
        this.hint = hint;
    }

    /** True when the API server was unreachable or slow; false when it refused us (401/403), which needs a fix. */
    boolean retryable() {
        return retryable;
    }

    /** What to do about it. */
    String hint() {
        return hint;
    }
}
