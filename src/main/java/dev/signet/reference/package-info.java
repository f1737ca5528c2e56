/**
 * Image references: the Docker reference grammar, its defaulting and its normalisation, as values that cannot be
 * invalid.
 *
 * <p>The grammar is that of {@code github.com/distribution/reference} ({@code reference.go}, {@code regexp.go}):
 * {@code [domain/]path[:tag][@algorithm:hex]}. Defaulting follows Docker's {@code ParseNormalizedNamed}: a first
 * path component is a registry only if it contains {@code '.'} or {@code ':'}, is {@code localhost}, or holds an
 * upper-case letter; otherwise the registry is Docker Hub ({@code docker.io}), a single-component Docker Hub path gets
 * {@code library/}, and a reference with neither tag nor digest gets the tag {@code latest}.
 *
 * <p>Insecure-by-default heuristic, kept here as a documented rule rather than buried in transport code (as
 * go-containerregistry's {@code pkg/name} does): {@link dev.signet.reference.Registry#isLoopback()} is true for
 * {@code localhost}, {@code *.localhost}, {@code 127.0.0.0/8} and {@code [::1]}, on any port. The registry client may
 * fall back to plain HTTP for those hosts only.
 *
 * <p>Untrusted text enters through {@code parse(String)}, which throws
 * {@link dev.signet.reference.InvalidReferenceException}; {@code of(...)} builds values from parts that are already
 * typed. Digests are parsed and carried here but never computed: hashing belongs to {@code oci} and {@code keys}.
 *
 * <p>Allowed dependencies: the JDK and the root package only. Every other package may import this one.
 */
package dev.signet.reference;
