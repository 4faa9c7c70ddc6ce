package io.sluice.persistence.deadletter;

import io.sluice.persistence.codec.Codecs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM for {@link BadInputTest}: holds a dead-letter store open (so its directory is locked by another live
 * process), says so on stdout, and holds it until stdin closes or it is killed.
 */
final class DeadLetterLockHolder
{
    private DeadLetterLockHolder()
    {
    }

    @SuppressWarnings("try") // the resource is held for its lock, not used
    public static void main(final String[] args) throws IOException
    {
        try (ChronicleDeadLetterStore<String> ignored = ChronicleDeadLetterStore.open(Path.of(args[0]), Codecs.utf8()))
        {
            System.out.println("LOCKED " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
