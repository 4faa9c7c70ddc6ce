package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.runtime.agent.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Invalid graphs are refused at build time with an error that names the stage or edge at fault.
 */
class GraphValidationTest
{
    private static void assertRefused(final String expected, final Executable build)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, build);
        assertEquals(expected, ex.getMessage());
    }

    private static GraphBuilder line()
    {
        final GraphBuilder g = GraphBuilder.graph("g");
        g.source("src", (Outbox<Object> out, int limit) -> 0);
        g.stage("mid", (Object m, Outbox<Object> out) -> out.emit(m));
        g.sink("sink", (Object m) ->
        {
        });
        return g;
    }

    @Test
    void shouldRefuseDuplicateNames()
    {
        final GraphBuilder g = line();
        assertRefused("graph 'g': stage name 'mid' is already used by another stage or agent; names must be unique",
            () -> g.sink("mid", (Object m) ->
            {
            }));
    }

    @Test
    void shouldRefuseDuplicateEdgeNames()
    {
        final GraphBuilder g = line();
        g.edge("e", "src", "mid");
        g.edge("e", "mid", "sink");
        assertRefused("graph 'g': edge name 'e' is used twice; edge names must be unique", g::build);
    }

    @Test
    void shouldRefuseUnknownStages()
    {
        final GraphBuilder g = line();
        g.edge("e1", "src", "mid");
        g.edge("e2", "mid", "snk");
        assertRefused("edge 'e2': to stage 'snk' does not exist; stages are [src, mid, sink]", g::build);
    }

    @Test
    void shouldRefuseUnconnectedPorts()
    {
        final GraphBuilder g = line();
        g.edge("e1", "src", "mid");
        assertRefused("stage 'mid' has no outbound edge (unconnected port); connect one with edge(..., \"mid\", ...)",
            g::build);

        final GraphBuilder h = line();
        h.edge("e1", "src", "sink");
        assertRefused("stage 'mid' has no inbound edge (unconnected port); connect one with edge(..., \"mid\")",
            h::build);
    }

    @Test
    void shouldRefuseEdgesIntoSourcesAndOutOfSinks()
    {
        final GraphBuilder g = line();
        g.edge("e1", "mid", "src");
        assertRefused("edge 'e1': to source 'src' is not allowed: a source has no inbound edge", g::build);

        final GraphBuilder h = line();
        h.edge("e1", "sink", "mid");
        assertRefused("edge 'e1': from sink 'sink' is not allowed: a sink has no outbound edge", h::build);
    }

    @Test
    void shouldRefuseCycles()
    {
        final GraphBuilder g = GraphBuilder.graph("g");
        g.source("src", (Outbox<Object> out, int limit) -> 0);
        g.stage("a", (Object m, Outbox<Object> out) -> out.emit(m));
        g.stage("b", (Object m, Outbox<Object> out) -> out.emit(m));
        g.sink("sink", (Object m) ->
        {
        });
        g.edge("in", List.of("src", "b"), "a");
        g.edge("ab", "a", "b");
        g.edge("out", "b", "sink");
        assertRefused("graph 'g' has a cycle through stages [a, b]; a graph must be acyclic", g::build);
    }

    @Test
    void shouldRefuseTwoProducersOnASingleProducerEdge()
    {
        final GraphBuilder g = GraphBuilder.graph("g");
        g.source("s1", (Outbox<Object> out, int limit) -> 0);
        g.source("s2", (Outbox<Object> out, int limit) -> 0);
        g.sink("sink", (Object m) ->
        {
        });
        g.edge("merge", List.of("s1", "s2"), "sink").kind(ChannelKind.OBJECT_SPSC);
        assertRefused("edge 'merge': kind OBJECT_SPSC allows one producer but 2 stages write to it [s1, s2]; " +
            "use an MPSC kind", g::build);
    }

    @Test
    void shouldRefuseAnEdgeOfTheWrongKind()
    {
        final GraphBuilder g = line();
        g.edge("e1", "src", "mid").kind(ChannelKind.BINARY_SPSC);
        g.edge("e2", "mid", "sink");
        assertRefused("edge 'e1': kind BINARY_SPSC does not fit source 'src'; object stages need OBJECT_SPSC or " +
            "OBJECT_MPSC edges", g::build);
    }

    @Test
    void shouldPassOnChannelSettingErrors()
    {
        final GraphBuilder g = line();
        g.edge("e1", "src", "mid").capacity(0);
        g.edge("e2", "mid", "sink");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, g::build);
        assertEquals(true, ex.getMessage().startsWith("channel 'e1': capacity=0 is not allowed"), ex.getMessage());
    }

    @Test
    void shouldRefuseBadGroups()
    {
        final GraphBuilder g = line().threading(ThreadingMode.GROUPS);
        g.edge("e1", "src", "mid");
        g.edge("e2", "mid", "sink");
        g.group("one", "backoff", "src", "mid");
        assertRefused("graph 'g': 'sink' is in no group; with threading=GROUPS each stage or agent must be in " +
            "exactly one group", g::build);
        g.group("two", "backoff", "sink", "mid");
        assertRefused("graph 'g': 'mid' is in groups 'one' and 'two'; each stage or agent must be in exactly one " +
            "group", g::build);

        final GraphBuilder h = line();
        h.edge("e1", "src", "mid");
        h.edge("e2", "mid", "sink");
        h.group("one", "backoff", "src", "mid", "sink");
        assertRefused("graph 'g': groups [one] are set but threading=SHARED_THREAD; groups need threading=GROUPS",
            h::build);
        assertRefused("graph 'g': group 'x' idleStrategy=spinning is not allowed; allowed busy-spin, yielding, " +
            "sleeping, backoff, noop", () -> h.group("x", "spinning", "a"));
    }

    @Test
    void shouldRefuseBadStageSettings()
    {
        final GraphBuilder g = line();
        assertRefused("stage 'x': batch=0 is not allowed; allowed 1..1048576",
            () -> g.stage("x", (Object m, Outbox<Object> out) -> out.emit(m)).batch(0));
        assertRefused("stage 'y': outboxCapacity=-1 is not allowed; allowed 1..1048576",
            () -> g.stage("y", (Object m, Outbox<Object> out) -> out.emit(m)).outboxCapacity(-1));
        assertRefused("stage 'z': dedupWindow=0 is not allowed; allowed 1..67108864",
            () -> g.stage("z", (Object m, Outbox<Object> out) -> out.emit(m)).dedup((Object m) -> 1L, 0));
        assertRefused("stage 'b': route(ToLongFunction) is for object stages; 'b' is a binary stage",
            () -> g.binaryStage("b", (t, b, o, l, out) -> out.emit(t, b, o, l)).route((Object m) -> 1L));
        assertRefused("graph 'g': idleStrategy=fast is not allowed; allowed busy-spin, yielding, sleeping, " +
            "backoff, noop", () -> g.idleStrategy("fast"));
    }

    @Test
    void shouldTakeAFullyConfiguredChannel()
    {
        final GraphBuilder g = line();
        g.edge(ChannelBuilder.channel("e1").kind(ChannelKind.OBJECT_MPSC).capacity(16), List.of("src"), "mid");
        g.edge("e2", "mid", "sink");
        final Graph graph = g.build();
        assertEquals(ChannelKind.OBJECT_MPSC, graph.channel("e1").kind());
        assertEquals(List.of("src", "mid", "sink"), graph.stageNames());
        assertEquals(List.of("e1", "e2"), graph.edgeNames());
        graph.close();
    }
}
