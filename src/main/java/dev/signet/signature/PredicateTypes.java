package dev.signet.signature;

import dev.signet.SignetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * cosign's {@code --type} names and the predicate type URIs they stand for, exactly as cosign maps them
 * (cmd/cosign/cli/options/predicate.go {@code PredicateTypeMap}, constants from in-toto-golang and
 * pkg/cosign/attestation): any other value must be a URI and is used as is.
 */
public final class PredicateTypes {
    /** cosign's default {@code --type}: its own custom predicate, {@code {"Data": <file text>, "Timestamp": <now>}}. */
    public static final String CUSTOM = "https://cosign.sigstore.dev/attestation/v1";
    public static final String SLSA_PROVENANCE_02 = "https://slsa.dev/provenance/v0.2";
    public static final String SLSA_PROVENANCE_1 = "https://slsa.dev/provenance/v1";
    public static final String SPDX = "https://spdx.dev/Document";
    public static final String CYCLONEDX = "https://cyclonedx.org/bom";
    public static final String LINK = "https://in-toto.io/Link/v1";
    public static final String VULN = "https://cosign.sigstore.dev/attestation/vuln/v1";
    public static final String OPENVEX = "https://openvex.dev/ns";

    private static final Map<String, String> NAMES = Map.of(
            "custom", CUSTOM,
            "slsaprovenance", SLSA_PROVENANCE_02,
            "slsaprovenance02", SLSA_PROVENANCE_02,
            "slsaprovenance1", SLSA_PROVENANCE_1,
            "spdx", SPDX,
            "spdxjson", SPDX,
            "cyclonedx", CYCLONEDX,
            "link", LINK,
            "vuln", VULN,
            "openvex", OPENVEX);

    private PredicateTypes() {
    }

    /**
     * The predicate type URI for a {@code --type} value: a cosign name, or a URI as Go's {@code url.ParseRequestURI}
     * accepts it (absolute, or an absolute path).
     *
     * @throws SignatureFormatException for anything else, as cosign's "invalid predicate type"
     */
    public static String resolve(String type) {
        String known = NAMES.get(type);
        if (known != null) {
            return known;
        }
        try {
            URI uri = new URI(type);
            if (uri.isAbsolute() || type.startsWith("/")) {
                return type;
            }
        } catch (URISyntaxException e) {
            // falls through to the refusal below
        }
        throw new SignatureFormatException("parse predicate type", "--type",
                "invalid predicate type " + SignetException.quote(type) + "; use a cosign name (" + String.join("|", new TreeSet<>(NAMES.keySet())) + ") or a URI");
    }

    /** The cosign name a {@code --type} value is, if it is one (custom and spdx shape their predicate). */
    public static Optional<String> cosignName(String type) {
        return NAMES.containsKey(type) ? Optional.of(type) : Optional.empty();
    }
}
