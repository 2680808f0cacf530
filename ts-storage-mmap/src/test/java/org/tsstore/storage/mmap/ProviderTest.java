package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/** The {@code mmap} scheme is found through ServiceLoader; options are read and checked. */
class ProviderTest {

    private static StorageManagerProvider provider() {
        for (StorageManagerProvider p : ServiceLoader.load(StorageManagerProvider.class)) {
            if (p.scheme().equals("mmap")) {
                return p;
            }
        }
        throw new AssertionError("no provider with scheme mmap is registered");
    }

    @Test
    void providerOpensAStoreFromAUriWithOptions() {
        Path dir = StoreDirectories.newDirectory("mmap-provider");
        URI uri = URI.create("mmap:" + dir.toUri().getRawPath() + "?durability=sync&segmentBytes=64k");
        try (StorageManager store = provider().open(uri, Map.of("verifyReads", "false", "compactAt", "0.25"))) {
            assertTrue(store instanceof MmapStorageManager);
            store.store("x", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}));
        }
        try (StorageManager store = provider().open(URI.create("mmap:" + dir.toUri().getRawPath()), Map.of())) {
            assertEquals(ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}), store.get("x"));
        }
        assertEquals(MmapConfig.NAMES, provider().optionNames());
        assertEquals("mmap", provider().defaultLocation().getScheme());
    }

    @Test
    void optionsAreParsedAndBadOnesRefusedByName() {
        MmapConfig c = MmapConfig.parse(Map.of("durability", "SYNC", "verifyReads", "false", "compactAt", "0.75",
                "segmentBytes", "16MiB"));
        assertEquals(Durability.SYNC, c.durability);
        assertEquals(false, c.verifyReads);
        assertEquals(0.75, c.compactAt);
        assertEquals(16L << 20, c.segmentBytes);
        MmapConfig d = MmapConfig.parse(Map.of());
        assertEquals(Durability.OS, d.durability);
        assertTrue(d.verifyReads);
        assertEquals(0.5, d.compactAt);
        assertEquals(1L << 30, d.segmentBytes);
        Path dir = StoreDirectories.newDirectory("mmap-options");
        for (Map<String, String> bad : java.util.List.of(Map.of("cacheBytes", "1m"), Map.of("durability", "fast"),
                Map.of("compactAt", "1.5"), Map.of("segmentBytes", "12"), Map.of("verifyReads", "maybe"))) {
            String name = bad.keySet().iterator().next();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MmapStorageManager.open(dir, bad));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> provider().open(URI.create("mmap:" + dir.toUri().getRawPath() + "?bogus=1"), Map.of()));
    }

    @Test
    void aDirectoryOpensByPathAndOtherSchemesAreRefused() {
        MmapStorageManagerProvider provider = new MmapStorageManagerProvider();
        Path dir = StoreDirectories.newDirectory("mmap-provider-path");
        try (StorageManager store = provider.open(dir, Map.of("durability", "sync"))) {
            assertTrue(store instanceof MmapStorageManager);
            assertEquals(dir, ((MmapStorageManager) store).directory());
        }
        assertEquals(URI.create("mmap:" + dir.toAbsolutePath().toUri().getRawPath()), provider.location(dir));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.open(URI.create("file:" + dir.toUri().getRawPath()), Map.of()));
        assertTrue(e.getMessage().contains("mmap"), e.getMessage());
    }
}
