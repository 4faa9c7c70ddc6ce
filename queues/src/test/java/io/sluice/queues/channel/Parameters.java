package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Argument sources shared by the parameterised tests.
 */
final class Parameters
{
    static final ChannelKind[] OBJECT_KINDS = { ChannelKind.OBJECT_SPSC, ChannelKind.OBJECT_MPSC };
    static final ChannelKind[] BINARY_KINDS = { ChannelKind.BINARY_SPSC, ChannelKind.BINARY_MPSC };
    static final ChannelKind[] MULTI_PRODUCER_KINDS = { ChannelKind.OBJECT_MPSC, ChannelKind.BINARY_MPSC };

    private Parameters()
    {
    }

    static Stream<Arguments> kindsAndPolicies()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final ChannelKind kind : ChannelKind.values())
        {
            for (final OverflowPolicy policy : OverflowPolicy.values())
            {
                arguments.add(Arguments.of(kind, policy));
            }
        }
        return arguments.stream();
    }

    static Stream<Arguments> binaryKindsAndPolicies()
    {
        return kindsAndPolicies().filter((a) -> ((ChannelKind)a.get()[0]).isBinary());
    }

    /**
     * Binary kinds with every policy but DROP_OLDEST: the channels over an Agrona ring buffer.
     */
    static Stream<Arguments> ringKindsAndPolicies()
    {
        return binaryKindsAndPolicies().filter((a) -> a.get()[1] != OverflowPolicy.DROP_OLDEST);
    }

    static Stream<Arguments> objectKindsAndPolicies()
    {
        return kindsAndPolicies().filter((a) -> !((ChannelKind)a.get()[0]).isBinary());
    }

    static Stream<Arguments> kindsPoliciesAndCreditModes()
    {
        final List<Arguments> arguments = new ArrayList<>();
        kindsAndPolicies().forEach((a) ->
        {
            for (final CreditMode mode : CreditMode.values())
            {
                arguments.add(Arguments.of(a.get()[0], a.get()[1], mode));
            }
        });
        return arguments.stream();
    }

    static Stream<Arguments> multiProducerKindsPoliciesAndCreditModes()
    {
        return kindsPoliciesAndCreditModes().filter((a) -> ((ChannelKind)a.get()[0]).isMultiProducer());
    }

    static Stream<Arguments> singleProducerKindsAndPolicies()
    {
        return kindsAndPolicies().filter((a) -> !((ChannelKind)a.get()[0]).isMultiProducer());
    }
}
