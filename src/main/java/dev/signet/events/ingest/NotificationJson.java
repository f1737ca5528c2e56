package dev.signet.events.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads webhook bodies into the {@code events.inbound} records with the app's Jackson mapper, whose default read
 * limits (nesting depth, string and number lengths) hold off hostile documents; the body limit keeps the rest small.
 * Every failure becomes an
 * {@link InvalidNotificationException} naming the member that broke in JSON terms (never Java class names, which
 * would mean nothing to the registry's operator), and never a 500.
 */
final class NotificationJson {
    private static final int MAX_CAUSE_LENGTH = 200;

    private final ObjectMapper mapper;

    NotificationJson(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The body as {@code type}; {@code action} (e.g. "parse quay notification") starts every error message. */
    <T> T read(byte[] body, Class<T> type, String action) {
        if (body.length == 0) {
            throw new InvalidNotificationException(action, null, "body is empty");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (JsonMappingException e) {
            // Jackson wraps syntax errors met while binding (a document cut short) in a mapping exception
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
                throw malformed(action, syntax);
            }
            String member = path(e);
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                throw new InvalidNotificationException(action, member == null ? "body" : member,
                        "is not " + expected(mismatch.getTargetType()));
            }
            throw new InvalidNotificationException(action, member, concise(e));
        } catch (IOException | RuntimeException e) {
            throw malformed(action, e);
        }
        if (value == null) {
            throw new InvalidNotificationException(action, null, "body is JSON null, not an object");
        }
        return value;
    }

    private static InvalidNotificationException malformed(String action, Exception e) {
        return new InvalidNotificationException(action, null, "malformed JSON" + location(e) + ": " + concise(e));
    }

    /** The JSON path of a mapping failure, e.g. {@code events[0].target}, or null at the top level. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    /** The JSON kind a Java target type is read from. */
    private static String expected(Class<?> type) {
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        return JsonNode.class.isAssignableFrom(type) ? "a JSON value" : "an object";
    }

    private static String location(Exception e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation at = json.getLocation();
            return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return "";
    }

    /**
     * Jackson's first message line without its source excerpts, cut and stripped of controls: it goes back to the
     * sender and into logs.
     */
    private static String concise(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse(message)
                .replaceAll(" ?\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll(" ?\\[Source:[^\\]]*\\]", "")
                // C1 controls and U+2028/9 break log lines too; \p{Cntrl} is ASCII only
                .replaceAll("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]", "?")
                .strip();
        return message.length() > MAX_CAUSE_LENGTH ? message.substring(0, MAX_CAUSE_LENGTH) + "…" : message;
    }
}
