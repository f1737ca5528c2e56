package dev.signet.conditions;

/** A variable or function that could not be evaluated: the condition is an error, never a pass or a fail. */
final class ExpressionException extends RuntimeException {

    ExpressionException(String message) {
        super(message, null, false, false);
    }
}
