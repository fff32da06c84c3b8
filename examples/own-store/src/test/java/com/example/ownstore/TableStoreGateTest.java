package com.example.ownstore;

import io.casharness.scenario.gate.CasStoreGateTest;
import io.casharness.store.Backend;

/** The scenario gate on this store: every workload must PASS, every application mistake over it be caught. */
class TableStoreGateTest extends CasStoreGateTest {
    @Override
    protected Backend openBackend() {
        return TableBackend.inTempDirectory();
    }
}
