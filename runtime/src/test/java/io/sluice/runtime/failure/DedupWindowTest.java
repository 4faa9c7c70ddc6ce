package io.sluice.runtime.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupWindowTest
{
    /**
     * The reference: a LinkedHashSet in insertion order, evicting its first element when full.
     */
    private static final class Model
    {
        private final int capacity;
        private final LinkedHashSet<Long> ids = new LinkedHashSet<>();

        Model(final int capacity)
        {
            this.capacity = capacity;
        }

        boolean tryAccept(final long id)
        {
            if (ids.contains(id))
            {
                return false;
            }
            if (ids.size() == capacity)
            {
                final Iterator<Long> oldest = ids.iterator();
                oldest.next();
                oldest.remove();
            }
            ids.add(id);
            return true;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, DedupWindow.MAX_CAPACITY + 1})
    void shouldRejectACapacityOutsideTheRangeNamingDedupWindow(final int capacity)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DedupWindow(capacity));

        assertEquals("dedupWindow=" + capacity + " is not allowed; allowed 1..67108864", ex.getMessage());
    }

    @Test
    void shouldAcceptANewIdOnceAndCountDuplicates()
    {
        final DedupWindow window = new DedupWindow(4);

        assertTrue(window.tryAccept(42));
        assertFalse(window.tryAccept(42));
        assertFalse(window.tryAccept(42));
        assertTrue(window.tryAccept(43));

        assertTrue(window.contains(42));
        assertTrue(window.contains(43));
        assertFalse(window.contains(44));
        assertEquals(2, window.size());
        assertEquals(4, window.capacity());
        assertEquals(2, window.accepted());
        assertEquals(2, window.duplicates());
        assertEquals("DedupWindow{capacity=4, accepted=2, duplicates=2}", window.toString());
    }

    @Test
    void shouldEvictTheOldestIdFirstWhenFull()
    {
        final DedupWindow window = new DedupWindow(3);
        window.tryAccept(1);
        window.tryAccept(2);
        window.tryAccept(3);

        assertTrue(window.tryAccept(4));
        assertFalse(window.contains(1));
        assertTrue(window.contains(2) && window.contains(3) && window.contains(4));
        assertEquals(3, window.size());

        assertTrue(window.tryAccept(1), "1 was evicted, so it is new again");
        assertFalse(window.contains(2));
        assertTrue(window.tryAccept(5));
        assertFalse(window.contains(3));
        assertTrue(window.contains(4) && window.contains(1) && window.contains(5));
    }

    @Test
    void shouldNotRefreshAnIdWhenItIsRefusedAsDuplicate()
    {
        final DedupWindow window = new DedupWindow(2);
        window.tryAccept(1);
        window.tryAccept(2);

        assertFalse(window.tryAccept(1));
        assertTrue(window.tryAccept(3));

        assertFalse(window.contains(1), "1 is still the oldest");
        assertTrue(window.contains(2));
    }

    @Test
    void shouldRememberOneIdWhenCapacityIsOne()
    {
        final DedupWindow window = new DedupWindow(1);

        assertTrue(window.tryAccept(7));
        assertFalse(window.tryAccept(7));
        assertTrue(window.tryAccept(8));
        assertFalse(window.contains(7));
        assertTrue(window.tryAccept(7));
        assertEquals(1, window.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, Long.MIN_VALUE, Long.MAX_VALUE, -1, 1})
    void shouldTreatEveryLongAsAnId(final long id)
    {
        final DedupWindow window = new DedupWindow(2);

        assertFalse(window.contains(id));
        assertTrue(window.tryAccept(id));
        assertTrue(window.contains(id));
        assertFalse(window.tryAccept(id));
        window.tryAccept(id ^ 0x5555L);
        window.tryAccept(id ^ 0xAAAAL);
        assertFalse(window.contains(id), "evicted");
        assertTrue(window.tryAccept(id));
    }

    @Test
    void shouldKeepZeroAndMinValueApart()
    {
        final DedupWindow window = new DedupWindow(8);

        assertTrue(window.tryAccept(0));
        assertFalse(window.contains(Long.MIN_VALUE));
        assertTrue(window.tryAccept(Long.MIN_VALUE));
        assertFalse(window.tryAccept(0));
        assertFalse(window.tryAccept(Long.MIN_VALUE));
        assertEquals(2, window.size());
    }

    @Test
    void shouldForgetIdsButKeepCountersWhenCleared()
    {
        final DedupWindow window = new DedupWindow(3);
        window.tryAccept(0);
        window.tryAccept(1);
        window.tryAccept(2);
        window.tryAccept(2);

        window.clear();

        assertEquals(0, window.size());
        assertFalse(window.contains(0));
        assertFalse(window.contains(1));
        assertEquals(3, window.accepted());
        assertEquals(1, window.duplicates());

        assertTrue(window.tryAccept(2));
        assertTrue(window.tryAccept(3));
        assertTrue(window.tryAccept(4));
        assertTrue(window.tryAccept(5));
        assertFalse(window.contains(2), "eviction order restarts after clear");
        assertTrue(window.contains(3) && window.contains(4) && window.contains(5));
    }

    @Test
    void shouldFindIdsThatCollideAfterDeletionsInTheirCluster()
    {
        // ids that differ only in low bits of a large stride share hash prefixes often enough to form clusters;
        // evicting from the middle of a cluster must keep the later members reachable (backward shift)
        final int capacity = 16;
        final DedupWindow window = new DedupWindow(capacity);
        final Model model = new Model(capacity);
        for (long i = 0; i < 10_000; i++)
        {
            final long id = (i % 40) << 58;
            assertEquals(model.tryAccept(id), window.tryAccept(id), "id " + id);
            for (final long remembered : model.ids)
            {
                assertTrue(window.contains(remembered), "lost " + remembered + " at step " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1, 4",
        "2, 6",
        "3, 10",
        "7, 20",
        "64, 100",
        "64, 1000000",
        "1000, 1500",
        "1000, 0",
    })
    void shouldBehaveLikeAFifoSetOverRandomOperations(final int capacity, final long idRange)
    {
        final SplittableRandom random = new SplittableRandom(capacity * 31L + idRange);
        final DedupWindow window = new DedupWindow(capacity);
        final Model model = new Model(capacity);
        long accepted = 0;
        long duplicates = 0;

        for (int i = 0; i < 100_000; i++)
        {
            final long id = nextId(random, idRange);
            final int operation = random.nextInt(100);
            if (operation < 80)
            {
                final boolean expected = model.tryAccept(id);
                assertEquals(expected, window.tryAccept(id), "tryAccept(" + id + ") at step " + i);
                if (expected)
                {
                    accepted++;
                }
                else
                {
                    duplicates++;
                }
            }
            else if (operation < 99)
            {
                assertEquals(model.ids.contains(id), window.contains(id), "contains(" + id + ") at step " + i);
            }
            else if (random.nextInt(20) == 0)
            {
                window.clear();
                model.ids.clear();
            }
            assertEquals(model.ids.size(), window.size());
        }

        assertEquals(accepted, window.accepted());
        assertEquals(duplicates, window.duplicates());
        for (final long id : model.ids)
        {
            assertTrue(window.contains(id), "remembered " + id);
        }
    }

    private static long nextId(final SplittableRandom random, final long idRange)
    {
        final int special = random.nextInt(16);
        if (special == 0)
        {
            return 0;
        }
        if (special == 1)
        {
            return Long.MIN_VALUE;
        }
        if (special == 2)
        {
            return Long.MAX_VALUE;
        }
        if (idRange == 0)
        {
            return random.nextLong();
        }
        final long offset = random.nextLong(idRange);
        return random.nextBoolean() ? offset : Long.MIN_VALUE + offset;
    }

    @Test
    void shouldNotAllocateAfterConstruction()
    {
        final DedupWindow window = new DedupWindow(1024);
        final long[] state = {42};
        final Runnable run = () ->
        {
            long x = state[0];
            for (int i = 0; i < 100_000; i++)
            {
                // xorshift over 2048 ids with room for 1024: about half are duplicates, the rest evict
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                final long id = (x & 2047) - 1024;
                window.tryAccept(id);
                window.contains(id + 1);
            }
            state[0] = x;
        };
        run.run();

        final long allocated = Allocations.allocatedBytes(run);

        assertTrue(window.duplicates() > 0 && window.accepted() > 0, window.toString());
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
    }
}
