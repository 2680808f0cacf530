package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.common.testing.ForwardingWrapperTester;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageManager;

class ForwardingStorageManagerTest {

    private static final class Wrapper extends ForwardingStorageManager {
        private final StorageManager delegate;

        Wrapper(StorageManager delegate) {
            this.delegate = delegate;
        }

        @Override
        protected StorageManager delegate() {
            return delegate;
        }
    }

    @Test
    void abstractMethodsForward() {
        new ForwardingWrapperTester().testForwarding(StorageManager.class, Wrapper::new);
    }

    /**
     * Every method of the interface, defaults included, is one call of the same method on the delegate with
     * the same arguments, returning the delegate's result (ForwardingWrapperTester skips defaults).
     */
    @Test
    void everyMethodDefaultsIncludedForwardsOnce() throws Exception {
        int defaults = 0;
        for (Method m : StorageManager.class.getMethods()) {
            List<String> calls = new ArrayList<>();
            Object marker = Dummies.of(m.getReturnType());
            StorageManager delegate = (StorageManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {StorageManager.class}, (proxy, method, args) -> {
                        calls.add(method.getName() + List.of(method.getParameterTypes()));
                        return marker;
                    });
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = Dummies.of(m.getParameterTypes()[i]);
            }
            Object result = m.invoke(new Wrapper(delegate), args);
            assertEquals(List.of(m.getName() + List.of(m.getParameterTypes())), calls, m.toString());
            if (m.getReturnType() != void.class && !m.getReturnType().isPrimitive()) {
                assertSame(marker, result, m.toString());
            }
            defaults += m.isDefault() ? 1 : 0;
        }
        assertEquals(true, defaults > 0, "the interface has default methods and they were checked");
    }
}
