package org.tsstore.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs contract properties of a test class through the JUnit Platform, the way surefire would, and
 * reports the outcome of each: how the testkit's own tests show that the contract fails broken code.
 */
final class ContractRunner {

    private static final Path DATABASE = StoreDirectories.newDirectory("jqwik-db").resolve("bites.jqwik-database");

    private ContractRunner() {}

    /** The result of each property run, by method name. */
    static Map<String, TestExecutionResult> run(Class<?> testClass, String... properties) {
        List<MethodSelector> selectors = Arrays.stream(properties).map(name -> selectMethod(testClass, method(testClass, name)))
                .collect(Collectors.toList());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                // A failure is enough: shrinking it would only cost time. Keep these runs out of the
                // project's own jqwik database.
                .configurationParameter("jqwik.shrinking.default", "OFF")
                .configurationParameter("jqwik.database", DATABASE.toString())
                .configurationParameter("jqwik.failures.runfirst", "false")
                .build();
        Map<String, TestExecutionResult> results = new LinkedHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                id.getSource().ifPresent(source -> {
                    if (source instanceof org.junit.platform.engine.support.descriptor.MethodSource) {
                        results.put(((org.junit.platform.engine.support.descriptor.MethodSource) source).getMethodName(),
                                result);
                    }
                });
            }
        });
        return results;
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + name + " in " + type));
    }
}
