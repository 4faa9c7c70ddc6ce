package io.sluice.examples.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice dlq SUBCOMMAND}: the dead-letter store tools.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Inspect, replay and purge a durable dead-letter store (a directory written by " +
        "ChronicleDeadLetterStore or ChronicleBinaryDeadLetterStore).",
    subcommands = { DlqList.class, DlqShow.class, DlqReplay.class, DlqPurge.class })
public final class DlqCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    /**
     * Without a subcommand: print the usage.
     */
    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
