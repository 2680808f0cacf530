package org.tsstore.storage.redis;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The failures a secured deployment adds, in plain words: credentials refused, ACL rights missing, and
 * each way a TLS connection fails (certificate not trusted, host name mismatch, a server not speaking TLS,
 * a client certificate required or refused). The words name the user, the option to change and the
 * trust store, never a password; Redis' own replies ({@code WRONGPASS}, {@code NOPERM ...}) hold none
 * either.
 */
final class RedisFailures {

    private static final String PLAIN_PORT = "the server did not answer in TLS: it looks like a plain (non-TLS)"
            + " port; connect to the server's tls-port, or, if it speaks no TLS, drop tls=true or the scheme rediss:";

    private RedisFailures() {}

    /**
     * The sentence for a failure of credentials, rights or TLS.
     *
     * @param failure what Jedis threw
     * @param settings the store's settings: the user, whether TLS is on, what is trusted
     * @param opening whether the failure came from the first contact, where a server that closes the
     *     connection unanswered is most likely a TLS port spoken to in plain text
     * @return the sentence, or null if the failure is none of these
     */
    static String explain(Throwable failure, RedisSettings settings, boolean opening) {
        List<Throwable> chain = chain(failure);
        String user = settings.auth().shownUser();
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("WRONGPASS")) {
                return "the Redis server refused user " + user + ": wrong password or no such user";
            }
            if (m.startsWith("NOAUTH")) {
                return "the Redis server requires a password and " + (settings.auth().authenticates()
                        ? "refused the one given for user " + user : "none was given") + ": give the user and"
                        + " password with the options user and passwordFile or passwordEnv, or in the location"
                        + " (user:password@host)";
            }
            if (m.contains("without any password configured for the default user")) {
                return "the Redis server has no password for the default user, yet one was given: give none, or"
                        + " name the ACL user it belongs to (option user, or user:password@ in the location)";
            }
            if (m.startsWith("NOPERM")) {
                return "the Redis server refused user " + user + " a command or key this backend needs (" + m
                        + "): grant it the ACL rules of the ts-storage-redis README for the key prefix "
                        + settings.prefix();
            }
        }
        if (settings.tls().enabled()) {
            String tls = explainTls(chain, settings, opening);
            if (tls != null) {
                return tls;
            }
        } else if (opening && endedUnanswered(chain)) {
            return "the Redis server closed the connection without answering: if it speaks only TLS (a tls-port),"
                    + " set tls=true or use the scheme rediss:";
        }
        return null;
    }

    private static String explainTls(List<Throwable> chain, RedisSettings settings, boolean opening) {
        RedisTls tls = settings.tls();
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return "the server's TLS certificate is not valid now (" + t.getMessage() + ")";
            }
        }
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("No subject alternative") || m.startsWith("No name matching")) {
                return "the server's TLS certificate does not name the host connected to (" + m + "): connect by a"
                        + " name the certificate holds, or give the server a certificate for this name;"
                        + " verifyHostname=false turns the check off, which lets anyone on the network path pose as"
                        + " the server";
            }
        }
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
                return "the server's TLS certificate is not trusted: nothing in " + tls.trusted() + " vouches for"
                        + " it; name the certificate of the CA that signed it with option trustStore";
            }
        }
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
                return PLAIN_PORT;
            }
            if (m.contains("certificate_required")) {
                return "the server requires a client certificate (mutual TLS) and none was sent: give one with"
                        + " option keyStore";
            }
            if (m.contains("bad_certificate") || m.contains("unknown_ca") || m.contains("certificate_unknown")
                    || m.contains("unsupported_certificate")) {
                return tls.keyStore() != null
                        ? "the server refused the client certificate from " + tls.keyStore() + " (" + m + "): is it"
                                + " signed by a CA the server's tls-ca-cert-file holds?"
                        : "the server refused the TLS handshake (" + m + "); if it requires a client certificate,"
                                + " give one with option keyStore";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLHandshakeException && chain.stream().anyMatch(c -> c instanceof EOFException)
                    || String.valueOf(t.getMessage()).contains("Remote host terminated the handshake")) {
                return "the server closed the connection during the TLS handshake: a plain port, or TLS settings"
                        + " it refuses (a client certificate it requires, protocol versions)";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException && inTlsHandshake(t)) {
                // a plain server reads a TLS hello as a command that never ends, and so never answers
                return PLAIN_PORT;
            }
        }
        if (opening && endedUnanswered(chain)) {
            return tls.keyStore() == null
                    ? "the server closed the TLS connection after the handshake, as one that requires a client"
                            + " certificate (mutual TLS) does when none was sent: give one with option keyStore"
                    : "the server closed the TLS connection after the handshake, as one that refuses the client"
                            + " certificate does: is the certificate in " + tls.keyStore() + " signed by a CA the"
                            + " server's tls-ca-cert-file holds?";
        }
        return null;
    }

    private static boolean inTlsHandshake(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.security.ssl.")
                    && frame.getMethodName().toLowerCase(Locale.ROOT).contains("handshake")) {
                return true;
            }
        }
        return false;
    }

    /** A connection the server closed before its first answer: Jedis' "Unexpected end of stream". */
    private static boolean endedUnanswered(List<Throwable> chain) {
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof JedisConnectionException && m.contains("Unexpected end of stream")
                    || m.contains("Connection reset") || m.contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    /** The failure, its causes and what each suppressed, each once. */
    static List<Throwable> chain(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty() && all.size() < 64) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
        return all;
    }
}
