package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.ForwardingWrapperTester;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Spliterators;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NanStatistics;
import org.tsstore.api.Point;
import org.tsstore.api.SizedContainerTimeSeries;

class ForwardingSizedContainerTimeSeriesTest {

    /** The smallest concrete subclass: forwards to a fixed delegate. */
    static final class Wrapper extends ForwardingSizedContainerTimeSeries<SizedContainerTimeSeries> {
        private final SizedContainerTimeSeries delegate;

        Wrapper(SizedContainerTimeSeries delegate) {
            this.delegate = delegate;
        }

        @Override
        protected SizedContainerTimeSeries delegate() {
            return delegate;
        }
    }

    @Test
    void guavaTesterFindsEveryAbstractMethodForwardedOnce() {
        new ForwardingWrapperTester().includingEquals().testForwarding(SizedContainerTimeSeries.class, Wrapper::new);
    }

    /** One recorded call on the delegate. */
    private record Call(String method, List<Object> args, Object result) {}

    /**
     * ForwardingWrapperTester skips default methods; this covers every public method of the interface
     * (defaults from TimeSeries and Iterable included) plus equals, hashCode and toString: each call on
     * the wrapper is exactly one call of the same method on the delegate, with the very same arguments,
     * and returns the delegate's very result.
     */
    @Test
    void everyMethodDefaultsIncludedForwardsOnceWithItsArgumentsAndResult() throws Exception {
        List<Method> methods = new ArrayList<>(Arrays.asList(SizedContainerTimeSeries.class.getMethods()));
        methods.add(Object.class.getMethod("toString"));
        int defaults = 0;
        for (Method m : methods) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            defaults += m.isDefault() ? 1 : 0;
            List<Call> calls = new ArrayList<>();
            SizedContainerTimeSeries delegate = (SizedContainerTimeSeries) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {SizedContainerTimeSeries.class},
                    (proxy, method, args) -> {
                        Object result = resultFor(method.getReturnType());
                        calls.add(new Call(signature(method), args == null ? List.of() : Arrays.asList(args), result));
                        return result;
                    });
            Object[] args = Arrays.stream(m.getParameterTypes()).map(ForwardingSizedContainerTimeSeriesTest::argFor)
                    .toArray();
            Object returned;
            try {
                returned = m.invoke(new Wrapper(delegate), args);
            } catch (InvocationTargetException e) {
                throw new AssertionError(signature(m) + " threw", e.getCause());
            }
            assertEquals(1, calls.size(), signature(m) + " should call the delegate once: " + calls);
            Call call = calls.get(0);
            assertEquals(signature(m), call.method(), "forwarded to the wrong method");
            for (int i = 0; i < args.length; i++) {
                if (m.getParameterTypes()[i].isPrimitive()) {
                    assertEquals(args[i], call.args().get(i), signature(m) + " argument " + i);
                } else {
                    assertSame(args[i], call.args().get(i), signature(m) + " argument " + i);
                }
            }
            if (m.getReturnType() != void.class) {
                if (m.getReturnType().isPrimitive()) {
                    assertEquals(call.result(), returned, signature(m) + " result");
                } else {
                    assertSame(call.result(), returned, signature(m) + " result");
                }
            }
        }
        // iterator, forEach, spliterator, timeStream, valueStream, points
        assertTrue(defaults >= 6, "default methods covered: " + defaults);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    private static Object argFor(Class<?> type) {
        if (type == int.class) {
            return 3;
        }
        if (type == double.class) {
            return 1.25;
        }
        if (type == double[].class) {
            return new double[] {1, 2};
        }
        if (type == SizedContainerTimeSeries.class) {
            return ArrayTimeSeries.of(new double[] {1}, new double[] {2});
        }
        if (type == Consumer.class) {
            return (Consumer<Point>) p -> {};
        }
        if (type == Object.class) {
            return new Object();
        }
        throw new AssertionError("no sample argument of " + type + ": extend the test for the new method");
    }

    private static Object resultFor(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type == int.class) {
            return 17;
        }
        if (type == double.class) {
            return 2.75;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == double[].class) {
            return new double[] {4};
        }
        if (type == String.class) {
            return "the delegate's string";
        }
        if (type == SizedContainerTimeSeries.class) {
            return new ThreeMethodSeries(new double[] {5}, new double[] {6});
        }
        if (type == NanStatistics.class) {
            return new NanSkipping(new ThreeMethodSeries(new double[] {5}, new double[] {6}));
        }
        if (type == PrimitiveIterator.OfDouble.class) {
            return DoubleStream.of(1).iterator();
        }
        if (type == Iterator.class) {
            return List.of(new Point(1, 2)).iterator();
        }
        if (type == Spliterator.class) {
            return Spliterators.emptySpliterator();
        }
        if (type == DoubleStream.class) {
            return DoubleStream.of(7);
        }
        if (type == Stream.class) {
            return Stream.of(new Point(3, 4));
        }
        return fail("no sample result of " + type + ": extend the test for the new method");
    }

    @Test
    void equalityAndHashAreTheContentOfTheDelegate() {
        ArrayTimeSeries a = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, Double.NaN});
        new EqualsTester()
                .addEqualityGroup(a, new Wrapper(a), new Wrapper(new ThreeMethodSeries(a.times(), a.values())),
                        new Wrapper(new Wrapper(a)))
                .addEqualityGroup(new Wrapper(ArrayTimeSeries.empty()), ArrayTimeSeries.empty())
                .addEqualityGroup(new Wrapper(ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4})))
                .testEquals();
        assertEquals(a.toString(), new Wrapper(a).toString());
    }

    @Test
    void aBackendsOwnImplementationIsTheOneThatRuns() {
        SizedContainerTimeSeries fast = new ThreeMethodSeries(new double[] {1, 2}, new double[] {3, 5}) {
            @Override
            public double mean() {
                return -1; // marks that this override ran rather than some other computation
            }
        };
        assertEquals(-1, new Wrapper(fast).mean());
        assertEquals(5, new Wrapper(fast).plus(1).mean(), "results are computed afresh, not from the override");
    }
}
