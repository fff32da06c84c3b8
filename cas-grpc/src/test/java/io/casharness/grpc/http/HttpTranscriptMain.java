package io.casharness.grpc.http;

import io.casharness.store.StoreOptions;
import io.casharness.store.memory.MemoryBackend;

/**
 * Two HTTP gateways over one memory backend, for the curl transcript in docs/http-binding.md
 * ({@code cas-grpc/src/test/sh/http-transcript.sh} starts it and plays the calls): {@code gateway-1} on the first port
 * allows reset, {@code gateway-2} on the second does not. Runs until killed.
 */
public final class HttpTranscriptMain {
    private HttpTranscriptMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: HttpTranscriptMain RESETTABLE_PORT PRODUCTION_PORT");
        }
        try (MemoryBackend backend = new MemoryBackend();
                HttpGateway resettable = HttpGateway.builder(backend)
                        .host("127.0.0.1")
                        .port(Integer.parseInt(args[0]))
                        .allowReset(true)
                        .options(StoreOptions.defaults().withReplicaName("gateway-1"))
                        .start();
                HttpGateway production = HttpGateway.builder(backend)
                        .host("127.0.0.1")
                        .port(Integer.parseInt(args[1]))
                        .options(StoreOptions.defaults().withReplicaName("gateway-2"))
                        .start()) {
            System.out.println("serving " + resettable.target() + " (reset allowed) and " + production.target());
            Thread.currentThread().join();
        }
    }
}
