package dev.signet.verification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * THROWAWAY stub on the keylesspolicy branch only, so the policy side compiles before the real keyless verifier
 * lands: drop this commit at merge and keep main's class. It verifies nothing: every stored signature is reported as
 * not vouched for by the trust, so no keyless entry can pass through it.
 */
public final class KeylessSignatureVerifier implements SignatureVerifier<KeylessTrust> {

    @Override
    public List<SignatureCheck> check(FoundSignatures found, Collection<KeylessTrust> trusted) {
        List<SignatureCheck> checks = new ArrayList<>(found.signatures().size());
        for (StoredSignature stored : found.signatures()) {
            checks.add(new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.NO_MATCHING_KEY, Optional.empty(),
                    Map.of(), "keyless verification is not built on this branch (throwaway stub)"));
        }
        return checks;
    }
}
