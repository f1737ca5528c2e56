package dev.signet;

/**
 * Root of Signet's exceptions: one unchecked hierarchy with a {@link Reason}.
 *
 * <p>Messages follow {@code <action> <subject>: <cause>[; <hint>]}, start in lower case, have no trailing period and
 * never contain key material, passwords or tokens. A verdict (unsigned, wrong key, digest mismatch) is data, never
 * one of these: an exception means "could not decide".
 */
public abstract class SignetException extends RuntimeException {
    private final Reason reason;
    private final String subject;

    protected SignetException(Reason reason, String action, String subject, String cause, String hint, Throwable chained) {
        super(format(action, subject, cause, hint), chained);
        this.reason = reason;
        this.subject = subject;
    }

    protected SignetException(Reason reason, String action, String subject, String cause) {
        this(reason, action, subject, cause, null, null);
    }

    /** Formats the message shape every Signet error uses. */
    public static String format(String action, String subject, String cause, String hint) {
        StringBuilder message = new StringBuilder(action);
        if (subject != null && !subject.isEmpty()) {
            message.append(' ').append(subject);
        }
        message.append(": ").append(cause);
        if (hint != null && !hint.isEmpty()) {
            message.append("; ").append(hint);
        }
        return message.toString();
    }

    public Reason reason() {
        return reason;
    }

    /** What the failure is about: a reference, key name, {@code namespace/secret} or policy path. */
    public String subject() {
        return subject;
    }

    /** Whether retrying later may succeed; event adapters rethrow transient failures so Knative redelivers. */
    public boolean isTransient() {
        return reason.isTransient();
    }
}
