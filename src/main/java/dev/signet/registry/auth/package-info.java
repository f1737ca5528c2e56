/**
 * Registry authentication: where credentials come from ({@link dev.signet.registry.auth.CredentialProvider} and its
 * docker-config, static and chained implementations), and how they are spent ({@link
 * dev.signet.registry.auth.AuthTransport}, a transport decorator that answers {@code WWW-Authenticate} challenges
 * with Basic credentials or a cached bearer token, per the distribution token-auth spec).
 *
 * <p>Credentials and tokens never appear in messages or {@code toString}. Nothing here reads files or the environment
 * on its own; callers hand in document text or paths.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json} (the shared mapper), {@code oci}, {@code registry} (its exceptions)
 * and {@code registry.transport}; the JDK and Jackson.
 */
package dev.signet.registry.auth;
