package io.sluice.persistence.spill;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the jcstress states get their Chronicle spill stores, one per channel, and where the stores go afterwards.
 * <p>
 * Opening a store costs a directory, a lock file, a metadata file and a memory-mapped queue file: on tmpfs about
 * 0.5 to 1.5 ms once warm (the first in a VM 150 to 500 ms), the first append 0.1 to 0.3 ms more, closing and deleting
 * 0.1 to 0.6 ms, and each open store holds 3 file descriptors and 2 mappings; a whole race on a warm store costs a few
 * microseconds. So a store is <i>leased</i>: a state takes one when it is built and its arbiter gives it back after
 * draining it and checking it is empty. An empty store goes back to a pool and serves at most {@link #REUSE} states
 * in all, one after the other (never two live states: jcstress builds a replacement state only after the old one's
 * arbiter ran); then it is closed and its directory deleted. A store whose state failed, or that still holds
 * messages, is retired at once.
 * With {@code -Dsluice.jcstress.spill.reuse=1} every state gets a fresh queue. Reuse keeps what is raced real (the
 * channel is new, the store empty, the appender, tailer and acknowledgement are Chronicle's) and still races a fresh
 * queue's first append, which creates the cycle file, in one state out of {@link #REUSE}; the open files are bounded
 * by the live states, which jcstress sizes by time. A closed store still maps its metadata file until the VM exits
 * (SpillQueue does not close the LongValue of its acknowledged position), one more reason to close few.
 * <p>
 * The files live under one directory per forked VM, {@code sluice-jcstress-spill-<pid>-<n>}, on {@code /dev/shm} if
 * it is a writable directory, else under {@code java.io.tmpdir} ({@code -Dsluice.jcstress.spill.dir} overrides). A
 * shutdown hook deletes it; a later fork deletes those left by VMs that no longer run (killed on a timeout).
 * <p>
 * Chronicle's disk-space monitor thread and start-up announcement are turned off (unless set otherwise on the
 * command line): neither is part of the spill path, and the monitor costs a disk poll per queue opened.
 * <p>
 * <b>Note:</b> thread-safe; a lease is used by one state at a time.
 */
final class SpillStores
{
    /** States one store serves before it is closed and deleted; 1 for a fresh queue per state. */
    static final int REUSE = Math.max(1, Integer.getInteger("sluice.jcstress.spill.reuse", 8));

    /** Idle stores kept open per kind, beyond which a returned store is retired. */
    static final int MAX_POOLED = 4_096;

    static final String ROOT_PREFIX = "sluice-jcstress-spill-";

    private static final boolean STATS = Boolean.getBoolean("sluice.jcstress.spill.stats");
    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final AtomicLong OPENED = new AtomicLong();
    private static final AtomicLong OPEN_NANOS = new AtomicLong();
    private static final AtomicLong RETIRED = new AtomicLong();
    private static final AtomicLong RETIRE_NANOS = new AtomicLong();
    private static final AtomicLong LEASED = new AtomicLong();
    private static final Pool<ObjectLease> OBJECTS = new Pool<>();
    private static final Pool<BinaryLease> BINARIES = new Pool<>();
    private static final Path ROOT;

    static
    {
        // before any Chronicle class reads them
        defaultProperty("chronicle.disk.monitor.disable", "true");
        defaultProperty("chronicle.announcer.disable", "true");
        ROOT = createRoot();
        Runtime.getRuntime().addShutdownHook(new Thread(SpillStores::shutdown, "spill-stores-cleanup"));
    }

    private SpillStores()
    {
    }

    /**
     * Lease an empty object store for Integer ids.
     */
    static ObjectLease objectStore()
    {
        final ObjectLease pooled = OBJECTS.poll();
        if (null != pooled)
        {
            return leased(pooled);
        }
        final long start = System.nanoTime();
        final Path directory = ROOT.resolve("o" + NEXT_ID.incrementAndGet());
        final ObjectLease lease = new ObjectLease(SpillOptions.directory(directory).objectStore(IntCodec.INSTANCE),
            directory);
        opened(start);
        return leased(lease);
    }

    /**
     * Lease an empty binary store.
     */
    static BinaryLease binaryStore()
    {
        final BinaryLease pooled = BINARIES.poll();
        if (null != pooled)
        {
            return leased(pooled);
        }
        final long start = System.nanoTime();
        final Path directory = ROOT.resolve("b" + NEXT_ID.incrementAndGet());
        final BinaryLease lease = new BinaryLease(SpillOptions.directory(directory).binaryStore(), directory);
        opened(start);
        return leased(lease);
    }

    private static <L extends Lease> L leased(final L lease)
    {
        LEASED.incrementAndGet();
        lease.begin();
        return lease;
    }

    private static void opened(final long start)
    {
        OPEN_NANOS.addAndGet(System.nanoTime() - start);
        OPENED.incrementAndGet();
    }

    /**
     * A store lent to one state, with its counts when the state took it so the state can check its own share.
     */
    abstract static class Lease
    {
        final Path directory;
        private final AbstractChronicleSpillStore spillStore;
        private int uses;
        private long appendedAtStart;
        private long refusedAtStart;

        Lease(final AbstractChronicleSpillStore spillStore, final Path directory)
        {
            this.spillStore = spillStore;
            this.directory = directory;
        }

        final long appended()
        {
            return spillStore.appended();
        }

        final long refused()
        {
            return spillStore.refused();
        }

        final long pendingMessages()
        {
            return spillStore.pendingMessages();
        }

        abstract void pool();

        final void begin()
        {
            uses++;
            appendedAtStart = appended();
            refusedAtStart = refused();
        }

        /**
         * Messages appended since this state took the store.
         */
        final long appendedHere()
        {
            return appended() - appendedAtStart;
        }

        /**
         * Appends refused since this state took the store.
         */
        final long refusedHere()
        {
            return refused() - refusedAtStart;
        }

        /**
         * Arbiter: give the store back, to the pool if {@code clean} and empty and not yet used up, else retire it.
         */
        final void release(final boolean clean)
        {
            if (clean && uses < REUSE && pendingMessages() == 0)
            {
                pool();
            }
            else
            {
                retire();
            }
        }

        final void retire()
        {
            final long start = System.nanoTime();
            try
            {
                spillStore.close();
            }
            finally
            {
                deleteTree(directory);
                RETIRE_NANOS.addAndGet(System.nanoTime() - start);
                RETIRED.incrementAndGet();
            }
        }
    }

    /**
     * A leased {@link ChronicleSpillStore} of Integer ids.
     */
    static final class ObjectLease extends Lease
    {
        final ChronicleSpillStore<Integer> store;

        ObjectLease(final ChronicleSpillStore<Integer> store, final Path directory)
        {
            super(store, directory);
            this.store = store;
        }

        @Override
        void pool()
        {
            OBJECTS.offer(this);
        }
    }

    /**
     * A leased {@link ChronicleBinarySpillStore}.
     */
    static final class BinaryLease extends Lease
    {
        final ChronicleBinarySpillStore store;

        BinaryLease(final ChronicleBinarySpillStore store, final Path directory)
        {
            super(store, directory);
            this.store = store;
        }

        @Override
        void pool()
        {
            BINARIES.offer(this);
        }
    }

    /**
     * Idle stores of one kind; the queue's offer/poll order the returning arbiter's writes to the store before the
     * next state's use of it.
     */
    private static final class Pool<L extends Lease>
    {
        private final Queue<L> idle = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();

        L poll()
        {
            final L lease = idle.poll();
            if (null != lease)
            {
                size.decrementAndGet();
            }
            return lease;
        }

        void offer(final L lease)
        {
            if (size.incrementAndGet() > MAX_POOLED)
            {
                size.decrementAndGet();
                lease.retire();
                return;
            }
            idle.offer(lease);
        }

        void retireAll()
        {
            L lease;
            while (null != (lease = poll()))
            {
                lease.retire();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the fork's directory
    // ---------------------------------------------------------------------------------------------------------------

    private static void defaultProperty(final String name, final String value)
    {
        if (null == System.getProperty(name))
        {
            System.setProperty(name, value);
        }
    }

    private static Path createRoot()
    {
        final String configured = System.getProperty("sluice.jcstress.spill.dir");
        final Path shm = Path.of("/dev/shm");
        final Path base = null != configured ? Path.of(configured) :
            Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        sweepDeadForks(base);
        try
        {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, ROOT_PREFIX + ProcessHandle.current().pid() + "-");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create a spill directory under " + base, ex);
        }
    }

    /**
     * Delete the directories of forked VMs that died without running their shutdown hook.
     */
    private static void sweepDeadForks(final Path base)
    {
        if (!Files.isDirectory(base))
        {
            return;
        }
        try (DirectoryStream<Path> roots = Files.newDirectoryStream(base, ROOT_PREFIX + "*"))
        {
            for (final Path root : roots)
            {
                final String name = root.getFileName().toString();
                final int end = name.indexOf('-', ROOT_PREFIX.length());
                if (end < 0)
                {
                    continue;
                }
                final long pid;
                try
                {
                    pid = Long.parseLong(name.substring(ROOT_PREFIX.length(), end));
                }
                catch (final NumberFormatException ex)
                {
                    continue;
                }
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    deleteTree(root);
                }
            }
        }
        catch (final IOException ex)
        {
            // best effort: a leftover directory costs space, not correctness
        }
    }

    private static void shutdown()
    {
        OBJECTS.retireAll();
        BINARIES.retireAll();
        deleteTree(ROOT);
        if (STATS)
        {
            final long opened = OPENED.get();
            final long retired = RETIRED.get();
            System.err.printf("spill stores: leased %d, opened %d (%.0f us each), retired %d (close+delete %.0f us " +
                "each), reuse limit %d, root %s%n", LEASED.get(), opened,
                opened == 0 ? 0.0 : OPEN_NANOS.get() / 1e3 / opened, retired,
                retired == 0 ? 0.0 : RETIRE_NANOS.get() / 1e3 / retired, REUSE, ROOT);
        }
    }

    static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
                {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            // best effort: the fork's shutdown hook or the next fork's sweep tries again
        }
    }
}
