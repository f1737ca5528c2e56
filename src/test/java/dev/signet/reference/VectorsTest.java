package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.signet.testing.Vectors;
import org.junit.jupiter.api.Test;

/** The vector files exist, are not emptied, and the reader refuses to skip anything silently. */
class VectorsTest {

    @Test
    void lines_missingFile_fails() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> Vectors.lines("reference/absent.txt"))
                .withMessageContaining("absent.txt is missing");
    }

    @Test
    void vectorFiles_present_haveEnoughRows() {
        // a truncated or emptied file would otherwise turn the table tests into no tests
        assertThat(Vectors.lines(ReferenceVectors.VALID)).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Vectors.rows(ReferenceVectors.INVALID, 2)).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Vectors.rows(ReferenceVectors.NORMALISED, 4)).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void vectorFiles_present_haveNoDuplicates() {
        assertThat(Vectors.lines(ReferenceVectors.VALID)).doesNotHaveDuplicates();
        assertThat(Vectors.rows(ReferenceVectors.INVALID, 2).stream().map(row -> row[0])).doesNotHaveDuplicates();
        assertThat(Vectors.rows(ReferenceVectors.NORMALISED, 4).stream().map(row -> row[0])).doesNotHaveDuplicates();
    }

    @Test
    void rows_wrongColumnCount_fails() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> Vectors.rows(ReferenceVectors.NORMALISED, 3))
                .withMessageContaining("expected 3 columns");
    }

    @Test
    void unescape_escapes_resolveToCharacters() {
        assertThat(ReferenceVectors.unescape("a\\tb\\nc\\rd\\\\e\\u0000f\\u00ef"))
                .isEqualTo("a\tb\nc\rd\\e\u0000f\u00ef");
        assertThat(ReferenceVectors.unescape("plain")).isEqualTo("plain");
    }
}
