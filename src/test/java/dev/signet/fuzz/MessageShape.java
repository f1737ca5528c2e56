package dev.signet.fuzz;

/**
 * The rule every rejection message follows ({@code dev.signet.SignetException}, STYLE.md §4):
 * {@code <action> <subject>: <cause>[; <hint>]}, starting in lower case, without a trailing period, on one line and
 * short enough that a hostile input cannot flood a log through it.
 */
public final class MessageShape {
    /**
     * {@code SignetException.quote} cuts an input to 100 characters, each escaped to at most 6, and a message may
     * quote its input twice (subject and cause); a longer message echoes more of an input than it should.
     */
    public static final int MAX_LENGTH = 2000;

    private MessageShape() {
    }

    /** Why {@code message} breaks the rule, or null when it follows it. */
    public static String problem(String message) {
        if (message == null || message.isBlank()) {
            return "is empty";
        }
        char first = message.charAt(0);
        if (first < 'a' || first > 'z') {
            return "does not start with a lower-case action";
        }
        if (message.indexOf(": ") <= 0) {
            return "has no \": \" before its cause";
        }
        if (message.endsWith(".")) {
            return "ends with a period";
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            // a raw line break (or U+2028/9, which JSON log readers honour) lets an input forge a log line
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return String.format("holds control character U+%04X at index %d", (int) c, i);
            }
        }
        if (message.length() > MAX_LENGTH) {
            return "has " + message.length() + " characters, more than " + MAX_LENGTH;
        }
        return null;
    }
}
