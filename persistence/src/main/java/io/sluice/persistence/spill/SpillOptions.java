package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codec;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings for a Chronicle-backed spill store, and the factory for object and binary stores. One directory per
 * channel.
 * <pre>{@code
 * ChronicleSpillStore<Order> store = SpillOptions.directory(dir).ackEvery(64).maxPendingBytes(1L << 30)
 *     .objectStore(orderCodec);
 * ObjectChannel<Order> channel = ChannelBuilder.<Order>channel("orders").kind(ChannelKind.OBJECT_SPSC)
 *     .capacity(1024).policy(OverflowPolicy.SPILL).spillStore(store).buildObject();
 * }</pre>
 * Every setting is checked when a store is opened; a bad one names the setting, the value and what is allowed.
 */
public final class SpillOptions
{
    /** Default roll cycle: an hour per file, so drained files are deleted within the hour. */
    public static final String DEFAULT_ROLL_CYCLE = "FAST_HOURLY";
    /** Default acknowledgement granularity: every delivered message. */
    public static final int DEFAULT_ACK_EVERY = 1;
    /** Default limit on messages pending in the store. */
    public static final long DEFAULT_MAX_PENDING_MESSAGES = Long.MAX_VALUE;
    /** Default limit on bytes pending in the store (payloads, not counting Chronicle's headers): 1 GiB. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 1L << 30;

    final Path directory;
    String rollCycle = DEFAULT_ROLL_CYCLE;
    int ackEvery = DEFAULT_ACK_EVERY;
    boolean manualAck;
    long maxPendingMessages = DEFAULT_MAX_PENDING_MESSAGES;
    long maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
    boolean syncOnAppend;
    TimeProvider timeProvider;

    private SpillOptions(final Path directory)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Start settings for a store in a directory, created if missing.
     *
     * @param directory one per channel; must not be used by another live store.
     * @return new settings with the defaults.
     */
    public static SpillOptions directory(final Path directory)
    {
        return new SpillOptions(directory);
    }

    /**
     * How often Chronicle starts a new file. Drained files are deleted whole, so a shorter cycle bounds disk use more
     * tightly while the consumer keeps up.
     *
     * @param name a Chronicle roll cycle name, e.g. {@code FAST_HOURLY} (default), {@code FAST_DAILY},
     *             {@code TEN_MINUTELY}, or for tests {@code TEST_SECONDLY}.
     * @return this.
     */
    public SpillOptions rollCycle(final String name)
    {
        this.rollCycle = name;
        return this;
    }

    /**
     * Acknowledge the consumer's position every {@code n} delivered messages. After a crash at most the last
     * {@code n - 1} delivered messages (plus any being delivered) are delivered again.
     *
     * @param n 1 (default) to 1,000,000.
     * @return this.
     */
    public SpillOptions ackEvery(final int n)
    {
        this.ackEvery = n;
        return this;
    }

    /**
     * Acknowledge only when the consumer calls {@link ChronicleSpillStore#acknowledge()} (for example after its own
     * durable commit), not as messages are delivered.
     *
     * @param manual true for manual acknowledgement.
     * @return this.
     */
    public SpillOptions manualAck(final boolean manual)
    {
        this.manualAck = manual;
        return this;
    }

    /**
     * Refuse appends once this many messages are pending (spilled or recovered, not yet delivered); the channel then
     * applies its spill fallback policy.
     *
     * @param max at least 1; default unlimited.
     * @return this.
     */
    public SpillOptions maxPendingMessages(final long max)
    {
        this.maxPendingMessages = max;
        return this;
    }

    /**
     * Refuse appends that would take the pending payload bytes past this limit.
     *
     * @param max at least 1; default 1 GiB.
     * @return this.
     */
    public SpillOptions maxPendingBytes(final long max)
    {
        this.maxPendingBytes = max;
        return this;
    }

    /**
     * Force every append to the storage device (msync) before {@code offer} returns {@code SPILLED}, so spilled
     * messages survive power loss, not only a process crash. Off by default: it costs a device flush per spilled
     * message (see docs/persistence.md for the measured cost).
     *
     * @param sync true to sync each append.
     * @return this.
     */
    public SpillOptions syncOnAppend(final boolean sync)
    {
        this.syncOnAppend = sync;
        return this;
    }

    /**
     * The clock Chronicle uses to pick roll cycles; for tests and simulations that roll files on demand.
     *
     * @param timeProvider the clock; null for the system clock.
     * @return this.
     */
    public SpillOptions timeProvider(final TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        return this;
    }

    /**
     * Open (or create) an object spill store.
     *
     * @param codec turns messages into bytes; must be the codec that wrote any data already in the directory.
     * @param <E>   type of the messages.
     * @return the open store; close it after the channel.
     * @throws IllegalArgumentException if a setting is out of range.
     * @throws io.sluice.persistence.StoreDirectoryException if the directory cannot be used.
     */
    public <E> ChronicleSpillStore<E> objectStore(final Codec<E> codec)
    {
        Objects.requireNonNull(codec, "codec");
        validate();
        return new ChronicleSpillStore<>(new SpillQueue(this, SpillQueue.OBJECT_KIND, codec.name()), codec);
    }

    /**
     * Open (or create) a binary spill store: raw bytes and type id, no codec.
     *
     * @return the open store; close it after the channel.
     * @throws IllegalArgumentException if a setting is out of range.
     * @throws io.sluice.persistence.StoreDirectoryException if the directory cannot be used.
     */
    public ChronicleBinarySpillStore binaryStore()
    {
        validate();
        return new ChronicleBinarySpillStore(new SpillQueue(this, SpillQueue.BINARY_KIND, SpillQueue.BINARY_CODEC));
    }

    RollCycle resolveRollCycle()
    {
        final List<Enum<?>> known = new ArrayList<>();
        known.addAll(List.of(RollCycles.values()));
        known.addAll(List.of(LargeRollCycles.values()));
        known.addAll(List.of(SparseRollCycles.values()));
        known.addAll(List.of(TestRollCycles.values()));
        for (final Enum<?> cycle : known)
        {
            if (cycle.name().equals(rollCycle))
            {
                return (RollCycle)cycle;
            }
        }
        throw new IllegalArgumentException(
            error("rollCycle", rollCycle, "a Chronicle roll cycle name, one of " + known));
    }

    private void validate()
    {
        resolveRollCycle();
        if (ackEvery < 1 || ackEvery > 1_000_000)
        {
            throw new IllegalArgumentException(error("ackEvery", ackEvery, "1..1000000"));
        }
        if (manualAck && ackEvery != DEFAULT_ACK_EVERY)
        {
            throw new IllegalArgumentException(error("ackEvery", ackEvery, "unset when manualAck=true"));
        }
        if (maxPendingMessages < 1)
        {
            throw new IllegalArgumentException(error("maxPendingMessages", maxPendingMessages, "1.." + Long.MAX_VALUE));
        }
        if (maxPendingBytes < 1)
        {
            throw new IllegalArgumentException(error("maxPendingBytes", maxPendingBytes, "1.." + Long.MAX_VALUE));
        }
    }

    private String error(final String setting, final Object value, final String allowed)
    {
        return "spill store " + directory + ": " + setting + "=" + value + " is not allowed; allowed " + allowed;
    }
}
