package io.sluice.examples.stat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatFormatTest
{
    @ParameterizedTest
    @CsvSource({
        "-1, -",
        "0, 0ns",
        "999, 999ns",
        "1000, 1.00us",
        "1234, 1.23us",
        "12345, 12.3us",
        "999499, 999us",
        "999600, 1.00ms",
        "123456789, 123ms",
        "2500000000, 2.50s",
        "3600000000000, 3600s"
    })
    void shouldShowDurationsInTheLargestUnitWithThreeDigits(final long nanos, final String expected)
    {
        assertEquals(expected, StatFormat.duration(nanos));
    }

    @ParameterizedTest
    @CsvSource({
        "-1, -",
        "0, 0",
        "9999, 9999",
        "10000, 10.0k",
        "12345, 12.3k",
        "999499, 999k",
        "999500, 1.00M",
        "1240000, 1.24M",
        "7000000000, 7.00G"
    })
    void shouldShowCountsExactlyWhenSmallAndScaledWhenLarge(final long count, final String expected)
    {
        assertEquals(expected, StatFormat.count(count));
    }

    @ParameterizedTest
    @CsvSource({
        "NaN, -",
        "-1, -",
        "0, 0",
        "0.5, 0.5",
        "9.94, 9.9",
        "472.4, 472",
        "9999.4, 9999",
        "473000, 473k",
        "1020000, 1.02M"
    })
    void shouldShowRates(final double perSecond, final String expected)
    {
        assertEquals(expected, StatFormat.rate(perSecond));
    }

    @ParameterizedTest
    @CsvSource({
        "0, [............]",
        "1, [#...........]",
        "500000, [######......]",
        "750000, [#########...]",
        "999999, [###########.]",
        "1000000, [############]",
        "2000000, [############]"
    })
    void shouldDrawAFillBarThatIsEmptyOrFullOnlyWhenTheChannelIs(final long ppm, final String expected)
    {
        assertEquals(expected, StatFormat.bar(ppm, StatRenderer.BAR_WIDTH));
    }

    @ParameterizedTest
    @CsvSource({
        "NaN, -",
        "0, 0.0%",
        "0.256, 25.6%",
        "1.5, 100.0%"
    })
    void shouldShowPercentages(final double fraction, final String expected)
    {
        assertEquals(expected, StatFormat.percent(fraction));
    }

    @ParameterizedTest
    @CsvSource({
        "-1, -",
        "45000, 45s",
        "725000, 12m05s",
        "10920000, 3h02m",
        "187200000, 2d04h"
    })
    void shouldShowUptimes(final long millis, final String expected)
    {
        assertEquals(expected, StatFormat.uptime(millis));
    }
}
