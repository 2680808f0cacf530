package org.tsstore.api.spi;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store location as every message, log line and {@code toString()} shows it: the password of
 * {@code scheme://user:password@host} replaced by {@code ***} (and all user information of an opaque
 * {@code scheme:user:password@host}), and the value of any query option whose name speaks of a password,
 * secret, token or auth replaced too ({@code ?password=***}; {@code passwordFile} and {@code passwordEnv}
 * name where a secret is, not the secret, and stay). Everything else as given.
 *
 * <p>The one place that knows what of a location is secret: providers, the provider catalog and the
 * command line all show locations through it.
 */
public final class StorageLocations {

    /** What replaces a secret in a shown location. */
    public static final String HIDDEN = "***";

    /** {@code scheme://user:password@}, up to the host. */
    private static final Pattern HIERARCHICAL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");

    /** {@code scheme:user:password@}, an opaque location's user information up to the last {@code @} before a path. */
    private static final Pattern OPAQUE = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*:)(?!/)([^/?#]*)@");

    /** A query option whose value is a secret itself, not the name of a file or variable holding one. */
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "([?&](?![^=&#]*(?i:file|env)=)[^=&#]*(?i:pass|pwd|secret|token|auth)[^=&#]*=)[^&#]*");

    private StorageLocations() {}

    /**
     * A location without its secrets.
     *
     * @param location any URI
     * @return the URI as messages show it
     */
    public static URI shown(URI location) {
        Objects.requireNonNull(location, "location");
        try {
            return URI.create(shown(location.toString()));
        } catch (IllegalArgumentException e) {
            // cannot happen for parts of a valid URI; never show the original if it does
            return URI.create("redacted:" + HIDDEN);
        }
    }

    /**
     * A location as typed, which need not parse as a URI, without its secrets.
     *
     * @param location the text of a location
     * @return the text as messages show it
     */
    public static String shown(String location) {
        Objects.requireNonNull(location, "location");
        String shown = location;
        Matcher h = HIERARCHICAL.matcher(shown);
        if (h.find()) {
            String userInfo = h.group(2);
            int colon = userInfo.indexOf(':');
            shown = h.group(1) + (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + HIDDEN) + "@"
                    + shown.substring(h.end());
        } else {
            Matcher o = OPAQUE.matcher(shown);
            if (o.find()) {
                shown = o.group(1) + HIDDEN + "@" + shown.substring(o.end());
            }
        }
        return SECRET_OPTION.matcher(shown).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN));
    }

    /**
     * Whether an option's value is likely a secret itself (its name speaks of a password, secret, token or
     * auth and does not end in {@code file} or {@code env}), so that it is never shown.
     *
     * @param name an option name
     * @return {@code true} for {@code password}, {@code authToken}; {@code false} for {@code passwordFile}
     */
    public static boolean looksSecret(String name) {
        return SECRET_OPTION.matcher("?" + name + "=x").matches();
    }
}
