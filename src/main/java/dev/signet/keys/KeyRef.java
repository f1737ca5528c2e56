package dev.signet.keys;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A key reference as cosign writes one (its KEYREF): {@code k8s://NAMESPACE/NAME} (a Secret in the cosign layout),
 * {@code env://VAR} (the PEM text in a variable), another {@code scheme://} URI (KMS, Vault, GitLab: recognised so
 * that it can be refused by name, never read as a file), or else a file path (the command line) or a key name (the
 * app's key folder). Parsed once at the edge; a parsed reference always names something that could exist.
 */
public sealed interface KeyRef {
    /** Longer than any path or URI a key is named by: a bound on what an error message or a lookup carries. */
    int MAX_LENGTH = 4096;
    String SECRET_PREFIX = "k8s://";
    String ENV_PREFIX = "env://";

    /**
     * Parses a key reference.
     *
     * @throws KeyException KEY_NOT_FOUND when the text cannot name a key (empty, too long, a malformed {@code k8s://})
     */
    static KeyRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(text, "is longer than " + MAX_LENGTH + " characters");
        }
        if (text.startsWith(SECRET_PREFIX)) {
            String[] parts = text.substring(SECRET_PREFIX.length()).split("/", -1);
            if (parts.length != 2) {
                throw invalid(text, "is not k8s://NAMESPACE/NAME");
            }
            String problem = Secret.problem(parts[0], parts[1]);
            if (problem != null) {
                throw invalid(text, problem);
            }
            return new Secret(parts[0], parts[1]);
        }
        if (text.startsWith(ENV_PREFIX)) {
            String variable = text.substring(ENV_PREFIX.length());
            if (!Env.NAME.matcher(variable).matches()) {
                throw invalid(text, "names no environment variable (letters, digits and '_', at most 255)");
            }
            return new Env(variable);
        }
        int scheme = text.indexOf("://");
        if (scheme > 0 && Uri.SCHEME.matcher(text.substring(0, scheme)).matches()) {
            return new Uri(text.substring(0, scheme).toLowerCase(Locale.ROOT), text);
        }
        return new File(text);
    }

    private static KeyException invalid(String text, String cause) {
        return new KeyException(Reason.KEY_NOT_FOUND, "parse key reference", SignetException.quote(text), cause);
    }

    /**
     * cosign's {@code k8s://NAMESPACE/NAME}: exactly two parts after the prefix, as its {@code parseRef} splits them,
     * each checked against the names the API server accepts.
     *
     * @param namespace a DNS-1123 label
     * @param name a DNS-1123 subdomain
     */
    record Secret(String namespace, String name) implements KeyRef {
        private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        private static final int MAX_LABEL = 63;
        private static final int MAX_SUBDOMAIN = 253;

        public Secret {
            String problem = problem(namespace, name);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        /** What is wrong with the two names, or null when the API server would accept them. */
        public static String problem(String namespace, String name) {
            if (namespace == null || namespace.length() > MAX_LABEL || !LABEL.matcher(namespace).matches()) {
                return "namespace " + SignetException.quote(namespace) + " is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)";
            }
            if (name == null || name.length() > MAX_SUBDOMAIN || !isSubdomain(name)) {
                return "secret name " + SignetException.quote(name) + " is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253)";
            }
            return null;
        }

        private static boolean isSubdomain(String name) {
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return SECRET_PREFIX + namespace + "/" + name;
        }
    }

    /** {@code env://VAR}: the key's PEM text is the variable's value. */
    record Env(String variable) implements KeyRef {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

        public Env {
            if (variable == null || !NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException("not an environment variable name: " + SignetException.quote(variable));
            }
        }

        @Override
        public String toString() {
            return ENV_PREFIX + variable;
        }
    }

    /**
     * A URI of another scheme: cosign's {@code awskms://}, {@code gcpkms://}, {@code azurekms://},
     * {@code hashivault://}, {@code gitlab://} and the like. Signet reads none of them.
     *
     * @param scheme lower case
     */
    record Uri(String scheme, String text) implements KeyRef {
        private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}");

        @Override
        public String toString() {
            return text;
        }
    }

    /** A file path (the command line) or a key name under the key folder (the app's embedded default). */
    record File(String path) implements KeyRef {
        public File {
            if (path == null || path.isEmpty()) {
                throw new IllegalArgumentException("a key file needs a path");
            }
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
