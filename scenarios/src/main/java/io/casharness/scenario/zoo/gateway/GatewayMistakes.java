package io.casharness.scenario.zoo.gateway;

import io.casharness.grpc.GatewayHandler;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import java.util.List;
import java.util.Optional;

/**
 * The zoo members whose mistake is a gateway handler, by name: what {@code serve --mode} offers beside the documented
 * modes, so a {@code serve} process can run a member's mistaken handler and {@code --replica-processes} can put the
 * mistake in the processes, where a deployed service would have it. Stateless.
 */
public final class GatewayMistakes {
    private GatewayMistakes() {}

    /** The members' names, in zoo order. */
    public static List<String> names() {
        return members().stream().map(ZooMember::name).toList();
    }

    /** The mistaken handler of member {@code name}, or empty if no gateway member has that name. */
    public static Optional<GatewayHandler> handler(String name) {
        return members().stream()
                .filter(m -> m.name().equals(name))
                .map(m -> ((GatewayMistake) m).handler())
                .findFirst();
    }

    private static List<ZooMember> members() {
        return Zoo.members().stream().filter(m -> m instanceof GatewayMistake).toList();
    }
}
