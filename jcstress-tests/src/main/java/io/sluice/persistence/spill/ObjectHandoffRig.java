package io.sluice.persistence.spill;

import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.ObjectHandler;

/**
 * A {@link HandoffRig} over an {@link ObjectChannel} of Integer ids spilling to a {@link ChronicleSpillStore}.
 */
final class ObjectHandoffRig extends HandoffRig
{
    private final ObjectChannel<Integer> objects;
    private final ObjectHandler<Integer> handler = this::onMessage;

    private ObjectHandoffRig(final ChannelKind kind, final ObjectChannel<Integer> channel,
        final SpillStores.ObjectLease lease)
    {
        super(kind, channel, lease);
        this.objects = channel;
    }

    static ObjectHandoffRig create(final ChannelKind kind)
    {
        final SpillStores.ObjectLease lease = SpillStores.objectStore();
        try
        {
            final ObjectChannel<Integer> channel = HandoffRig.<Integer>builder(kind)
                .spillStore(lease.store)
                .buildObjectChannel();
            return new ObjectHandoffRig(kind, channel, lease);
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
        return objects.offer(id);
    }

    @Override
    int drainUpTo(final int limit)
    {
        return objects.drain(handler, limit);
    }

    private void onMessage(final Integer message)
    {
        record(message);
    }
}
