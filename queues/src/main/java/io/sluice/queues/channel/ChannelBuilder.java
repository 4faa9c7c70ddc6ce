package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinaryOverflowSink;
import io.sluice.queues.overflow.BinarySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.queues.overflow.OverflowSink;
import io.sluice.queues.overflow.SpillStore;
import org.agrona.BitUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one builder for every channel kind: name, kind, capacity, water marks, credits, overflow policy and what the
 * policy needs. Setters only record; {@link #buildObjectChannel()} and {@link #buildBinaryChannel()} validate every
 * setting together and throw an {@link IllegalArgumentException} that names the channel, the setting, the value
 * and what is allowed.
 * <pre>{@code
 * ObjectChannel<Order> orders = ChannelBuilder.<Order>channel("orders")
 *     .kind(ChannelKind.OBJECT_SPSC)
 *     .capacity(4096)
 *     .highWaterMark(3072)
 *     .lowWaterMark(1024)
 *     .policy(OverflowPolicy.BLOCK)
 *     .blockTimeout(5, TimeUnit.MILLISECONDS)
 *     .buildObjectChannel();
 * }</pre>
 * Defaults: kind {@code OBJECT_SPSC}; capacity {@link #DEFAULT_CAPACITY}; high water mark = capacity; low water
 * mark = high / 2; policy {@code FAIL_FAST}; credit mode {@code AUTO} with batch = max(1, capacity / 4) and window
 * = high water mark + batch (so in AUTO mode the water marks, not the credits, decide); binary maximum message
 * length {@link #DEFAULT_MAX_MESSAGE_LENGTH}.
 * <p>
 * <b>Note:</b> not thread-safe; a builder may build several channels.
 *
 * @param <E> type of the messages of an object channel (unused for binary channels).
 */
public final class ChannelBuilder<E>
{
    /**
     * Default capacity in messages; system property {@code sluice.channel.capacity}.
     */
    public static final int DEFAULT_CAPACITY = Integer.getInteger("sluice.channel.capacity", 1024);

    /**
     * Largest capacity in messages (the JCTools array queue limit).
     */
    public static final int MAX_CAPACITY = 1 << 30;

    /**
     * Largest wait-time sample interval.
     */
    public static final int MAX_WAIT_TIME_SAMPLING = 1 << 20;

    /**
     * Default longest binary message in bytes; system property {@code sluice.channel.maxMessageLength}.
     */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = Integer.getInteger("sluice.channel.maxMessageLength", 256);

    /**
     * Largest buffer, in bytes, a binary channel may need: capacity messages of maxMessageLength must fit in it.
     */
    public static final int MAX_BUFFER_LENGTH = 1 << 30;

    /**
     * Smallest ring buffer a binary channel allocates, in bytes.
     */
    public static final int MIN_RING_CAPACITY = 1024;


    final String name;
    ChannelKind kind = ChannelKind.OBJECT_SPSC;
    // user settings: null means "default"; resolve() copies them, validated, into the primitives the channels read
    private Integer capacitySetting;
    private Integer highWaterMarkSetting;
    private Integer lowWaterMarkSetting;
    private Long creditWindowSetting;
    private Long creditBatchSetting;
    private Long initialCreditsSetting;
    private Long blockTimeoutNsSetting;
    private Integer maxMessageLengthSetting;

    int capacity;
    int highWaterMark;
    int lowWaterMark;
    OverflowPolicy policy = OverflowPolicy.FAIL_FAST;
    CreditMode creditMode = CreditMode.AUTO;
    long creditWindow;
    long creditBatch;
    long initialCredits;
    long blockTimeoutNs;
    Supplier<? extends IdleStrategy> blockIdleStrategySupplier;
    NanoClock nanoClock = SystemNanoClock.INSTANCE;
    OverflowSink<? super E> overflowSink;
    SpillStore<E> spillStore;
    BinaryOverflowSink binaryOverflowSink;
    BinarySpillStore binarySpillStore;
    OverflowPolicy spillFallback = OverflowPolicy.FAIL_FAST;
    private OverflowPolicy spillFallbackSetting;
    long recovered;
    int maxMessageLength;
    WritabilityListener writabilityListener;
    int waitTimeSampling;
    WaitTimeRecorder waitTimeRecorder;

    private ChannelBuilder(final String name)
    {
        this.name = name;
    }

    /**
     * Start building a channel.
     *
     * @param name of the channel, not blank; appears in every error and in the counters.
     * @param <E>  type of the messages of an object channel.
     * @return a new builder.
     */
    public static <E> ChannelBuilder<E> channel(final String name)
    {
        return new ChannelBuilder<>(name);
    }

    /**
     * Name of the channel being built.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Kind of the channel being built (the default until set).
     *
     * @return the kind.
     */
    public ChannelKind kind()
    {
        return kind;
    }

    /**
     * Kind of channel.
     *
     * @param kind object or binary, one or many producers.
     * @return this.
     */
    public ChannelBuilder<E> kind(final ChannelKind kind)
    {
        this.kind = kind;
        return this;
    }

    /**
     * Maximum number of messages held in memory.
     *
     * @param capacity 1..{@link #MAX_CAPACITY}.
     * @return this.
     */
    public ChannelBuilder<E> capacity(final int capacity)
    {
        this.capacitySetting = capacity;
        return this;
    }

    /**
     * Depth at which the channel turns unwritable.
     *
     * @param highWaterMark 1..capacity.
     * @return this.
     */
    public ChannelBuilder<E> highWaterMark(final int highWaterMark)
    {
        this.highWaterMarkSetting = highWaterMark;
        return this;
    }

    /**
     * Depth at or below which an unwritable channel turns writable again.
     *
     * @param lowWaterMark 0..highWaterMark - 1.
     * @return this.
     */
    public ChannelBuilder<E> lowWaterMark(final int lowWaterMark)
    {
        this.lowWaterMarkSetting = lowWaterMark;
        return this;
    }

    /**
     * Overflow policy of the channel being built (the default until set).
     *
     * @return the policy.
     */
    public OverflowPolicy policy()
    {
        return policy;
    }

    /**
     * Whether {@link #blockTimeout(long, TimeUnit)} has been set.
     *
     * @return true once a block timeout is set.
     */
    public boolean hasBlockTimeout()
    {
        return null != blockTimeoutNsSetting;
    }

    /**
     * What offer does while the channel is unwritable or out of credit.
     *
     * @param policy the overflow policy.
     * @return this.
     */
    public ChannelBuilder<E> policy(final OverflowPolicy policy)
    {
        this.policy = policy;
        return this;
    }

    /**
     * How the consumer grants credits.
     *
     * @param creditMode AUTO or MANUAL.
     * @return this.
     */
    public ChannelBuilder<E> creditMode(final CreditMode creditMode)
    {
        this.creditMode = creditMode;
        return this;
    }

    /**
     * AUTO mode: how many messages beyond those delivered the consumer allows.
     *
     * @param creditWindow at least 1 and at least creditBatch.
     * @return this.
     */
    public ChannelBuilder<E> creditWindow(final long creditWindow)
    {
        this.creditWindowSetting = creditWindow;
        return this;
    }

    /**
     * AUTO mode: how many messages the consumer delivers between two grants (the low tide).
     *
     * @param creditBatch 1..creditWindow.
     * @return this.
     */
    public ChannelBuilder<E> creditBatch(final long creditBatch)
    {
        this.creditBatchSetting = creditBatch;
        return this;
    }

    /**
     * MANUAL mode: credits granted before the consumer's first {@link Channel#request(long)}.
     *
     * @param initialCredits 0..{@link Channel#MAX_CREDIT_LIMIT}.
     * @return this.
     */
    public ChannelBuilder<E> initialCredits(final long initialCredits)
    {
        this.initialCreditsSetting = initialCredits;
        return this;
    }

    /**
     * BLOCK policy: how long an offer waits for the channel to accept before returning {@code TIMED_OUT}.
     *
     * @param timeout  greater than zero.
     * @param timeUnit of the timeout.
     * @return this.
     */
    public ChannelBuilder<E> blockTimeout(final long timeout, final TimeUnit timeUnit)
    {
        this.blockTimeoutNsSetting = timeout <= 0 ? timeout : timeUnit.toNanos(timeout);
        return this;
    }

    /**
     * BLOCK policy: the idle strategy a blocked producer waits with; one instance per producer thread is taken from
     * the supplier, since Agrona's strategies keep per-thread state. Default: {@link BackoffIdleStrategy}.
     *
     * @param supplier of idle strategies.
     * @return this.
     */
    public ChannelBuilder<E> blockIdleStrategy(final Supplier<? extends IdleStrategy> supplier)
    {
        this.blockIdleStrategySupplier = supplier;
        return this;
    }

    /**
     * Clock for the BLOCK deadline and the time spent unwritable. Default: {@link SystemNanoClock}.
     *
     * @param nanoClock the clock.
     * @return this.
     */
    public ChannelBuilder<E> nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * SHED policy, object kinds: where shed messages go.
     *
     * @param overflowSink the sink.
     * @return this.
     */
    public ChannelBuilder<E> overflowSink(final OverflowSink<? super E> overflowSink)
    {
        this.overflowSink = overflowSink;
        return this;
    }

    /**
     * SPILL policy, object kinds: where overflow is kept in order.
     *
     * @param spillStore the store; one per channel.
     * @return this.
     */
    public ChannelBuilder<E> spillStore(final SpillStore<E> spillStore)
    {
        this.spillStore = spillStore;
        return this;
    }

    /**
     * SHED policy, binary kinds: where shed messages go.
     *
     * @param overflowSink the sink.
     * @return this.
     */
    public ChannelBuilder<E> binaryOverflowSink(final BinaryOverflowSink overflowSink)
    {
        this.binaryOverflowSink = overflowSink;
        return this;
    }

    /**
     * SPILL policy, binary kinds: where overflow is kept in order.
     *
     * @param spillStore the store; one per channel.
     * @return this.
     */
    public ChannelBuilder<E> binarySpillStore(final BinarySpillStore spillStore)
    {
        this.binarySpillStore = spillStore;
        return this;
    }

    /**
     * SPILL policy: what an offer becomes when the store refuses it (full, or past its size limit). Counted both as
     * {@code spillRefused} and as the fallback's own outcome; never silent.
     *
     * @param fallback {@link OverflowPolicy#FAIL_FAST} (the default: {@code REJECTED}, the caller keeps the
     *                 message) or {@link OverflowPolicy#DROP_NEWEST} ({@code DROPPED_NEWEST}).
     * @return this.
     */
    public ChannelBuilder<E> spillFallback(final OverflowPolicy fallback)
    {
        this.spillFallbackSetting = fallback;
        return this;
    }

    /**
     * Sample the wait time (reservation by the producer to delivery by the consumer) of one in-memory message in
     * {@code interval} and hand it to {@code recorder} on the consumer's thread. The cost is one comparison per
     * message on each side, and two clock reads and a few memory accesses per sample. The time stamps live in a
     * small ring beside the queue, keyed by the producer's reservation count, which the consumer computes as its
     * delivered count plus the reservations that left memory undelivered (dropped oldest, released, skipped). A
     * sample is exact when none did so while the message waited; otherwise it is approximate: the age of a sampled
     * message within one interval of the one taken, older (an eviction counted late) or younger (one counted early,
     * such as a drop-oldest eviction made just after the take). With several producers a slot two producers want at
     * once is given up rather than shared, so a sample can be lost, never torn. Messages delivered from a spill store
     * are not sampled.
     *
     * @param interval 0 (off, the default), or a power of two from 1 (every message) to 1048576.
     * @param recorder receives the samples; required when interval is not 0.
     * @return this.
     */
    public ChannelBuilder<E> waitTimeSampling(final int interval, final WaitTimeRecorder recorder)
    {
        if (interval != 0 && (interval < 0 || interval > MAX_WAIT_TIME_SAMPLING || Integer.bitCount(interval) != 1))
        {
            throw new IllegalArgumentException(error("waitTimeSampling", interval,
                "0 (off) or a power of two from 1 to " + MAX_WAIT_TIME_SAMPLING));
        }
        if (interval != 0 && null == recorder)
        {
            throw new IllegalArgumentException(error("waitTimeRecorder", null, "a recorder when waitTimeSampling=" +
                interval));
        }
        this.waitTimeSampling = interval;
        this.waitTimeRecorder = interval == 0 ? null : recorder;
        return this;
    }

    /**
     * Binary kinds: the longest message in bytes. The channel's buffer holds capacity messages of this length.
     *
     * @param maxMessageLength 0.. such that (capacity + 1) records fit in {@link #MAX_BUFFER_LENGTH}.
     * @return this.
     */
    public ChannelBuilder<E> maxMessageLength(final int maxMessageLength)
    {
        this.maxMessageLengthSetting = maxMessageLength;
        return this;
    }

    /**
     * A listener told of writability changes (it can also be set on the channel later).
     *
     * @param listener the listener, or null.
     * @return this.
     */
    public ChannelBuilder<E> writabilityListener(final WritabilityListener listener)
    {
        this.writabilityListener = listener;
        return this;
    }

    /**
     * Validate the settings and build an object channel.
     *
     * @return the channel.
     * @throws IllegalArgumentException naming the setting, value and allowed range of the first invalid setting.
     */
    public ObjectChannel<E> buildObjectChannel()
    {
        final ChannelBuilder<E> resolved = resolve(false);
        return new ObjectChannel<>(resolved);
    }

    /**
     * Validate the settings and build a binary channel.
     *
     * @return the channel.
     * @throws IllegalArgumentException naming the setting, value and allowed range of the first invalid setting.
     */
    public BinaryChannel buildBinaryChannel()
    {
        final ChannelBuilder<E> resolved = resolve(true);
        return resolved.policy == OverflowPolicy.DROP_OLDEST ?
            new SlotBinaryChannel(resolved) : new RingBinaryChannel(resolved);
    }

    /**
     * Ring buffer capacity in bytes for a binary channel: a power of two that holds {@code capacity + 1} records of
     * {@code maxMessageLength} (one spare for the padding record at the wrap), and at least eight, since Agrona
     * limits a message to an eighth of the ring.
     */
    int ringCapacity()
    {
        final long required = Math.max((capacity + 1L) * recordLength(), 8L * recordLength());
        return BitUtil.findNextPositivePowerOfTwo((int)Math.max(MIN_RING_CAPACITY, required));
    }

    private long recordLength()
    {
        return BitUtil.align(RecordDescriptor.HEADER_LENGTH + maxMessageLength, RecordDescriptor.ALIGNMENT);
    }

    /**
     * Check every setting and return a copy with the defaults filled in, so this builder can be changed and reused.
     */
    private ChannelBuilder<E> resolve(final boolean binary)
    {
        if (null == name || name.isBlank())
        {
            throw new IllegalArgumentException("channel name='" + name + "' is not allowed; allowed a non-blank name");
        }
        if (null == kind)
        {
            throw new IllegalArgumentException(
                error("kind", null, "one of OBJECT_SPSC, OBJECT_MPSC, BINARY_SPSC, BINARY_MPSC"));
        }
        if (null == policy)
        {
            throw new IllegalArgumentException(
                error("policy", null, "one of BLOCK, DROP_NEWEST, DROP_OLDEST, FAIL_FAST, SHED, SPILL"));
        }
        if (null == creditMode)
        {
            throw new IllegalArgumentException(error("creditMode", null, "AUTO or MANUAL"));
        }
        if (null == nanoClock)
        {
            throw new IllegalArgumentException(error("nanoClock", null, "a clock"));
        }

        if (kind.isBinary() != binary)
        {
            throw new IllegalArgumentException(error("kind", kind, binary ?
                "BINARY_SPSC or BINARY_MPSC for buildBinaryChannel()" :
                "OBJECT_SPSC or OBJECT_MPSC for buildObjectChannel()"));
        }

        final ChannelBuilder<E> r = copy();
        r.capacity = null == capacitySetting ? DEFAULT_CAPACITY : capacitySetting;
        if (r.capacity < 1 || r.capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(error("capacity", r.capacity, "1.." + MAX_CAPACITY));
        }

        r.highWaterMark = null == highWaterMarkSetting ? r.capacity : highWaterMarkSetting;
        if (r.highWaterMark < 1 || r.highWaterMark > r.capacity)
        {
            throw new IllegalArgumentException(
                error("highWaterMark", r.highWaterMark, "1..capacity (" + r.capacity + ")"));
        }
        r.lowWaterMark = null == lowWaterMarkSetting ? r.highWaterMark / 2 : lowWaterMarkSetting;
        if (r.lowWaterMark < 0 || r.lowWaterMark >= r.highWaterMark)
        {
            throw new IllegalArgumentException(
                error("lowWaterMark", r.lowWaterMark, "0..highWaterMark - 1 (" + (r.highWaterMark - 1) + ")"));
        }

        resolveCredits(r);
        resolvePolicy(r, binary);
        if (binary)
        {
            resolveMessageLength(r);
        }
        else if (null != maxMessageLengthSetting)
        {
            throw new IllegalArgumentException(
                error("maxMessageLength", maxMessageLengthSetting, "unset for object kind " + kind));
        }
        return r;
    }

    private void resolveCredits(final ChannelBuilder<E> r)
    {
        if (r.creditMode == CreditMode.AUTO)
        {
            if (null != initialCreditsSetting)
            {
                throw new IllegalArgumentException(
                    error("initialCredits", initialCreditsSetting, "unset when creditMode=AUTO (MANUAL only)"));
            }
            r.creditBatch = null == creditBatchSetting ? Math.max(1, r.capacity / 4) : creditBatchSetting;
            r.creditWindow = null == creditWindowSetting ? r.highWaterMark + r.creditBatch : creditWindowSetting;
            if (r.creditWindow < 1 || r.creditWindow > Channel.MAX_CREDIT_LIMIT)
            {
                throw new IllegalArgumentException(
                    error("creditWindow", r.creditWindow, "1.." + Channel.MAX_CREDIT_LIMIT));
            }
            if (r.creditBatch < 1 || r.creditBatch > r.creditWindow)
            {
                throw new IllegalArgumentException(
                    error("creditBatch", r.creditBatch, "1..creditWindow (" + r.creditWindow + ")"));
            }
        }
        else
        {
            if (null != creditWindowSetting)
            {
                throw new IllegalArgumentException(
                    error("creditWindow", creditWindowSetting, "unset when creditMode=MANUAL (AUTO only)"));
            }
            if (null != creditBatchSetting)
            {
                throw new IllegalArgumentException(
                    error("creditBatch", creditBatchSetting, "unset when creditMode=MANUAL (AUTO only)"));
            }
            r.initialCredits = null == initialCreditsSetting ? 0 : initialCreditsSetting;
            if (r.initialCredits < 0 || r.initialCredits > Channel.MAX_CREDIT_LIMIT)
            {
                throw new IllegalArgumentException(
                    error("initialCredits", r.initialCredits, "0.." + Channel.MAX_CREDIT_LIMIT));
            }
            r.creditWindow = 0;
            r.creditBatch = 0;
        }
    }

    private void resolvePolicy(final ChannelBuilder<E> r, final boolean binary)
    {
        final OverflowPolicy policy = r.policy;
        if (policy == OverflowPolicy.BLOCK)
        {
            if (null == blockTimeoutNsSetting)
            {
                throw new IllegalArgumentException(error("blockTimeout", "unset",
                    "a deadline greater than 0 when policy=BLOCK: a blocked producer must give up some time"));
            }
            r.blockTimeoutNs = blockTimeoutNsSetting;
            if (r.blockTimeoutNs <= 0)
            {
                throw new IllegalArgumentException(
                    error("blockTimeout", r.blockTimeoutNs, "greater than 0 when policy=BLOCK"));
            }
            if (null == r.blockIdleStrategySupplier)
            {
                r.blockIdleStrategySupplier = BackoffIdleStrategy::new;
            }
        }
        else
        {
            if (null != blockTimeoutNsSetting)
            {
                throw new IllegalArgumentException(error("blockTimeout", blockTimeoutNsSetting + "ns",
                    "unset unless policy=BLOCK (policy=" + policy + ")"));
            }
            if (null != r.blockIdleStrategySupplier)
            {
                throw new IllegalArgumentException(
                    error("blockIdleStrategy", "set", "unset unless policy=BLOCK (policy=" + policy + ")"));
            }
        }

        final String sinkSetting = binary ? "binaryOverflowSink" : "overflowSink";
        final String storeSetting = binary ? "binarySpillStore" : "spillStore";
        final Object sink = binary ? r.binaryOverflowSink : r.overflowSink;
        final Object store = binary ? r.binarySpillStore : r.spillStore;
        final Object wrongSink = binary ? r.overflowSink : r.binaryOverflowSink;
        final Object wrongStore = binary ? r.spillStore : r.binarySpillStore;

        if (null != wrongSink)
        {
            throw new IllegalArgumentException(error(binary ? "overflowSink" : "binaryOverflowSink", "set",
                "unset for kind " + kind + "; use " + sinkSetting));
        }
        if (null != wrongStore)
        {
            throw new IllegalArgumentException(error(binary ? "spillStore" : "binarySpillStore", "set",
                "unset for kind " + kind + "; use " + storeSetting));
        }
        if (policy == OverflowPolicy.SHED && null == sink)
        {
            throw new IllegalArgumentException(error(sinkSetting, "unset", "a sink when policy=SHED"));
        }
        if (policy != OverflowPolicy.SHED && null != sink)
        {
            throw new IllegalArgumentException(
                error(sinkSetting, "set", "unset unless policy=SHED (policy=" + policy + ")"));
        }
        if (policy == OverflowPolicy.SPILL && null == store)
        {
            throw new IllegalArgumentException(error(storeSetting, "unset", "a store when policy=SPILL"));
        }
        if (policy != OverflowPolicy.SPILL && null != store)
        {
            throw new IllegalArgumentException(
                error(storeSetting, "set", "unset unless policy=SPILL (policy=" + policy + ")"));
        }
        if (null != spillFallbackSetting)
        {
            if (policy != OverflowPolicy.SPILL)
            {
                throw new IllegalArgumentException(
                    error("spillFallback", spillFallbackSetting, "unset unless policy=SPILL (policy=" + policy + ")"));
            }
            if (spillFallbackSetting != OverflowPolicy.FAIL_FAST && spillFallbackSetting != OverflowPolicy.DROP_NEWEST)
            {
                throw new IllegalArgumentException(
                    error("spillFallback", spillFallbackSetting, "FAIL_FAST or DROP_NEWEST"));
            }
            r.spillFallback = spillFallbackSetting;
        }
        if (policy == OverflowPolicy.SPILL)
        {
            final long recoveredCount = binary ? r.binarySpillStore.recovered() : r.spillStore.recovered();
            if (recoveredCount < 0)
            {
                throw new IllegalArgumentException(
                    error(storeSetting + ".recovered()", recoveredCount, "0 or more"));
            }
            r.recovered = recoveredCount;
        }
    }

    private void resolveMessageLength(final ChannelBuilder<E> r)
    {
        // every record, even an empty one, takes its header: capacity + 1 of them must fit, and a message may take
        // at most an eighth of the ring (Agrona's limit)
        final long maxCapacity = MAX_BUFFER_LENGTH / RecordDescriptor.ALIGNMENT - 1;
        if (r.capacity > maxCapacity)
        {
            throw new IllegalArgumentException(error("capacity", r.capacity, "1.." + maxCapacity + " for binary kind " +
                kind + " (capacity + 1 records of at least " + RecordDescriptor.ALIGNMENT + " bytes must fit in " +
                MAX_BUFFER_LENGTH + " bytes)"));
        }
        r.maxMessageLength = null == maxMessageLengthSetting ? DEFAULT_MAX_MESSAGE_LENGTH : maxMessageLengthSetting;
        final long maxRecord = Math.min(MAX_BUFFER_LENGTH / (r.capacity + 1L), MAX_BUFFER_LENGTH / 8);
        final long maxAllowed = (maxRecord & -RecordDescriptor.ALIGNMENT) - RecordDescriptor.HEADER_LENGTH;
        if (r.maxMessageLength < 0 || r.maxMessageLength > maxAllowed)
        {
            throw new IllegalArgumentException(error("maxMessageLength", r.maxMessageLength,
                "0.." + maxAllowed + " for capacity=" + r.capacity + " (capacity + 1 records must fit in " +
                MAX_BUFFER_LENGTH + " bytes)"));
        }
    }

    private String error(final String setting, final Object value, final String allowed)
    {
        return "channel '" + name + "': " + setting + "=" + value + " is not allowed; allowed " + allowed;
    }

    private ChannelBuilder<E> copy()
    {
        final ChannelBuilder<E> c = new ChannelBuilder<>(name);
        c.kind = kind;
        c.policy = policy;
        c.creditMode = creditMode;
        c.blockIdleStrategySupplier = blockIdleStrategySupplier;
        c.nanoClock = nanoClock;
        c.overflowSink = overflowSink;
        c.spillStore = spillStore;
        c.binaryOverflowSink = binaryOverflowSink;
        c.binarySpillStore = binarySpillStore;
        c.spillFallbackSetting = spillFallbackSetting;
        c.writabilityListener = writabilityListener;
        c.waitTimeSampling = waitTimeSampling;
        c.waitTimeRecorder = waitTimeRecorder;
        return c;
    }
}
