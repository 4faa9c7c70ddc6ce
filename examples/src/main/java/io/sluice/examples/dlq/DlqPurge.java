package io.sluice.examples.dlq;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.deadletter.DeadLetterReader;
import io.sluice.persistence.deadletter.DeadLetterStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sluice dlq purge DIR [--yes]}: delete every dead letter and replay mark, keeping the directory.
 */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = "Delete every dead letter (and every replay cursor's mark) in a store directory. Refused while a " +
        "store or a replay has the directory open, in this or another process. Asks first on a terminal; " +
        "elsewhere needs --yes.")
public final class DlqPurge implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dead-letter store directory.")
    private Path dir;

    @Option(names = "--yes", description = "Do not ask: delete.")
    private boolean yes;

    /**
     * Purge.
     *
     * @return 0 when purged, 1 when refused or not confirmed.
     */
    @Override
    public Integer call()
    {
        try
        {
            final long count;
            try (DeadLetterReader reader = DeadLetterReader.open(dir))
            {
                count = reader.count();
            }
            if (!yes)
            {
                final Console console = System.console();
                if (null == console)
                {
                    return ToolErrors.fail(spec, "refusing to delete " + count + " dead letters from " + dir +
                        " without --yes (not a terminal, cannot ask)");
                }
                final String answer = console.readLine("Delete %d dead letters from %s? [y/N] ", count, dir);
                if (null == answer || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y"))
                {
                    return ToolErrors.fail(spec, "not confirmed; nothing deleted");
                }
            }
            final long purged = DeadLetterStores.purge(dir);
            spec.commandLine().getOut().println("purged " + purged + " dead letters from " + dir);
            spec.commandLine().getOut().flush();
            return 0;
        }
        catch (final StoreDirectoryException ex)
        {
            return ToolErrors.fail(spec, ex);
        }
    }
}
