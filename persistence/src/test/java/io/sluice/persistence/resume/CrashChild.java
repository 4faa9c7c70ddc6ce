package io.sluice.persistence.resume;

import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.queues.overflow.SpillStore;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * One life of the crash test's pipeline, in its own JVM: a resuming source at a fixed rate, a SPILL edge over a
 * Chronicle store, and a slow sink that removes repeats with a {@link SequenceTracker}, logs each sequence number it
 * handles, then acknowledges the spill store and the checkpoint. The parent kills it with SIGKILL at random points
 * and checks the logs.
 * <p>
 * Files in the work directory, per life N: {@code start-N.txt} (watermark and recovered count at start),
 * {@code spilled-N.log} (sequence numbers whose append to the spill store succeeded, i.e. whose offer returned
 * SPILLED), {@code polled-N.log} (sequence numbers the store gave back, recovered ones first),
 * {@code delivered-N.log} (sequence numbers the sink handled, repeats removed), {@code done-N.txt} (only
 * when the life ends normally). Logs are 8-byte records written before anything is acknowledged.
 * <p>
 * Arguments: work directory, last sequence number, source rate (messages per second), sink cost (nanoseconds per
 * message).
 */
public final class CrashChild
{
    static final int ACK_EVERY = 32;
    static final int WINDOW = 1 << 21;

    private CrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path work = Path.of(args[0]);
        final long last = Long.parseLong(args[1]);
        final long rate = Long.parseLong(args[2]);
        final long sinkNanos = Long.parseLong(args[3]);
        int life = 0;
        while (Files.exists(work.resolve("start-" + life + ".txt")))
        {
            life++;
        }

        try (SequenceCheckpoint checkpoint = SequenceCheckpoint.open(work.resolve("checkpoint"));
            ChronicleSpillStore<Long> store = SpillOptions.directory(work.resolve("spill")).manualAck(true)
                .objectStore(Codecs.longs());
            Log spilledLog = new Log(work.resolve("spilled-" + life + ".log"));
            Log polledLog = new Log(work.resolve("polled-" + life + ".log"));
            Log deliveredLog = new Log(work.resolve("delivered-" + life + ".log")))
        {
            final long acknowledged = checkpoint.acknowledged();
            Files.writeString(work.resolve("start-" + life + ".txt"),
                "watermark=" + acknowledged + "\nrecovered=" + store.recovered() + "\n");

            final SequenceTracker tracker = new SequenceTracker(acknowledged, WINDOW);
            final int[] sinceAck = new int[1];
            final GraphBuilder builder = GraphBuilder.graph("crash-test");
            builder.source("source", new Paced(new ResumingSource<Long>(acknowledged + 1, last, seq -> seq), rate));
            builder.sink("sink", (Long seq) ->
            {
                if (!tracker.onSequence(seq))
                {
                    return;
                }
                final long until = System.nanoTime() + sinkNanos;
                while (System.nanoTime() - until < 0)
                {
                    Thread.onSpinWait();
                }
                deliveredLog.write(seq);
                if (++sinceAck[0] >= ACK_EVERY)
                {
                    sinceAck[0] = 0;
                    store.acknowledge();
                    checkpoint.acknowledge(tracker.watermark());
                }
            });
            builder.edge("spill", "source", "sink").kind(ChannelKind.OBJECT_SPSC).capacity(64)
                .policy(OverflowPolicy.SPILL).spillStore(new LoggingStore(store.forEdge(), spilledLog, polledLog));
            final Graph graph = builder.threading(ThreadingMode.THREAD_PER_AGENT).idleStrategy("yielding").build();
            graph.start();
            System.out.println("started life " + life);
            System.out.flush();
            while (!graph.isDone())
            {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            final ChannelCounters counters = graph.edgeCounters("spill", new ChannelCounters());
            graph.close();
            store.acknowledge();
            checkpoint.acknowledge(tracker.watermark());
            Files.writeString(work.resolve("done-" + life + ".txt"), "watermark=" + tracker.watermark() +
                "\nrepeats=" + tracker.repeats() + "\nfirsts=" + tracker.firsts() + "\nconserved=" +
                counters.isConserved() + "\ncounters=" + counters + "\n");
        }
    }

    /** Emits no faster than a fixed rate, so the spill grows while the slow sink runs. */
    private static final class Paced implements SourceHandler<Long>
    {
        private final ResumingSource<Long> source;
        private final long nanosPerMessage;
        private final long start = System.nanoTime();
        private long emitted;

        Paced(final ResumingSource<Long> source, final long rate)
        {
            this.source = source;
            this.nanosPerMessage = TimeUnit.SECONDS.toNanos(1) / rate;
        }

        @Override
        public int produce(final Outbox<Long> outbox, final int limit)
        {
            final long due = (System.nanoTime() - start) / nanosPerMessage - emitted;
            if (due <= 0)
            {
                return 0;
            }
            final int result = source.produce(outbox, (int)Math.min(limit, due));
            if (result > 0)
            {
                emitted += result;
            }
            return result;
        }
    }

    /**
     * Logs each message the store accepted (the offer of each returned SPILLED) and each message the store gave back
     * to the channel (recovered or spilled, in the store's order), before the channel delivers it.
     */
    private static final class LoggingStore implements SpillStore<Object>
    {
        private final SpillStore<Object> store;
        private final Log log;
        private final Log polledLog;

        LoggingStore(final SpillStore<Object> store, final Log log, final Log polledLog)
        {
            this.store = store;
            this.log = log;
            this.polledLog = polledLog;
        }

        @Override
        public boolean append(final Object message)
        {
            if (!store.append(message))
            {
                return false;
            }
            log.write((Long)message);
            return true;
        }

        @Override
        public Object poll()
        {
            final Object message = store.poll();
            if (null != message)
            {
                polledLog.write((Long)message);
            }
            return message;
        }

        @Override
        public long recovered()
        {
            return store.recovered();
        }

        @Override
        public void delivered(final int count)
        {
            store.delivered(count);
        }
    }

    /** 8-byte records appended with a write system call each: in the page cache, so they survive SIGKILL. */
    static final class Log implements AutoCloseable
    {
        private final FileChannel channel;
        private final ByteBuffer record = ByteBuffer.allocateDirect(Long.BYTES);

        Log(final Path path) throws IOException
        {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }

        void write(final long value)
        {
            record.clear();
            record.putLong(0, value);
            try
            {
                while (record.hasRemaining())
                {
                    channel.write(record);
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
