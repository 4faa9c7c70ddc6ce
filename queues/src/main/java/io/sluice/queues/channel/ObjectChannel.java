package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.queues.overflow.OverflowSink;
import io.sluice.queues.overflow.SpillStore;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpmcArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * A bounded channel of object messages over a JCTools array queue, with credits, water marks, an overflow policy
 * and counters. Built by {@link ChannelBuilder#buildObjectChannel()}.
 * <p>
 * The queue is {@code SpscArrayQueue} ({@link ChannelKind#OBJECT_SPSC}) or {@code MpscArrayQueue}
 * ({@link ChannelKind#OBJECT_MPSC}); under {@link OverflowPolicy#DROP_OLDEST} it is {@code SpmcArrayQueue} or
 * {@code MpmcArrayQueue}, whose multi-consumer protocol lets a producer evict the oldest message: exactly one of the
 * consumer and the evicting producer takes each message, so a message counted as dropped is never delivered.
 * <p>
 * <b>Note:</b> {@link #offer(Object)}, {@link #tryOffer(Object)}, {@link #close()}, {@link #isWritable()} are
 * producer methods: one producer thread for {@code OBJECT_SPSC}, any number for {@code OBJECT_MPSC}.
 * {@link #poll()}, {@link #drain(ObjectHandler, int)}, {@link #isEndOfStream()} are for the one consumer thread.
 * Counters, depth and credits may be read from any thread.
 *
 * @param <E> type of the messages.
 */
public final class ObjectChannel<E> extends AbstractChannel
{
    private final MessagePassingQueue<E> queue;
    private final OverflowSink<? super E> overflowSink;
    private final SpillStore<E> spillStore;
    private final boolean evicting;
    /** Consumer only: a spilled message taken while older in-memory messages were still landing. */
    private E spillStash;

    @SuppressWarnings("unchecked")
    ObjectChannel(final ChannelBuilder<E> builder)
    {
        super(builder);
        final int queueCapacity = Math.max(2, capacity);
        evicting = builder.policy == OverflowPolicy.DROP_OLDEST;
        if (multiProducer)
        {
            queue = evicting ? new MpmcArrayQueue<>(queueCapacity) : new MpscArrayQueue<>(queueCapacity);
        }
        else
        {
            queue = evicting ? new SpmcArrayQueue<>(queueCapacity) : new SpscArrayQueue<>(queueCapacity);
        }
        overflowSink = (OverflowSink<? super E>)builder.overflowSink;
        spillStore = builder.spillStore;
    }

    /**
     * Producer: offer a message, applying the overflow policy if the channel is unwritable or out of credit.
     *
     * @param message to send, not null.
     * @return an {@link OfferResult} code.
     * @throws NullPointerException if message is null.
     */
    public int offer(final E message)
    {
        if (null == message)
        {
            throw nullMessage();
        }

        // One copy of the enqueue for the fast and the slow path, the rare outcomes in their own method: C2 will not
        // inline a callee whose own compiled code is already big (InlineSmallCode), so offer is kept small enough
        // to inline into the caller's loop even when the slow path is hot (docs/benchmarks.md, JIT shape).
        int result = OfferResult.ACCEPTED;
        final long word = lpSentWord();
        if (!multiProducer && word < lpSendLimit())
        {
            // opaque: the queue's ordered element store that follows publishes this count with the message
            SENT_WORD.setOpaque(this, word + 1);
            if ((word & waitSampleMask) == 0)
            {
                stampWait(word);
            }
        }
        else
        {
            // many producers reserve with a CAS in tryReserve; one producer comes here only without room
            result = reserveApplyingPolicy();
            if (result != OfferResult.ACCEPTED && result != OfferResult.ACCEPTED_DROPPED_OLDEST)
            {
                return offerNotReserved(result, message);
            }
        }

        enqueueReserved(message);
        return result;
    }

    /**
     * Producer: offer a message without applying the overflow policy. While the channel is unwritable, out of
     * credit, or has older messages spilled, return {@link OfferResult#BACK_PRESSURED} and leave the message with the
     * caller (this is how a stage in a graph retries on its next duty cycle instead of blocking).
     *
     * @param message to send, not null.
     * @return {@link OfferResult#ACCEPTED}, {@link OfferResult#BACK_PRESSURED} or {@link OfferResult#CLOSED}.
     * @throws NullPointerException if message is null.
     */
    public int tryOffer(final E message)
    {
        if (null == message)
        {
            throw nullMessage();
        }

        // shaped as offer, for the same reason
        final long word = lpSentWord();
        if (!multiProducer && word < lpSendLimit())
        {
            // as in offer: the queue's ordered element store publishes this count with the message
            SENT_WORD.setOpaque(this, word + 1);
            if ((word & waitSampleMask) == 0)
            {
                stampWait(word);
            }
        }
        else
        {
            final int result = reserveOrBackPressure();
            if (result != OfferResult.ACCEPTED)
            {
                return result;
            }
        }

        enqueueReserved(message);
        return OfferResult.ACCEPTED;
    }

    private NullPointerException nullMessage()
    {
        return new NullPointerException("channel '" + name + "': message is null; null messages are not allowed");
    }

    private int offerNotReserved(final int result, final E message)
    {
        switch (result)
        {
            case OfferResult.SHED:
                return overflowSink.onOverflow(this, message) ? shedCounted() : reject();

            case OfferResult.SPILLED:
                return spill(message);

            default:
                return result;
        }
    }

    private void enqueueReserved(final E message)
    {
        if (!queue.offer(message))
        {
            enqueueFull(message);
        }
    }

    private void enqueueFull(final E message)
    {
        if (!evicting)
        {
            // cannot happen while depth <= highWaterMark <= capacity <= queue capacity: it would be a Sluice bug
            releaseReservation();
            throw new IllegalStateException("channel '" + name + "': queue refused a reserved message");
        }
        // DROP_OLDEST: racing replacements filled the queue between an eviction and its enqueue; make room again
        do
        {
            if (!evictOldest())
            {
                Thread.onSpinWait();
            }
        }
        while (!queue.offer(message));
    }

    @Override
    boolean evictOldest()
    {
        // the producer takes the oldest message as a second consumer of the SPMC/MPMC queue
        if (null == queue.poll())
        {
            return false;
        }
        droppedOldestCounted();
        return true;
    }

    private int spill(final E message)
    {
        if (!beginSpill())
        {
            return OfferResult.CLOSED;
        }
        final boolean appended;
        try
        {
            appended = spillStore.append(message);
        }
        catch (final RuntimeException | Error ex)
        {
            spillThrew();
            throw ex;
        }
        return appended ? OfferResult.SPILLED : spillRefused();
    }

    /**
     * Consumer: take the next message: from memory, then (under {@code SPILL}) from the spill store, whose messages
     * are newer than everything in memory from the same producer.
     *
     * @return the next message, or null if none is available now (see {@link #isEndOfStream()}).
     */
    public E poll()
    {
        final E message = queue.relaxedPoll();
        if (null != message)
        {
            final long delivered = deliveredFromMemoryPlain();
            if ((delivered & waitSampleMask) == 0 && null != waitTimeRecorder)
            {
                sampleWait(delivered, 0);
            }
            onDeliveredFromMemory(1);
            return message;
        }
        if (null != spillStore)
        {
            final E spilled = pollSpill();
            if (null != spilled)
            {
                spillDelivered();
            }
            return spilled;
        }
        return null;
    }

    /**
     * Consumer: hand up to {@code limit} messages to the handler, in order. A message is counted as delivered
     * before the handler sees it, so one whose handler throws is delivered (and the exception propagates).
     *
     * @param handler called once per message.
     * @param limit   maximum number of messages, at least 0.
     * @return the number of messages delivered, to feed an idle strategy.
     */
    public int drain(final ObjectHandler<? super E> handler, final int limit)
    {
        if (limit < 0)
        {
            throw new IllegalArgumentException(
                "channel '" + name + "': drain limit=" + limit + " is not allowed; allowed 0.." + Integer.MAX_VALUE);
        }

        final MessagePassingQueue<E> queue = this.queue;
        final long delivered = deliveredFromMemoryPlain();
        int sampleAt = firstWaitSample(delivered);
        int count = 0;
        try
        {
            while (count < limit)
            {
                final E message = queue.relaxedPoll();
                if (null == message)
                {
                    break;
                }
                if (count == sampleAt)
                {
                    sampleWait(delivered + count, 0);
                    sampleAt += (int)waitSampleMask + 1;
                }
                count++;
                handler.onMessage(message);
            }
        }
        finally
        {
            if (count > 0)
            {
                onDeliveredFromMemory(count);
            }
        }

        // the spill part is called only when there is something to deliver from it: a SPILL channel that is not
        // spilling then runs the same compiled drain as any other (docs/benchmarks.md, SPILL that never spills)
        return null == spillStore || count == limit || (null == spillStash && !spillMayHaveMessages()) ?
            count : drainSpill(handler, limit, count);
    }

    /**
     * The spill part of a drain, out of line so the in-memory loop stays small for the JIT.
     */
    private int drainSpill(final ObjectHandler<? super E> handler, final int limit, final int drained)
    {
        int count = drained;
        while (count < limit)
        {
            final E message = pollSpill();
            if (null == message)
            {
                break;
            }
            count++;
            spillDelivered();
            handler.onMessage(message);
        }
        return count;
    }

    /**
     * The next spilled message that may be delivered now, or null. A spilled message is delivered only once memory
     * is drained by counts read after taking it (AbstractChannel#memoryDrained); until then it waits in a one-slot
     * stash on the consumer.
     */
    private E pollSpill()
    {
        final E stashed = spillStash;
        if (null != stashed)
        {
            if (!memoryDrained())
            {
                return null;
            }
            spillStash = null;
            return stashed;
        }
        if (!spillMayHaveMessages() || !memoryDrained())
        {
            return null;
        }
        final E message = spillStore.poll();
        if (null == message || memoryDrained())
        {
            return message;
        }
        spillStash = message;
        return null;
    }

    private void spillDelivered()
    {
        onDeliveredFromSpill(1);
        spillStore.delivered(1);
    }

    @Override
    long inFlightMeasured()
    {
        return queue.size();
    }
}
