package org.tsstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: the tsstore version, the Java runtime and the installed backends. */
final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>();
        lines.add("tsstore " + version());
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        List<String> backends = StoreLocations.describeProviders();
        lines.add(backends.isEmpty() ? "backends: none found on the classpath" : "backends:");
        for (String backend : backends) {
            lines.add("  " + backend);
        }
        return lines.toArray(new String[0]);
    }

    /** The version of this build, from the filtered version.properties. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
        return p.getProperty("version", "unknown");
    }
}
