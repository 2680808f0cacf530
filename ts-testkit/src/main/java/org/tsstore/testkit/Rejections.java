package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Checks that a call is refused with one of the expected exceptions, and says which call it was. */
final class Rejections {

    private Rejections() {}

    /**
     * Runs the call and returns what it threw, failing if it returned normally, threw anything not of
     * the allowed types (an {@link Error} included) or threw without a message.
     */
    static Throwable expect(String call, Executable executable, Class<?>... allowed) {
        return expect(true, call, executable, allowed);
    }

    /** As {@link #expect}, but a message is not required: for exceptions whose type says it all. */
    static Throwable expectType(String call, Executable executable, Class<?>... allowed) {
        return expect(false, call, executable, allowed);
    }

    private static Throwable expect(boolean needsMessage, String call, Executable executable, Class<?>... allowed) {
        try {
            executable.execute();
        } catch (Throwable e) {
            for (Class<?> type : allowed) {
                if (type.isInstance(e)) {
                    if (needsMessage && (e.getMessage() == null || e.getMessage().isBlank())) {
                        fail(call + " threw " + e.getClass().getName() + " without a message", e);
                    }
                    return e;
                }
            }
            fail(call + " threw " + e + ", expected " + names(allowed), e);
        }
        return fail(call + " was accepted, but it must throw " + names(allowed));
    }

    private static String names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(" or "));
    }
}
