package dev.signet.json;

/**
 * A YAML text that could not be read: {@link #getMessage()} is one line (problem and position), safe for logs and
 * event data; {@link #full()} is YAML's own report with its line breaks and the excerpt with a position mark, for a
 * person at a terminal.
 */
public final class YamlException extends IllegalArgumentException {
    private final String full;

    YamlException(String concise, String full, Throwable cause) {
        super(concise, cause);
        this.full = full;
    }

    public String full() {
        return full;
    }
}
