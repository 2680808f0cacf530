package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

class StorageManagersTest {

    static void assumeNoDefaultIsConfigured() {
        String property = System.getProperty(ProviderCatalog.PROPERTY);
        String environment = System.getenv(ProviderCatalog.ENVIRONMENT);
        assumeTrue((property == null || property.isBlank()) && (environment == null || environment.isBlank()),
                "a default store is configured in this environment");
    }

    /** A catalog of the given providers; a ServiceConfigurationError among them is thrown in its turn. */
    static ProviderCatalog catalog(Object... items) {
        return ProviderCatalog.of(new Iterator<StorageManagerProvider>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            public StorageManagerProvider next() {
                if (next >= items.length) {
                    throw new NoSuchElementException();
                }
                Object item = items[next++];
                if (item instanceof ServiceConfigurationError) {
                    throw (ServiceConfigurationError) item;
                }
                return (StorageManagerProvider) item;
            }
        });
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention " + part + ": " + e.getMessage());
        }
    }

    // ---- choosing by scheme ----------------------------------------------------------------------

    @Example
    void opensWithTheProviderOfTheScheme() {
        FakeProvider memory = new FakeProvider("memory");
        FakeProvider file = new FakeProvider("file");
        StorageManager m = catalog(memory, file).open(URI.create("memory:x"), Map.of());
        assertEquals(1, memory.opened.size());
        assertSame(memory.opened.get(0).manager(), m);
        assertEquals(URI.create("memory:x"), memory.opened.get(0).location());
        assertEquals(Map.of(), memory.opened.get(0).options());
        assertEquals(0, file.opened.size());
    }

    @Property(tries = 50)
    void schemesMatchWhateverTheCase(@ForAll("casings") String uriScheme, @ForAll("casings") String declared) {
        FakeProvider p = new FakeProvider(declared);
        catalog(new FakeProvider("file"), p).open(URI.create(uriScheme + ":/some/where"), Map.of());
        assertEquals(1, p.opened.size());
        assertEquals("memory", catalog(p).backends().get(0).scheme(), "schemes are listed in lower case");
    }

    @Provide
    Arbitrary<String> casings() {
        return Arbitraries.integers().between(0, 63).map(bits -> {
            StringBuilder sb = new StringBuilder();
            String s = "memory";
            for (int i = 0; i < s.length(); i++) {
                sb.append((bits >> i & 1) == 1 ? Character.toUpperCase(s.charAt(i)) : s.charAt(i));
            }
            return sb.toString();
        });
    }

    @Example
    void optionsArePassedThroughAsAnImmutableCopy() {
        FakeProvider memory = new FakeProvider("memory");
        Map<String, String> options = new HashMap<>(Map.of("mode", "fast"));
        URI location = URI.create("memory:x?size=1");
        catalog(memory).open(location, options);
        options.put("mode", "slow");
        FakeProvider.Opened opened = memory.opened.get(0);
        assertEquals(location, opened.location());
        assertEquals(Map.of("mode", "fast"), opened.options());
        assertThrows(UnsupportedOperationException.class, () -> opened.options().put("a", "b"));
    }

    @Example
    void anUnknownSchemeNamesItselfAndTheInstalledOnes() {
        ProviderCatalog c = catalog(new FakeProvider("memory"), new FakeProvider("file"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.open(URI.create("nosuch:/x"), Map.of()));
        assertMentions(e, "nosuch", "memory (fake memory store; org.tsstore.core.FakeProvider)",
                "file (fake file store; org.tsstore.core.FakeProvider)");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> catalog().open(URI.create("memory:x"), Map.of()));
        assertMentions(none, "memory", "installed: none");
        IllegalArgumentException noScheme = assertThrows(IllegalArgumentException.class,
                () -> c.open(URI.create("relative/dir"), Map.of()));
        assertMentions(noScheme, "relative/dir", "no scheme", "memory");
    }

    @Example
    void twoProvidersOfOneSchemeAreAnErrorNamingBoth() {
        FakeProvider file = new FakeProvider("file");
        ProviderCatalog c = catalog(new FakeProvider("memory"), new FakeProvider.Other("MEMORY"), file);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> c.open(URI.create("Memory:x"), Map.of()));
        assertMentions(e, "memory", FakeProvider.class.getName(), FakeProvider.Other.class.getName());
        c.open(URI.create("file:/x"), Map.of());
        assertEquals(1, file.opened.size(), "the other schemes still work");
        assertEquals(3, c.backends().size());
        IllegalStateException noDefault = assertThrows(IllegalStateException.class, () -> c.openDefault(null, null));
        assertMentions(noDefault, FakeProvider.class.getName(), FakeProvider.Other.class.getName());
    }

    @Example
    void aProviderThatFailsToLoadIsReportedAndHidesNothing() {
        FakeProvider memory = new FakeProvider("memory");
        ProviderCatalog c = catalog(new ServiceConfigurationError("Provider com.example.Broken not found"), memory,
                new ServiceConfigurationError("Provider com.example.Worse could not be instantiated"));
        assertEquals(List.of("memory"), c.backends().stream().map(StorageBackend::scheme).toList());
        assertEquals(2, c.failures().size());
        c.open(URI.create("memory:x"), Map.of());
        assertEquals(1, memory.opened.size());
        assertMentions(assertThrows(IllegalArgumentException.class, () -> c.open(URI.create("mmap:/x"), Map.of())),
                "mmap", "memory", "com.example.Broken", "com.example.Worse");
        // The broken one may be the backend the user meant: no silent default.
        assertMentions(assertThrows(IllegalStateException.class, () -> c.openDefault(null, null)),
                "memory", "com.example.Broken", ProviderCatalog.PROPERTY, ProviderCatalog.ENVIRONMENT);
        assertEquals(1, memory.opened.size(), "openDefault opened nothing");
    }

    @Example
    void aProviderThatCannotDescribeItselfIsAFailure() {
        FakeProvider noScheme = new FakeProvider(null);
        FakeProvider throwing = new FakeProvider("x") {
            @Override
            public String description() {
                throw new IllegalStateException("description exploded");
            }
        };
        ProviderCatalog c = catalog(noScheme, throwing, new FakeProvider("file"));
        assertEquals(List.of("file"), c.backends().stream().map(StorageBackend::scheme).toList());
        assertEquals(2, c.failures().size());
        assertMentions(new IllegalStateException(String.join("; ", c.failures())), "no scheme", "description exploded");
    }

    @Example
    void anIteratorThatFailsForeverIsAbandoned() {
        ProviderCatalog c = ProviderCatalog.of(new Iterator<StorageManagerProvider>() {
            @Override
            public boolean hasNext() {
                throw new ServiceConfigurationError("always");
            }

            @Override
            public StorageManagerProvider next() {
                throw new ServiceConfigurationError("always");
            }
        });
        assertTrue(c.backends().isEmpty());
        assertTrue(c.failures().get(c.failures().size() - 1).contains("gave up"), c.failures().toString());
    }

    @Example
    void backendsAreSortedAndImmutable() {
        ProviderCatalog c = catalog(new FakeProvider("mmap"), new FakeProvider("file"), new FakeProvider("memory"));
        assertEquals(List.of("file", "memory", "mmap"), c.backends().stream().map(StorageBackend::scheme).toList());
        assertEquals(Set.of("mode", "size"), c.backends().get(0).optionNames());
        assertThrows(UnsupportedOperationException.class, () -> c.backends().clear());
    }

    // ---- the default store -----------------------------------------------------------------------

    @Example
    void theDefaultComesFromThePropertyThenTheEnvironmentThenTheOnlyProvider() {
        FakeProvider memory = new FakeProvider("memory");
        FakeProvider file = new FakeProvider("file");
        ProviderCatalog c = catalog(memory, file);
        c.openDefault("file:/from/property", "memory:from-env");
        assertEquals(URI.create("file:/from/property"), file.opened.get(0).location());
        c.openDefault("  ", "MEMORY:from-env");
        assertEquals(URI.create("MEMORY:from-env"), memory.opened.get(0).location());
        c.openDefault(null, " memory:trimmed ");
        assertEquals(URI.create("memory:trimmed"), memory.opened.get(1).location());

        FakeProvider only = new FakeProvider("mmap");
        catalog(only).openDefault(null, "");
        assertEquals(URI.create("mmap:default-place"), only.opened.get(0).location());
    }

    @Example
    void anAmbiguousOrMissingDefaultIsAnErrorThatSaysHowToChoose() {
        IllegalStateException several = assertThrows(IllegalStateException.class,
                () -> catalog(new FakeProvider("memory"), new FakeProvider("file")).openDefault(null, null));
        assertMentions(several, "memory (fake memory store", "file (fake file store", "-Dtsstore.uri=",
                "TSSTORE_URI");
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> catalog().openDefault(null, ""));
        assertMentions(none, "no storage backend", "ts-storage-memory", "tsstore.uri", "TSSTORE_URI");
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> catalog(new FakeProvider("memory")).openDefault("mmap:/data", null));
        assertMentions(unknown, "system property tsstore.uri", "mmap:/data", "memory");
        IllegalStateException malformed = assertThrows(IllegalStateException.class,
                () -> catalog(new FakeProvider("memory")).openDefault(null, "memory:a b"));
        assertMentions(malformed, "environment variable TSSTORE_URI", "memory:a b");
    }

    // ---- the real classpath ----------------------------------------------------------------------

    @Example
    void serviceLoaderFindsTheRegisteredTestProvider() {
        StorageBackend expected = new StorageBackend("coretest", "ts-core's test store", Set.of("flavour"),
                CoreTestProvider.class.getName());
        assertEquals(List.of(expected), StorageManagers.providers());
        assertInstanceOf(MapStorageManager.class, StorageManagers.open("CoreTest:x?flavour=sweet"));
        assertInstanceOf(MapStorageManager.class,
                StorageManagers.open(URI.create("coretest:x"), Map.of("flavour", "sour")));
        IllegalArgumentException unknownOption = assertThrows(IllegalArgumentException.class,
                () -> StorageManagers.open(URI.create("coretest:x?colour=red")));
        assertMentions(unknownOption, "colour", "flavour");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StorageManagers.open("memory:x")),
                "memory", "coretest (ts-core's test store");
    }

    @Example
    void serviceLoaderReportsBrokenEntriesAndKeepsTheRest() throws IOException {
        Path dir = Files.createTempDirectory("tsstore-services");
        try {
            brokenEntries(dir);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void brokenEntries(Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(StorageManagerProvider.class.getName()),
                "org.tsstore.core.NoSuchProviderClass\n" + FakeProvider.class.getName() + "\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            ProviderCatalog c = ProviderCatalog.load(loader);
            assertEquals(List.of("coretest"), c.backends().stream().map(StorageBackend::scheme).toList());
            assertEquals(2, c.failures().size(), c.failures().toString());
            assertMentions(new IllegalStateException(String.join("; ", c.failures())),
                    "org.tsstore.core.NoSuchProviderClass", FakeProvider.class.getName());
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(loader);
            try {
                assertEquals(1, StorageManagers.providers().size(), "the public path sees the same");
                assertMentions(assertThrows(IllegalArgumentException.class, () -> StorageManagers.open("nope:x")),
                        "coretest", "NoSuchProviderClass");
            } finally {
                current.setContextClassLoader(previous);
            }
        }
    }

    @Example
    void openDefaultUsesTheOnlyProviderAndDefaultManagerIsShared() {
        assumeNoDefaultIsConfigured();
        StorageManager a = StorageManagers.openDefault();
        StorageManager b = StorageManagers.openDefault();
        assertInstanceOf(MapStorageManager.class, a);
        assertNotSame(a, b, "openDefault opens a new manager each time");
        assertSame(StorageManagers.defaultManager(), StorageManagers.defaultManager());
    }

    @Example
    void openDefaultReadsTheSystemProperty() {
        assumeNoDefaultIsConfigured();
        System.setProperty(ProviderCatalog.PROPERTY, "nosuch:/x");
        try {
            assertMentions(assertThrows(IllegalStateException.class, StorageManagers::openDefault),
                    "tsstore.uri", "nosuch", "coretest");
        } finally {
            System.clearProperty(ProviderCatalog.PROPERTY);
        }
    }
}
