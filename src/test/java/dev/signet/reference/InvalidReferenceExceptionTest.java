package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.SignetException;
import org.junit.jupiter.api.Test;

class InvalidReferenceExceptionTest {

    @Test
    void constructor_referenceAndCause_formatsActionSubjectCause() {
        InvalidReferenceException e = new InvalidReferenceException("Nginx", "repository name must be lowercase");

        assertThat(e).isInstanceOf(SignetException.class);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.subject()).isEqualTo("\"Nginx\"");
        assertThat(e).hasMessage("parse reference \"Nginx\": repository name must be lowercase");
    }

    @Test
    void quote_longInput_cutsAt100Characters() {
        String quoted = InvalidReferenceException.quote("x".repeat(5000));

        assertThat(quoted).isEqualTo("\"" + "x".repeat(100) + "...\"");
    }

    @Test
    void quote_exactly100Characters_isNotCut() {
        assertThat(InvalidReferenceException.quote("y".repeat(100))).isEqualTo("\"" + "y".repeat(100) + "\"");
    }

    @Test
    void quote_specialCharacters_areEscaped() {
        assertThat(InvalidReferenceException.quote("a\"b\\c\nd\u001be\u00e9\u007f"))
                .isEqualTo("\"a\\\"b\\\\c\\u000ad\\u001be\\u00e9\\u007f\"");
    }

    @Test
    void quote_null_isEmptyQuotes() {
        assertThat(InvalidReferenceException.quote(null)).isEqualTo("\"\"");
    }
}
