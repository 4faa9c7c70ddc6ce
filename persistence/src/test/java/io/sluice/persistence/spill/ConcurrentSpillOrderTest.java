package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codecs;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Order with real threads over a Chronicle store: producers offer as fast as they can while a consumer thread stalls
 * (takes nothing) and resumes many times, so the channel switches between memory and the spill store over and over.
 * Delivery order equals offer order per producer, nothing is lost or repeated, and the counters conserve.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentSpillOrderTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({ "OBJECT_SPSC, 1, 200000", "OBJECT_MPSC, 2, 100000" })
    void shouldDeliverInOfferOrderPerProducerWhileTheConsumerStallsAndResumes(
        final ChannelKind kind, final int producers, final int perProducer) throws Exception
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = ChannelBuilder.<Long>channel("stalling").kind(kind).capacity(256)
                .policy(OverflowPolicy.SPILL).spillStore(store).buildObjectChannel();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicLong spilled = new AtomicLong();
            final List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++)
            {
                final long producer = p;
                threads.add(new Thread(() ->
                {
                    for (long i = 0; i < perProducer; i++)
                    {
                        // producer id in the high bits, its own sequence in the low bits
                        final int code = channel.offer((producer << 40) | i);
                        if (code == OfferResult.SPILLED)
                        {
                            spilled.incrementAndGet();
                        }
                        else if (code != OfferResult.ACCEPTED)
                        {
                            failure.compareAndSet(null, new AssertionError("offer " + OfferResult.toString(code)));
                            return;
                        }
                    }
                }, "producer-" + p));
            }
            threads.forEach(Thread::start);

            final long[] next = new long[producers];
            final long total = (long)producers * perProducer;
            final SplittableRandom random = new SplittableRandom(7);
            final long deadline = System.nanoTime() + DEADLINE_NS;
            long delivered = 0;
            int stalls = 0;
            while (delivered < total)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    fail("delivered " + delivered + " of " + total + " before the deadline; failure " + failure.get());
                }
                if (random.nextInt(8) == 0)
                {
                    // stall: let the producers run into the spill store
                    stalls++;
                    final long until = System.nanoTime() + random.nextLong(10_000, 300_000);
                    while (System.nanoTime() - until < 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                final int[] got = {0};
                channel.drain(value ->
                {
                    final int producer = (int)(value >>> 40);
                    final long sequence = value & ((1L << 40) - 1);
                    if (sequence != next[producer])
                    {
                        throw new AssertionError("producer " + producer + ": expected " + next[producer] + " got " +
                            sequence);
                    }
                    next[producer]++;
                    got[0]++;
                }, random.nextInt(1, 512));
                delivered += got[0];
            }
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (null != failure.get())
            {
                throw new AssertionError(failure.get());
            }

            final ChannelCounters counters = channel.counters(new ChannelCounters());
            assertEquals(total, counters.offered());
            assertEquals(total, counters.delivered());
            assertTrue(counters.isConserved(), counters.toString());
            assertEquals(0, store.pendingMessages());
            assertTrue(spilled.get() > 1000 && stalls > 100, "spilled=" + spilled.get() + " stalls=" + stalls);
        }
    }
}
