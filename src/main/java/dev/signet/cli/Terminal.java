package dev.signet.cli;

import java.io.Console;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line needs from its surroundings: environment variables and a way to prompt for a password.
 * The real one reads the process environment and the console; tests pass their own, so no global state is swapped.
 */
public interface Terminal {

    /** The value of an environment variable, if set (an empty value counts as set, as cosign treats it). */
    Optional<String> env(String name);

    /** Prompts for a secret without echo; empty when there is no terminal to prompt on. */
    Optional<char[]> readSecret(String prompt);

    /** Standard input, for a file argument of {@code -}; a fixed terminal has none (empty). */
    default InputStream stdin() {
        return InputStream.nullInputStream();
    }

    /** The process environment, console and standard input. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(System.getenv(name));
            }

            @Override
            public Optional<char[]> readSecret(String prompt) {
                Console console = System.console();
                return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
            }

            @Override
            public InputStream stdin() {
                return System.in;
            }
        };
    }

    /** A fixed environment with no terminal, for tests and scripted use. */
    static Terminal of(Map<String, String> environment) {
        return new Terminal() {
            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(environment.get(name));
            }

            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.empty();
            }
        };
    }
}
