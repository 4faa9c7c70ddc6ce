package io.sluice.examples;

import io.sluice.examples.backpressure.BackpressureExample;
import io.sluice.examples.demo.DemoCommand;
import io.sluice.examples.dlq.DlqCommand;
import io.sluice.examples.orchestration.OrchestrationExample;
import io.sluice.examples.spill.SpillExample;
import io.sluice.examples.spilltools.SpillCommand;
import io.sluice.examples.stat.StatCommand;
import io.sluice.examples.telemetry.TelemetryExample;
import io.sluice.examples.trading.TradingExample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The {@code sluice} command line: {@code bin/sluice COMMAND [OPTIONS]}. Unknown commands and bad options print a
 * one-line error and the usage and exit with 2.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0-SNAPSHOT",
    description = "Sluice: bounded, lock-free in-process channels with backpressure.",
    subcommands = { DemoCommand.class, SluiceCommand.Examples.class, StatCommand.class, DlqCommand.class,
        SpillCommand.class, BenchCommand.class, CommandLine.HelpCommand.class })
public final class SluiceCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    /**
     * Entry point used by {@code bin/sluice}.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /**
     * Run a command line and return its exit code (for tests).
     *
     * @param args command line.
     * @return the exit code: 0 success, 1 failure, 2 usage error.
     */
    public static int run(final String... args)
    {
        return commandLine().execute(args);
    }

    /**
     * Run a command line with its output and errors captured (for tests).
     *
     * @param out  where the command prints.
     * @param err  where errors and usage go.
     * @param args command line.
     * @return the exit code: 0 success, 1 failure, 2 usage error.
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    /**
     * The command line with its one rule for bad input: an unknown command or a bad option prints one line saying
     * what is wrong, then the usage of the command it was given to, and exits with 2 (picocli's default prints a
     * "did you mean" suggestion instead of the usage).
     */
    private static CommandLine commandLine()
    {
        return new CommandLine(new SluiceCommand()).setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine command = ex.getCommandLine();
            final PrintWriter err = command.getErr();
            err.println(firstLine(ex.getMessage()));
            command.usage(err);
            err.flush();
            return 2;
        });
    }

    private static String firstLine(final String message)
    {
        final String text = null == message ? "bad command line" : message.strip();
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /**
     * Without a command: print the usage.
     */
    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code sluice examples NAME}: the runnable examples.
     */
    @Command(
        name = "examples",
        mixinStandardHelpOptions = true,
        description = "Run one of the examples.",
        subcommands = { BackpressureExample.class, SpillExample.class, TradingExample.class,
            TelemetryExample.class, OrchestrationExample.class })
    public static final class Examples implements Runnable
    {
        @Spec
        private CommandSpec spec;

        /**
         * Without an example name: print the list.
         */
        @Override
        public void run()
        {
            spec.commandLine().usage(System.out);
        }
    }
}
