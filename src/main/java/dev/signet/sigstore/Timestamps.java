package dev.signet.sigstore;

import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.tsp.TSTInfo;

/**
 * RFC 3161 timestamps over a signature, verified against the trusted root's timestamp authorities: the token's
 * message imprint is the hash of the signature bytes, its signed attributes hold the hash of the TSTInfo, a trusted
 * TSA's signing certificate signed them, and that certificate and the TSA's {@code validFor} window hold the time.
 * Offline and without BouncyCastle's provider: the ASN.1 is read with its parser, the signature checked with the JDK.
 */
final class Timestamps {
    private static final String SIGNED_DATA = "1.2.840.113549.1.7.2";
    private static final String TST_INFO = "1.2.840.113549.1.9.16.1.4";
    private static final String MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
    private static final Map<String, String> DIGESTS = Map.of(
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    private Timestamps() {
    }

    /** The time a trusted TSA vouches {@code signature} existed at. */
    static Instant verify(byte[] token, byte[] signature, TrustedRoot root, String subject) {
        SignedData signed;
        byte[] content;
        TSTInfo info;
        SignerInfo signer;
        try {
            signed = SignedData.getInstance(contentInfo(token).getContent());
            if (!TST_INFO.equals(signed.getEncapContentInfo().getContentType().getId())) {
                throw timestamp(subject, "the token does not hold a TSTInfo");
            }
            content = ASN1OctetString.getInstance(signed.getEncapContentInfo().getContent()).getOctets();
            info = TSTInfo.getInstance(content);
            if (signed.getSignerInfos().size() != 1) {
                throw timestamp(subject, "the token has " + signed.getSignerInfos().size() + " signers, not one");
            }
            signer = SignerInfo.getInstance(signed.getSignerInfos().getObjectAt(0));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | IOException e) {
            throw timestamp(subject, "the RFC 3161 token does not parse");
        }
        String imprintDigest = DIGESTS.get(info.getMessageImprint().getHashAlgorithm().getAlgorithm().getId());
        if (imprintDigest == null || !Arrays.equals(digest(imprintDigest, signature), info.getMessageImprint().getHashedMessage())) {
            throw timestamp(subject, "the timestamp is over other data than this signature");
        }
        Instant time;
        try {
            time = info.getGenTime().getDate().toInstant();
        } catch (ParseException e) {
            throw timestamp(subject, "the timestamp's time does not parse");
        }
        String digestName = DIGESTS.get(signer.getDigestAlgorithm().getAlgorithm().getId());
        ASN1Set attributes = signer.getAuthenticatedAttributes();
        if (digestName == null || attributes == null) {
            throw timestamp(subject, "the token's signer uses an unknown digest or signs no attributes");
        }
        if (!Arrays.equals(messageDigest(attributes, subject), digest(digestName, content))) {
            throw timestamp(subject, "the token's signed message digest is not the TSTInfo's");
        }
        byte[] signedAttributes;
        try {
            signedAttributes = attributes.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw timestamp(subject, "the token's signed attributes do not encode");
        }
        byte[] tokenSignature = signer.getEncryptedDigest().getOctets();
        String last = "no trusted timestamp authority signed it";
        for (TrustedRoot.TimestampAuthority tsa : root.timestampAuthorities()) {
            X509Certificate signing = tsa.chain().get(0);
            if (!verifies(signing, root, digestName, signedAttributes, tokenSignature)) {
                continue;
            }
            if (!tsa.validFor().contains(time)) {
                last = "timestamp authority " + tsa.uri() + " was trusted " + tsa.validFor() + ", not at " + time;
                continue;
            }
            if (time.isBefore(signing.getNotBefore().toInstant()) || time.isAfter(signing.getNotAfter().toInstant())) {
                last = "the timestamp authority's certificate was not valid at " + time;
                continue;
            }
            return time;
        }
        throw timestamp(subject, last);
    }

    private static ContentInfo contentInfo(byte[] token) throws IOException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(token));
        // a TimeStampResp is SEQUENCE { PKIStatusInfo, ContentInfo }; a bare token is the ContentInfo itself
        if (sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1Sequence && sequence.getObjectAt(1) instanceof ASN1Sequence) {
            sequence = ASN1Sequence.getInstance(sequence.getObjectAt(1));
        }
        ContentInfo info = ContentInfo.getInstance(sequence);
        if (!SIGNED_DATA.equals(info.getContentType().getId())) {
            throw new IllegalArgumentException("not signed data");
        }
        return info;
    }

    private static byte[] messageDigest(ASN1Set attributes, String subject) {
        for (ASN1Encodable encodable : attributes) {
            Attribute attribute = Attribute.getInstance(encodable);
            if (attribute.getAttrType().getId().equals(MESSAGE_DIGEST) && attribute.getAttrValues().size() == 1) {
                return ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets();
            }
        }
        throw timestamp(subject, "the token's signer signs no message digest");
    }

    private static boolean verifies(X509Certificate signing, TrustedRoot root, String digestName, byte[] data, byte[] signature) {
        PublicKey key = signing.getPublicKey();
        if (key instanceof ECPublicKey) {
            // BouncyCastle's curve arithmetic through the root's VerificationKey for this CA, and its memory of
            // signatures that verified: SunEC takes about 1 ms per P-256 check
            Optional<VerificationKey> ec = root.issuerKey(signing);
            if (ec.isPresent() && root.verifies(ec.get(), data, signature)) {
                return true;
            }
        }
        String algorithm = digestName.replace("-", "") + (key instanceof ECPublicKey ? "withECDSA" : "withRSA");
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static SigstoreException timestamp(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.TIMESTAMP, subject, cause);
    }
}
