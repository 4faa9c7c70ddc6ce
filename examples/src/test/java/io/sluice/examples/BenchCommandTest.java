package io.sluice.examples;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest
{
    @Test
    void shouldBeListedAndPointToTheLauncher()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, SluiceCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "--help"));
        assertTrue(out.toString().contains("bench"), out.toString());

        final StringWriter benchOut = new StringWriter();
        final StringWriter benchErr = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(benchOut, true), new PrintWriter(benchErr, true), "bench"));
        assertTrue(benchErr.toString().contains("bin/sluice bench"), benchErr.toString());
    }
}
