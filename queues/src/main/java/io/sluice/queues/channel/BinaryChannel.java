package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinaryOverflowSink;
import io.sluice.queues.overflow.BinarySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A bounded channel of binary messages {@code (typeId, buffer, offset, length)} with credits, water marks, an
 * overflow policy and counters. Messages are copied in with {@link #offer(int, DirectBuffer, int, int)} or written in
 * place with {@link #claim(int, int, BinaryClaim)} / {@link BinaryClaim#commit()}, and handed to the consumer as
 * flyweights through an Agrona {@link MessageHandler}: nothing is allocated per message.
 * <p>
 * Capacity, water marks and credits count messages, like every channel. The ring buffer behind the channel is sized
 * in bytes so that {@code capacity} messages of {@code maxMessageLength} always fit (see
 * {@link ChannelBuilder#maxMessageLength(int)}), so the logical bounds, never the bytes, decide when the channel is
 * full. Under {@code DROP_OLDEST} the channel is a pool of {@code capacity + 1} fixed-size slots passed through a
 * JCTools multi-consumer queue, so that a producer can evict the oldest message under the queue's own protocol.
 * <p>
 * <b>Note:</b> offer, claim, close and isWritable are producer methods (one producer thread for
 * {@code BINARY_SPSC}, any number for {@code BINARY_MPSC}, each with its own {@link BinaryClaim}); drain and
 * isEndOfStream are for the one consumer thread; counters, depth and credits may be read from any thread.
 */
public abstract class BinaryChannel extends AbstractChannel
{
    final int maxMessageLength;
    private final BinaryOverflowSink overflowSink;
    private final BinarySpillStore spillStore;
    private final SpillReader spillReader;

    BinaryChannel(final ChannelBuilder<?> builder)
    {
        super(builder);
        maxMessageLength = builder.maxMessageLength;
        overflowSink = builder.binaryOverflowSink;
        spillStore = builder.binarySpillStore;
        spillReader = null != spillStore ? new SpillReader() : null;
    }

    /**
     * Longest message, in bytes, the channel takes.
     *
     * @return the maximum message length.
     */
    public final int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Producer: a claim handle for this channel, to keep and reuse on one producer thread. Allocates (once).
     *
     * @return a new, idle claim.
     */
    public final BinaryClaim newClaim()
    {
        final boolean detours = policy == OverflowPolicy.SHED || policy == OverflowPolicy.SPILL;
        return new BinaryClaim(this, claimRing(), detours ? new UnsafeBuffer(new byte[maxMessageLength]) : null);
    }

    /**
     * The ring claims are made in, for {@link BinaryClaim#commit()} to publish to directly; null if none.
     */
    RingBuffer claimRing()
    {
        return null;
    }

    /**
     * Producer: copy a message into the channel, applying the overflow policy if it is unwritable or out of credit.
     *
     * @param typeId of the message, at least 1.
     * @param buffer holding the message.
     * @param offset at which the message starts.
     * @param length of the message, 0..{@link #maxMessageLength()}.
     * @return an {@link OfferResult} code.
     * @throws IllegalArgumentException if typeId or length is out of range.
     */
    public final int offer(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        checkMessage(typeId, length);

        // one copy of the write for the fast and the slow path, the rare outcomes in their own method: kept small so
        // that C2 inlines it into the caller's loop (see ObjectChannel#offer)
        int result = OfferResult.ACCEPTED;
        final long word = lpSentWord();
        if (!multiProducer && word < lpSendLimit())
        {
            // opaque: the queue or ring write that follows is the release that publishes this count with the
            // message; a reader that sees the message sees the count (AbstractChannel#memoryDrained relies on it)
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
                return offerNotReserved(result, typeId, buffer, offset, length);
            }
        }

        writeReservedOrFail(typeId, buffer, offset, length);
        return result;
    }

    /**
     * Producer: copy a message into the channel without applying the overflow policy.
     *
     * @param typeId of the message, at least 1.
     * @param buffer holding the message.
     * @param offset at which the message starts.
     * @param length of the message, 0..{@link #maxMessageLength()}.
     * @return {@link OfferResult#ACCEPTED}, {@link OfferResult#BACK_PRESSURED} or {@link OfferResult#CLOSED}.
     * @throws IllegalArgumentException if typeId or length is out of range.
     */
    public final int tryOffer(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        checkMessage(typeId, length);
        final int result = reserveOrBackPressure();
        if (result == OfferResult.ACCEPTED)
        {
            writeReservedOrFail(typeId, buffer, offset, length);
        }
        return result;
    }

    /**
     * Producer: claim space for a message of {@code length} bytes, applying the overflow policy if the channel is
     * unwritable or out of credit. On a positive result write exactly {@code length} bytes into
     * {@link BinaryClaim#buffer()} at {@link BinaryClaim#offset()} and call {@link BinaryClaim#commit()} or
     * {@link BinaryClaim#abort()}. Under {@code SHED} and {@code SPILL} a positive result while unwritable is
     * {@link OfferResult#SHED} or {@link OfferResult#SPILLED}: the claim points at a scratch buffer and the commit
     * hands the bytes on. Negative results open no claim.
     *
     * @param typeId of the message, at least 1.
     * @param length of the message, 0..{@link #maxMessageLength()}.
     * @param claim  this thread's claim handle from {@link #newClaim()}, not open.
     * @return an {@link OfferResult} code.
     * @throws IllegalArgumentException if typeId or length is out of range or the claim belongs to another channel.
     * @throws IllegalStateException    if the claim is already open.
     */
    public final int claim(final int typeId, final int length, final BinaryClaim claim)
    {
        checkMessage(typeId, length);
        checkClaim(claim);

        // shaped as offer: one copy of the claim for the fast and the slow path
        int result = OfferResult.ACCEPTED;
        final long word = lpSentWord();
        if (!multiProducer && word < lpSendLimit())
        {
            // opaque: the queue or ring write that follows is the release that publishes this count with the
            // message; a reader that sees the message sees the count (AbstractChannel#memoryDrained relies on it)
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
                return claimNotReserved(claim, typeId, length, result);
            }
        }

        return claimReserved(claim, typeId, length, result);
    }

    private int claimNotReserved(final BinaryClaim claim, final int typeId, final int length, final int result)
    {
        if (result == OfferResult.SHED || result == OfferResult.SPILLED)
        {
            return openDetour(claim, typeId, length, result);
        }
        return result;
    }

    /**
     * Producer: claim space without applying the overflow policy.
     *
     * @param typeId of the message, at least 1.
     * @param length of the message, 0..{@link #maxMessageLength()}.
     * @param claim  this thread's claim handle, not open.
     * @return {@link OfferResult#ACCEPTED} (claim open), {@link OfferResult#BACK_PRESSURED} or
     *         {@link OfferResult#CLOSED}.
     * @throws IllegalArgumentException if typeId or length is out of range or the claim belongs to another channel.
     * @throws IllegalStateException    if the claim is already open.
     */
    public final int tryClaim(final int typeId, final int length, final BinaryClaim claim)
    {
        checkMessage(typeId, length);
        checkClaim(claim);
        final int result = reserveOrBackPressure();
        return result == OfferResult.ACCEPTED ? claimReserved(claim, typeId, length, result) : result;
    }

    /**
     * Consumer: hand up to {@code limit} messages to the handler, oldest first: from memory, then (under
     * {@code SPILL}) from the spill store. The buffer passed to the handler is only valid during the call. A
     * message is counted as delivered before the handler sees it.
     *
     * @param handler called once per message with {@code (typeId, buffer, offset, length)}.
     * @param limit   maximum number of messages, at least 0.
     * @return the number of messages delivered.
     */
    public final int drain(final MessageHandler handler, final int limit)
    {
        if (limit < 0)
        {
            throw new IllegalArgumentException(
                "channel '" + name + "': drain limit=" + limit + " is not allowed; allowed 0.." + Integer.MAX_VALUE);
        }
        int count = limit > 0 ? drainMemory(handler, limit) : 0;
        if (count < limit && null != spillStore)
        {
            count += drainSpill(handler, limit - count);
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private int offerNotReserved(
        final int result, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (result)
        {
            case OfferResult.SHED:
                return overflowSink.onOverflow(this, typeId, buffer, offset, length) ? shedCounted() : reject();

            case OfferResult.SPILLED:
                return spill(typeId, buffer, offset, length);

            default:
                return result;
        }
    }

    private int spill(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!beginSpill())
        {
            return OfferResult.CLOSED;
        }
        final boolean appended;
        try
        {
            appended = spillStore.append(typeId, buffer, offset, length);
        }
        catch (final RuntimeException | Error ex)
        {
            spillThrew();
            throw ex;
        }
        return appended ? OfferResult.SPILLED : spillRefused();
    }

    private int openDetour(final BinaryClaim claim, final int typeId, final int length, final int result)
    {
        claim.claimResult = result;
        claim.open(BinaryClaim.DETOUR, claim.scratch, 0, typeId, length);
        return result;
    }

    private int claimReserved(final BinaryClaim claim, final int typeId, final int length, final int result)
    {
        claimReserved(claim, typeId, length);
        claim.claimResult = result;
        return result;
    }

    final int commitClaim(final BinaryClaim claim)
    {
        final int result = claim.claimResult;
        if (claim.route == BinaryClaim.DETOUR)
        {
            final int typeId = claim.typeId;
            final int length = claim.length;
            final MutableDirectBuffer scratch = claim.buffer;
            claim.close();
            if (result == OfferResult.SHED)
            {
                return overflowSink.onOverflow(this, typeId, scratch, 0, length) ? shedCounted() : reject();
            }
            return spill(typeId, scratch, 0, length);
        }
        commitReserved(claim);
        claim.close();
        return result;
    }

    final void abortClaim(final BinaryClaim claim)
    {
        if (claim.route != BinaryClaim.DETOUR)
        {
            abortReserved(claim);
        }
        claim.close();
    }

    private void writeReservedOrFail(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!writeReserved(typeId, buffer, offset, length))
        {
            // cannot happen while the buffer is sized for capacity messages of maxMessageLength: a Sluice bug
            releaseReservation();
            throw new IllegalStateException("channel '" + name + "': buffer refused a reserved message");
        }
    }

    private int drainSpill(final MessageHandler handler, final int limit)
    {
        final SpillReader reader = spillReader;
        int count = 0;
        while (count < limit)
        {
            if (reader.stashLength >= 0)
            {
                if (!memoryDrained())
                {
                    break;
                }
                final int length = reader.stashLength;
                reader.stashLength = -1;
                count++;
                spillDelivered();
                handler.onMessage(reader.stashTypeId, reader.stash, 0, length);
                continue;
            }
            if (!spillMayHaveMessages() || !memoryDrained())
            {
                break;
            }
            reader.delegate = handler;
            reader.delivered = false;
            try
            {
                if (spillStore.read(reader, 1) == 0)
                {
                    break;
                }
            }
            finally
            {
                reader.delegate = null;
            }
            if (!reader.delivered)
            {
                break;
            }
            count++;
        }
        return count;
    }

    /**
     * Reads one spilled message: hands it on if memory is drained by counts read now (after taking it from the
     * store), otherwise copies it into a one-slot stash until memory is drained (see AbstractChannel#memoryDrained).
     */
    private final class SpillReader implements MessageHandler
    {
        final UnsafeBuffer stash = new UnsafeBuffer(new byte[maxMessageLength]);
        MessageHandler delegate;
        boolean delivered;
        int stashTypeId;
        int stashLength = -1;

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (memoryDrained())
            {
                delivered = true;
                spillDelivered();
                delegate.onMessage(typeId, buffer, index, length);
            }
            else
            {
                stash.putBytes(0, buffer, index, length);
                stashTypeId = typeId;
                stashLength = length;
            }
        }
    }

    private void spillDelivered()
    {
        onDeliveredFromSpill(1);
        spillStore.delivered(1);
    }

    private void checkMessage(final int typeId, final int length)
    {
        // one branch on the hot path: any of typeId < 1, length < 0, length > maxMessageLength
        if (typeId < 1 | (length | maxMessageLength - length) < 0)
        {
            throw badMessage(typeId, length);
        }
    }

    private IllegalArgumentException badMessage(final int typeId, final int length)
    {
        if (typeId < 1)
        {
            return new IllegalArgumentException(
                "channel '" + name + "': typeId=" + typeId + " is not allowed; allowed 1.." + Integer.MAX_VALUE);
        }
        return new IllegalArgumentException("channel '" + name + "': message length=" + length +
            " is not allowed; allowed 0.." + maxMessageLength + " (maxMessageLength)");
    }

    private void checkClaim(final BinaryClaim claim)
    {
        if (claim.channel != this || claim.route != BinaryClaim.IDLE)
        {
            throw badClaim(claim);
        }
    }

    private RuntimeException badClaim(final BinaryClaim claim)
    {
        if (claim.channel != this)
        {
            return new IllegalArgumentException(
                "channel '" + name + "': claim belongs to channel '" + claim.channel.name() + "'");
        }
        return new IllegalStateException(
            "channel '" + name + "': claim is already open; commit or abort it before claiming again");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // physical store, provided by the ring buffer and slot pool implementations
    // ---------------------------------------------------------------------------------------------------------------

    abstract boolean writeReserved(int typeId, DirectBuffer buffer, int offset, int length);

    abstract void claimReserved(BinaryClaim claim, int typeId, int length);

    abstract void commitReserved(BinaryClaim claim);

    abstract void abortReserved(BinaryClaim claim);

    abstract int drainMemory(MessageHandler handler, int limit);

    /**
     * Counts handler calls before delegating, so a count survives a throwing handler, and passes over aborted ring
     * claims (see RingBinaryChannel#abortReserved). Padded: the consumer writes it on every drain, and it is
     * allocated next to objects the producer reads (the ring's).
     */
    static final class CountingHandler extends CountingHandlerPad1 implements MessageHandler
    {
        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (typeId == RingBinaryChannel.ABORTED_TYPE_ID)
            {
                skipped++;
                return;
            }
            if (count == sampleAt)
            {
                channel.sampleWait(delivered + count, skipped);
                sampleAt += (int)channel.waitSampleMask + 1;
            }
            count++;
            delegate.onMessage(typeId, buffer, index, length);
        }
    }
}

abstract class CountingHandlerPad0
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

abstract class CountingHandlerFields extends CountingHandlerPad0
{
    AbstractChannel channel;
    MessageHandler delegate;
    long delivered;
    int count;
    int skipped;
    int sampleAt;
}

abstract class CountingHandlerPad1 extends CountingHandlerFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}
