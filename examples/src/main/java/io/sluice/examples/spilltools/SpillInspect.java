package io.sluice.examples.spilltools;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.spill.SpillDirectoryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice spill inspect DIR}: what a spill directory holds.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print a spill directory's kind, codec, owner, acknowledged position, pending messages and bytes " +
        "(spilled and not acknowledged: what a restart would deliver first) and its files.")
public final class SpillInspect implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The spill store directory.")
    private Path dir;

    /**
     * Inspect.
     *
     * @return 0, or 1 if the directory cannot be read.
     */
    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
        {
            final long[] pending = reader.pending();
            final List<Path> files = reader.files();
            long bytesOnDisk = 0;
            for (final Path file : files)
            {
                bytesOnDisk += Files.size(file);
            }
            out.printf("directory:    %s%n", dir);
            out.printf("kind:         %s%n", reader.isBinary() ? "binary (type id + raw bytes)" : "object");
            out.printf("codec:        %s%n", reader.codec());
            out.printf("owner:        %s%n", reader.inUse() ? "in use by a live process (a snapshot follows)" :
                "none (a store opened here will deliver the pending messages first)");
            out.printf("acknowledged: %s%n", reader.acknowledgedIndex() == 0 ? "nothing yet" :
                "index " + Long.toHexString(reader.acknowledgedIndex()));
            out.printf("pending:      %,d messages, %,d payload bytes%n", pending[0], pending[1]);
            out.printf("files:        %d (%,d bytes allocated, sparse)%n", files.size(), bytesOnDisk);
            for (final Path file : files)
            {
                out.printf("  %s%n", file.getFileName());
            }
            out.flush();
            return 0;
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }
}
