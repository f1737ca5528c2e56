/**
 * Signet: signs container images when a registry reports a push and verifies them when a pod is admitted,
 * byte-compatible with cosign.
 *
 * <p>The root package holds only the error vocabulary shared by every layer: {@link dev.signet.SignetException}
 * and {@link dev.signet.Reason}. Every package may import it; it imports nothing of the project.
 */
package dev.signet;
