package io.sluice.persistence.deadletter;

import io.sluice.queues.channel.OfferResult;

/**
 * Where a {@link ReplayCursor} sends records: a channel of a running graph ({@link ReplayTargets}), a file, stdout.
 * Answers with {@link OfferResult} codes so a full channel is a return value, never a lost record.
 */
@FunctionalInterface
public interface ReplayTarget
{
    /**
     * Take one record, or say why not.
     *
     * @param record a view valid only during the call; offered again after {@link OfferResult#BACK_PRESSURED}.
     * @return a positive {@link OfferResult} code if taken; {@link OfferResult#BACK_PRESSURED} to be offered the same
     *         record again after an idle; {@link OfferResult#CLOSED} or another negative code to stop the replay.
     */
    int offer(DeadLetterRecord record);
}
