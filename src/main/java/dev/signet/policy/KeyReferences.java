package dev.signet.policy;

import java.util.stream.Stream;

/** The key references an attestor names, nested sets included; inline keys and unsupported entries name none. */
final class KeyReferences implements Attestor.Visitor<Stream<String>> {
    static final KeyReferences INSTANCE = new KeyReferences();

    private KeyReferences() {
    }

    static Stream<String> of(AttestorSet set) {
        return set.entries().stream().flatMap(entry -> entry.accept(INSTANCE));
    }

    @Override
    public Stream<String> key(KeyAttestor attestor) {
        return attestor.source() instanceof KeySource.Reference reference ? Stream.of(reference.keyRef()) : Stream.empty();
    }

    /** A keyless entry names no key; its trusted root reference, if any, is not a key. */
    @Override
    public Stream<String> keyless(KeylessAttestor attestor) {
        return Stream.empty();
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
