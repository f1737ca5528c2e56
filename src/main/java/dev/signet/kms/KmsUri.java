package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KMS key reference as cosign writes one, in the grammar of the sigstore/sigstore provider that reads it
 * (sigstore/sigstore@bd0ad71, {@code pkg/signature/kms/{aws,gcp,hashivault}/client.go}, {@code ValidReference}).
 * Parsed once at the edge: a parsed URI always names a key Signet knows how to ask for.
 */
public sealed interface KmsUri {
    /** The schemes of cosign's KMS providers; Signet reads all but azurekms, which it refuses by name. */
    Set<String> SCHEMES = Set.of("awskms", "gcpkms", "hashivault", "openbao", "azurekms");

    /** The reference as written, which names the key in messages and caches (it carries no secret). */
    String text();

    /** Whether the text is a reference of a KMS scheme (well formed or not): such a key is read from KMS, never from a file. */
    static boolean isKms(String text) {
        int colon = text == null ? -1 : text.indexOf("://");
        return colon > 0 && SCHEMES.contains(text.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /**
     * Parses a KMS key reference.
     *
     * @throws KeyException KEY_UNSUPPORTED for a provider Signet does not read (azurekms), KEY_NOT_FOUND for a
     *     reference its provider's grammar refuses
     */
    static KmsUri parse(String text) {
        if (!isKms(text)) {
            throw invalid(text, "is not a KMS key reference (awskms://, gcpkms:// or hashivault://)");
        }
        String scheme = text.substring(0, text.indexOf("://")).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "awskms" -> Aws.parse(text);
            case "gcpkms" -> Gcp.parse(text);
            case "hashivault", "openbao" -> Vault.parse(text);
            default -> throw new KeyException(Reason.KEY_UNSUPPORTED, "parse KMS key reference", SignetException.quote(text),
                    "KMS provider " + scheme + " is not supported (awskms, gcpkms, hashivault and openbao are)");
        };
    }

    private static KeyException invalid(String text, String cause) {
        return new KeyException(Reason.KEY_NOT_FOUND, "parse KMS key reference", SignetException.quote(text), cause);
    }

    /**
     * {@code awskms://[ENDPOINT]/{key id | alias/NAME | key or alias ARN}}: the four forms of the aws provider's
     * {@code keyIDRE}, {@code keyARNRE}, {@code aliasNameRE} and {@code aliasARNRE}.
     *
     * @param endpoint the host[:port] the provider sends to ({@code https://} + endpoint, its {@code BaseEndpoint}); empty
     *     for AWS's regional endpoint
     * @param keyId what {@code GetPublicKey} takes as {@code KeyId}: the id, alias or ARN as written
     * @param region the ARN's region; empty for a bare id or alias, which the environment's region completes
     */
    record Aws(String text, String endpoint, String keyId, Optional<String> region) implements KmsUri {
        private static final String UUID = "m?r?k?-?[A-Fa-f0-9]{8}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{12}";
        private static final String ARN = "arn:(?:aws|aws-us-gov|aws-cn):kms:([a-z0-9-]+):\\d{12}:";
        private static final Pattern KEY_ID = Pattern.compile("^awskms://([^/]*)/(" + UUID + ")$");
        private static final Pattern KEY_ARN = Pattern.compile("^awskms://([^/]*)/(" + ARN + "key/" + UUID + ")$");
        private static final Pattern ALIAS_NAME = Pattern.compile("^awskms://([^/]*)/(alias/.*)$");
        private static final Pattern ENDPOINT = Pattern.compile("(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");
        private static final Pattern ALIAS_ARN = Pattern.compile("^awskms://([^/]*)/(" + ARN + "alias/.*)$");

        public Aws {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(region, "region");
        }

        static Aws parse(String text) {
            for (Pattern arn : new Pattern[] {KEY_ARN, ALIAS_ARN}) {
                Matcher match = arn.matcher(text);
                if (match.matches()) {
                    if (!match.group(1).isEmpty() && !ENDPOINT.matcher(match.group(1)).matches()) {
                        throw invalid(text, "names an endpoint that is not host[:port]: " + SignetException.quote(match.group(1)));
                    }
                    return new Aws(text, match.group(1), match.group(2), Optional.of(match.group(3)));
                }
            }
            for (Pattern bare : new Pattern[] {KEY_ID, ALIAS_NAME}) {
                Matcher match = bare.matcher(text);
                if (match.matches()) {
                    // the provider's grammar reads awskms://arn:aws:kms:...:key/ID as endpoint "arn:...:key" and a key id;
                    // policy-controller refuses that, and no endpoint could answer: only host[:port] is an endpoint here
                    if (!match.group(1).isEmpty() && !ENDPOINT.matcher(match.group(1)).matches()) {
                        throw invalid(text, "names an endpoint that is not host[:port]: " + SignetException.quote(match.group(1)));
                    }
                    return new Aws(text, match.group(1), match.group(2), Optional.empty());
                }
            }
            throw invalid(text, "is not awskms://[ENDPOINT]/[ID/ALIAS/ARN] (endpoint optional)");
        }

        /** Whether the key is named by a key or alias ARN, the only forms policy-controller admits ({@code validateAWSKMS}). */
        public boolean isArn() {
            return region.isPresent();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * {@code gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K[/cryptoKeyVersions/V]} (the gcp provider also takes
     * {@code /versions/V}).
     *
     * @param cryptoKey the resource name {@code projects/P/locations/L/keyRings/R/cryptoKeys/K}
     * @param version the version; empty: the enabled version with the greatest name, as the provider picks it
     */
    record Gcp(String text, String cryptoKey, Optional<String> version) implements KmsUri {
        private static final Pattern REFERENCE = Pattern.compile(
                "^gcpkms://projects/([^/]+)/locations/([^/]+)/keyRings/([^/]+)/cryptoKeys/([^/]+)(?:/(?:cryptoKeyVersions|versions)/([^/]+))?$");

        public Gcp {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(cryptoKey, "cryptoKey");
            Objects.requireNonNull(version, "version");
        }

        static Gcp parse(String text) {
            Matcher match = REFERENCE.matcher(text);
            if (!match.matches()) {
                throw invalid(text, "is not gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K[/cryptoKeyVersions/V]");
            }
            String key = "projects/" + match.group(1) + "/locations/" + match.group(2) + "/keyRings/" + match.group(3) + "/cryptoKeys/" + match.group(4);
            return new Gcp(text, key, Optional.ofNullable(match.group(5)));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * {@code hashivault://NAME} (or OpenBao's {@code openbao://NAME}, the provider's {@code AlternativeScheme}): a Vault
     * transit key. The name is one path segment, as the hashivault provider's
     * {@code referenceRegex} and Vault's own transit routes ({@code keys/NAME}) take it, so {@code hashivault://key/path}
     * names no key.
     */
    record Vault(String text, String name) implements KmsUri {
        private static final Pattern REFERENCE = Pattern.compile("^(?:hashivault|openbao)://(\\w(?:[\\w.-]*\\w)?)$"); // Go's \w, as Java's: ASCII letters, digits and _

        public Vault {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(name, "name");
        }

        static Vault parse(String text) {
            Matcher match = REFERENCE.matcher(text);
            if (!match.matches()) {
                throw invalid(text, "is not hashivault://NAME (a transit key name: letters, digits, '_', '-' and '.', no '/')");
            }
            return new Vault(text, match.group(1));
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
