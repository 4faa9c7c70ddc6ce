package io.sluice.queues.overflow;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InMemoryBinarySpillStoreTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private boolean append(final InMemoryBinarySpillStore store, final int typeId, final int value, final int length)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        buffer.putInt(16, value);
        for (int i = 4; i < length; i++)
        {
            buffer.putByte(16 + i, (byte)(value + i));
        }
        // offset 16: the store must copy from the given offset
        return store.append(typeId, buffer, 16, length);
    }

    /**
     * Read up to limit messages. A read may stop early at the end of the ring (after a padding record), so read
     * again until two reads in a row find nothing.
     */
    private static List<String> readAll(final InMemoryBinarySpillStore store, final int limit)
    {
        final List<String> read = new ArrayList<>();
        int emptyReads = 0;
        while (read.size() < limit && emptyReads < 2)
        {
            final int before = read.size();
            final int count = store.read((typeId, b, offset, length) ->
            {
                final StringBuilder text = new StringBuilder().append(typeId).append('/').append(b.getInt(offset));
                for (int i = 4; i < length; i++)
                {
                    assertEquals((byte)(b.getInt(offset) + i), b.getByte(offset + i), "byte " + i);
                }
                read.add(text.append('/').append(length).toString());
            }, limit - read.size());
            assertEquals(read.size() - before, count, "read's return value must equal the handler calls");
            emptyReads = 0 == count ? emptyReads + 1 : 0;
        }
        return read;
    }

    @Test
    void shouldReadMessagesInAppendOrderWithTypeIdsAndBytes()
    {
        final InMemoryBinarySpillStore store = new InMemoryBinarySpillStore(1024);

        assertTrue(append(store, 7, 100, 4));
        assertTrue(append(store, 8, 200, 12));
        assertTrue(append(store, 9, 300, 30));

        assertEquals(List.of("7/100/4", "8/200/12"), readAll(store, 2), "read honours the limit");
        assertTrue(append(store, 10, 400, 5));
        assertEquals(List.of("9/300/30", "10/400/5"), readAll(store, 10));
        assertEquals(List.of(), readAll(store, 10));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1024, 1025, 4096, 5000 })
    void shouldTakeMessagesUpToAnEighthOfItsPowerOfTwoCapacity(final int capacityBytes)
    {
        final InMemoryBinarySpillStore store = new InMemoryBinarySpillStore(capacityBytes);

        assertEquals(Integer.highestOneBit(capacityBytes - 1) * 2 / 8, store.maxMessageLength());
    }

    @Test
    void shouldRefuseWhenFullAndKeepWhatItHolds()
    {
        final InMemoryBinarySpillStore store = new InMemoryBinarySpillStore(1024);
        int appended = 0;
        while (append(store, 1, appended, 100))
        {
            appended++;
            assertTrue(appended < 100, "the store never filled up");
        }
        assertTrue(appended >= 1024 / (100 + 8 + 8) - 1, "only " + appended + " appended");
        assertFalse(append(store, 1, 999, 100), "still full");

        final List<String> read = readAll(store, 1000);
        assertEquals(appended, read.size());
        for (int i = 0; i < appended; i++)
        {
            assertEquals("1/" + i + "/100", read.get(i));
        }
        assertTrue(append(store, 2, 1000, 100), "room again after reading");
        assertEquals(List.of("2/1000/100"), readAll(store, 10));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1023, 0, -1, (1 << 30) + 1 })
    void shouldRejectCapacityOutOfRange(final int capacityBytes)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new InMemoryBinarySpillStore(capacityBytes));

        assertTrue(ex.getMessage().contains("capacityBytes=" + capacityBytes), ex.getMessage());
        assertTrue(ex.getMessage().contains("1024.." + (1 << 30)), ex.getMessage());
    }

    @Test
    void shouldRefuseMessageLongerThanItCanHold()
    {
        final InMemoryBinarySpillStore store = new InMemoryBinarySpillStore(1024);

        assertFalse(append(store, 1, 5, store.maxMessageLength() + 1));
        assertTrue(append(store, 1, 6, store.maxMessageLength()));
        assertEquals(1, readAll(store, 10).size());
    }
}
