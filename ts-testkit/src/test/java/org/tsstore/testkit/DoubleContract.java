package org.tsstore.testkit;

/**
 * The contract for a test double made in this JVM by {@link #create()}: its fixture is that factory, so a
 * double that breaks one rule overrides one method and nothing else.
 */
interface DoubleContract extends StoreContract {

    @Override
    default BackendFixture fixture() {
        return BackendFixture.inProcess(getClass().getSimpleName(), this::create);
    }
}
