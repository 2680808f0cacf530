package org.tsstore.storage.redis;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.tsstore.api.spi.StorageOptions;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.RedisCredentials;

/**
 * Who the store logs in as: an ACL user and its password, or the {@code default} user's password, or
 * nobody (a server without {@code requirepass}). Read from the location's user information
 * ({@code redis://user:password@host}, {@code redis://:password@host} for the default user) or from the
 * options {@code user}, {@code passwordFile} and {@code passwordEnv}. A password given both in the
 * location and by an option is refused, as is a user given both ways: neither silently wins.
 *
 * @param user the ACL user, or null for the default user
 * @param password the password, or null to send no {@code AUTH}
 */
record RedisAuth(String user, Secret password) {

    /** No {@code AUTH}: the server's default user without a password. */
    static final RedisAuth NONE = new RedisAuth(null, null);

    static final String USER = "user";
    static final String PASSWORD_FILE = "passwordFile";
    static final String PASSWORD_ENV = "passwordEnv";

    /**
     * Reads the credentials of a location and its options.
     *
     * @param location the location as given, which may carry user information
     * @param shown the location as messages show it
     * @param env the environment, for {@code passwordEnv}
     * @throws IllegalArgumentException naming the options or the part of the location at fault
     */
    static RedisAuth parse(URI location, URI shown, StorageOptions o, Function<String, String> env) {
        String user = null;
        Secret password = null;
        String userInfo = RedisLocations.rawUserInfo(location);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!rawUser.isEmpty()) {
                user = new String(RedisLocations.decode(rawUser, "the user name", shown));
            }
            if (colon >= 0) {
                char[] chars = RedisLocations.decode(userInfo.substring(colon + 1), "the password", shown);
                if (chars.length == 0) {
                    throw new IllegalArgumentException("location " + shown + " has an empty password after ':';"
                            + " leave out the ':' to give none");
                }
                password = Secret.of(chars);
                Arrays.fill(chars, '\0');
            }
        }
        if (o.has(USER)) {
            if (user != null) {
                throw new IllegalArgumentException("the user is given both in location " + shown
                        + " and by option user; give it once");
            }
            user = o.getString(USER, "");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("option user is empty; leave it out for the default user");
            }
        }
        Optional<Secret> byOption = Secret.fromOptions(o, PASSWORD_FILE, PASSWORD_ENV, env);
        if (byOption.isPresent()) {
            if (password != null) {
                throw new IllegalArgumentException("the password is given both in location " + shown + " and by option "
                        + (o.has(PASSWORD_FILE) ? PASSWORD_FILE : PASSWORD_ENV) + "; give it once (the option keeps"
                        + " it out of the location, and so out of shell history and process listings)");
            }
            password = byOption.get();
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException("user " + user + " is given without a password: give one with option "
                    + PASSWORD_FILE + " or " + PASSWORD_ENV + " (or as user:password@ in the location)");
        }
        return password == null ? NONE : new RedisAuth(user, password);
    }

    /** The user as messages name it: the ACL user, or {@code default}. */
    String shownUser() {
        return user == null ? "default" : user;
    }

    /** Whether a password is sent. */
    boolean authenticates() {
        return password != null;
    }

    /** The credentials for Jedis, which reads them on each new connection; null for none. */
    RedisCredentials credentials() {
        return password == null ? null : new DefaultRedisCredentials(user, password.chars());
    }

    /** Names the user and whether a password is set; never the password. */
    @Override
    public String toString() {
        return password == null ? "no authentication" : "user " + shownUser() + " with a password";
    }
}
