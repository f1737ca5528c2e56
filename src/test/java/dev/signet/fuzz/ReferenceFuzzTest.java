package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Digest;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.ReferenceVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * References, digests and image globs: text from admission reviews, events, webhooks, policies and the command line.
 * Accepted references must print a canonical form that parses back to the same value.
 */
class ReferenceFuzzTest {
    private static final List<String> REFERENCES = references();

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(imageReference(), digest(), imagePattern());
    }

    static FuzzTarget<String> imageReference() {
        return FuzzTarget.<String>named("reference.image")
                .seeds(REFERENCES)
                .mutator(Mutators.stacked(Mutators.text()))
                .parse(ImageReference::parse)
                .rejects(InvalidReferenceException.class)
                .check((input, result) -> {
                    ImageReference reference = (ImageReference) result;
                    assertThat(ImageReference.parse(reference.toString())).as("canonical form read back").isEqualTo(reference);
                })
                .build();
    }

    static FuzzTarget<String> digest() {
        List<String> digests = new ArrayList<>(List.of(
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"));
        REFERENCES.stream().filter(reference -> reference.indexOf('@') >= 0)
                .map(reference -> reference.substring(reference.indexOf('@') + 1)).forEach(digests::add);
        return FuzzTarget.<String>named("reference.digest")
                .seeds(digests)
                .mutator(Mutators.stacked(Mutators.text()))
                .parse(Digest::parse)
                .rejects(InvalidReferenceException.class)
                .check((input, result) -> assertThat(result.toString()).as("a digest has one spelling").isEqualTo(input))
                .build();
    }

    /** A glob and the reference it is matched against. */
    record PatternCase(String glob, String image) {
        @Override
        public String toString() {
            return "glob " + Describe.text(glob) + " against " + Describe.text(image);
        }
    }

    static FuzzTarget<PatternCase> imagePattern() {
        List<String> globs = List.of("*", "ghcr.io/org/*", "nginx:*", "127.0.0.1:*/signed/*", "localhost:*/*", "docker.io/library/*",
                "registry.example.com/team/app@sha256:*", "?ginx", "*/*:v?.*", "index.docker.io/*", "*.example.com:5000/*/app:*");
        List<PatternCase> seeds = new ArrayList<>();
        for (int i = 0; i < REFERENCES.size(); i++) {
            seeds.add(new PatternCase(globs.get(i % globs.size()), REFERENCES.get(i)));
        }
        Mutator<String> text = Mutators.text();
        Mutator<PatternCase> mutator = (seed, random, pool) -> switch (random.nextInt(4)) {
            case 0 -> new PatternCase(globFrom(Mutators.pick(pool, random).image(), random), seed.image());
            case 1 -> new PatternCase(seed.glob(), text.mutate(seed.image(), random, List.of(seed.image())));
            case 2 -> {
                // globs cut from the very reference they are matched against, with a late mismatch
                String glob = globFrom(seed.image(), random);
                yield new PatternCase(glob.isEmpty() ? "*" : glob.substring(0, glob.length() - 1) + "#", seed.image());
            }
            default -> new PatternCase(text.mutate(seed.glob(), random, pool.stream().map(PatternCase::glob).toList()), seed.image());
        };
        return FuzzTarget.<PatternCase>named("reference.pattern")
                .seeds(seeds)
                .mutator(mutator)
                .parse(input -> {
                    ImagePattern pattern = ImagePattern.parse(input.glob());
                    return pattern.matches(ImageReference.parse(input.image()));
                })
                .rejects(InvalidReferenceException.class)
                .check((input, result) -> {
                    ImageReference reference = ImageReference.parse(input.image());
                    String identity = reference.digest().map(digest -> reference.context() + "@" + digest).orElse(reference.toString());
                    assertThat(ImagePattern.parse(identity).matches(reference)).as("a reference matches its identity").isTrue();
                    assertThat(ImagePattern.parse(input.image()).matchesLoosely(reference)).as("a reference loosely matches itself as written")
                            .isTrue();
                })
                .build();
    }

    /** A glob made from {@code image}: runs of its characters replaced by {@code *} or {@code ?}. */
    private static String globFrom(String image, SplittableRandom random) {
        StringBuilder glob = new StringBuilder(image);
        int stars = random.nextInt(3) == 0 ? 10 + random.nextInt(40) : 1 + random.nextInt(4);
        for (int i = 0; i < stars && glob.length() > 0; i++) {
            int at = random.nextInt(glob.length());
            glob.setCharAt(at, random.nextInt(4) == 0 ? '?' : '*');
        }
        return glob.toString();
    }

    private static List<String> references() {
        List<String> all = new ArrayList<>(Seeds.text("vectors/reference/valid.txt").lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
        Seeds.text("vectors/reference/invalid.txt").lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> ReferenceVectors.unescape(line.split("\t", -1)[0])).forEach(all::add);
        Seeds.text("vectors/reference/normalised.tsv").lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1)[0]).forEach(all::add);
        return List.copyOf(all);
    }
}
