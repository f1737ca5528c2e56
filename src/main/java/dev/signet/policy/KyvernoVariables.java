package dev.signet.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kyverno variables ({@code {{ expression }}}) in the fields of a {@code verifyImages} entry that hold trust material:
 * Kyverno substitutes them from the rule's {@code context} (ConfigMaps, API calls) and the request before it verifies
 * (kyverno pkg/engine/variables/vars.go@111e07bb, {@code SubstituteAllInRule}). Signet resolves those over
 * {@code configMap} context entries before the policy compiles ({@link KyvernoContext}); what is left (another context
 * kind, a missing ConfigMap, {@code request.*}) must not be read as the material itself (a key
 * {@code {{ keys.data.pub }}} is not PEM), nor drop the entry: such an entry compiles to an {@link UnsupportedAttestor},
 * so every image it covers is {@code error} (denied under {@code failurePolicy: Fail}), as Kyverno makes a rule whose
 * variable does not resolve, and the load report ({@link LoadReport}) says which variable.
 */
final class KyvernoVariables {
    /** Kyverno's variable pattern, also escaped {@code \{{ }}} excluded there; any {{ ... }} here, escaped or not, fails closed. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    private KyvernoVariables() {
    }

    /** The first variable written in the text, braces included, or empty. */
    static Optional<String> find(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    /**
     * The entry for trust material given as a variable, and its load note.
     *
     * @param field what the variable stands for ("the public key", "the certificate")
     */
    static UnsupportedAttestor unresolved(String path, String field, String variable) {
        if (RequestContext.reads(variable)) {
            // compiled again per request with it resolved (RequestBinding); this compilation serves where there is none
            return new UnsupportedAttestor(path, field + " is the Kyverno variable " + variable + ", resolved per admission request; where no request"
                    + " is in hand (the CI gate, pre-warming) or it does not resolve");
        }
        String what = field + " is the Kyverno variable " + variable + ", which did not resolve (Signet resolves configMap context entries"
                + " when the policy loads and request.*, images.* at admission; an unresolved variable is error in Kyverno too)";
        return new UnsupportedAttestor(path, what);
    }
}
