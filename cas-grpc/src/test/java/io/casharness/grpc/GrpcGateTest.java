package io.casharness.grpc;

import io.casharness.scenario.gate.CasStoreGateTest;
import io.casharness.store.Backend;
import io.casharness.store.memory.MemoryBackend;

/**
 * The scenario gate through the protocol: every workload PASSes with the model behind three in-process gateways,
 * and every application-level zoo member over them is caught — the protocol neither hides a lost update nor makes
 * one up.
 */
class GrpcGateTest extends CasStoreGateTest {
    @Override
    protected Backend openBackend() {
        return LocalGateways.start(new MemoryBackend(), 3);
    }
}
