package dev.signet.registry;

/**
 * One entry of a distribution-spec error body {@code {"errors":[{"code":..,"message":..,"detail":..}]}}. The
 * message is the registry's, trimmed; detail is dropped because registries echo request data in it.
 */
public record RegistryErrorCode(String code, String message) {

    @Override
    public String toString() {
        return message == null || message.isEmpty() ? code : code + " (" + message + ")";
    }
}
