package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.infra.results.IL_Result;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel that samples the wait time of every message (interval 1) on an {@link ActorClock}, raced by one or two
 * producers and a consumer: the wait probe's proof rig. Capacity 2 (high water mark 2, low 1) gives the probe ring
 * its smallest size, 8 slots, so a state that moves more than 8 messages reuses slots while producers stamp and the
 * consumer samples.
 * <p>
 * A message is an int id {@code producer * Rig.ID_STRIDE + seq} as in {@link Rig}; binary messages are encoded as
 * {@link BinaryRig} encodes them. Before each offer a producer sets its clock to the message's id, so a stamp holds
 * the id of the message whose reservation wrote it and a sample {@code ActorClock.CONSUMER_NOW - stamp} names that
 * message. The consumer logs every message it takes and every sample with the number of messages taken before it
 * (the sample is taken inside poll/drain, before the message reaches the handler), so the arbiter knows, for each
 * sample, the delivery it was taken at.
 * <p>
 * FAIL_FAST producers retry a refused message (a bounded number of times) before the next, so each producer's
 * accepted messages are seq 1..k and its reservations are made in seq order. Object producers alternate
 * {@code offer} and {@code tryOffer}; binary producers cycle through {@code offer}, {@code claim}/{@code commit},
 * {@code tryOffer} and {@code tryClaim}/{@code commit}, so every stamping fast path is raced. DROP_OLDEST producers
 * offer each message once ({@code offer}, and {@code claim} for binary) and never retry. The consumer alternates a
 * single-message take ({@code poll}, or a drain of 1) and a drain of up to 3.
 * <p>
 * Producer methods may only be called from that producer's actor, consumer methods from the consumer's, verdicts from
 * the arbiter. Every wait is bounded.
 */
final class ProbeRig
{
    static final int CAPACITY = 2;
    static final int MAX_MESSAGES = 16;
    /** Offers of one message before a FAIL_FAST producer gives up (and sends nothing more). */
    static final int MAX_ATTEMPTS = 1 << 16;
    /** Idle polls before a consumer waiting for the producers gives up and leaves the rest to the arbiter. */
    static final int CONSUMER_PATIENCE = 1 << 20;
    static final String OK = "OK";

    final ChannelKind kind;
    final OverflowPolicy policy;
    final int producers;
    final int messages;
    final ActorClock clock = new ActorClock();
    final AbstractChannel channel;
    /** Slots of the channel's probe ring: reservation counts c and c + probeSlots share a slot (interval 1). */
    final int probeSlots;
    private final ObjectChannel<Integer> objects;
    private final BinaryChannel binary;
    private final ObjectHandler<Integer> objectHandler = this::onObject;
    private final MessageHandler binaryHandler = this::onBinary;
    private final UnsafeBuffer[] sources = new UnsafeBuffer[Rig.MAX_PRODUCERS];
    private final BinaryClaim[] claims = new BinaryClaim[Rig.MAX_PRODUCERS];

    // producer p writes row p and sent[p] only; published to the consumer by producersDone, to the arbiter by jcstress
    private final int[][] results = new int[Rig.MAX_PRODUCERS][MAX_MESSAGES + 1];
    private final int[] sent = new int[Rig.MAX_PRODUCERS];
    private final AtomicInteger producersDone = new AtomicInteger();
    private volatile String violation;

    // consumer, then the arbiter
    private final int[] log = new int[Rig.MAX_PRODUCERS * MAX_MESSAGES + 8];
    private int logSize;
    private final long[] samples = new long[log.length];
    private final int[] sampledAt = new int[log.length];
    private int sampleCount;

    ProbeRig(final ChannelKind kind, final OverflowPolicy policy, final int producers, final int messages)
    {
        if (messages > MAX_MESSAGES || producers > Rig.MAX_PRODUCERS)
        {
            throw new IllegalArgumentException("messages=" + messages + " producers=" + producers);
        }
        this.kind = kind;
        this.policy = policy;
        this.producers = producers;
        this.messages = messages;
        final ChannelBuilder<Integer> builder = builder(kind, policy, clock, this::onSample);
        if (kind.isBinary())
        {
            binary = builder.buildBinaryChannel();
            objects = null;
            channel = binary;
            for (int p = 0; p < Rig.MAX_PRODUCERS; p++)
            {
                sources[p] = new UnsafeBuffer(new byte[BinaryRig.MESSAGE_LENGTH]);
                claims[p] = binary.newClaim();
            }
        }
        else
        {
            objects = builder.buildObjectChannel();
            binary = null;
            channel = objects;
        }
        probeSlots = channel.waitSlotMask + 1;
    }

    /**
     * A builder for a small channel that samples every message on {@code clock} into {@code recorder}.
     */
    static ChannelBuilder<Integer> builder(
        final ChannelKind kind, final OverflowPolicy policy, final ActorClock clock, final WaitTimeRecorder recorder)
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.<Integer>channel("jcstress-probe")
            .kind(kind)
            .capacity(CAPACITY)
            .highWaterMark(CAPACITY)
            .lowWaterMark(1)
            .policy(policy)
            .nanoClock(clock)
            .waitTimeSampling(1, recorder);
        if (kind.isBinary())
        {
            builder.maxMessageLength(BinaryRig.MESSAGE_LENGTH);
        }
        return builder;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // producers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Producer {@code producer} on actor {@code actor}: send every message, then tell the consumer.
     */
    void produce(final int producer, final int actor)
    {
        clock.bind(actor);
        for (int seq = 1; seq <= messages; seq++)
        {
            if (!send(producer, actor, seq, false))
            {
                break;
            }
        }
        producersDone.incrementAndGet();
    }

    /**
     * MPSC with two actors: producer {@code producer} on the consumer's actor: send a message, take one, and so on;
     * take one between refused attempts too (the channel may be full of this actor's own messages); then consume
     * until every producer is done.
     */
    void produceAndConsume(final int producer, final int actor)
    {
        clock.bind(actor);
        int round = 0;
        for (int seq = 1; seq <= messages; seq++)
        {
            final boolean more = send(producer, actor, seq, true);
            receive(round++);
            if (!more)
            {
                break;
            }
        }
        producersDone.incrementAndGet();
        consume(actor);
    }

    /**
     * Send message {@code seq}: under FAIL_FAST until accepted (or the attempts run out), under DROP_OLDEST once.
     *
     * @return false if the producer must stop (gave up, or something unexpected happened).
     */
    private boolean send(final int producer, final int actor, final int seq, final boolean consumeBetween)
    {
        sent[producer] = seq;
        final int id = producer * Rig.ID_STRIDE + seq;
        int result = Rig.NOT_SENT;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
        {
            // the stamp of this offer's reservation, if any, reads the message's id
            clock.set(actor, id);
            try
            {
                result = offer(producer, id, seq);
            }
            catch (final RuntimeException ex)
            {
                result = Rig.THREW;
                violation("THREW " + id + " " + ex);
            }
            clock.set(actor, ActorClock.CONSUMER_NOW);
            if (result == OfferResult.ACCEPTED || policy == OverflowPolicy.DROP_OLDEST ||
                (result != OfferResult.REJECTED && result != OfferResult.BACK_PRESSURED))
            {
                break;
            }
            if (consumeBetween)
            {
                receive(attempt);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        results[producer][seq] = result;
        final boolean expected = policy == OverflowPolicy.DROP_OLDEST ?
            reserved(result) || result == OfferResult.DROPPED_NEWEST :
            result == OfferResult.ACCEPTED || result == OfferResult.REJECTED || result == OfferResult.BACK_PRESSURED;
        if (!expected)
        {
            violation("UNEXPECTED_" + Rig.name(result) + " " + id);
            return false;
        }
        // FAIL_FAST: a producer that gave up on a message sends nothing more, so its accepted seqs stay 1..k
        return policy == OverflowPolicy.DROP_OLDEST || result == OfferResult.ACCEPTED;
    }

    private int offer(final int producer, final int id, final int seq)
    {
        if (null != objects)
        {
            return (seq & 1) == 1 || policy == OverflowPolicy.DROP_OLDEST ? objects.offer(id) : objects.tryOffer(id);
        }
        final int route = policy == OverflowPolicy.DROP_OLDEST ? seq & 1 : seq & 3;
        switch (route)
        {
            case 1:
            {
                final UnsafeBuffer source = sources[producer];
                BinaryRig.encode(source, 0, id);
                return binary.offer(producer + 1, source, 0, BinaryRig.MESSAGE_LENGTH);
            }
            case 3:
            {
                final UnsafeBuffer source = sources[producer];
                BinaryRig.encode(source, 0, id);
                return binary.tryOffer(producer + 1, source, 0, BinaryRig.MESSAGE_LENGTH);
            }
            default:
            {
                final BinaryClaim claim = claims[producer];
                final int claimed = route == 2 || policy == OverflowPolicy.DROP_OLDEST ?
                    binary.claim(producer + 1, BinaryRig.MESSAGE_LENGTH, claim) :
                    binary.tryClaim(producer + 1, BinaryRig.MESSAGE_LENGTH, claim);
                if (claimed <= 0)
                {
                    return claimed;
                }
                BinaryRig.encode(claim.buffer(), claim.offset(), id);
                return claim.commit();
            }
        }
    }

    private static boolean reserved(final int result)
    {
        return result == OfferResult.ACCEPTED || result == OfferResult.ACCEPTED_DROPPED_OLDEST;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // consumer
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Take messages until every producer is done and nothing more comes, or until the consumer has waited
     * {@link #CONSUMER_PATIENCE} empty takes in a row (the arbiter drains whatever is left).
     */
    void consume(final int actor)
    {
        clock.bind(actor);
        int idle = 0;
        int round = 0;
        while (idle < CONSUMER_PATIENCE)
        {
            if (receive(round++) > 0)
            {
                idle = 0;
            }
            else if (producersDone.get() == producers)
            {
                while (receive(round++) > 0)
                {
                    idle = 0;
                }
                return;
            }
            else
            {
                idle++;
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Take one message (even rounds: {@code poll}, or a binary drain of 1) or up to 3 (odd rounds: drain).
     *
     * @return how many were taken.
     */
    private int receive(final int round)
    {
        try
        {
            if (null != objects)
            {
                if ((round & 1) == 0)
                {
                    final Integer message = objects.poll();
                    if (null == message)
                    {
                        return 0;
                    }
                    record(message);
                    return 1;
                }
                return objects.drain(objectHandler, 3);
            }
            return binary.drain(binaryHandler, (round & 1) == 0 ? 1 : 3);
        }
        catch (final RuntimeException ex)
        {
            violation("CONSUMER_THREW " + ex);
            return 0;
        }
    }

    private void onObject(final Integer message)
    {
        record(message);
    }

    private void onBinary(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        record(BinaryRig.decode(typeId, buffer, index, length));
    }

    private void record(final int id)
    {
        if (logSize < log.length)
        {
            log[logSize] = id;
        }
        logSize++;
    }

    /**
     * The recorder, called by the channel on the consumer's thread while it takes message number {@code logSize}.
     */
    private void onSample(final long nanos)
    {
        if (sampleCount < samples.length)
        {
            samples[sampleCount] = nanos;
            sampledAt[sampleCount] = logSize;
        }
        sampleCount++;
    }

    private void violation(final String what)
    {
        if (null == violation)
        {
            violation = what;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // arbiter
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * SPSC, FAIL_FAST: every delivery is sampled, and each sample is exactly the age of the message it was taken
     * with (the reservation the consumer computes is that message's). r1: deliveries without a sample (must be 0);
     * r2: OK or the first failed check with a trace.
     */
    void verdictExact(final IL_Result r)
    {
        String verdict = settle();
        if (null == verdict)
        {
            for (int k = 0; k < sampleCount && null == verdict; k++)
            {
                if (sampledAt[k] != k)
                {
                    verdict = fail("SAMPLE_" + k + "_AT_DELIVERY_" + sampledAt[k]);
                }
                else if (samples[k] != ActorClock.CONSUMER_NOW - log[k])
                {
                    verdict = fail("SAMPLE_" + k + "_IS_" + samples[k] + "_NOT_" + (ActorClock.CONSUMER_NOW - log[k]));
                }
            }
            if (null == verdict && sampleCount != logSize)
            {
                verdict = fail("SAMPLES_" + sampleCount + "_FOR_" + logSize + "_DELIVERIES");
            }
        }
        r.r1 = logSize - sampleCount;
        r.r2 = null == verdict ? OK : verdict;
    }

    /**
     * MPSC, FAIL_FAST: the queue's order is not the reservation order, so the message taken at delivery d need not be
     * reservation d, whose stamp the consumer reads (it is skipped if not written yet). Every sample must still be the
     * stamp of reservation d: of a message its producer had reserved, each producer's sampled messages in its offer
     * order, and all of them placeable in one interleaving of the two producers' reservations (message (p, s) at
     * position d has s - 1 reservations of p and d - (s - 1) of the other before it; consecutive samples must not
     * move either count backwards). No more samples than deliveries. r1: deliveries without a sample; r2: verdict.
     */
    void verdictConsistent(final IL_Result r)
    {
        String verdict = settle();
        final int[] lower = new int[Rig.MAX_PRODUCERS];
        int previous = -1;
        for (int k = 0; k < sampleCount && null == verdict; k++)
        {
            final int at = sampledAt[k];
            final long stamp = ActorClock.CONSUMER_NOW - samples[k];
            final int p = (int)(stamp / Rig.ID_STRIDE);
            final int seq = (int)(stamp % Rig.ID_STRIDE);
            if (at <= previous || at >= logSize)
            {
                verdict = fail("SAMPLE_" + k + "_AT_DELIVERY_" + at);
            }
            else if (stamp < 0 || p >= producers || seq < 1 || seq > sent[p] ||
                results[p][seq] != OfferResult.ACCEPTED)
            {
                verdict = fail("SAMPLE_" + k + "_IS_" + samples[k] + "_NOT_A_STAMP");
            }
            else
            {
                final int q = 1 - p;
                final int ownBefore = seq - 1;
                final int otherBefore = at - ownBefore;
                final int otherAccepted = producers == 1 ? 0 : accepted(q);
                if (otherBefore < 0 || otherBefore > otherAccepted || ownBefore < lower[p] ||
                    (producers > 1 && otherBefore < lower[q]))
                {
                    verdict = fail("SAMPLE_" + k + "_STAMP_" + stamp + "_CANNOT_BE_RESERVATION_" + at);
                }
                else
                {
                    lower[p] = ownBefore + 1;
                    if (producers > 1)
                    {
                        lower[q] = otherBefore;
                    }
                }
            }
            previous = at;
        }
        r.r1 = logSize - sampleCount;
        r.r2 = null == verdict ? OK : verdict;
    }

    /**
     * SPSC, DROP_OLDEST: evictions refund reservations, so the consumer's count (delivered + refunds, refunds read
     * after the take) may point at another reservation than the taken message's: an older one when an eviction was
     * counted late, a younger one when a producer evicted after the take. Every sample must still be the stamp of a
     * reservation the producer made. r1: bit 0 set if some sample was an older message's, bit 1 if some was a younger
     * message's; r2: verdict.
     */
    void verdictDropOldest(final IL_Result r)
    {
        String verdict = settle();
        int seen = 0;
        int previous = -1;
        for (int k = 0; k < sampleCount && null == verdict; k++)
        {
            final int at = sampledAt[k];
            final long stamp = ActorClock.CONSUMER_NOW - samples[k];
            final int seq = (int)(stamp % Rig.ID_STRIDE);
            if (at <= previous || at >= logSize)
            {
                verdict = fail("SAMPLE_" + k + "_AT_DELIVERY_" + at);
            }
            else if (stamp < 1 || stamp >= Rig.ID_STRIDE || seq > sent[0] || !reserved(results[0][seq]))
            {
                verdict = fail("SAMPLE_" + k + "_IS_" + samples[k] + "_NOT_A_STAMP");
            }
            else if (stamp < log[at])
            {
                seen |= 1;
            }
            else if (stamp > log[at])
            {
                seen |= 2;
            }
            previous = at;
        }
        r.r1 = seen;
        r.r2 = null == verdict ? OK : verdict;
    }

    private int accepted(final int producer)
    {
        int n = 0;
        for (int seq = 1; seq <= sent[producer]; seq++)
        {
            if (reserved(results[producer][seq]))
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Drain what the consumer left, as the consumer, then check the deliveries: only messages the producers offered
     * and that were accepted, each once, in per-producer order, and all of them (FAIL_FAST) or all but the dropped
     * oldest (DROP_OLDEST, by the counters).
     *
     * @return null if all is well, else the failure with a trace.
     */
    private String settle()
    {
        clock.consumerEverywhere();
        int rounds = 0;
        while (receive(1) > 0 && ++rounds < 1_000)
        {
            // drain the rest
        }
        if (null != violation)
        {
            return fail(violation);
        }
        if (logSize > log.length || sampleCount > samples.length)
        {
            return fail("LOG_OVERFLOW");
        }
        final int[] lastSeq = new int[Rig.MAX_PRODUCERS];
        for (int i = 0; i < logSize; i++)
        {
            final int id = log[i];
            final int p = id / Rig.ID_STRIDE;
            final int seq = id % Rig.ID_STRIDE;
            if (id <= 0 || p >= producers || seq < 1 || seq > sent[p] || !reserved(results[p][seq]))
            {
                return fail("UNKNOWN_MESSAGE " + id);
            }
            if (seq <= lastSeq[p])
            {
                return fail("DUPLICATE_OR_REORDERED " + id);
            }
            lastSeq[p] = seq;
        }
        final ChannelCounters counters = channel.counters(new ChannelCounters());
        int reservedTotal = 0;
        for (int p = 0; p < producers; p++)
        {
            reservedTotal += accepted(p);
        }
        if (reservedTotal != logSize + counters.droppedOldest() || counters.depth() != 0 || !counters.isConserved())
        {
            return fail("LOST reserved=" + reservedTotal + " droppedOldest=" + counters.droppedOldest());
        }
        return null;
    }

    private String fail(final String what)
    {
        return what + " " + trace();
    }

    /**
     * The run in one line: d= delivered ids in order, s= samples as the stamp each read (message id; -1 is the
     * initial slot) and the delivery it was taken at, rN= producer N's results (see {@link Rig#code(int)}).
     */
    private String trace()
    {
        final StringBuilder sb = new StringBuilder("d=");
        for (int i = 0; i < Math.min(logSize, log.length); i++)
        {
            sb.append(log[i]).append(',');
        }
        sb.append(" s=");
        for (int k = 0; k < Math.min(sampleCount, samples.length); k++)
        {
            sb.append(ActorClock.CONSUMER_NOW - samples[k]).append('@').append(sampledAt[k]).append(',');
        }
        for (int p = 0; p < producers; p++)
        {
            sb.append(" r").append(p).append('=');
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                sb.append(Rig.code(results[p][seq]));
            }
        }
        return sb.toString();
    }
}
