package io.sluice.examples.cli;

import io.sluice.examples.SluiceCommand;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The parent pom keeps the JVM flags once as {@code sluice.jvm.flags} and, because a jar manifest spells them
 * differently, once more as {@code sluice.manifest.add-exports} and {@code sluice.manifest.add-opens}. Both reach this
 * module filtered; this test fails when the two say different things.
 */
class JvmFlagsTest
{
    @Test
    void shouldGiveTheJarManifestsTheSameFlagsAsEveryOtherJvm() throws IOException
    {
        final String flags = read("jvm.options").trim();
        final Set<String> exports = new TreeSet<>();
        final Set<String> opens = new TreeSet<>();
        for (final String flag : flags.split("\\s+"))
        {
            if (flag.startsWith("--add-exports="))
            {
                exports.add(target(flag, "--add-exports="));
            }
            else if (flag.startsWith("--add-opens="))
            {
                opens.add(target(flag, "--add-opens="));
            }
            else
            {
                fail("sluice.jvm.flags has '" + flag + "', which a jar manifest cannot express");
            }
        }
        assertFalse(exports.isEmpty(), "no --add-exports in " + flags);

        final Properties manifest = new Properties();
        try (InputStream in = SluiceCommand.class.getResourceAsStream("manifest-flags.properties"))
        {
            assertNotNull(in, "manifest-flags.properties is on the classpath");
            manifest.load(in);
        }
        assertEquals(exports, words(manifest.getProperty("add-exports")),
            "sluice.manifest.add-exports against the --add-exports of sluice.jvm.flags");
        assertEquals(opens, words(manifest.getProperty("add-opens")),
            "sluice.manifest.add-opens against the --add-opens of sluice.jvm.flags");
    }

    private static String target(final String flag, final String prefix)
    {
        final String value = flag.substring(prefix.length());
        if (!value.endsWith("=ALL-UNNAMED"))
        {
            fail("'" + flag + "' does not open to ALL-UNNAMED, which is all a jar manifest can say");
        }
        return value.substring(0, value.length() - "=ALL-UNNAMED".length());
    }

    private static Set<String> words(final String value)
    {
        assertNotNull(value);
        final Set<String> words = new TreeSet<>();
        for (final String word : value.trim().split("\\s+"))
        {
            words.add(word);
        }
        return words;
    }

    private static String read(final String resource) throws IOException
    {
        try (InputStream in = SluiceCommand.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource + " is on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
