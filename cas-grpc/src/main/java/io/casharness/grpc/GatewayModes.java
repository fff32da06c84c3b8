package io.casharness.grpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway modes by name, as {@code serve --mode} and {@code Describe} know them (docs/gateway-modes.md), in this
 * order: {@code reference} (each request one write of the store), {@code one-attempt} (the seed's merged update
 * handler, {@link OneAttemptHandler}), {@code sentinel}, {@code sentinel-retry3} and {@code sentinel-retry5}
 * (expected version 0 means "use current", with 1, 3 or 5 attempts, {@link SentinelHandler}). Every mode passes the
 * scenario gate with a client that sends the versions it read; the sentinel modes lose updates of a client that
 * sends 0 after reading. Stateless.
 */
public final class GatewayModes {
    /** The attempt budgets of the sentinel modes: {@code sentinel}, {@code sentinel-retry3}, {@code sentinel-retry5}. */
    static final int[] SENTINEL_ATTEMPTS = {1, 3, 5};

    private static final Map<String, Supplier<GatewayHandler>> MODES = new LinkedHashMap<>();

    static {
        MODES.put("reference", GatewayHandler::reference);
        MODES.put(OneAttemptHandler.MODE, OneAttemptHandler::new);
        for (int attempts : SENTINEL_ATTEMPTS) {
            MODES.put(SentinelHandler.modeName(attempts), () -> new SentinelHandler(attempts));
        }
    }

    private GatewayModes() {}

    public static Set<String> names() {
        return Collections.unmodifiableSet(MODES.keySet());
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
