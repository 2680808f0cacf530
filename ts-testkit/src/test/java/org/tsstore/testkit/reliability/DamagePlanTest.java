package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.testkit.DamageSite;

/** The damage plan on directories and remote sites laid out by hand. */
class DamagePlanTest {

    private static final Map<String, Pattern> KINDS = kinds("data", ".*\\.seg", "hint", "keydir\\.hint");

    private static Map<String, Pattern> kinds(String... kindsAndRegexes) {
        Map<String, Pattern> kinds = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndRegexes.length; i += 2) {
            kinds.put(kindsAndRegexes[i], Pattern.compile(kindsAndRegexes[i + 1]));
        }
        return kinds;
    }

    /** A store of two data files (one in a subdirectory), a hint file and a lock file. */
    private static void layOut(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("a.seg"), bytes(100, 1));
        Files.write(dir.resolve("sub/b.seg"), bytes(300, 2));
        Files.write(dir.resolve("keydir.hint"), bytes(40, 3));
        Files.write(dir.resolve("lock"), new byte[0]);
    }

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (fill * 31 + i);
        }
        return b;
    }

    @Test
    void sitesAreEveryFileInPathOrderWithItsKind(@TempDir Path dir) throws IOException {
        layOut(dir);
        List<DamageSite> sites = new DamagePlan(KINDS, null, null).sites(dir, dir.toUri());
        List<String> seen = new ArrayList<>();
        for (DamageSite site : sites) {
            seen.add(((FileSite) site).relative() + "=" + site.kind() + "/" + site.name() + "/" + site.size());
        }
        assertEquals(List.of("a.seg=data/a.seg/100", "keydir.hint=hint/keydir.hint/40", "lock=null/lock/0",
                "sub/b.seg=data/b.seg/300"), seen);
    }

    @Test
    void kindsTakeTurnsAndTheDamageChangesOnlyTheTarget(@TempDir Path root) throws IOException {
        for (int index = 0; index < 6; index++) {
            Path dir = Files.createDirectory(root.resolve("case-" + index));
            layOut(dir);
            Map<String, byte[]> before = contents(dir);
            DamagePlan plan = new DamagePlan(KINDS, null, null);
            DamagePlan.Damage d = plan.damage(index, new SplittableRandom(index), dir, plan.sites(dir, dir.toUri()))
                    .orElseThrow();
            String kind = index % 2 == 0 ? "data" : "hint"; // the kinds in name order, from case 0 on
            assertTrue(d.key().startsWith(kind + "/"), d.key());
            String how = d.key().substring(kind.length() + 1);
            assertTrue(Arrays.stream(FileDamage.values()).anyMatch(f -> f.name().equals(how)), d.key());
            Map<String, byte[]> after = contents(dir);
            assertEquals(before.keySet(), after.keySet(), "no file is deleted without checkpoints");
            List<String> changed = new ArrayList<>();
            before.forEach((file, bytes) -> {
                if (!Arrays.equals(bytes, after.get(file))) {
                    changed.add(file);
                }
            });
            assertEquals(1, changed.size(), "changed files: " + changed);
            String target = changed.get(0);
            assertEquals(Path.of(target).getFileName().toString(), d.culprit());
            assertTrue(d.description().startsWith(kind + " " + target + ": "), d.description());
            assertTrue(KINDS.get(kind).matcher(target).matches(), target);
        }
    }

    @Test
    void halfOfTheOtherCasesDeleteTheCheckpointsFirst(@TempDir Path root) throws IOException {
        int deleted = 0;
        int data = 0;
        for (int seed = 0; seed < 40; seed++) {
            Path dir = Files.createDirectory(root.resolve("seed-" + seed));
            layOut(dir);
            DamagePlan plan = new DamagePlan(KINDS, Pattern.compile("keydir\\.hint"), null);
            DamagePlan.Damage d = plan.damage(seed, new SplittableRandom(seed), dir, plan.sites(dir, dir.toUri()))
                    .orElseThrow();
            boolean hintThere = Files.exists(dir.resolve("keydir.hint"));
            if (d.key().startsWith("hint/")) {
                assertTrue(hintThere, "the checkpoint itself is damaged, not deleted");
                assertFalse(d.description().contains("after deleting"), d.description());
                continue;
            }
            data++;
            assertEquals(!hintThere, d.description().endsWith(", after deleting keydir.hint"), d.description());
            deleted += hintThere ? 0 : 1;
        }
        assertEquals(20, data, "data files take every other turn");
        assertTrue(deleted > 3 && deleted < 17, "checkpoints deleted in " + deleted + " of " + data);
    }

    @Test
    void aStoreWithoutAnyNamedKindCannotBeDamaged(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("lock"), new byte[] {1});
        DamagePlan plan = new DamagePlan(KINDS, null, null);
        assertEquals(Optional.empty(), plan.damage(0, new SplittableRandom(1), dir, plan.sites(dir, dir.toUri())));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("lock")));
    }

    @Test
    void remoteSitesNameTheirKinds() throws IOException {
        List<KeySite> keys = List.of(new KeySite("ts:a", "value", "abcdefgh"), new KeySite("ts:index", "index", "xyz"));
        URI uri = URI.create("remote://host/7");
        List<URI> asked = new ArrayList<>();
        DamagePlan plan = new DamagePlan(Map.of(), null, u -> {
            asked.add(u);
            return List.copyOf(keys);
        });
        List<DamageSite> sites = plan.sites(null, uri);
        assertEquals(List.of(uri), asked);
        // kinds in name order: "index" is the turn of case 0, "value" of case 1
        DamagePlan.Damage d = plan.damage(1, new SplittableRandom(5), null, sites).orElseThrow();
        assertEquals("ts:a", d.culprit());
        assertTrue(d.key().startsWith("value/"), d.key());
        assertTrue(d.description().startsWith("value ts:a: "), d.description());
        assertFalse(Arrays.equals("abcdefgh".getBytes(StandardCharsets.UTF_8), keys.get(0).bytes));
        assertArrayEquals("xyz".getBytes(StandardCharsets.UTF_8), keys.get(1).bytes);
        assertEquals("index", plan.damage(0, new SplittableRandom(5), null, sites).orElseThrow().key().split("/")[0]);
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : List.of("a.seg", "sub/b.seg", "keydir.hint", "lock")) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                files.put(f, Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** A value under a key of a pretend remote store. */
    private static final class KeySite implements DamageSite {
        private final String key;
        private final String kind;
        byte[] bytes;

        KeySite(String key, String kind, String value) {
            this.key = key;
            this.kind = kind;
            this.bytes = value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String name() {
            return key;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public byte[] read() {
            return bytes.clone();
        }

        @Override
        public void write(byte[] bytes) {
            this.bytes = bytes.clone();
        }
    }
}
