package io.sluice.queues.channel;

/**
 * A {@link Rig} over an {@link ObjectChannel} of Integer ids; the consumer takes one message with {@code poll()} or
 * a burst with {@code drain}.
 */
final class ObjectRig extends Rig
{
    private final ObjectChannel<Integer> objects;
    private final ObjectHandler<Integer> handler = this::onMessage;

    ObjectRig(final Spec spec, final ObjectChannel<Integer> channel, final ShedLog shedLog)
    {
        super(spec, channel, shedLog);
        this.objects = channel;
    }

    @Override
    int offer(final int producer, final int id, final int seq)
    {
        return objects.offer(id);
    }

    @Override
    int claimAndAbort(final int producer, final int id)
    {
        throw new UnsupportedOperationException("object channels have no claims");
    }

    @Override
    int claimAndCommit(final int producer, final int id)
    {
        throw new UnsupportedOperationException("object channels have no claims");
    }

    @Override
    boolean pollOne()
    {
        final Integer message = objects.poll();
        if (null == message)
        {
            return false;
        }
        record(message);
        return true;
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
