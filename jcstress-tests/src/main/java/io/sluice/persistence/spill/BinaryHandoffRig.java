package io.sluice.persistence.spill;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.BinaryClaim;
import io.sluice.queues.channel.ChannelKind;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link HandoffRig} over a {@link BinaryChannel} spilling to a {@link ChronicleBinarySpillStore}. A message is 8
 * bytes, the id and the id xor a check word, with type id {@code producer + 1}, so a torn or misrouted record is
 * caught. Odd-numbered messages are copied in with {@code offer}, even-numbered ones written with
 * {@code claim}/{@code commit} (while spilling, into the claim's scratch buffer, appended at commit).
 */
final class BinaryHandoffRig extends HandoffRig
{
    static final int MESSAGE_LENGTH = 8;
    private static final int CHECK = 0x5EED_C0DE;

    private final BinaryChannel binary;
    private final UnsafeBuffer[] sources = new UnsafeBuffer[MAX_PRODUCERS];
    private final BinaryClaim[] claims = new BinaryClaim[MAX_PRODUCERS];
    private final MessageHandler handler = this::onMessage;

    private BinaryHandoffRig(final ChannelKind kind, final BinaryChannel channel, final SpillStores.BinaryLease lease)
    {
        super(kind, channel, lease);
        this.binary = channel;
        for (int p = 0; p < MAX_PRODUCERS; p++)
        {
            sources[p] = new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
            claims[p] = channel.newClaim();
        }
    }

    static BinaryHandoffRig create(final ChannelKind kind)
    {
        final SpillStores.BinaryLease lease = SpillStores.binaryStore();
        try
        {
            final BinaryChannel channel = HandoffRig.builder(kind)
                .maxMessageLength(MESSAGE_LENGTH)
                .binarySpillStore(lease.store)
                .buildBinaryChannel();
            return new BinaryHandoffRig(kind, channel, lease);
        }
        catch (final RuntimeException ex)
        {
            lease.retire();
            throw ex;
        }
    }

    @Override
    int offer(final int producer, final int id, final int seq)
    {
        if ((seq & 1) == 1)
        {
            final UnsafeBuffer source = sources[producer];
            encode(source, 0, id);
            return binary.offer(producer + 1, source, 0, MESSAGE_LENGTH);
        }
        final BinaryClaim claim = claims[producer];
        final int claimed = binary.claim(producer + 1, MESSAGE_LENGTH, claim);
        if (claimed <= 0)
        {
            return claimed;
        }
        encode(claim.buffer(), claim.offset(), id);
        return claim.commit();
    }

    @Override
    int drainUpTo(final int limit)
    {
        return binary.drain(handler, limit);
    }

    private void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        record(decode(typeId, buffer, index, length));
    }

    static void encode(final MutableDirectBuffer buffer, final int offset, final int id)
    {
        buffer.putInt(offset, id);
        buffer.putInt(offset + 4, id ^ CHECK);
    }

    /**
     * @return the id, or -1 if the message is not one a producer wrote (torn, wrong length or wrong type id).
     */
    static int decode(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != MESSAGE_LENGTH)
        {
            return -1;
        }
        final int id = buffer.getInt(offset);
        if ((buffer.getInt(offset + 4) ^ CHECK) != id || typeId != id / ID_STRIDE + 1)
        {
            return -1;
        }
        return id;
    }
}
