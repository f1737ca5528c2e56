/**
 * The only code that speaks HTTP to registries. {@link dev.signet.registry.RegistryClient} is the port the services
 * use; {@link dev.signet.registry.HttpRegistryClient} implements it with the JDK {@code HttpClient}, one small
 * {@code RegistryEndpoint} class per operation (jib style: each has the action that opens its error messages) and a
 * transport built from decorators ({@code transport}, {@code auth}).
 *
 * <p>Every manifest and blob read is checked against its digest and bounded in size; registry error bodies become
 * {@link dev.signet.registry.RegistryErrorCode}s and failures one of the {@link dev.signet.registry.RegistryException}
 * subclasses. No Quarkus, no environment: configuration arrives as {@link dev.signet.registry.RegistryOptions}.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json}, {@code oci}, its own {@code registry.auth} and {@code registry.transport}
 * decorators, the JDK ({@code java.net.http}) and Jackson (through {@code Json}).
 */
package dev.signet.registry;
