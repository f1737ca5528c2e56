package dev.signet.sigstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A trusted-root validity window ({@code validFor}): a required start and an optional end, both inclusive (the
 * protobuf {@code TimeRange} is a closed interval; sigstore-conformance's {@code *-validity-end-inclusive}).
 */
public record ValidFor(Instant start, Optional<Instant> end) {

    public ValidFor {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public boolean contains(Instant time) {
        return !time.isBefore(start) && end.map(last -> !time.isAfter(last)).orElse(true);
    }

    @Override
    public String toString() {
        return start + ".." + end.map(Instant::toString).orElse("");
    }
}
