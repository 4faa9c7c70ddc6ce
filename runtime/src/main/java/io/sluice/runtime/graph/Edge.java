package io.sluice.runtime.graph;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.metrics.LatencyRecorder;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One edge of a built graph: its channel, whether it propagates backpressure (a {@code BLOCK} edge always, a
 * {@code SPILL} edge with fallback {@code FAIL_FAST} once its store refuses), and how many producers still write to
 * it (the last to finish closes the channel, so the consumer sees end of stream only after every producer ended).
 */
final class Edge
{
    final String name;
    final Channel channel;
    final ObjectChannel<Object> objectChannel;
    final BinaryChannel binaryChannel;
    final boolean propagates;
    final boolean holdsRefusedSpill;
    final String consumer;
    final String[] producers;
    final int distanceToSink;
    final LatencyRecorder waitTime;
    private final AtomicInteger openProducers;

    @SuppressWarnings("unchecked")
    Edge(
        final Channel channel,
        final String[] producers,
        final String consumer,
        final int distanceToSink,
        final LatencyRecorder waitTime)
    {
        this.waitTime = waitTime;
        this.name = channel.name();
        this.channel = channel;
        this.objectChannel = channel instanceof ObjectChannel ? (ObjectChannel<Object>)channel : null;
        this.binaryChannel = channel instanceof BinaryChannel ? (BinaryChannel)channel : null;
        this.propagates = channel.policy() == OverflowPolicy.BLOCK;
        // a SPILL edge whose store refuses (full) returns REJECTED: the producing stage holds the message and pushes
        // back, as on a BLOCK edge, instead of handing the refusal to a handler that may not retry it
        this.holdsRefusedSpill =
            channel.policy() == OverflowPolicy.SPILL && channel.spillFallback() == OverflowPolicy.FAIL_FAST;
        this.producers = producers.clone();
        this.consumer = consumer;
        this.distanceToSink = distanceToSink;
        this.openProducers = new AtomicInteger(producers.length);
    }

    /**
     * A producer has sent its last message; the last one closes the channel.
     */
    void producerFinished()
    {
        if (openProducers.decrementAndGet() == 0)
        {
            channel.close();
        }
    }
}
