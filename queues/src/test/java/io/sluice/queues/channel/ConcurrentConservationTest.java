package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded multi-threaded runs: producer threads (three on the MPSC kinds, one on the SPSC kinds) offer, try and claim
 * while one consumer thread drains (and, in MANUAL mode, grants credits as it drains). Afterwards the counters must
 * agree with the producers' own ledgers and the consumer's count, each producer's messages must arrive in order
 * and at most once, and only messages the channel took may arrive. Every wait has a deadline.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentConservationTest
{
    private static final int SEEDS = 2;
    private static final int MESSAGES_PER_PRODUCER = 10_000;
    private static final int PRODUCER_BITS = 2;
    private static final long IDLE_STEP_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long CONSUMER_DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.sluice.queues.channel.Parameters#multiProducerKindsPoliciesAndCreditModes")
    void shouldConserveAndKeepPerProducerOrderWithConcurrentProducers(
        final ChannelKind kind, final OverflowPolicy policy, final CreditMode creditMode)
    {
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            new Run(kind, policy, creditMode, seed, 3).execute();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.queues.channel.Parameters#singleProducerKindsAndPolicies")
    void shouldConserveAndKeepOrderWithProducerAndConsumerThreads(final ChannelKind kind, final OverflowPolicy policy)
    {
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            new Run(kind, policy, CreditMode.AUTO, seed, 1).execute();
            new Run(kind, policy, CreditMode.MANUAL, seed, 1).execute();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelKind.class)
    void shouldKeepPerProducerOrderAcrossMemoryAndSpillUnderContention(final ChannelKind kind)
    {
        // a tiny high water mark makes the channel switch between memory and spill store all the time
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            final Run run = new Run(kind, OverflowPolicy.SPILL, CreditMode.AUTO, seed,
                kind.isMultiProducer() ? 3 : 1);
            run.capacity = 2;
            run.high = 1;
            run.low = 0;
            run.messagesPerProducer = 30_000;
            run.execute();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldDeliverEverythingTakenWhenClosedWhileProducersRun(final ChannelKind kind, final OverflowPolicy policy)
    {
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            final Run run = new Run(kind, policy, CreditMode.AUTO, seed, kind.isMultiProducer() ? 3 : 1);
            run.closeAfter = 1_000 + (int)(seed * 1_234);
            run.execute();
            assertTrue(run.closedOffers > 0, "no offer saw the channel closed");
        }
    }

    private static final class Run
    {
        final ChannelKind kind;
        final OverflowPolicy policy;
        final CreditMode creditMode;
        final long seed;
        final int producers;
        final Fixture fixture = new Fixture(IDLE_STEP_NS);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final IntArrayList delivered = new IntArrayList();
        Harness harness;
        String where;
        int capacity;
        int high;
        int low;
        int messagesPerProducer = MESSAGES_PER_PRODUCER;
        /** Producer 0 closes the channel before offering this sequence number; -1 for a close after all. */
        int closeAfter = -1;
        long closedOffers;
        final AtomicReference<Boolean> lastWritability = new AtomicReference<>(true);
        final AtomicLong listenerCalls = new AtomicLong();
        final AtomicBoolean inListener = new AtomicBoolean();

        Run(
            final ChannelKind kind,
            final OverflowPolicy policy,
            final CreditMode creditMode,
            final long seed,
            final int producers)
        {
            this.kind = kind;
            this.policy = policy;
            this.creditMode = creditMode;
            this.seed = seed;
            this.producers = producers;
        }

        void execute()
        {
            final SplittableRandom random = new SplittableRandom(seed);
            fixture.objectSpillCapacity = 64;
            fixture.binarySpillBytes = 2048;
            if (0 == capacity)
            {
                capacity = random.nextInt(2, 33);
                high = random.nextInt(1, capacity + 1);
                low = random.nextInt(0, high);
            }
            final ChannelBuilder<Integer> builder = fixture.builder(kind, policy)
                .capacity(capacity).highWaterMark(high).lowWaterMark(low).creditMode(creditMode);
            if (creditMode == CreditMode.MANUAL)
            {
                builder.initialCredits(high);
            }
            fixture.sink.refuseWhen((value) -> RandomisedConservationTest.refusedBySink(value) == 0);
            builder.writabilityListener(this::onWritabilityChanged);
            harness = fixture.build(kind, builder);
            where = kind + " " + policy + " " + creditMode + " seed " + seed + " capacity " + capacity +
                " high " + high + " low " + low;

            final Ledger[] ledgers = new Ledger[producers];
            final Thread[] producerThreads = new Thread[producers];
            for (int p = 0; p < producers; p++)
            {
                final int id = p;
                ledgers[p] = new Ledger();
                producerThreads[p] = thread("producer-" + p, () -> produce(id, ledgers[id]));
            }
            final Thread consumer = thread("consumer", this::consume);
            consumer.start();
            for (final Thread producer : producerThreads)
            {
                producer.start();
            }

            for (final Thread producer : producerThreads)
            {
                Await.join(producer);
            }
            harness.channel().close();
            Await.join(consumer);
            assertNull(failure.get(), () -> where + ": " + failure.get());

            final Ledger ledger = new Ledger();
            for (final Ledger producerLedger : ledgers)
            {
                ledger.merge(producerLedger);
            }
            closedOffers = ledger.closed;
            if (closeAfter < 0)
            {
                assertEquals(0, ledger.closed, "no offer ran after close, " + where);
            }
            final ChannelCounters counters = harness.counters();
            assertEquals(counters.unwritableCount() * 2 - (lastWritability.get() ? 0 : 1), listenerCalls.get(),
                "one listener call per transition, alternating, " + where);
            ledger.assertMatches(counters, delivered.size(), where);
            assertTrue(harness.channel().isEndOfStream(), where);
            assertEquals(0, counters.depth(), where);
            assertEquals(0, counters.spilledPending(), where);

            final BitSet onItsWay = new BitSet();
            for (int i = 0; i < ledger.onItsWay.size(); i++)
            {
                onItsWay.set(ledger.onItsWay.getInt(i));
            }
            for (int i = 0; i < delivered.size(); i++)
            {
                assertTrue(onItsWay.get(delivered.getInt(i)),
                    "delivered " + delivered.getInt(i) + " which the channel never took, " + where);
            }
            if (policy == OverflowPolicy.DROP_OLDEST)
            {
                assertEquals(ledger.onItsWay.size() - delivered.size(), counters.droppedOldest(), where);
            }
            else
            {
                // no duplicates (checked in order) and only taken messages: equal counts mean equal sets
                assertEquals(ledger.onItsWay.size(), delivered.size(), "lost messages, " + where);
                assertEquals(0, counters.droppedOldest(), where);
            }
            final List<Integer> shed = fixture.sink.taken();
            assertEquals(ledger.shedValues.size(), shed.size(), where);
            final BitSet shedValues = new BitSet();
            for (int i = 0; i < ledger.shedValues.size(); i++)
            {
                shedValues.set(ledger.shedValues.getInt(i));
            }
            for (final int value : shed)
            {
                assertTrue(shedValues.get(value), "sink took " + value + " which was not SHED, " + where);
            }
        }

        /**
         * Calls must never overlap and must alternate, starting with "unwritable".
         */
        private void onWritabilityChanged(final Channel channel, final boolean writable)
        {
            if (!inListener.compareAndSet(false, true))
            {
                failure.compareAndSet(null, new AssertionError("concurrent listener calls, " + where));
            }
            if (lastWritability.get() == writable)
            {
                failure.compareAndSet(null, new AssertionError("listener told " + writable + " twice, " + where));
            }
            lastWritability.set(writable);
            listenerCalls.incrementAndGet();
            inListener.set(false);
        }

        private Thread thread(final String name, final Runnable task)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    task.run();
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, name);
            thread.setDaemon(true);
            return thread;
        }

        private void produce(final int id, final Ledger ledger)
        {
            final MessageProducer producer = harness.newProducer();
            final SplittableRandom random = new SplittableRandom(seed * 7919 + id);
            for (int sequence = 0; sequence < messagesPerProducer && null == failure.get(); sequence++)
            {
                if (id == 0 && sequence == closeAfter)
                {
                    harness.channel().close();
                }
                final int value = (sequence << PRODUCER_BITS) | id;
                final int choice = random.nextInt(100);
                final int code;
                if (choice < 15)
                {
                    code = producer.tryOffer(value);
                }
                else if (choice < 35 && harness.isBinary())
                {
                    code = producer.claimAndCommit(value, random.nextInt(4) == 0);
                }
                else
                {
                    code = producer.offer(value);
                }
                ledger.record(value, code);
                if (random.nextInt(64) == 0)
                {
                    Thread.yield();
                }
            }
        }

        private void consume()
        {
            final SplittableRandom random = new SplittableRandom(seed * 104_729);
            final int[] lastSequence = new int[1 << PRODUCER_BITS];
            Arrays.fill(lastSequence, -1);
            final long deadline = System.nanoTime() + CONSUMER_DEADLINE_NS;
            final Channel channel = harness.channel();
            while (!channel.isEndOfStream())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new AssertionError("consumer did not reach end of stream in time: " + harness.counters());
                }
                final int count = harness.drain(random.nextInt(1, 33), (value) ->
                {
                    final int producer = value & ((1 << PRODUCER_BITS) - 1);
                    final int sequence = value >>> PRODUCER_BITS;
                    if (sequence <= lastSequence[producer])
                    {
                        throw new AssertionError("producer " + producer + ": " + sequence + " delivered after " +
                            lastSequence[producer] + " (out of order or twice)");
                    }
                    lastSequence[producer] = sequence;
                    delivered.addInt(value);
                });
                if (count > 0 && creditMode == CreditMode.MANUAL)
                {
                    channel.request(count);
                }
                if (count == 0)
                {
                    Thread.yield();
                }
            }
        }
    }
}
