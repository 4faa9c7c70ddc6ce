package io.sluice.queues.channel;

import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmokeTest
{
    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void shouldConserveObjects(final OverflowPolicy policy)
    {
        for (final ChannelKind kind : new ChannelKind[]{ ChannelKind.OBJECT_SPSC, ChannelKind.OBJECT_MPSC })
        {
            final ChannelBuilder<Integer> b = ChannelBuilder.<Integer>channel("c").kind(kind).capacity(8)
                .highWaterMark(6).lowWaterMark(2).policy(policy);
            switch (policy)
            {
                case BLOCK -> b.blockTimeout(1, java.util.concurrent.TimeUnit.MILLISECONDS);
                case SHED -> b.overflowSink((c, m) -> true);
                case SPILL -> b.spillStore(new InMemorySpillStore<>(1024));
                default -> { }
            }
            final ObjectChannel<Integer> ch = b.buildObjectChannel();
            final List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                ch.offer(i);
            }
            ch.drain(got::add, 3);
            for (int i = 20; i < 30; i++)
            {
                ch.offer(i);
            }
            ch.close();
            while (!ch.isEndOfStream())
            {
                ch.drain(got::add, 100);
            }
            final ChannelCounters c = ch.counters(new ChannelCounters());
            assertTrue(c.isConserved(), kind + " " + policy + " " + c);
            assertEquals(30, c.offered(), c.toString());
            assertEquals(got.size(), c.delivered(), c + " " + got);
            System.out.println(kind + " " + policy + " " + got + " " + c);
        }
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void shouldConserveBinary(final OverflowPolicy policy)
    {
        for (final ChannelKind kind : new ChannelKind[]{ ChannelKind.BINARY_SPSC, ChannelKind.BINARY_MPSC })
        {
            final ChannelBuilder<Void> b = ChannelBuilder.<Void>channel("c").kind(kind).capacity(8)
                .highWaterMark(6).lowWaterMark(2).policy(policy).maxMessageLength(16);
            switch (policy)
            {
                case BLOCK -> b.blockTimeout(1, java.util.concurrent.TimeUnit.MILLISECONDS);
                case SHED -> b.binaryOverflowSink((c, t, buf, o, l) -> true);
                case SPILL -> b.binarySpillStore(new InMemoryBinarySpillStore(4096));
                default -> { }
            }
            final BinaryChannel ch = b.buildBinaryChannel();
            final UnsafeBuffer src = new UnsafeBuffer(new byte[16]);
            final BinaryClaim claim = ch.newClaim();
            final List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                src.putInt(0, i);
                if (i % 2 == 0)
                {
                    ch.offer(1, src, 0, 4);
                }
                else if (ch.claim(1, 4, claim) > 0)
                {
                    claim.buffer().putInt(claim.offset(), i);
                    claim.commit();
                }
            }
            ch.drain((t, buf, o, l) -> got.add(buf.getInt(o)), 3);
            ch.close();
            while (!ch.isEndOfStream())
            {
                ch.drain((t, buf, o, l) -> got.add(buf.getInt(o)), 100);
            }
            final ChannelCounters c = ch.counters(new ChannelCounters());
            assertTrue(c.isConserved(), kind + " " + policy + " " + c);
            assertEquals(20, c.offered(), c.toString());
            assertEquals(got.size(), c.delivered(), c + " " + got);
            System.out.println(kind + " " + policy + " " + got + " " + c);
        }
    }
}
