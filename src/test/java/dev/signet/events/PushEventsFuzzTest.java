package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.fuzz.Describe;
import dev.signet.fuzz.EventSeeds;
import dev.signet.fuzz.FuzzTarget;
import dev.signet.fuzz.Fuzzer;
import dev.signet.fuzz.Mutator;
import dev.signet.fuzz.Mutators;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.signing.PushedImage;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CloudEvents data the signer functions consume: Signet's {@code image.pushed}, Harbor's CloudEvents and CDEvents
 * {@code artifact.published}. Data Jackson cannot bind is Funqy's to refuse before {@link PushEvents} runs, so it
 * counts as refused here; everything PushEvents throws must be an {@link InvalidEventException}.
 */
class PushEventsFuzzTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(
                target("events.pushed", EventSeeds.pushed(), (data, id) -> List.of(PushEvents.fromSignet(MAPPER.readValue(data, ImagePushedData.class), id))),
                target("events.harbor", EventSeeds.harbor(), (data, id) -> PushEvents.fromHarbor(MAPPER.readTree(data), id)),
                target("events.cdevents", EventSeeds.cdEvents(), (data, id) -> List.of(PushEvents.fromCdEvent(MAPPER.readTree(data), id))));
    }

    /** A CloudEvent as a function sees it: its id and data. */
    record Event(String id, byte[] data) {
        @Override
        public String toString() {
            return "id " + Describe.text(id) + ", data " + Describe.bytes(data);
        }
    }

    @FunctionalInterface
    interface Read {
        List<PushedImage> apply(byte[] data, String id) throws IOException;
    }

    static FuzzTarget<Event> target(String name, List<byte[]> data, Read read) {
        Mutator<byte[]> json = Mutators.json();
        Mutator<String> text = Mutators.text();
        Mutator<Event> mutator = (seed, random, pool) -> random.nextInt(10) == 0
                ? new Event(text.mutate(seed.id(), random, List.of(seed.id())), seed.data())
                : new Event(seed.id(), json.mutate(seed.data(), random, pool.stream().map(Event::data).toList()));
        return FuzzTarget.<Event>named(name)
                .seeds(data.stream().map(bytes -> new Event("0b5e1d3c-4f1a-4e8e-9d3c-2a1b0c9d8e7f", bytes)).toList())
                .mutator(mutator)
                .parse(event -> {
                    try {
                        return read.apply(event.data(), event.id());
                    } catch (IOException e) {
                        // Jackson's failure to bind (or to detect the encoding of) the data: Funqy answers it before any
                        // function runs, and the HTTP target checks how
                        return List.of();
                    }
                })
                .rejects(InvalidEventException.class)
                .check((event, result) -> {
                    for (Object push : (List<?>) result) {
                        // from parts, not from the string: a single-label registry ("harbor-core/...") reads as Docker Hub
                        ImageReference image = ((PushedImage) push).image();
                        Repository repository = Repository.of(Registry.parse(image.registry().name()), image.repository().path());
                        assertThat(ImageReference.of(repository, Digest.parse(image.digest().orElseThrow().toString())))
                                .as("the pushed image reads back from its parts").isEqualTo(ImageReference.of(image.repository(), image.digest().get()));
                    }
                })
                .build();
    }
}
