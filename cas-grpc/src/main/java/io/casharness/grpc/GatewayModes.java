package io.casharness.grpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway modes by name, as {@code serve --mode} and {@code Describe} know them (docs/protocol.md, Gateway
 * modes). Stateless.
 */
public final class GatewayModes {
    private static final Map<String, Supplier<GatewayHandler>> MODES = new LinkedHashMap<>();

    static {
        MODES.put("reference", GatewayHandler::reference);
    }

    private GatewayModes() {}

    public static Set<String> names() {
        return MODES.keySet();
    }

    /**
     * The handler of a mode.
     *
     * @throws IllegalArgumentException naming the mode and the known ones
     */
    public static GatewayHandler byName(String mode) {
        Supplier<GatewayHandler> h = MODES.get(mode);
        if (h == null) {
            throw new IllegalArgumentException("unknown gateway mode \"" + mode + "\": known are " + names());
        }
        return h.get();
    }
}
