package dev.signet.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A registry: {@code host[:port]}, where host is a DNS name, an IPv4 address or a bracketed IPv6 address.
 *
 * <p>Grammar per distribution's {@code domainAndPort}: dot-separated labels of letters, digits and inner dashes, or
 * {@code [hex and colons]}, then an optional {@code :port}. Two deliberate tightenings: the port must be 1 to 65535,
 * and the whole name at most 255 characters, since a registry outside those bounds could never be contacted.
 *
 * <p>One registry has one name, so that a policy glob cannot be dodged by spelling the host another way
 * ({@code GHCR.IO}, {@code ghcr.io:443}, {@code registry-1.docker.io}). The canonical name is the host in lower case
 * (DNS ignores case; Docker keeps it as written), the port as a decimal number without leading zeros, no port when
 * it is 443 (https's default, the endpoint any client reaches without one), and {@code docker.io} for Docker Hub's
 * three spellings. Port 80 is kept: it names the plain-HTTP endpoint, which may be another server; image globs
 * treat it as the host's own (see {@link ImagePattern}). A single-label host without a dot, port or the name
 * {@code localhost} is a registry only because of its capitals (Docker's rule), so it keeps them, and keeps a port
 * 443: lower case or no port would turn it into a Docker Hub path.
 *
 * @param name the canonical name
 */
public record Registry(String name) {
    /** The longest registry name accepted: a 253-character DNS name plus a port fits. */
    static final int MAX_LENGTH = 255;

    /** Where Docker Hub's API is reached; go-containerregistry rewrites docker.io to it (ggcr issue 68). */
    private static final String DOCKER_HUB_API_HOST = "index.docker.io";

    // registry-1.docker.io is the host Docker Hub's API actually answers on; distribution does not alias it,
    // but an image there is the same image as on docker.io, so one name keeps policies and caches consistent
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    /** Docker Hub, the registry of every reference without a domain; declared after the aliases it needs. */
    public static final Registry DOCKER_HUB = new Registry("docker.io");

    /** Rejects names outside the grammar, then puts the name in canonical form. */
    public Registry {
        Objects.requireNonNull(name, "name");
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidReferenceException("parse registry", name, problem);
        }
        name = canonical(name);
    }

    /**
     * The canonical spelling of a registry name, or of the host part of an image glob (wildcards pass through, and
     * only a literal port is rewritten): lower case, the port without leading zeros and without {@code :443}, Docker
     * Hub's aliases as {@code docker.io}. Text that would stop reading as a registry is left as it was.
     */
    static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!readsAsDomain(lower)) {
            return name;
        }
        int colon = lower.startsWith("[") ? lower.indexOf(':', Math.max(lower.indexOf(']'), 0)) : lower.lastIndexOf(':');
        if (colon >= 0) {
            String port = lower.substring(colon + 1);
            String host = lower.substring(0, colon);
            if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Registry::isDigit)) {
                String number = String.valueOf(Integer.parseInt(port));
                lower = number.equals("443") && readsAsDomain(host) ? host : host + ":" + number;
            }
        }
        return DOCKER_HUB_ALIASES.contains(lower) ? "docker.io" : lower;
    }

    /** Docker's rule for a first path component without capitals: a registry if it has '.' or ':' or is localhost. */
    private static boolean readsAsDomain(String lower) {
        return lower.indexOf('.') >= 0 || lower.indexOf(':') >= 0 || lower.equals("localhost");
    }

    /** Parses untrusted text such as {@code registry.example.com:5000} or {@code [::1]:5000}. */
    public static Registry parse(String text) {
        return new Registry(text == null ? "" : text);
    }

    /** Whether this is Docker Hub, under any of its names. */
    public boolean isDockerHub() {
        return name.equals("docker.io");
    }

    /** The {@code host[:port]} to send HTTP requests to: {@code index.docker.io} for Docker Hub, else the name. */
    public String apiHost() {
        return isDockerHub() ? DOCKER_HUB_API_HOST : name;
    }

    /**
     * Whether the host is the local machine: {@code localhost}, {@code *.localhost} (RFC 6761), any
     * {@code 127.x.y.z} or {@code [::1]}, on any port. This is the "insecure by default" rule: like
     * go-containerregistry's {@code Registry.Scheme()}, the registry client may fall back to plain HTTP for these
     * hosts only, so that a test registry on loopback works without TLS. Unlike ggcr we do not extend it to RFC 1918
     * addresses: a pod network is not a trusted wire.
     */
    public boolean isLoopback() {
        String host = hostOf(name).toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (host.startsWith("[")) {
            return isIpv6Loopback(host.substring(1, host.length() - 1));
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Registry::isDigit)
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The name without its port; IPv6 keeps its brackets. */
    private static String hostOf(String name) {
        int colon = name.startsWith("[") ? name.indexOf(':', name.indexOf(']')) : name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** Whether an IPv6 address (without brackets) is ::1 in any of its spellings. */
    private static boolean isIpv6Loopback(String address) {
        String[] sides = address.split("::", -1);
        if (sides.length > 2) {
            return false;
        }
        List<Integer> head = groups(sides[0]);
        List<Integer> tail = sides.length == 2 ? groups(sides[1]) : List.of();
        if (head == null || tail == null) {
            return false;
        }
        int elided = 8 - head.size() - tail.size();
        if (sides.length == 1 ? elided != 0 : elided < 1) {
            return false;
        }
        List<Integer> all = new ArrayList<>(head);
        all.addAll(Collections.nCopies(elided, 0));
        all.addAll(tail);
        return all.subList(0, 7).stream().allMatch(group -> group == 0) && all.get(7) == 1;
    }

    /** The 16-bit groups of a colon-separated run, or null when one is not 1 to 4 hex digits. */
    private static List<Integer> groups(String run) {
        List<Integer> groups = new ArrayList<>();
        if (run.isEmpty()) {
            return groups;
        }
        for (String group : run.split(":", -1)) {
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(Registry::isHex)) {
                return null;
            }
            groups.add(Integer.parseInt(group, 16));
        }
        return groups;
    }

    /** Why {@code name} is not a registry, or null when it is one. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "registry host is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "registry name is longer than " + MAX_LENGTH + " characters";
        }
        String port;
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0) {
                return "IPv6 registry address is missing ']'";
            }
            // distribution accepts any run of hex digits and colons here, and so do we
            String address = name.substring(1, close);
            if (address.isEmpty() || !address.chars().allMatch(c -> c == ':' || isHex(c))) {
                return "IPv6 registry address may contain only hex digits and ':'";
            }
            String rest = name.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return "IPv6 registry address must be followed by nothing or :port";
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = name.indexOf(':');
            if (colon >= 0 && name.indexOf(':', colon + 1) >= 0) {
                return "an IPv6 registry address must be enclosed in brackets, as in [::1]:5000";
            }
            String problem = hostProblem(colon < 0 ? name : name.substring(0, colon));
            if (problem != null) {
                return problem;
            }
            port = colon < 0 ? null : name.substring(colon + 1);
        }
        return port == null ? null : portProblem(port);
    }

    private static String hostProblem(String host) {
        if (host.isEmpty()) {
            return "registry host is empty";
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "registry host has an empty label";
            }
            if (!label.chars().allMatch(c -> isAlphanumeric(c) || c == '-')) {
                return "registry host may contain only letters, digits, '-' and '.'";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "registry host labels must not start or end with '-'";
            }
        }
        return null;
    }

    private static String portProblem(String port) {
        if (port.isEmpty()) {
            return "registry port is empty";
        }
        if (!port.chars().allMatch(Registry::isDigit)) {
            return "registry port must be a number";
        }
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return "registry port must be between 1 and 65535";
        }
        return null;
    }

    // ASCII only: Character.isDigit and Integer.parseInt also accept non-ASCII digits such as U+FF10
    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphanumeric(int c) {
        return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isHex(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The canonical name. */
    @Override
    public String toString() {
        return name;
    }
}
