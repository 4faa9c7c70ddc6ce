package io.sluice.persistence.deadletter;

import io.sluice.persistence.codec.Codecs;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZL_Result;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two stages share one durable dead-letter store and dead-letter a message each at the same time. Both records must
 * be in the store, whole, with sequence numbers 0 and 1 in file order (the store takes the next sequence and
 * appends as one step under its lock), whichever stage came first.
 * <p>
 * Each state opens a fresh Chronicle store on {@code /dev/shm} (else {@code java.io.tmpdir}); the arbiter reads it
 * back with a {@link DeadLetterReader}, then closes and deletes it.
 * <p>
 * Result: r1 both records present and whole; r2 sequences 0, 1 in file order; r3 the stage that got sequence 0.
 */
@Outcome(id = "true, true, a", expect = Expect.ACCEPTABLE, desc = "Stage a's dead letter was appended first.")
@Outcome(id = "true, true, b", expect = Expect.ACCEPTABLE, desc = "Stage b's dead letter was appended first.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A record was lost, torn or duplicated, or sequence numbers do not follow file order.")
@JCStressTest
@State
public class DeadLetterStoreAppendTests
{
    private static final Path ROOT = ScratchDirectories.root("sluice-jcstress-dlq-");
    private static final AtomicLong NEXT = new AtomicLong();

    private final Path path = ROOT.resolve("dlq-" + NEXT.incrementAndGet());
    private final ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8());
    private final DeadLetter<String> letterA = new DeadLetter<>();
    private final DeadLetter<String> letterB = new DeadLetter<>();
    private final IllegalStateException cause = new IllegalStateException("boom");

    @Actor
    public void stageA()
    {
        store.onDeadLetter(letterA.set("a", "in->a", "payload-a", cause, 3, 1, 2, DeadLetterReason.RETRIES_EXHAUSTED));
    }

    @Actor
    public void stageB()
    {
        store.onDeadLetter(letterB.set("b", "in->b", "payload-b", cause, 5, 3, 4, DeadLetterReason.BREAKER_OPEN));
    }

    @Arbiter
    public void arbiter(final ZZL_Result r)
    {
        store.close();
        final List<String> records = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            reader.forEach(record ->
            {
                sequences.add(record.sequence());
                final String payload = reader.decode(Codecs.utf8(), record);
                final boolean whole = ("a".equals(record.stage()) && "in->a".equals(record.edge()) &&
                    "payload-a".equals(payload) && record.attempts() == 3 &&
                    record.reason() == DeadLetterReason.RETRIES_EXHAUSTED) ||
                    ("b".equals(record.stage()) && "in->b".equals(record.edge()) && "payload-b".equals(payload) &&
                    record.attempts() == 5 && record.reason() == DeadLetterReason.BREAKER_OPEN);
                records.add(whole ? record.stage() : "torn");
            });
        }
        finally
        {
            ScratchDirectories.delete(path);
        }
        r.r1 = records.size() == 2 && records.contains("a") && records.contains("b");
        r.r2 = sequences.equals(List.of(0L, 1L));
        r.r3 = records.isEmpty() ? "none" : records.get(0);
    }
}
