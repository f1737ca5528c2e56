package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.events.ImagePushedData;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushDeduplicatorTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-14T09:00:00Z"));
    private final PushDeduplicator deduplicator = new PushDeduplicator(Duration.ofSeconds(60), 3, clock);

    private static ImagePushedData push(String registry, String repository, String tag, String digest) {
        return new ImagePushedData(registry, repository, tag, digest, null, null, null, new ImagePushedData.Upstream("distribution", tag));
    }

    @Test
    void admit_sameDigestUnderTwoTagsInOneRequest_keepsTheFirst() {
        ImagePushedData v1 = push("r.example", "team/app", "1.0", A);
        ImagePushedData latest = push("r.example", "team/app", "latest", A);

        PushDeduplicator.Admission admission = deduplicator.admit(List.of(v1, latest));

        assertThat(admission.fresh()).containsExactly(v1);
        assertThat(admission.duplicates()).isEqualTo(1);
    }

    @Test
    void admit_redeliveryWithinTheWindow_isADuplicate() {
        deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A)));
        clock.advance(Duration.ofSeconds(59));

        assertThat(deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A))).fresh()).isEmpty();
    }

    @Test
    void admit_afterTheWindow_isFreshAgain() {
        deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A)));
        clock.advance(Duration.ofSeconds(60));

        assertThat(deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A))).fresh()).hasSize(1);
    }

    @Test
    void admit_windowRunsFromTheFirstSighting_notTheLatestRedelivery() {
        deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A)));
        clock.advance(Duration.ofSeconds(40));
        deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A)));
        clock.advance(Duration.ofSeconds(20));

        assertThat(deduplicator.admit(List.of(push("r.example", "team/app", "1.0", A))).fresh()).hasSize(1);
    }

    @Test
    void admit_sameDigestInOtherRepositoryOrRegistry_isNotADuplicate() {
        PushDeduplicator.Admission admission = deduplicator.admit(List.of(
                push("r.example", "team/app", "1.0", A),
                push("r.example", "team/other", "1.0", A),
                push("mirror.example", "team/app", "1.0", A),
                push("r.example", "team/app", "1.0", B)));

        assertThat(admission.fresh()).hasSize(4);
        assertThat(admission.duplicates()).isZero();
    }

    @Test
    void admit_overCapacity_evictsTheOldestSighting() {
        deduplicator.admit(List.of(push("r.example", "a/one", null, A)));
        clock.advance(Duration.ofSeconds(1));
        deduplicator.admit(List.of(push("r.example", "a/two", null, A), push("r.example", "a/three", null, A),
                push("r.example", "a/four", null, A)));

        assertThat(deduplicator.size()).isEqualTo(3);
        assertThat(deduplicator.admit(List.of(push("r.example", "a/one", null, A))).fresh())
                .as("evicted, so no longer known").hasSize(1);
    }

    @Test
    void admit_expiredEntries_areDroppedFromMemory() {
        deduplicator.admit(List.of(push("r.example", "a/one", null, A), push("r.example", "a/two", null, A)));
        clock.advance(Duration.ofMinutes(5));

        deduplicator.admit(List.of(push("r.example", "a/three", null, A)));

        assertThat(deduplicator.size()).isEqualTo(1);
    }

    @Test
    void forget_pushThatCouldNotBeHandedOver_letsTheRetryThrough() {
        List<ImagePushedData> pushes = List.of(push("r.example", "team/app", "1.0", A));
        deduplicator.admit(pushes);

        deduplicator.forget(pushes);

        assertThat(deduplicator.admit(pushes).fresh()).hasSize(1);
    }

    @Test
    void admit_zeroWindow_dropsNothing() {
        PushDeduplicator off = new PushDeduplicator(Duration.ZERO, 10, clock);
        ImagePushedData push = push("r.example", "team/app", "1.0", A);

        assertThat(off.admit(List.of(push, push)).fresh()).hasSize(2);
    }

    @Test
    void construct_negativeWindowOrNoCapacity_isRefused() {
        assertThatThrownBy(() -> new PushDeduplicator(Duration.ofSeconds(-1), 10, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PushDeduplicator(Duration.ofSeconds(1), 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
