package dev.signet.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A transparency log's signed checkpoint in the signed-note format (https://github.com/transparency-dev/formats, log
 * checkpoint): {@code <origin>\n<size>\n<base64 root hash>\n[extension lines]\n\n} then signature lines {@code — <name>
 * <base64(4-byte key hint || signature)>}. Witness cosignatures may follow; only the log's own signature counts here.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    private static final String SIGNATURE_PREFIX = "\u2014 ";

    /**
     * Checks the note is signed by {@code log} (a signature line whose name is the origin's host and whose key hint is
     * the log ID's first 4 bytes, verifying over the note text) and reads it.
     *
     * @param trusted the root {@code log} is trusted by, which remembers signatures that verified
     */
    static Checkpoint verify(String envelope, TrustedRoot.LogKey log, TrustedRoot trusted, String subject) {
        int split = envelope.indexOf("\n\n");
        if (split < 0) {
            throw tlog(subject, "the checkpoint has no signature block");
        }
        String text = envelope.substring(0, split + 1);
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || lines[0].isEmpty() || lines[1].isEmpty() || lines[2].isEmpty()) {
            throw tlog(subject, "the checkpoint lacks its origin, size or root hash");
        }
        String origin = lines[0];
        long size;
        byte[] root;
        try {
            size = Long.parseUnsignedLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw tlog(subject, "the checkpoint's size or root hash does not parse");
        }
        String signer = origin.split(" ", 2)[0];
        byte[] hint = Arrays.copyOf(log.logId(), 4);
        byte[] signed = text.getBytes(StandardCharsets.UTF_8);
        boolean named = false;
        for (String line : envelope.substring(split + 2).split("\n")) {
            Optional<byte[]> signature = signatureBy(line, signer, hint);
            if (signature.isPresent()) {
                named = true;
                if (trusted.verifies(log.key(), signed, signature.get())) {
                    return new Checkpoint(origin, size, root);
                }
            }
        }
        throw tlog(subject, named ? "the checkpoint's signature does not verify with the log's key"
                : "the checkpoint carries no signature by " + signer + " with the log's key hint");
    }

    private static Optional<byte[]> signatureBy(String line, String signer, byte[] hint) {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ");
        if (parts.length != 2 || !parts[0].equals(signer)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (decoded.length <= 4 || !Arrays.equals(Arrays.copyOf(decoded, 4), hint)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(decoded, 4, decoded.length));
    }

    private static SigstoreException tlog(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.TLOG, subject, cause);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }
}
