package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codecs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM for {@link SpillDirectoryInUseTest}: holds a spill store open, so its directory is locked by another
 * live process, says so on stdout, and keeps it until stdin closes or it is killed.
 */
final class SpillLockHolder
{
    private SpillLockHolder()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(Path.of(args[0])).objectStore(Codecs.longs()))
        {
            store.append(1L);
            System.out.println("LOCKED " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
