package dev.signet.policy;

import java.util.stream.Stream;

/** The trusted root references ({@code keyless.trustedRootRef}) an attestor names, nested sets included. */
final class TrustedRootReferences implements Attestor.Visitor<Stream<String>> {
    static final TrustedRootReferences INSTANCE = new TrustedRootReferences();

    private TrustedRootReferences() {
    }

    static Stream<String> of(AttestorSet set) {
        return set.entries().stream().flatMap(entry -> entry.accept(INSTANCE));
    }

    @Override
    public Stream<String> key(KeyAttestor attestor) {
        return Stream.empty();
    }

    @Override
    public Stream<String> keyless(KeylessAttestor attestor) {
        return attestor.root() instanceof TrustedRootSource.Reference reference ? Stream.of(reference.ref()) : Stream.empty();
    }

    @Override
    public Stream<String> nested(NestedAttestor attestor) {
        return of(attestor.set());
    }

    @Override
    public Stream<String> unsupported(UnsupportedAttestor attestor) {
        return Stream.empty();
    }
}
