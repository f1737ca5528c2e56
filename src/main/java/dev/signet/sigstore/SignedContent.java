package dev.signet.sigstore;

import dev.signet.signature.Dsse;
import java.util.List;
import java.util.Objects;

/** What a keyless signature covers, as a log entry must record it. */
public sealed interface SignedContent {

    /** The signature bytes an RFC 3161 timestamp is over (the first DSSE signature for an envelope). */
    byte[] signature();

    /** A signature over a message with this SHA-256 digest: a blob, or cosign's simple-signing payload. */
    record Message(byte[] sha256, byte[] signature) implements SignedContent {
        public Message {
            sha256 = sha256.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** A DSSE envelope: signatures over PAE(payloadType, payload). */
    record Envelope(String payloadType, byte[] payload, List<byte[]> signatures) implements SignedContent {
        public Envelope {
            Objects.requireNonNull(payloadType, "payloadType");
            payload = payload.clone();
            signatures = signatures.stream().map(byte[]::clone).toList();
            if (signatures.isEmpty()) {
                throw new IllegalArgumentException("an envelope has at least one signature");
            }
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public byte[] signature() {
            return signatures.get(0).clone();
        }

        public byte[] pae() {
            return Dsse.pae(payloadType, payload);
        }
    }
}
