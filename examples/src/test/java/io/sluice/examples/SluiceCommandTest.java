package io.sluice.examples;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceCommandTest
{
    @Test
    void shouldAnswerAnUnknownCommandWithOneLineAndTheUsage()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "nonsense"));
        final String[] lines = err.toString().split("\\R");
        assertEquals("Unmatched argument at index 0: 'nonsense'", lines[0]);
        assertTrue(lines[1].startsWith("Usage: sluice "), err.toString());
        assertTrue(err.toString().contains("demo"), "the usage lists the commands: " + err);
    }

    @Test
    void shouldAnswerABadOptionWithOneLineAndTheCommandsUsage()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo",
            "--bogus"));
        final String[] lines = err.toString().split("\\R");
        assertEquals("Unknown option: '--bogus'", lines[0]);
        assertTrue(lines[1].startsWith("Usage: sluice demo "), err.toString());
    }

    @Test
    void shouldAnswerABadValueWithOneLineAndTheUsage()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "examples",
            "trading", "--rate", "0"));
        final String[] lines = err.toString().split("\\R");
        assertTrue(lines[0].startsWith("--rate=0 is not allowed"), err.toString());
        assertTrue(lines[1].startsWith("Usage: sluice examples trading "), err.toString());
    }

    @Test
    void shouldGiveEveryCommandAHelp()
    {
        for (final String command : new String[] {"demo", "examples", "stat", "dlq", "spill", "bench"})
        {
            final StringWriter out = new StringWriter();
            assertEquals(0, SluiceCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), command,
                "--help"), command);
            assertTrue(out.toString().startsWith("Usage: sluice " + command), command + ": " + out);
        }
        final StringWriter out = new StringWriter();
        assertEquals(0, SluiceCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "help", "demo"));
        assertTrue(out.toString().startsWith("Usage: sluice demo"), out.toString());
    }
}
