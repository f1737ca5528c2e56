package dev.signet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code policy}: work with admission policies offline. */
@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Work with admission policies.", subcommands = {PolicyTestCommand.class, CommandLine.HelpCommand.class})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "policy needs a subcommand: test");
    }
}
