package dev.signet;

/**
 * Root of Signet's exceptions: one unchecked hierarchy with a {@link Reason}.
 *
 * <p>Messages follow {@code <action> <subject>: <cause>[; <hint>]}, start in lower case, have no trailing period and
 * never contain key material, passwords or tokens. A verdict (unsigned, wrong key, digest mismatch) is data, never
 * one of these: an exception means "could not decide".
 */
public abstract class SignetException extends RuntimeException {
    /** How much of an untrusted input a message quotes. */
    public static final int MAX_QUOTED_LENGTH = 100;

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

    /**
     * Quotes untrusted text for a message: at most {@value #MAX_QUOTED_LENGTH} characters, with quotes, backslashes,
     * controls and non-ASCII escaped, so an input can neither flood a log nor forge a second log line.
     */
    public static String quote(String text) {
        String input = text == null ? "" : text;
        boolean cut = input.length() > MAX_QUOTED_LENGTH;
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : (cut ? input.substring(0, MAX_QUOTED_LENGTH) : input).toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(cut ? "...\"" : "\"").toString();
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
