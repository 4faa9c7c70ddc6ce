package io.sluice.runtime.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdleStrategiesTest
{
    @Test
    void shouldMakeEachNamedStrategy()
    {
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.newIdleStrategy("s", "busy-spin"));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.newIdleStrategy("s", "yielding"));
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.newIdleStrategy("s", "sleeping"));
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.newIdleStrategy("s", "backoff"));
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.newIdleStrategy("s", "noop"));
    }

    @Test
    void shouldMakeANewInstancePerCallBecauseStrategiesHoldPerThreadState()
    {
        assertNotSame(IdleStrategies.newIdleStrategy("s", "backoff"), IdleStrategies.newIdleStrategy("s", "backoff"));
    }

    @Test
    void shouldNameTheSettingTheValueAndTheAllowedNames()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategies.newIdleStrategy("idleStrategy", "spin"));
        assertEquals("idleStrategy=spin is not allowed; allowed busy-spin, yielding, sleeping, backoff, noop",
            ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.validate("idleStrategy", null));
    }
}
