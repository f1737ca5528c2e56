package dev.signet.events.ingest;

import java.util.Locale;

/** The registries with an ingest endpoint; {@link #id()} is both the path segment and {@code upstream.kind}. */
public enum UpstreamKind {
    DISTRIBUTION,
    HARBOR,
    QUAY,
    GITHUB,
    DOCKERHUB;

    /** Lower-case name: {@code /ingest/<id>} and the {@code upstream.kind} of the pushes it yields. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
