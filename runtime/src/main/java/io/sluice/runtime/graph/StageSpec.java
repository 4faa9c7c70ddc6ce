package io.sluice.runtime.graph;

import io.sluice.runtime.failure.BinaryDeadLetterSink;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.DeadLetterSink;
import io.sluice.runtime.failure.InMemoryBinaryDeadLetterSink;
import io.sluice.runtime.failure.InMemoryDeadLetterSink;
import io.sluice.runtime.failure.RetryPolicy;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The settings of one stage, source or sink, returned by the {@link GraphBuilder} method that declares it. Every
 * setting has a default; setters validate at once and name the stage, the setting, the value and what is allowed.
 *
 * @param <I> type of the messages received (object stages).
 * @param <O> type of the messages emitted (object stages).
 */
public final class StageSpec<I, O>
{
    /**
     * Default for {@link #batch(int)}.
     */
    public static final int DEFAULT_BATCH = 64;

    /**
     * Default for {@link #outboxCapacity(int)}.
     */
    public static final int DEFAULT_OUTBOX_CAPACITY = 256;

    /**
     * Capacity of the in-memory dead-letter sink a stage gets if none is set.
     */
    public static final int DEFAULT_DEAD_LETTER_CAPACITY = 10_000;

    /**
     * Upper bound of {@link #batch(int)} and {@link #outboxCapacity(int)}.
     */
    public static final int MAX_BATCH = 1 << 20;

    final String name;
    final boolean binary;
    final StageAgent.Role role;
    final Object handler;
    int batch = DEFAULT_BATCH;
    int outboxCapacity = DEFAULT_OUTBOX_CAPACITY;
    RetryPolicy retryPolicy = RetryPolicy.none();
    CircuitBreaker breaker;
    BreakerOpenAction openAction = BreakerOpenAction.DEAD_LETTER;
    int dedupWindow;
    ToLongFunction<?> idFunction;
    BinaryKeyFunction binaryIdFunction;
    ToLongFunction<?> router;
    BinaryKeyFunction binaryRouter;
    DeadLetterSink<?> deadLetterSink;
    BinaryDeadLetterSink binaryDeadLetterSink;

    StageSpec(final String name, final boolean binary, final StageAgent.Role role, final Object handler)
    {
        this.name = name;
        this.binary = binary;
        this.role = role;
        this.handler = Objects.requireNonNull(handler, () -> "stage '" + name + "': handler");
        if (binary)
        {
            binaryDeadLetterSink = new InMemoryBinaryDeadLetterSink(DEFAULT_DEAD_LETTER_CAPACITY);
        }
        else
        {
            deadLetterSink = new InMemoryDeadLetterSink<>(DEFAULT_DEAD_LETTER_CAPACITY);
        }
    }

    /**
     * Name of the stage.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Most messages the stage takes from its inbound edges (or a source emits) in one duty cycle. An edge may hold
     * its high water mark plus one batch of the stage that feeds it at most.
     *
     * @param batch 1..{@link #MAX_BATCH}, default {@link #DEFAULT_BATCH}.
     * @return this.
     */
    public StageSpec<I, O> batch(final int batch)
    {
        this.batch = checkRange("batch", batch);
        return this;
    }

    /**
     * Most emitted messages the outbox holds for edges without room (see {@link Outbox}).
     *
     * @param outboxCapacity 1..{@link #MAX_BATCH}, default {@link #DEFAULT_OUTBOX_CAPACITY}.
     * @return this.
     */
    public StageSpec<I, O> outboxCapacity(final int outboxCapacity)
    {
        this.outboxCapacity = checkRange("outboxCapacity", outboxCapacity);
        return this;
    }

    /**
     * How often and when a failed message is tried again before it goes to the dead-letter sink. Retries are head
     * of line: while a message waits for its next attempt the stage takes no input (its duty cycle and every other
     * agent keep running), so edge order is kept and the wait pushes back upstream.
     *
     * @param retryPolicy the policy, default {@link RetryPolicy#none()}.
     * @return this.
     */
    public StageSpec<I, O> retry(final RetryPolicy retryPolicy)
    {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, () -> "stage '" + name + "': retryPolicy");
        return this;
    }

    /**
     * Guard the handler with a circuit breaker; while it is open, apply {@code action} to each message. The breaker
     * is used by the stage's thread only, and readable from any thread.
     *
     * @param breaker the breaker, owned by this stage alone.
     * @param action  what to do with a message while the breaker is open.
     * @return this.
     */
    public StageSpec<I, O> circuitBreaker(final CircuitBreaker breaker, final BreakerOpenAction action)
    {
        this.breaker = Objects.requireNonNull(breaker, () -> "stage '" + name + "': circuitBreaker");
        this.openAction = Objects.requireNonNull(action, () -> "stage '" + name + "': breakerOpenAction");
        return this;
    }

    /**
     * Where messages go after the last failed attempt (object stages). Default: an in-memory sink of
     * {@link #DEFAULT_DEAD_LETTER_CAPACITY} letters, see {@link #deadLetterSink()}.
     *
     * @param sink the sink; it must copy what it keeps from the reused letter.
     * @return this.
     */
    @SuppressWarnings("overloads") // a lambda sink names its parameter type; a stage takes only its own kind
    public StageSpec<I, O> deadLetters(final DeadLetterSink<? super I> sink)
    {
        requireKind(false, "deadLetters(DeadLetterSink)");
        this.deadLetterSink = Objects.requireNonNull(sink, () -> "stage '" + name + "': deadLetters");
        return this;
    }

    /**
     * Where messages go after the last failed attempt (binary stages).
     *
     * @param sink the sink; it must copy the bytes it keeps.
     * @return this.
     */
    @SuppressWarnings("overloads") // see deadLetters(DeadLetterSink)
    public StageSpec<I, O> deadLetters(final BinaryDeadLetterSink sink)
    {
        requireKind(true, "deadLetters(BinaryDeadLetterSink)");
        this.binaryDeadLetterSink = Objects.requireNonNull(sink, () -> "stage '" + name + "': deadLetters");
        return this;
    }

    /**
     * The stage's dead-letter sink: the one set, or the in-memory default.
     *
     * @return a {@link DeadLetterSink} for object stages, a {@link BinaryDeadLetterSink} for binary ones.
     */
    public Object deadLetterSink()
    {
        return binary ? binaryDeadLetterSink : deadLetterSink;
    }

    /**
     * Drop (and count) a message whose id is among the last {@code window} ids the stage handled successfully.
     *
     * @param id     reads a message's id.
     * @param window how many ids to remember.
     * @return this.
     */
    public StageSpec<I, O> dedup(final ToLongFunction<? super I> id, final int window)
    {
        requireKind(false, "dedup(ToLongFunction, int)");
        this.idFunction = Objects.requireNonNull(id, () -> "stage '" + name + "': dedup id");
        this.dedupWindow = checkWindow(window);
        return this;
    }

    /**
     * Drop (and count) a binary message whose id is among the last {@code window} ids handled successfully.
     *
     * @param id     reads a message's id.
     * @param window how many ids to remember.
     * @return this.
     */
    public StageSpec<I, O> dedup(final BinaryKeyFunction id, final int window)
    {
        requireKind(true, "dedup(BinaryKeyFunction, int)");
        this.binaryIdFunction = Objects.requireNonNull(id, () -> "stage '" + name + "': dedup id");
        this.dedupWindow = checkWindow(window);
        return this;
    }

    /**
     * Send each emit to one outbound edge, picked by {@code floorMod(key, edges)}, instead of broadcasting.
     *
     * @param key reads an emitted message's partition key.
     * @return this.
     */
    public StageSpec<I, O> route(final ToLongFunction<? super O> key)
    {
        requireKind(false, "route(ToLongFunction)");
        this.router = Objects.requireNonNull(key, () -> "stage '" + name + "': route key");
        return this;
    }

    /**
     * Send each binary emit to one outbound edge, picked by {@code floorMod(key, edges)}.
     *
     * @param key reads an emitted message's partition key.
     * @return this.
     */
    public StageSpec<I, O> route(final BinaryKeyFunction key)
    {
        requireKind(true, "route(BinaryKeyFunction)");
        this.binaryRouter = Objects.requireNonNull(key, () -> "stage '" + name + "': route key");
        return this;
    }

    /**
     * Send every emit to every outbound edge (the default).
     *
     * @return this.
     */
    public StageSpec<I, O> broadcast()
    {
        router = null;
        binaryRouter = null;
        return this;
    }

    private int checkWindow(final int window)
    {
        if (window < 1 || window > 1 << 26)
        {
            throw new IllegalArgumentException(
                "stage '" + name + "': dedupWindow=" + window + " is not allowed; allowed 1.." + (1 << 26));
        }
        return window;
    }

    private int checkRange(final String setting, final int value)
    {
        if (value < 1 || value > MAX_BATCH)
        {
            throw new IllegalArgumentException(
                "stage '" + name + "': " + setting + "=" + value + " is not allowed; allowed 1.." + MAX_BATCH);
        }
        return value;
    }

    private void requireKind(final boolean binaryMethod, final String method)
    {
        if (binaryMethod != binary)
        {
            throw new IllegalArgumentException("stage '" + name + "': " + method + " is for " +
                (binaryMethod ? "binary" : "object") + " stages; '" + name + "' is " +
                (binary ? "a binary" : "an object") + " stage");
        }
    }

    String describe()
    {
        return (binary ? "binary " : "") + role.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
    }
}
