package org.tsstore.testkit;

import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.quoted;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A model-based test of a {@link org.tsstore.api.StorageManager}: random sequences of {@code store}, {@code get},
 * {@code append}, range reads, {@code storeAll}, {@code appendAll},
 * {@code contains}, {@code size}, {@code delete}, {@code newId}, {@code flush}, {@code verify},
 * {@code compact} and (for {@link Capability#PERSISTENT} backends) {@link #reopen}, run against the store
 * and against a {@link java.util.Map}; after every step the store's {@code ids()} must equal the model's
 * keys, and every answer must agree with the model. Ids are drawn mostly from a small pool, so that
 * overwrites and deletes of stored series are common; the pool holds case, Unicode-normalisation and path
 * twins. A failure shrinks to a short sequence of steps.
 *
 * <p>It extends {@link StorageManagerContract}, so a backend's test class that implements it runs both.
 */
public interface StatefulStorageContract extends StorageManagerContract {

    /**
     * Random sequences of up to 40 operations agree with a {@link java.util.Map} model at every step.
     *
     * @param chain the sequence of operations
     */
    @Property(tries = 40)
    default void storeBehavesLikeAMap(@ForAll("storeActionChains") ActionChain<StoreUnderTest> chain) {
        try {
            chain.withInvariant("ids() equal the model's keys", StoreUnderTest::checkIds).run();
            chain.finalState().ifPresent(StoreUnderTest::checkAll);
        } finally {
            StoreUnderTest.closeAll();
        }
    }

    /**
     * The sequences of operations {@link #storeBehavesLikeAMap} runs.
     *
     * @return chains of actions starting from a store made by {@link #create()}
     */
    @Provide
    default ActionChainArbitrary<StoreUnderTest> storeActionChains() {
        List<String> pool = List.of("a", "A", "..", "a/b", "\u00e9", "e\u0301", "CON", "con", "42", " ",
                "x".repeat(SeriesIds.MAX_UTF8_BYTES));
        Arbitrary<String> ids = Arbitraries.frequencyOf(
                Tuple.of(85, Arbitraries.of(pool)), Tuple.of(15, SeriesArbitraries.ids()));
        Arbitrary<SizedContainerTimeSeries> series = SeriesArbitraries.series(2000);
        ActionChainArbitrary<StoreUnderTest> chains = ActionChain.startWith(() -> new StoreUnderTest(this))
                .withAction(6, (Action.Independent<StoreUnderTest>) () -> Combinators.combine(ids, series)
                        .as((id, s) -> Transformer.mutate("store(" + q(id) + ", " + s.size() + " points)",
                                state -> state.store(id, s))))
                .withAction(4, (Action.Independent<StoreUnderTest>) () -> ids
                        .map(id -> Transformer.mutate("get(" + q(id) + ")", state -> state.get(id))))
                .withAction(2, (Action.Independent<StoreUnderTest>) () -> ids
                        .map(id -> Transformer.mutate("contains and size(" + q(id) + ")",
                                state -> state.containsAndSize(id))))
                .withAction(3, (Action.Independent<StoreUnderTest>) () -> ids
                        .map(id -> Transformer.mutate("delete(" + q(id) + ")", state -> state.delete(id))))
                .withAction(4, (Action.Independent<StoreUnderTest>) () -> Combinators.combine(ids,
                                Arbitraries.integers().between(0, 40), Arbitraries.longs())
                        .as((id, n, seed) -> Transformer.mutate("append(" + q(id) + ", " + n + " points, seed " + seed + ")",
                                state -> state.append(id, n, seed))))
                .withAction(2, (Action.Independent<StoreUnderTest>) () -> Combinators.combine(ids, Arbitraries.longs())
                        .as((id, seed) -> Transformer.mutate("get(" + q(id) + ", a range, seed " + seed + ")",
                                state -> state.getRange(id, seed))))
                .withAction(1, (Action.Independent<StoreUnderTest>) () -> Arbitraries.maps(ids, SeriesArbitraries.series(200))
                        .ofMaxSize(4)
                        .map(batch -> Transformer.mutate("storeAll(" + batch.size() + " series: " + quoted(batch.keySet()) + ")",
                                state -> state.storeAll(batch))))
                .withAction(2, (Action.Independent<StoreUnderTest>) () -> Combinators.combine(
                                ids.set().ofMaxSize(4), Arbitraries.longs())
                        .as((batch, seed) -> Transformer.mutate("appendAll(" + quoted(batch) + ", seed " + seed + ")",
                                state -> state.appendAll(List.copyOf(batch), seed))))
                .withAction(1, Action.just(Transformer.mutate("newId()", StoreUnderTest::newId)))
                .withAction(1, Action.just(Transformer.mutate("flush()", StoreUnderTest::flush)))
                .withAction(1, Action.just(Transformer.mutate("verify()", StoreUnderTest::verify)))
                .withAction(1, Action.just(Transformer.mutate("compact()", StoreUnderTest::compact)));
        if (capabilities().contains(Capability.PERSISTENT)) {
            chains = chains.withAction(2, Action.just(Transformer.mutate("reopen()", StoreUnderTest::reopen)));
        }
        return chains.withMaxTransformations(40);
    }
}
