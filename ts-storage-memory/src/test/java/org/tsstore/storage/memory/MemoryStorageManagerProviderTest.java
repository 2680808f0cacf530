package org.tsstore.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.core.ArrayTimeSeries;

/** The memory provider: scheme, options, ServiceLoader registration and the sharing of named stores. */
class MemoryStorageManagerProviderTest {

    private final MemoryStorageManagerProvider provider = new MemoryStorageManagerProvider();
    private final SizedContainerTimeSeries series = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});

    private StorageManager open(String uri) {
        return provider.open(URI.create(uri), Map.of());
    }

    @Test
    void describesItself() {
        assertEquals("memory", provider.scheme());
        assertFalse(provider.description().isBlank());
        assertEquals(Set.of(), provider.optionNames());
        assertEquals("memory", provider.defaultLocation().getScheme());
        try (StorageManager store = provider.open(provider.defaultLocation(), Map.of())) {
            assertInstanceOf(MemoryStorageManager.class, store);
        }
    }

    @Test
    void serviceLoaderFindsIt() {
        List<StorageManagerProvider> memory = ServiceLoader.load(StorageManagerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.scheme().equals("memory")).collect(Collectors.toList());
        assertEquals(1, memory.size(), "providers of the memory scheme");
        assertInstanceOf(MemoryStorageManagerProvider.class, memory.get(0));
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        IllegalArgumentException inUri = assertThrows(IllegalArgumentException.class, () -> open("memory:x?cache=1"));
        assertTrue(inUri.getMessage().contains("cache"), inUri::getMessage);
        IllegalArgumentException inMap = assertThrows(IllegalArgumentException.class,
                () -> provider.open(URI.create("memory:x"), Map.of("durability", "sync")));
        assertTrue(inMap.getMessage().contains("durability"), inMap::getMessage);
        assertEquals(0, NamedMemoryStores.openCount("x"), "a refused open must leave no store behind");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> open("file:/tmp/x"));
    }

    @Test
    void theSchemeMatchesInAnyCase() {
        try (StorageManager a = open("MEMORY:case"); StorageManager b = open("memory:case")) {
            a.store("s", series);
            assertTrue(b.contains("s"));
        }
    }

    @Test
    void opensOfOneNameShareTheStore() {
        try (StorageManager a = open("memory:shared"); StorageManager b = open("memory:shared")) {
            assertNotSame(a, b);
            a.store("s", series);
            assertEquals(series, b.get("s"));
            assertTrue(b.delete("s"));
            assertFalse(a.contains("s"));
            assertEquals(2, NamedMemoryStores.openCount("shared"));
        }
        assertEquals(0, NamedMemoryStores.openCount("shared"));
    }

    @Test
    void differentNamesAreDifferentStores() {
        try (StorageManager a = open("memory:one"); StorageManager b = open("memory:One");
                StorageManager c = open("memory:two")) {
            a.store("s", series);
            assertFalse(b.contains("s"), "names are case-sensitive");
            assertFalse(c.contains("s"));
        }
    }

    @Test
    void aNamedStoreLivesWhileAnyManagerOnItIsOpen() {
        StorageManager a = open("memory:lifetime");
        StorageManager b = open("memory:lifetime");
        a.store("s", series);
        a.close();
        assertThrows(IllegalStateException.class, () -> a.get("s"));
        assertEquals(series, b.get("s"), "closing one manager must not affect another on the same store");
        a.close(); // idempotent: must not release the store a second time
        assertEquals(1, NamedMemoryStores.openCount("lifetime"));
        b.store("t", series);
        b.close();
        try (StorageManager c = open("memory:lifetime")) {
            assertEquals(Set.of(), c.ids(), "a named store is dropped when its last manager closes");
        }
    }

    @Test
    void anEmptyNameOpensAPrivateStoreEachTime() {
        try (StorageManager a = open("memory:?"); StorageManager b = open("memory:?")) {
            a.store("s", series);
            assertFalse(b.contains("s"));
            assertEquals("", ((MemoryStorageManager) a).name());
        }
    }

    @Test
    void namesArePercentDecoded() {
        try (StorageManager a = open("memory:my%20store"); StorageManager b = open("memory:my%20store")) {
            assertEquals("my store", ((MemoryStorageManager) a).name());
            a.store("s", series);
            assertTrue(b.contains("s"));
        }
        try (StorageManager plus = open("memory:a+b")) {
            assertEquals("a+b", ((MemoryStorageManager) plus).name(), "a plus sign is not a space in a name");
        }
    }

    @Test
    void hierarchicalLocationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("memory://host/x"));
        assertTrue(e.getMessage().contains("memory:name"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> open("memory:/x"));
    }
}
