package com.example.ownstore;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;

/** Every rule of the CasStore contract, run against this store. */
class TableStoreConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        return TableBackend.inTempDirectory();
    }
}
