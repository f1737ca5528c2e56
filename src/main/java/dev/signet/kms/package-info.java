/**
 * KMS public keys (issue 17): the public half of an AWS KMS, Google Cloud KMS or HashiCorp Vault transit key, fetched
 * over HTTPS with the JDK client as cosign's providers fetch it (sigstore/sigstore {@code pkg/signature/kms}), cached
 * and refreshed in the background ({@link dev.signet.kms.CachedKmsKeys}), and served to policies through the key
 * provider port ({@link dev.signet.kms.KmsKeyProvider}), so that a KMS key entry is checked like any key. Credentials
 * and endpoints come in as values from {@code app}; nothing here reads the environment or logs.
 *
 * <p>Allowed dependencies: {@code keys} (the key port and key types), {@code json} (the shared Jackson mapper),
 * Jackson, and the JDK's XML parser for STS's answers.
 */
package dev.signet.kms;
