package io.sluice.jmh.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoalsTest
{
    @Test
    void shouldJudgeAFloorWithTheRatiosError()
    {
        final Goals goals = new Goals();
        assertEquals("\u2265 0.90: PASS", goals.atLeast(0.95, 0.03, 0.9, "a", "w"));
        assertEquals("\u2265 0.90: PASS (within error)", goals.atLeast(0.92, 0.05, 0.9, "b", "w"));
        assertEquals("\u2265 1.00: FAIL (within error)", goals.atLeast(0.979, 0.055, 1.0, "c", "w"));
        assertEquals("\u2265 10.00: FAIL", goals.atLeast(3.0, 0.18, 10.0, "d", "w"));
        assertEquals("\u2265 0.90: PASS (no error estimate)", goals.atLeast(0.95, Double.NaN, 0.9, "e", "w"));
        assertEquals("\u2265 0.90: n/a", goals.atLeast(Double.NaN, 0.1, 0.9, "f", "w"));

        assertEquals(3, goals.passed());
        assertEquals(3, goals.failed());
        assertEquals(List.of(
            "c = 0.979 \u00b1 0.055, goal \u2265 1.00: FAIL (within error) [w]",
            "d = 3.000 \u00b1 0.180, goal \u2265 10.00: FAIL [w]",
            "f = n/a \u00b1 0.100, goal \u2265 0.90: n/a [w]"), goals.missed());
    }

    @Test
    void shouldJudgeACeilingWithTheRatiosError()
    {
        final Goals goals = new Goals();
        assertEquals("\u2264 1.50: PASS", goals.ratioAtMost(1.25, 0.053, 1.5, "a", "w"));
        assertEquals("\u2264 1.25: PASS (within error)", goals.ratioAtMost(1.2, 0.069, 1.25, "b", "w"));
        assertEquals("\u2264 1.25: FAIL (within error)", goals.ratioAtMost(1.3, 0.1, 1.25, "c", "w"));
        assertEquals("\u2264 1.25: FAIL", goals.ratioAtMost(1.5, 0.045, 1.25, "d", "w"));
        assertEquals("\u2264 1.25: FAIL (no error estimate)", goals.ratioAtMost(1.3, Double.NaN, 1.25, "e", "w"));

        assertEquals(2, goals.passed());
        assertEquals(3, goals.failed());
        assertEquals("d = 1.500 \u00b1 0.045, goal \u2264 1.25: FAIL [w]", goals.missed().get(1));
    }

    @Test
    void shouldJudgeBytesWithoutErrorAndKeepNotesApart()
    {
        final Goals goals = new Goals();
        assertEquals("\u2264 0.01: PASS", goals.atMost(0.0026, 0.01, "a bytes/message", "w"));
        assertEquals("\u2264 0.01: FAIL", goals.atMost(0.033, 0.01, "b bytes/message", "w"));
        goals.note("c: not measured [w]");

        final StringBuilder out = new StringBuilder();
        goals.render(out);
        assertEquals("## Goals\n\n" +
            "- a bytes/message = 2.6e-03, goal \u2264 0.01: PASS [w]\n" +
            "- b bytes/message = 0.033, goal \u2264 0.01: FAIL [w]\n" +
            "- c: not measured [w]\n\n" +
            "1 passed, 1 failed.\n\n", out.toString());
        assertEquals(List.of("c: not measured [w]"), goals.notes());
        assertTrue(goals.missed().get(0).startsWith("b bytes/message"));
    }
}
