package io.sluice.examples.spilltools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice spill SUBCOMMAND}: tools for spill store directories.
 */
@Command(
    name = "spill",
    mixinStandardHelpOptions = true,
    description = "Inspect and replay a spill store directory (written by ChronicleSpillStore or " +
        "ChronicleBinarySpillStore), read-only: they work on a live process's directory and change nothing.",
    subcommands = { SpillInspect.class, SpillReplay.class })
public final class SpillCommand implements Runnable
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
