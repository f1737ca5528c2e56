package dev.signet.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded PEM block: its type (the word after {@code BEGIN}) and DER bytes. {@code toString} names only the
 * type and size, because a block may hold a private key.
 */
public record PemBlock(String type, byte[] der) {

    public PemBlock {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(der, "der");
        der = der.clone();
    }

    /** A copy of the DER bytes, so no caller can alter the block. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PemBlock block && type.equals(block.type) && Arrays.equals(der, block.der);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "PemBlock[" + type + ", " + der.length + " bytes]";
    }
}
