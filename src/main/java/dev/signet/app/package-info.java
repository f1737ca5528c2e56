/**
 * Wiring of the Quarkus app: configuration mappings, CDI producers that build the services from immutable option
 * records, startup checks and native-image registrations. The only package (with {@code cli}) that reads
 * configuration; nothing imports it.
 */
package dev.signet.app;
