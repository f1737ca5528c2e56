package dev.signet.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * An htpasswd line for distribution's htpasswd auth, which accepts bcrypt only. Computed with BouncyCastle rather
 * than the {@code htpasswd} tool, which CI machines need not have.
 */
public final class Htpasswd {
    /** The lowest cost bcrypt allows: the registry checks every request, and tests need no brute-force resistance. */
    private static final int COST = 4;

    private Htpasswd() {
    }

    /** {@code user:$2y$...}, as {@code htpasswd -B} writes it. */
    public static String line(String user, String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return user + ":" + OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), salt, COST);
    }
}
