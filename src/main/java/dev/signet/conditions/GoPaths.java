package dev.signet.conditions;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean} (what {@code path_canonicalize} does on Linux): one slash, no {@code .}, {@code ..} resolved. */
final class GoPaths {
    private GoPaths() {
    }

    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
    }
}
