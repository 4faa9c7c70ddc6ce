package io.sluice.runtime.failure;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The counters of a {@link DedupWindow} read from another thread: the owner accepts id 1, refuses it as a duplicate,
 * then accepts id 2; an observer reads {@code duplicates()} and then {@code accepted()}. Release stores and acquire
 * loads: a reader that sees the duplicate also sees the acceptance that came before it.
 */
public final class DedupWindowTests
{
    private DedupWindowTests()
    {
    }

    /**
     * Result: duplicates and accepted as the observer read them.
     */
    @JCStressTest
    @Outcome(id = "0, [0-2]", expect = Expect.ACCEPTABLE,
        desc = "Observer read the duplicate count before the refusal.")
    @Outcome(id = "1, [1-2]", expect = Expect.ACCEPTABLE, desc = "Observer saw the refusal and the first acceptance.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A duplicate counted without the acceptance before it, or counts the owner never wrote.")
    @State
    public static class Counters
    {
        final DedupWindow window = new DedupWindow(4);

        @Actor
        public void owner()
        {
            window.tryAccept(1);
            window.tryAccept(1);
            window.tryAccept(2);
        }

        @Actor
        public void observer(final II_Result r)
        {
            r.r1 = (int)window.duplicates();
            r.r2 = (int)window.accepted();
        }
    }
}
