/**
 * Wiring of the Quarkus app: configuration mappings, CDI producers that build the services from immutable option
 * records, startup checks and native-image registrations. The only package (with {@code cli}) that reads
 * configuration; nothing imports it.
 *
 * <p>Allowed dependencies: every package (wiring only: no decisions here), Quarkus config and CDI.
 */
package dev.signet.app;
