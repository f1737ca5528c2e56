package dev.signet.cli;

import dev.signet.SignetException;
import dev.signet.policy.PolicyException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code signet}: the root command; every verb is a subcommand. */
@Command(name = "signet",
        mixinStandardHelpOptions = true,
        versionProvider = SignetCommand.Version.class,
        description = "Sign and verify container images, byte-compatible with cosign.",
        subcommands = {GenerateKeyPairCommand.class, PublicKeyCommand.class, SignCommand.class, VerifyCommand.class, VerifyBlobCommand.class,
                AttestCommand.class, VerifyAttestationCommand.class,
                TriangulateCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class})
public final class SignetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // fabric8 logs through SLF4J, which the CLI ships without a provider; its start-up notice is noise here
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(execute(Terminal.system(), Kubernetes.fromKubeconfig(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with explicit surroundings and returns the exit code. A {@link SignetException} is
     * printed as its one-line message (never a stack trace) and mapped to the exit codes of interfaces.md.
     */
    public static int execute(Terminal terminal, PrintWriter out, PrintWriter err, String... args) {
        return execute(terminal, Kubernetes.fromKubeconfig(), out, err, args);
    }

    static int execute(Terminal terminal, Kubernetes kubernetes, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SignetCommand(), new Factory(terminal, kubernetes));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof SignetException signet) {
                line.getErr().println("Error: " + signet.getMessage());
                if (exception instanceof PolicyException policy) {
                    policy.detail().ifPresent(detail -> line.getErr().println(detail.indent(2).stripTrailing()));
                }
                return ExitCodes.of(signet.reason());
            }
            if (exception instanceof IllegalArgumentException) {
                // an argument a value type refused without a Signet reason: still the caller's input, still one line
                line.getErr().println("Error: " + line.getCommandName() + ": " + exception.getMessage());
                return ExitCodes.INPUT_ERROR;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Hands the terminal (and Kubernetes, to the verbs that take it) to every command's constructor. */
    private record Factory(Terminal terminal, Kubernetes kubernetes) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 2 && parameters[0] == Terminal.class && parameters[1] == Kubernetes.class) {
                    return type.cast(constructor.newInstance(terminal, kubernetes));
                }
                if (parameters.length == 1 && parameters[0] == Terminal.class) {
                    return type.cast(constructor.newInstance(terminal));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SignetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"signet " + (version == null ? "development" : version)};
        }
    }
}
