package dev.signet.keys;

/**
 * scrypt cost parameters of an encrypted cosign key. Only the sets cosign reads are accepted, because N and r set
 * the memory scrypt allocates (128·N·r bytes): a key file naming a huge N would be a memory bomb.
 */
record ScryptParameters(int n, int r, int p) {
    /** What cosign 2.2 and later write (go-securesystemslib's "standard" parameters: 64 MiB, about 0.2 s). */
    static final ScryptParameters COSIGN_DEFAULT = new ScryptParameters(65536, 8, 1);

    ScryptParameters {
        if (r != 8 || p != 1 || (n != 32768 && n != 65536 && n != 131072)) {
            throw new IllegalArgumentException("scrypt parameters N=" + n + " r=" + r + " p=" + p
                    + " are not ones cosign writes (N 32768, 65536 or 131072 with r=8, p=1)");
        }
    }
}
