package io.sluice.metrics.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A parsed Prometheus text exposition (format 0.0.4): its samples, and the TYPE and HELP of each metric.
 */
final class Exposition
{
    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> helps = new HashMap<>();

    static final class Sample
    {
        final String name;
        final Map<String, String> labels;
        final double value;

        Sample(final String name, final Map<String, String> labels, final double value)
        {
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        @Override
        public String toString()
        {
            return name + labels + " " + value;
        }
    }

    static Exposition parse(final String text)
    {
        final Exposition exposition = new Exposition();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            if (line.startsWith("# TYPE "))
            {
                final String[] words = line.split(" ", 4);
                exposition.types.put(words[2], words[3]);
            }
            else if (line.startsWith("# HELP "))
            {
                final String[] words = line.split(" ", 4);
                exposition.helps.put(words[2], words.length > 3 ? words[3] : "");
            }
            else if (!line.startsWith("#"))
            {
                exposition.samples.add(sample(line));
            }
        }
        return exposition;
    }

    private static Sample sample(final String line)
    {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ')
        {
            i++;
        }
        final String name = line.substring(0, i);
        final Map<String, String> labels = new TreeMap<>();
        if (line.charAt(i) == '{')
        {
            i++;
            while (line.charAt(i) != '}')
            {
                final int equals = line.indexOf('=', i);
                final String label = line.substring(i, equals);
                i = equals + 2; // past ="
                final StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"')
                {
                    char c = line.charAt(i++);
                    if (c == '\\')
                    {
                        final char escaped = line.charAt(i++);
                        c = escaped == 'n' ? '\n' : escaped;
                    }
                    value.append(c);
                }
                i++;
                labels.put(label, value.toString());
                if (line.charAt(i) == ',')
                {
                    i++;
                }
            }
            i++;
        }
        final String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(final String text)
    {
        switch (text)
        {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }

    List<Sample> named(final String name)
    {
        final List<Sample> found = new ArrayList<>();
        for (final Sample sample : samples)
        {
            if (sample.name.equals(name))
            {
                found.add(sample);
            }
        }
        return found;
    }

    /**
     * The one sample with this name and exactly these labels.
     */
    Sample sample(final String name, final Map<String, String> labels)
    {
        Sample match = null;
        int matches = 0;
        for (final Sample sample : samples)
        {
            if (sample.name.equals(name) && sample.labels.equals(labels))
            {
                match = sample;
                matches++;
            }
        }
        assertNotNull(match, "no sample " + name + labels + " among " + named(name));
        assertEquals(1, matches, "samples of " + name + labels);
        return match;
    }

    double value(final String name, final Map<String, String> labels)
    {
        return sample(name, labels).value;
    }

    static Map<String, String> labels(final String... namesAndValues)
    {
        final Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }

    static Map<String, String> with(final Map<String, String> labels, final String name, final String value)
    {
        final Map<String, String> copy = new TreeMap<>(labels);
        copy.put(name, value);
        return copy;
    }
}
